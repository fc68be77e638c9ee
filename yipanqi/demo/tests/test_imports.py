"""The demo's dependency direction (docs/decisions/010): `yipanqi.demo` orchestrates and imports
the apps; no app imports it. The kit in `yipanqi.core.demo_kit` imports no app either, so any
app's demo content may use it. Checked by parsing every module's imports (ast), without importing.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # yipanqi/
ORCHESTRATOR = "yipanqi.demo"
KIT = PACKAGE / "core" / "demo_kit"


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (`from x import y` gives x and x.y)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def app_modules() -> list[Path]:
    """Every module of the apps, outside the orchestrator and the tests."""
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "demo"
        and "tests" not in path.relative_to(PACKAGE).parts
    )


def reaches(names: set[str], package: str) -> list[str]:
    return sorted(n for n in names if n == package or n.startswith(package + "."))


def test_the_walk_finds_the_apps_demo_modules():
    found = {str(p.relative_to(PACKAGE)) for p in app_modules()}
    assert {"people/demo.py", "orders/demo.py", "organisations/demo.py"} <= found
    assert "core/demo_kit/rows.py" in found


def test_no_app_imports_the_demo_orchestrator():
    upward = {
        str(path.relative_to(PACKAGE)): found
        for path in app_modules()
        if (found := reaches(imported_modules(path), ORCHESTRATOR))
    }
    assert upward == {}


def test_the_kit_imports_no_app():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()} - {"core"}
    for path in sorted(KIT.glob("*.py")):
        names = imported_modules(path)
        assert [n for app in sorted(apps) for n in reaches(names, f"yipanqi.{app}")] == [], path


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "demo.py"
    module.write_text("from yipanqi.demo.build import build_demo\nimport yipanqi.demo\n")
    assert reaches(imported_modules(module), ORCHESTRATOR) == [
        "yipanqi.demo",
        "yipanqi.demo.build",
        "yipanqi.demo.build.build_demo",
    ]
