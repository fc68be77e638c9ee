"""Pay tables (薪酬标准), one per district and year: the year's base and the 三岗十八级 rules it was
made with (the district's policy, with the administrator's overrides). A table changes only until
a pay run uses it; after that the figures of its runs must stay explainable, so a change is
refused and the audit trail keeps every earlier version (before/after of each field)."""

import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.inputs import require_kind, require_year
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.workforce import pay, policies
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.models import PayTable

MAX_GRADE = 18


def _unknown() -> Invalid:
    return Invalid(_("Unknown pay rule."), code="unknown_rule")


def _merged(defaults: dict[str, Any], overrides: Any) -> dict[str, Any]:
    """The rules with the overrides laid over them, one level deep (a post's range, one grade's
    coefficient, one appraisal's effects); a key the rules do not know is refused."""
    if not isinstance(overrides, dict):
        raise _unknown()
    rules = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if key not in rules:
            raise _unknown()
        if isinstance(rules[key], dict):
            if not isinstance(value, dict) or not set(value) <= set(rules[key]):
                raise _unknown()
            rules[key] = {**rules[key], **value}
        else:
            rules[key] = value
    return rules


def _check_rules(rules: dict[str, Any]) -> None:
    bad = Invalid(_("The pay rules are incomplete."), code="bad_rules")
    try:
        parsed = pay.Rules.of(rules)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, InvalidOperation) as exc:
        raise bad from exc
    for low, high in parsed.ranges.values():
        if not 1 <= low <= high <= MAX_GRADE or any(
            g not in parsed.coefficients for g in range(low, high + 1)
        ):
            raise Invalid(_("Every grade of every post needs a coefficient."), code="bad_rules")
    numbers = [*parsed.coefficients.values(), *(s for s, _c in parsed.effects.values())]
    if not (0 < parsed.basic_share <= 1 and 0 < parsed.step_years <= 10) or any(
        not n.is_finite() or not 0 <= n <= 10 for n in numbers
    ):
        raise Invalid(_("The basic share or seniority step is out of range."), code="bad_rules")
    counts = [*parsed.education_credit.values(), *parsed.qualification_bonus.values()]
    if any(not 0 <= n <= MAX_GRADE for n in counts):
        raise bad


def _base(value: Any) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 < value < 10**8:
        raise Invalid(
            _("Give a positive base amount."),
            code="bad_base",
            fields={"base_amount": [_("Give a positive base amount.")]},
        )
    return value.quantize(pay.CENT)  # stored with two decimals


@transaction.atomic
def pay_table_create(
    *,
    district: Area,
    year: int,
    base_amount: Decimal,
    actor: Actor,
    overrides: dict[str, Any] | None = None,
) -> PayTable:
    """薪酬标准: the year's base and the district's rules in force (policy), with any overrides."""
    require_permission(actor, perms.can_set_pay_table, district)
    require_kind(district, AreaKind.DISTRICT)
    require_year(year)
    base_amount = _base(base_amount)
    rules = _merged(policies.PAY_RULES.value(district.district_code), overrides or {})
    _check_rules(rules)
    table = PayTable(year=year, base_amount=base_amount, rules=rules, made_by=user_of(actor))
    table.place_in(district)
    save_or_conflict(table, _("This year has a pay table already."), code="pay_table_exists")
    audit.record(
        actor=actor,
        action="workforce.pay_table.created",
        target=table,
        changes=created(table, "year", "base_amount", "rules"),
    )
    return table


@transaction.atomic
def pay_table_edit(
    *,
    table: PayTable,
    actor: Actor,
    base_amount: Decimal | None = None,
    overrides: dict[str, Any] | None = None,
) -> PayTable:
    """修订: a new base or rules for a table no pay run has used yet (the audit keeps the old)."""
    table = lock(table)
    require_permission(actor, perms.can_edit_pay_table, table)
    if table.runs.exists():
        raise Conflict(
            _("A pay run has used this table: it can no longer change."), code="pay_table_in_use"
        )
    rules = _merged(table.rules, overrides or {})
    _check_rules(rules)
    edit = track(table, actor=actor)
    edit.set(rules=rules)
    if base_amount is not None:
        edit.set(base_amount=_base(base_amount))
    edit.finish("workforce.pay_table.changed")
    return table
