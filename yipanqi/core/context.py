"""Per-request facts (request id, client IP) that actions and the audit log read."""

import contextvars
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "yipanqi_request", default=None
)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(ctx: RequestContext) -> contextvars.Token[RequestContext | None]:
    return _current.set(ctx)


def reset(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def remembered(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()` once per request under `key` (a fact about the signed-in user the request reads
    several times); outside a request (jobs, the shell, tests calling code directly) every call
    computes afresh, so nothing is ever read stale."""
    ctx = _current.get()
    if ctx is None:
        return compute()
    if key not in ctx.memo:
        ctx.memo[key] = compute()
    return ctx.memo[key]
