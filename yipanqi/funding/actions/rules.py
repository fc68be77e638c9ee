"""The district's yearly funding rules (经费保障标准): a new version each time they are set, from
the district's policy and any overrides; runs and projects keep the version they used."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid, save_or_conflict
from yipanqi.core.inputs import require_kind, require_year
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, require_permission, user_of
from yipanqi.funding import permissions as perms
from yipanqi.funding import policies
from yipanqi.funding.actions._common import MAX_FEN
from yipanqi.funding.choices import Coverage, Rounding
from yipanqi.funding.models import FundingRule
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

RULE_FIELDS = (
    "service_fen", "work_fen", "rounding", "coverage", "tilt_percent", "match_district",
    "match_street",
)  # fmt: skip


def _bad(field: str, message: str) -> Invalid:
    return Invalid(message, code=f"bad_{field}", fields={field: [message]})


def _whole(values: dict[str, Any], field: str, low: int, high: int) -> int:
    value = values[field]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(field, _("Enter a whole number from %(low)s to %(high)s.") % {
            "low": low, "high": high})  # fmt: skip
    return value


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    clean = {
        "service_fen": _whole(values, "service_fen", 0, MAX_FEN),
        "work_fen": _whole(values, "work_fen", 0, MAX_FEN),
        "tilt_percent": _whole(values, "tilt_percent", 0, 100),
        "match_district": _whole(values, "match_district", 1, 100),
        "match_street": _whole(values, "match_street", 1, 100),
    }
    if values["rounding"] not in Rounding.values:
        raise _bad("rounding", _("Choose one of the listed values."))
    if values["coverage"] not in Coverage.values:
        raise _bad("coverage", _("Choose one of the listed values."))
    return {**clean, "rounding": values["rounding"], "coverage": values["coverage"]}


@transaction.atomic
def rule_set(
    *, district: Area, year: int, actor: Actor, note: str = "", **overrides: Any
) -> FundingRule:
    """Set the year's rules: the district's policy with the overrides given, as a new version."""
    require_permission(actor, perms.can_set_rules, district)
    require_kind(district, AreaKind.DISTRICT)
    require_year(year)
    unknown = set(overrides) - set(RULE_FIELDS)
    if unknown:
        raise Invalid(_("Unknown funding rule."), code="unknown_rule")
    values = _checked({**policies.FUNDING_RULES.value(district.district_code), **overrides})
    latest = FundingRule.objects.filter(district_code=district.district_code, year=year).first()
    rule = FundingRule(
        year=year,
        version=(latest.version + 1) if latest else 1,
        note=text(note, "note", 300, required=False),
        made_by=user_of(actor),
        **values,
    )
    rule.place_in(district)
    save_or_conflict(rule, _("These rules were just changed; reload."), code="rule_changed")
    audit.record(
        actor=actor,
        action="funding.rule.set",
        target=rule,
        changes=created(rule, "year", "version", *RULE_FIELDS),
    )
    return rule
