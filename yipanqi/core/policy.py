"""Policy settings (政策参数): the customer's open questions (deadlines, point values, quorum …) as
named settings with documented defaults, overridable per district, never literals in code.

Apps declare their policies once, at import time of their `policies.py`:

    ORDER_DUE_HOURS = policy.declare("orders.due_hours", {"placed": 24, ...}, "Hours allowed per state …")

and read them with `ORDER_DUE_HOURS.value(district_code)`. A district override lives in
`core.PolicySetting`; it is changed through `core.actions.policy_set()` (audited).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# Who may change a policy: a district's administrators for their district's, unless the policy
# names other roles (the security administrator for the platform's sign-in rules).
DISTRICT_SETTERS = frozenset({"district_admin"})

_REGISTRY: dict[str, "Policy"] = {}


@dataclass(frozen=True)
class Policy:
    key: str
    default: Any
    description: str
    setters: frozenset[str] = DISTRICT_SETTERS
    # value → a message saying why it is refused, or None (bounds a requirement sets, e.g. ≤ 90)
    check: Callable[[Any], str | None] | None = None

    def value(self, district_code: str) -> Any:
        from yipanqi.core.models import PolicySetting

        row = PolicySetting.objects.filter(district_code=district_code, key=self.key).first()
        return row.value if row is not None else self.default


def declare(
    key: str,
    default: Any,
    description: str,
    *,
    setters: frozenset[str] = DISTRICT_SETTERS,
    check: Callable[[Any], str | None] | None = None,
) -> Policy:
    json.dumps(default)  # defaults must be JSON-serialisable: they are stored the same way
    existing = _REGISTRY.get(key)
    if existing is not None:
        return existing
    _REGISTRY[key] = Policy(key, default, description, setters, check)
    return _REGISTRY[key]


def whole(low: int, high: int) -> Callable[[Any], str | None]:
    """A policy's check: the value is a whole number from `low` to `high` (True is not 1)."""

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        return None

    return check


def registered() -> list[Policy]:
    return sorted(_REGISTRY.values(), key=lambda p: p.key)


def get(key: str) -> Policy:
    """The declared policy; KeyError for a key nobody declared."""
    return _REGISTRY[key]
