"""Small helpers shared by the grid actions."""

from typing import Any

from yipanqi.core.errors import Forbidden


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
