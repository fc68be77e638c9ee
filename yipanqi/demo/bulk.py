"""The demo's bulk write path: the same rows and audit events the actions write, in few queries.

Adding thousands of tree nodes one `add_child()` at a time costs several queries each. Here the
treebeard materialised paths (steplen 4, base 36) are computed in memory, rows are inserted with
`bulk_create`, and one audit event per row is appended with `core.audit.record_many()`, so the
invariants hold as if the actions had run: scope columns copied from the owning area, one
`*.created` event per row, an unbroken hash chain.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from yipanqi.core import audit

BATCH = 500


class TreeBuilder:
    """Collects new nodes of one treebeard MP_Node model with correct path, depth and numchild."""

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


def name_change(row: Any) -> dict[str, list[Any]]:
    """The `changes` the organisation actions record on create: name and kind."""
    return {"name": [None, row.name], "kind": [None, row.kind]}


def audit_created(
    rows: Iterable[Any],
    action: str,
    changes: Callable[[Any], dict] | None = None,
    data: Callable[[Any], dict] | None = None,
) -> int:
    """One `action` event per saved row, as the row's own action would have recorded it."""
    return audit.record_many(
        audit.new_event(
            actor=None,
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
) -> list[Any]:
    """Bulk insert and audit each row."""
    audit_created(insert_rows(model, rows), action, changes)
    return rows
