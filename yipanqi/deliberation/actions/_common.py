"""The one guard every deliberation transition goes through, and the shared audit helper."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.deliberation.choices import TRANSITION_NOT_ALLOWED


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()


def move(
    row: Any,
    new: str,
    table: dict[str, set[str]],
    labels: Any,
    *,
    code: str = "illegal_transition",
) -> str:
    """Check the transition table, move the row and bump its version; returns the old status."""
    old = row.status
    if new not in table.get(old, set()):
        message = TRANSITION_NOT_ALLOWED % {"old": labels(old).label, "new": labels(new).label}
        raise Conflict(message, code=code)
    row.status, row.version = new, row.version + 1
    return old


def record(row: Model, actor: Any, action: str, old: str | None = None, **data: Any) -> None:
    changes = {"status": [old, row.status]} if old is not None else None  # type: ignore[attr-defined]
    audit.record(
        actor=actor, action=f"deliberation.{action}", target=row, changes=changes, data=data
    )


def locked(model: type[Model], pk: int, *related: str) -> Any:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    rows = model._default_manager.select_for_update(of=("self",)).select_related(*related)
    return rows.get(pk=pk)


def stale(row: Any, expected_version: int | None) -> None:
    """Optimistic check for edits made from a page that may be out of date (two tablets)."""
    if expected_version is not None and expected_version != row.version:
        raise Conflict(
            _("Someone else changed this meanwhile; reload and try again."), code="stale"
        )
