"""Who may read the audit records kept by core, derived from each model's scope policy."""

from typing import Any

from yipanqi.core.models import PersonalDataAccess
from yipanqi.core.scope import grant_for


def can_read_access_log(user: Any) -> bool:
    """The access log (敏感个人信息查看记录) is for the audit roles of PersonalDataAccess's policy
    (audit admin, auditors); which rows each sees is their scope. Anyone else is refused outright."""
    grant = grant_for(user, "view", PersonalDataAccess)
    return bool(grant.prefixes) or grant.platform


class _Setters:
    """A stand-in model for the scope resolver: the roles that may set one policy."""

    def __init__(self, roles: frozenset[str]) -> None:
        self.scope_policy = {"change": roles}


def can_set_policy(user: Any, declared: Any, scope_path: str) -> bool:
    """A platform role among the policy's setters, or a setter whose area holds `scope_path`
    (the district the override is for)."""
    grant = grant_for(user, "change", _Setters(declared.setters))  # type: ignore[arg-type]
    if grant.platform:
        return True
    return bool(scope_path) and any(scope_path.startswith(p) for p in grant.prefixes)
