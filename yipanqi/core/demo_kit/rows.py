"""The demo's one bulk write path: rows straight into their tables, in large batches.

A district's residents are hundreds of thousands of rows; building a model instance per row (as
`bulk_create` does) costs more than the whole time budget. Rows are therefore tuples in column
order (`Table`), written with one prepared INSERT (SQLite, `executemany`) or COPY (PostgreSQL).
Primary keys are handed out here, from the table's current maximum, so related rows can point at
each other before anything is written and each batch is a known id range; PostgreSQL's sequences
are moved past them afterwards (`RowWriter.finish()`). The columns of a table must be all of its
columns: a schema change that adds one fails loudly here rather than writing rows the model
would not accept.

The few hundred rows of the organisation trees are model instances instead (`TreeBuilder`,
used inside the organisations' bulk actions; `insert` for other small tables), inserted with
`bulk_create` and audited one event per row as their own actions would record them
(docs/decisions/005).

Every function here writes the tables of the caller: an app's demo writes only its own tables
and asks the owning app's bulk actions for the others' rows. Whatever audits takes an `actor`,
with no default: the demo passes `core.actors.system("demo")`, so every event names who acted.
"""

import datetime
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from yipanqi.core import audit

FLUSH_ROWS = 10_000  # rows kept in memory before a batch is written
BATCH = 500  # model instances per bulk_create
SQLITE_CACHE_KIB = 256 * 1024  # page cache while loading: the digest indexes take random inserts


def all_columns(model: type[models.Model]) -> tuple[str, ...]:
    """`id` then every other column of the model's table, in field order."""
    return ("id", *(str(f.column) for f in model._meta.concrete_fields if f.column != "id"))


class Table:
    """Pending rows of one table, with the next primary key to hand out."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...] | None = None):
        columns = columns or all_columns(model)
        present = {str(f.column) for f in model._meta.concrete_fields}
        if set(columns) != present or columns[0] != "id":
            raise RuntimeError(
                f"demo rows for {model._meta.db_table} name {sorted(columns)}, "
                f"the table has {sorted(present)}"
            )
        self.model, self.columns = model, columns
        self.rows: list[tuple] = []
        self.written = 0
        last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        self.next_id = (last or 0) + 1

    def add_row(self, values: tuple) -> int:
        """Queue a row given as the values of every column but `id`, in column order."""
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def add(self, **values: Any) -> int:
        """Queue a row given by column name (every column but `id`); returns its primary key."""
        return self.add_row(tuple(values[c] for c in self.columns[1:]))

    def write(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self._insert()
        self.written += len(self.rows)
        self.rows = []

    def _insert(self) -> None:
        qn = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # nosec B608
            qn(self.model._meta.db_table),
            ", ".join(qn(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, self.rows)

    def _copy(self) -> None:
        qn = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            qn(self.model._meta.db_table), ", ".join(qn(c) for c in self.columns)
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row)


class RowWriter:
    """The tables of one build step, written together in batches, each batch followed by its
    audit events (so an event never names rows that are not there)."""

    def __init__(self, tables: dict[str, Table], *, actor: Any):
        self.tables = tables
        self.by_model = {t.model: t for t in tables.values()}
        self.actor = actor
        self.events: list[Any] = []
        self.event_count = 0
        # Bound once: each `connection.ops` lookup goes through the connection proxy.
        self._adapt_datetime = connection.ops.adapt_datetimefield_value
        self._adapt_date = connection.ops.adapt_datefield_value
        self.now = self.stamp(timezone.now())

    @classmethod
    def of(cls, *models: type[models.Model], actor: Any) -> "RowWriter":
        """Every column of each model's table, written in the order the models are given."""
        return cls({m._meta.label_lower: Table(m) for m in models}, actor=actor)

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Queue a row of `model` by column name; returns its primary key."""
        return self.by_model[model].add(**values)

    def stamp(self, value: datetime.datetime) -> Any:
        return self._adapt_datetime(value)

    def day(self, value: datetime.date | None) -> Any:
        return None if value is None else self._adapt_date(value)

    def event(self, *, action: str, target: Any, data: dict) -> None:
        self.events.append(
            audit.new_event(actor=self.actor, action=action, target=target, data=data)
        )

    def pending(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def maybe_flush(self) -> None:
        if self.pending() >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table in self.tables.values():  # in dependency order, as given
            table.write()
        if self.events:
            self.event_count += audit.record_many(self.events)
            self.events = []

    def finish(self) -> None:
        """Write what is left and move PostgreSQL's id sequences past the ids used here."""
        self.flush()
        statements = connection.ops.sequence_reset_sql(
            no_style(), [t.model for t in self.tables.values()]
        )
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


class TreeBuilder:
    """Collects new nodes of one treebeard MP_Node model with correct path, depth and numchild.

    Adding thousands of nodes one `add_child()` at a time costs several queries each; here the
    materialised paths (steplen 4, base 36) are computed in memory and inserted in bulk."""

    def __init__(self, model: type[Any]):
        self.model = model
        self.nodes: list[Any] = []
        last_root = model.get_last_root_node()
        self._roots = model._str2int(last_root.path) if last_root else 0

    def add(self, parent: Any | None, **fields: Any) -> Any:
        """A new node as the last child of `parent` (a node added here) or as a new root."""
        if parent is None:
            self._roots += 1
            path, depth = self.model._get_path(None, 1, self._roots), 1
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = self.model._get_path(parent.path, depth, parent.numchild)
        node = self.model(path=path, depth=depth, numchild=0, **fields)
        self.nodes.append(node)
        return node

    def save(self) -> list[Any]:
        """Insert in path order, so primary keys follow the tree (the district root comes first)."""
        self.nodes.sort(key=lambda n: n.path)
        self.model.objects.bulk_create(self.nodes, batch_size=BATCH)
        saved, self.nodes = self.nodes, []
        return saved


def audit_created(
    rows: Iterable[Any],
    action: str,
    changes: Callable[[Any], dict] | None = None,
    data: Callable[[Any], dict] | None = None,
    *,
    actor: Any,
) -> int:
    """One `action` event per saved row, as the row's own action would have recorded it."""
    return audit.record_many(
        audit.new_event(
            actor=actor,
            action=action,
            target=row,
            changes=changes(row) if changes else None,
            data=data(row) if data else None,
        )
        for row in rows
    )


def insert_rows(model: type[models.Model], rows: list[Any]) -> list[Any]:
    """Bulk insert; primary keys are set on the objects (RETURNING on SQLite and PostgreSQL)."""
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    return rows


def insert(
    model: type[models.Model],
    rows: list[Any],
    action: str,
    changes: Callable[[Any], dict] | None = None,
    *,
    actor: Any,
) -> list[Any]:
    """Bulk insert and audit each row."""
    audit_created(insert_rows(model, rows), action, changes, actor=actor)
    return rows


@contextmanager
def large_page_cache() -> Iterator[None]:
    """On SQLite, a larger page cache for this connection while the population is written (the
    default 2 MB makes every insert into a keyed-digest index a cache miss), restored after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of row tuples are made: the build
    creates no reference cycles, and each collection would scan them all (it was a third of the
    time spent taking results back from the workers). Forked workers inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
