"""An API view's optional query parameter is declared with one helper, `core.api.openapi.query_param`
(issue 16: eight apps each had their own copy); the rule below keeps new copies out."""

import ast
from pathlib import Path

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from yipanqi.core.api import openapi
from yipanqi.core.params import int_schema

PACKAGE = Path(openapi.__file__).resolve().parents[2]
ALLOWED = {PACKAGE / "core" / "api" / "openapi.py"}


def test_a_query_param_is_optional_and_says_what_it_filters():
    year = openapi.query_param("year", "Year", int_schema(2000, 2100))
    tags = openapi.query_param("tag", "Household tag", many=True)

    assert (year.name, year.location, year.required) == ("year", OpenApiParameter.QUERY, False)
    assert year.type == int_schema(2000, 2100)
    assert year.description == "Year" and year.many is None
    assert (tags.type, tags.many) == (OpenApiTypes.STR, True)


def _own_query_parameters(path: Path) -> list[int]:
    """Lines building a query parameter by hand: `OpenApiParameter(…)` with `.QUERY` or with no
    location (the query is drf-spectacular's default), or a function returning one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "OpenApiParameter"):
            continue
        located = len(node.args) >= 3 or any(k.arg == "location" for k in node.keywords)
        query = "OpenApiParameter.QUERY" in ast.unparse(node)
        if query or not located:
            found.append(node.lineno)
    return found


def test_no_module_builds_its_own_query_parameter():
    sources = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and p not in ALLOWED]
    copies = {
        str(p.relative_to(PACKAGE)): lines for p in sources if (lines := _own_query_parameters(p))
    }

    assert copies == {}, "declare query parameters with core.api.openapi.query_param"
