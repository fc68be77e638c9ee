"""Test worlds built through the actions once per test process, then restored row by row.

`build_district()` writes ~480 statements through the actions (audit events, savepoints, paths);
thousands of tests ask for it, and each test rolls it back. `built_once(key, build)` runs `build`
in the first test that asks, notes the rows it added (every table, keyed by primary key), and in
later tests that start from the same tables inserts those rows again (one statement per table)
and hands back a deep copy of what `build` returned: the same rows, ids, hashes and audit chain as
a fresh build, for a fraction of the statements (issue 18: CI time;
docs/decisions/034-test-worlds-built-once.md).

"The same tables": every table's highest key and row count, read in one query before building.
A module that holds a shared world of its own starts from other tables than a bare test does, so
each starting point gets its own noted rows.

It builds for real instead, every time, when restoring could differ from building:
- the test is not inside a transaction that will be rolled back (transactional tests);
- `timezone.now` is patched (the rows would carry another test's clock), or the local day has
  changed since the rows were noted (figures "of today");
- the first build from that starting point changed or deleted rows it did not add (the row-change
  trail, or a count that grew less than the rows added, tells), added rows to a table whose key
  is not an integer, or added to the worlds it builds on.
"""

import copy
import datetime
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

_REAL_NOW = timezone.now
_JSON_TYPES = {114: "json", 3802: "jsonb"}  # PostgreSQL's type OIDs
_TRAIL = "core_rowchange"  # core.row_changes: every UPDATE and DELETE of the project's tables
_MOST_STARTS = 8  # starting points noted per key, at the most

Start = tuple[tuple[str, object, int], ...]  # (table, highest key, rows) of every table


@dataclass
class _Rows:
    """One table's rows added by the build."""

    columns: list[str]
    rows: list[tuple]
    json_columns: dict[int, str]


@dataclass
class _Snapshot:
    tables: dict[str, _Rows]
    value: object
    day: datetime.date
    on: tuple  # the worlds it was built on, as objects of the first test (kept, not copied)


_snapshots: dict[tuple[str, Start], _Snapshot | None] = {}


def built_once(key: str, build, *on):
    """`build(*on)`, its rows built once per process and starting point, restored afterwards.
    `on` are worlds it builds on (fixtures' values, themselves built once): a restored copy
    points at them."""
    if not _restorable():
        return build(*on)
    start = _start()
    snapshot = _snapshots.get((key, start), ...)
    if snapshot is None:
        return build(*on)
    if snapshot is not ... and snapshot.day == timezone.localdate():
        _restore(snapshot)
        return copy.deepcopy(
            snapshot.value, {id(old): new for old, new in zip(snapshot.on, on, strict=True)}
        )
    worlds = [copy.deepcopy(vars(world)) for world in on]
    value = build(*on)
    # a builder that adds to the worlds it builds on (a persona in the district's) cannot be
    # restored: the test's own copy of those worlds would lack what it added
    added_to = any(vars(world) != was for world, was in zip(on, worlds, strict=True))
    if sum(k == key for k, _start in _snapshots) < _MOST_STARTS:
        _snapshots[key, start] = None if added_to else _note(start, value, on)
    return value


def _restorable() -> bool:
    return connection.in_atomic_block and timezone.now is _REAL_NOW


_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
_tables_cache: dict[str, tuple[str, bool]] = {}  # table → (its key column, counted up)


def _tables() -> dict[str, tuple[str, bool]]:
    """Every model's table, its primary key column and whether that key is an integer."""
    if not _tables_cache:
        from django.apps import apps

        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.managed and not meta.proxy:
                integer = meta.pk.get_internal_type() in _INTEGER_KEYS
                _tables_cache.setdefault(meta.db_table, (meta.pk.column, integer))
    return _tables_cache


def _key_of(table: str) -> str:
    return _tables()[table][0]


def _start() -> Start:
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {i}, {f'MAX({quote(key)})' if integer else 'NULL'}, COUNT(*) FROM {quote(t)}"  # noqa: S608
        for i, (t, (key, integer)) in enumerate(_tables().items())
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        found = {i: (top, count) for i, top, count in cursor.fetchall()}
    return tuple((t, *found[i]) for i, t in enumerate(_tables()))


def _added(table: str, floor) -> tuple[list[str], list[tuple], dict[int, str]]:
    """(columns, rows above `floor`, the columns holding JSON) of one table."""
    quote = connection.ops.quote_name
    where = "" if floor is None else f" WHERE {quote(_key_of(table))} > %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)}{where}", [] if floor is None else [floor])  # noqa: S608
        columns = [c[0] for c in cursor.description]
        json_columns = {
            i: _JSON_TYPES[c[1]] for i, c in enumerate(cursor.description) if c[1] in _JSON_TYPES
        }
        return columns, cursor.fetchall(), json_columns


def _note(start: Start, value, on: tuple) -> _Snapshot | None:
    """The rows the build added, table by table; None when restoring could not give them."""
    tables = {}
    for (table, floor, count), (_same, _top, now) in zip(start, _start(), strict=True):
        if now == count:
            continue
        columns, rows, json_columns = _added(table, floor)
        if not _tables()[table][1] or now - count != len(rows):
            return None  # keys that are not counted up, or rows removed
        tables[table] = _Rows(columns, rows, json_columns)
    if _changed_what_it_found(start, tables):
        return None
    kept = copy.deepcopy(value, {id(world): world for world in on})
    return _Snapshot(tables, kept, timezone.localdate(), on)


def _changed_what_it_found(start: Start, tables: dict[str, _Rows]) -> bool:
    """Whether the row-change trail names a row that was there before the build."""
    if _TRAIL not in tables:
        return False
    floors = {table: floor for table, floor, _count in start}
    trail = tables[_TRAIL]
    name, row = trail.columns.index("table_name"), trail.columns.index("row_pk")
    for change in trail.rows:
        floor = floors.get(change[name])
        if floor is not None and (not str(change[row]).isdigit() or int(change[row]) <= floor):
            return True
    return False


def _restore(snapshot: _Snapshot) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, rows in snapshot.tables.items():
            names = ", ".join(quote(c) for c in rows.columns)
            marks = ", ".join(_mark(rows.json_columns.get(i)) for i in range(len(rows.columns)))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, [_params(row, rows.json_columns) for row in rows.rows])
        if connection.vendor == "postgresql" and snapshot.tables:
            _counters_past(cursor, snapshot)


def _counters_past(cursor, snapshot: _Snapshot) -> None:
    """Move each table's id counter past the restored ids, where it stands lower (a transactional
    test's flush may have reset it since): PostgreSQL's counters ignore explicit ids, and the
    next row would get a lower id, or one already taken. SQLite's AUTOINCREMENT follows by itself."""
    tops = [(t, _key_of(t), max(r[rows.columns.index(_key_of(t))] for r in rows.rows))
            for t, rows in snapshot.tables.items()]  # fmt: skip
    values = ", ".join(["(pg_get_serial_sequence(%s, %s), %s)"] * len(tops))
    cursor.execute(
        f"SELECT setval(s.counter, s.top) FROM (VALUES {values}) AS s(counter, top) "  # noqa: S608
        "WHERE s.counter IS NOT NULL AND COALESCE(pg_sequence_last_value(s.counter::regclass), 0) < s.top",
        [x for top in tops for x in (connection.ops.quote_name(top[0]), top[1], top[2])],
    )


def _mark(json_type: str | None) -> str:
    # Django reads PostgreSQL's JSON as its text; the text goes back with a cast
    return f"%s::{json_type}" if json_type else "%s"


def _params(row: tuple, json_columns: dict[int, str]) -> tuple:
    if not json_columns:
        return row
    return tuple(
        json.dumps(v) if i in json_columns and v is not None and not isinstance(v, str) else v
        for i, v in enumerate(row)
    )
