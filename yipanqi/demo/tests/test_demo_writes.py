"""Each app's demo content writes only its own tables (docs/decisions/010): another app's rows come
from that app's bulk actions. Checked by parsing every `yipanqi/<app>/demo*.py` (ast), without
importing: a demo module may name another app's models to read them (querysets), but every write
it makes itself — the kit's row writer (`RowWriter.of`, `Table`, `.add`, `insert`, `insert_rows`,
`TreeBuilder`), `bulk_create`, `.objects.create`, `.update(` and the like — must target a model
of its own app.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # yipanqi/
# Calls whose first argument is the model written (the kit's write path).
KIT_WRITERS = {"Table", "TreeBuilder", "insert", "insert_rows", "of", "add"}
# Methods that write the rows of the model they are called on (its manager or a queryset of it).
QUERY_WRITERS = {
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
}


def model_names(app: Path) -> set[str]:
    """Class names defined in the app's `models.py` (or `models/` package), managers aside."""
    paths = [app / "models.py", *sorted((app / "models").glob("*.py"))]
    names: set[str] = set()
    for path in (p for p in paths if p.exists()):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.endswith(("QuerySet", "Manager")):
                names.add(node.name)
    return names


def models_by_app() -> dict[str, set[str]]:
    return {
        app.name: model_names(app)
        for app in sorted(PACKAGE.iterdir())
        if (app / "apps.py").exists() and app.name != "demo"
    }


def demo_modules() -> list[Path]:
    return sorted(PACKAGE.glob("*/demo*.py"))


def _names_in(node: ast.AST, assigned: dict[str, ast.AST]) -> set[str]:
    """Every name in `node`, and in the module-level values of the names it uses (so that
    `Table(MODELS[name])` sees the models listed in `MODELS`)."""
    found: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
            if sub.id in assigned:
                found |= {n.id for n in ast.walk(assigned[sub.id]) if isinstance(n, ast.Name)}
    return found


def _receiver_root(node: ast.AST) -> ast.AST:
    """`Person.objects.filter(...).update` → `Person`: the start of an attribute/call chain."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def written_names(source: str) -> set[str]:
    """The names that the write calls of a module's source aim at."""
    tree = ast.parse(source)
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    written: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in KIT_WRITERS and node.args:
            args = node.args if name == "of" else node.args[:1]
            for arg in args:
                written |= _names_in(arg, assigned)
        if isinstance(func, ast.Attribute) and name in QUERY_WRITERS:
            root = _receiver_root(func.value)
            if isinstance(root, ast.Name):
                written.add(root.id)
    return written


def foreign_writes(app: str, source: str, models: dict[str, set[str]]) -> list[str]:
    """The other apps' models that `app`'s demo source writes, as "app.Model"."""
    own = models.get(app, set())
    return sorted(
        f"{other}.{name}"
        for name in written_names(source) - own
        for other, names in models.items()
        if other != app and name in names
    )


def test_the_walk_finds_the_apps_demo_modules_and_models():
    found = {str(p.relative_to(PACKAGE)) for p in demo_modules()}
    assert {"orders/demo.py", "people/demo_activities.py", "organisations/demo.py"} <= found
    models = models_by_app()
    assert {"ServiceOrder", "LedgerEntry"} <= models["orders"]
    assert {"Participation", "Person"} <= models["people"]
    assert "Area" in models["organisations"] and "User" in models["accounts"]


def test_no_app_demo_writes_another_apps_models():
    models = models_by_app()
    foreign = {
        str(path.relative_to(PACKAGE)): found
        for path in demo_modules()
        if (found := foreign_writes(path.parent.name, path.read_text(encoding="utf-8"), models))
    }
    assert foreign == {}


def test_the_check_sees_writes_to_another_apps_models():
    source = """
from yipanqi.people.models import Participation, Person
rows = RowWriter.of(ServiceOrder, Participation, actor=DEMO)
TABLES = {"p": Person}
Table(TABLES["p"])
Person.objects.filter(pk=1).update(user_id=2)
insert(Area, [], "organisations.area.created", actor=DEMO)
"""
    assert foreign_writes("orders", source, models_by_app()) == [
        "organisations.Area",
        "people.Participation",
        "people.Person",
    ]


def test_reading_another_apps_models_is_allowed():
    source = """
rows = RowWriter.of(ServiceOrder, LedgerEntry, actor=DEMO)
rows.add(ServiceOrder, title="x")
registrations = CommunityRegistration.objects.filter(status="confirmed").values_list("id")
count = Participation.objects.count()
"""
    assert foreign_writes("orders", source, models_by_app()) == []
