"""Area-path columns in the "C" collation on PostgreSQL (issue 19; decision 030).

A grant is a path prefix (`scope_path LIKE '0001000100%'`) and lists are ordered by the path
first. Under the database's default collation (C.UTF-8 here, a language's elsewhere) one btree
index cannot do both: the `_like` index (varchar_pattern_ops) answers the prefix but not the
order, so the planner walks the ordered index from its first entry and filters every row of the
table (W1: a grid worker's page of residents read all 242,543). In "C" the plain index, and every
composite index that starts with the path, answers the prefix as a range and gives the order.
Paths are digits, so "C" sorts them exactly as before.

Applied after every `migrate` (post_migrate), to every column so named of every model, so a new
app's tables need nothing; SQLite has no collations to set and compares bytes already.
"""

from django.apps import apps
from django.db import connections

COLUMNS = ("scope_path", "to_scope_path", "borrower_path")


def path_columns() -> list[tuple[str, str, int]]:
    """(table, column, max length) of every area-path column of the project's models."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("yipanqi.") or not model._meta.managed:
            continue
        for field in model._meta.local_fields:
            if field.column in COLUMNS:
                found.append((model._meta.db_table, field.column, field.max_length))
    return found


def not_in_c(using: str) -> list[tuple[str, str, int]]:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND column_name = ANY(%s)"
            " AND collation_name IS DISTINCT FROM 'C'",
            [list(COLUMNS)],
        )
        wrong = set(cursor.fetchall())
    return [c for c in path_columns() if (c[0], c[1]) in wrong]


def apply(using: str = "default") -> list[str]:
    """Set "C" where it is missing (the indexes on the column are rebuilt); the tables changed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    changed = []
    with connection.cursor() as cursor:
        for table, column, length in not_in_c(using):
            q = connection.ops.quote_name
            cursor.execute(
                f"ALTER TABLE {q(table)} ALTER COLUMN {q(column)}"  # noqa: S608 - names from models
                f' TYPE varchar({int(length)}) COLLATE "C"'
            )
            changed.append(f"{table}.{column}")
    return changed


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    apply(using)
