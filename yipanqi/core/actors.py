"""Who acts when no person does (系统操作): escalation jobs, the demo build, imports committing,
follow-ups opening orders. Actions take a typed actor — a user or the system actor — instead of
flags that switch permission checks off; the audit names the system and, where there is one, the
person on whose behalf it acted.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SystemActor:
    """The platform acting for `reason` (e.g. "demo", "orders.escalation"), optionally on behalf of
    a person whose own action caused it (a grid worker's visit opening an order)."""

    reason: str
    on_behalf_of: Any = None

    is_authenticated = False  # never a user: scoped reads (for_user) give it nothing
    is_active = False
    pk = None

    @property
    def username(self) -> str:
        return f"system:{self.reason}"

    def get_username(self) -> str:
        return self.username


def system(reason: str, *, on_behalf_of: Any = None) -> SystemActor:
    return SystemActor(reason=reason, on_behalf_of=on_behalf_of)


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def audit_identity(actor: Any) -> tuple[Any, str]:
    """(user to record as actor, username text) for an audit event."""
    if is_system(actor):
        person = actor.on_behalf_of
        if getattr(person, "is_authenticated", False):
            return person, f"{person.get_username()} (system:{actor.reason})"
        return None, actor.username
    if getattr(actor, "is_authenticated", False):
        return actor, actor.get_username()
    return None, ""
