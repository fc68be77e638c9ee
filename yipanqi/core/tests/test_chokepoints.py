"""Views and API views read through selectors (HOUSE_STYLE conventions 3, 7 and 10).

A chokepoint rule in the spirit of zulip's semgrep rules: no module under `yipanqi/*/views*`,
`yipanqi/*/api/` or `yipanqi/*/views_*.py` touches a model manager (`X.objects.…`, or the
`_default_manager` / `_base_manager` behind it) or calls `.for_user(…)` itself. User-dependent
reads start from the owning app's selectors (or its permissions' scope functions), so each scope
is written once and the scope matrices test it there.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the yipanqi package
PATTERNS = ("*/views.py", "*/views_*.py", "*/views/**/*.py", "*/api/**/*.py")
MANAGERS = {"objects", "_default_manager", "_base_manager"}

# Manager methods that read no row at all, with the reason they may stay in an interface module.
ALLOWED_METHODS = {
    "none": "an empty queryset reads nothing: schema generation (swagger_fake_view) and a form "
    "field's queryset before the view binds the scoped one only need the model",
}


def interface_modules() -> list[Path]:
    found = {p for pattern in PATTERNS for p in ROOT.glob(pattern)}
    return sorted(p for p in found if "tests" not in p.relative_to(ROOT).parts)


def violations(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every manager access and `.for_user(` call in `source`."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "for_user":
                found.append((node.lineno, ast.unparse(node.func)))
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            method = parents.get(node)
            if isinstance(method, ast.Attribute) and method.attr in ALLOWED_METHODS:
                continue
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_rule_sees_what_it_forbids():
    source = (
        "a = Area.objects.filter(pk=1)\n"
        "b = area.party_organisations.for_user(user)\n"
        "c = type(user).objects.get(pk=1)\n"
        "d = Unit._default_manager.all()\n"
        "e = Target.objects.none()\n"
        "f = selectors.area_get(user=user, area_id=1)\n"
    )
    assert [line for line, _ in violations(source)] == [1, 2, 3, 4]


def test_interface_modules_are_found():
    names = {str(p.relative_to(ROOT)) for p in interface_modules()}
    for expected in (
        "organisations/views.py",
        "organisations/api/views.py",
        "people/views_io.py",
        "people/views/residents.py",
        "orders/api/views.py",
    ):
        assert expected in names


@pytest.mark.parametrize("path", interface_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_apis_read_through_selectors(path: Path):
    found = violations(path.read_text(encoding="utf-8"))
    assert not found, (
        f"{path.relative_to(ROOT)} reads models directly; move these into the app's selectors: "
        + "; ".join(f"line {line}: {expr}" for line, expr in found)
    )
