"""Who may read the audit records kept by core, derived from each model's scope policy."""

from typing import Any

from yipanqi.core.models import PersonalDataAccess
from yipanqi.core.scope import grant_for


def can_read_access_log(user: Any) -> bool:
    """The access log (敏感个人信息查看记录) is for the audit roles of PersonalDataAccess's policy
    (audit admin, auditors); which rows each sees is their scope. Anyone else is refused outright."""
    grant = grant_for(user, "view", PersonalDataAccess)
    return bool(grant.prefixes) or grant.platform
