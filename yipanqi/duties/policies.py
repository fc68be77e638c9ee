"""Policy settings of duty access (准入): the approving body and the time limits (domain-rules §7:
北京西城 2018 — apply 30 working days ahead, decided within 15 working days). Working days are
Monday to Friday; public holidays and 调休 are not modelled (docs/decisions/020)."""

from django.utils.translation import gettext as _

from yipanqi.core import policy
from yipanqi.organisations.choices import Role

DEFAULT_APPROVAL = {"body": "区委区政府联合审查", "roles": [Role.DISTRICT_ADMIN.value]}


def _check_approval(value: object) -> str | None:
    ok = (
        isinstance(value, dict)
        and isinstance(value.get("body"), str)
        and 0 < len(value["body"]) <= 100
        and isinstance(value.get("roles"), list)
        and value["roles"]
        and set(value["roles"]) <= {Role.DISTRICT_ADMIN.value, Role.AUDITOR.value}
    )
    return None if ok else _("Name the body and the district roles that record its decision.")


def _check_days(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 120
    return None if ok else _("Enter 0 to 120 working days.")


APPROVAL = policy.declare(
    "duties.approval",
    DEFAULT_APPROVAL,
    "The district body that decides access requests (准入审批) and the district roles that record "
    "its decision; default: the district committee and government's joint review.",
    check=_check_approval,
)
APPLY_AHEAD = policy.declare(
    "duties.apply_ahead_working_days",
    30,
    "Working days (Mon–Fri) between filing an access request and the duty's start.",
    check=_check_days,
)
DECIDE_WITHIN = policy.declare(
    "duties.decide_within_working_days",
    15,
    "Working days (Mon–Fri) the approving body has to decide an access request.",
    check=_check_days,
)
