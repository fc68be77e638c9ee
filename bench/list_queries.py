"""What W1 learns in-process about one list request: the SQL the view runs (Django's test client
with the persona's bearer token, under `CaptureQueriesContext`), and the plans of its list and
count queries (`EXPLAIN (ANALYZE, FORMAT JSON)`: which scans, on which tables, how long)."""

import json
import re
from typing import Any

# Statements the floor leaves out: transaction control is the connection's business, not the
# list's (Django's atomic blocks show up as savepoints in a capture).
TRANSACTION = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|BEGIN|COMMIT)\b", re.I)
LIST_LIMIT = re.compile(r"\bLIMIT\s+\d+", re.I)
COUNT = re.compile(r"^\s*SELECT\s+COUNT\(\*\)", re.I)
MAIN_COLUMN = re.compile(r'^\s*SELECT\s+(?:DISTINCT\s+)?"(\w+)"\.', re.I)
FIRST_FROM = re.compile(r'\bFROM\s+"(\w+)"', re.I)


def capture(path: str, token: str) -> dict[str, Any]:
    """The view's statements for GET `path` as the token's user, in steady state: the request is
    made twice and the second one is captured (the first touches the token and warms caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/json")
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    statements = [q["sql"] for q in captured.captured_queries]
    body = json.loads(response.content or b"null")
    page = body.get("results") if isinstance(body, dict) else body
    return {
        "status": response.status_code,
        "rows": len(page) if isinstance(page, list) else None,
        "total": body.get("count") if isinstance(body, dict) else None,
        "queries": len(statements),
        "statements": statements,
        "floor_statements": [s for s in statements if not TRANSACTION.match(s)],
    }


def main_queries(statements: list[str]) -> dict[str, str]:
    """{"list": the page's query (the longest with a LIMIT), "count": the paginator's count}."""
    found = {}
    limited = [s for s in statements if LIST_LIMIT.search(s) and not COUNT.match(s)]
    if limited:
        found["list"] = max(limited, key=len)
    counts = [s for s in statements if COUNT.match(s)]
    if counts:
        found["count"] = max(counts, key=len)
    return found


def _nodes(plan: dict[str, Any], out: list[dict[str, Any]]) -> None:
    node = {"node": plan.get("Node Type")}
    for key, name in (("Relation Name", "table"), ("Index Name", "index")):
        if key in plan:
            node[name] = plan[key]
    if "Actual Rows" in plan:
        node["rows"] = plan["Actual Rows"] * plan.get("Actual Loops", 1)
    out.append(node)
    for child in plan.get("Plans", ()):
        _nodes(child, out)


def main_table(sql: str) -> str:
    """The table the list is of: the first selected column's, or the first FROM's (a count)."""
    found = MAIN_COLUMN.search(sql) or FIRST_FROM.search(sql)
    return found.group(1) if found else ""


def _scan(node: dict[str, Any]) -> str:
    return f"{node['node']} on {node['table']}" + (
        f" using {node['index']}" if "index" in node else ""
    )


def explain(sql: str) -> dict[str, Any]:
    """The plan of one SELECT, run once: how its main table is read (a seq scan there is what
    grows with the district), every other scan (seq scans with the rows they read), and the
    execution time PostgreSQL reports."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
    document = json.loads(document) if isinstance(document, str) else document
    top = document[0]
    nodes: list[dict[str, Any]] = []
    _nodes(top["Plan"], nodes)
    scans = [n for n in nodes if "table" in n]
    table = main_table(sql)
    on_main = list(dict.fromkeys(_scan(n) for n in scans if n["table"] == table))
    return {
        "execution_ms": round(top.get("Execution Time", 0.0), 2),
        "main_table": table,
        "main_table_scans": on_main,
        "seq_scan_on_main_table": any(s.startswith("Seq Scan") for s in on_main),
        "seq_scans": {n["table"]: n.get("rows", 0) for n in scans if n["node"] == "Seq Scan"},
        "other_scans": sorted({_scan(n) for n in scans if n["table"] != table}),
    }


def plans(statements: list[str]) -> dict[str, Any]:
    """The plans of the request's list and count queries (an error is reported, not raised)."""
    out: dict[str, Any] = {}
    for name, sql in main_queries(statements).items():
        try:
            out[name] = explain(sql)
        except Exception as error:  # a plan is information; the measurement goes on without it
            out[name] = {"error": str(error)[:200]}
    return out
