"""Party dues (党费): a member's yearly base (sealed, masked) and monthly amount from the rate
table; payments per member and month, idempotent; the export of a ledger audited."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, pii
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, created, require, require_permission, track, user_of
from yipanqi.partylife import permissions as perms
from yipanqi.partylife import policies
from yipanqi.partylife.choices import DuesCategory, OfficerDuty, PaymentChannel
from yipanqi.partylife.models import DuesBase, DuesPayment
from yipanqi.partylife.rules import add_months, mask_base, month_start, monthly_dues_fen
from yipanqi.partylife.sealing import BASE_CONTEXT
from yipanqi.people.models import PartyMember

BY_INCOME = (DuesCategory.INCOME, DuesCategory.RETIREE)


def _invalid(message: str, code: str, field: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def base_fen_of(base_yuan: Any) -> int:
    """Yuan (a string or Decimal with at most two decimals) as whole fen; negative is refused."""
    try:
        amount = Decimal(str(base_yuan))
    except (InvalidOperation, ValueError) as exc:
        raise _invalid(_("Enter the base as an amount in yuan."), "bad_base", "base") from exc
    if amount < 0:
        raise _invalid(_("The base cannot be negative."), "negative_base", "base")
    if amount != amount.quantize(Decimal("0.01")) or amount > Decimal("10000000"):
        raise _invalid(_("Enter the base as an amount in yuan."), "bad_base", "base")
    return int(amount * 100)


@transaction.atomic
def dues_base_set(
    *,
    member: PartyMember,
    year: int,
    category: str,
    actor: Actor,
    base_yuan: Any = None,
) -> DuesBase:
    """核定: the year's base and monthly dues; a new base recalculates the amount."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require_permission(actor, perms.can_collect_dues, member.branch_id, member.scope_path)
    category = DuesCategory(category)
    base_fen = base_fen_of(base_yuan) if category in BY_INCOME else None
    if category in BY_INCOME and base_yuan in (None, ""):
        raise _invalid(_("Enter the monthly income after tax."), "base_required", "base")
    values = {
        "category": category,
        "base_cipher": None
        if base_fen is None
        else pii.encrypt(str(base_fen), context=BASE_CONTEXT),
        "base_masked": "" if base_fen is None else mask_base(base_fen),
        "monthly_fen": monthly_dues_fen(category, base_fen, member.district_code),
        "branch_id": member.branch_id,
    }
    row = DuesBase.objects.select_for_update().filter(member=member, year=year).first()
    if row is None:
        row = DuesBase(member=member, year=year, **values)
        row.scope_path, row.district_code = member.scope_path, member.district_code
        row.save()
        changes = created(row, "member", "year", "category", "base_masked", "monthly_fen")
        audit.record(actor=actor, action="partylife.dues_base.set", target=row, changes=changes)
        return row
    edit = track(row, actor=actor, hidden=("base_cipher",))
    edit.set(**values)
    edit.finish("partylife.dues_base.changed")
    return row


def _check_month(month: datetime.date, district_code: str) -> datetime.date:
    month = month_start(month)
    ahead = int(policies.DUES_ADVANCE_MONTHS.value(district_code))
    if month > add_months(month_start(timezone.localdate()), ahead):
        message = _("Dues can be paid at most %(n)s months ahead.") % {"n": ahead}
        raise _invalid(message, "too_far_ahead", "month")
    return month


def _same(payment: DuesPayment, amount_fen: int, key: str) -> bool:
    return bool(key and payment.idempotency_key == key) or payment.amount_fen == amount_fen


@transaction.atomic
def dues_pay(
    *,
    member: PartyMember,
    month: datetime.date,
    actor: Actor,
    channel: str = PaymentChannel.WECHAT,
    amount_fen: int | None = None,
    paid_on: datetime.date | None = None,
    receipt_no: str = "",
    idempotency_key: str = "",
) -> DuesPayment:
    """缴纳: one month's dues, by the member or recorded by the dues officer. Paying a month
    again with the same amount (or the same Idempotency-Key) answers the first payment."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require(
        is_system(actor)  # the demo and imports record payments for the member they name
        or perms.is_member_self(actor, member)
        or perms.can_collect_dues(actor, member.branch_id, member.scope_path)
    )
    month = _check_month(month, member.district_code)
    base = DuesBase.objects.filter(member=member, year=month.year).first()
    if base is None:
        raise _invalid(_("No dues base is set for this year."), "no_base", "month")
    amount = base.monthly_fen if amount_fen is None else int(amount_fen)
    if amount < base.monthly_fen:
        raise _invalid(_("The amount is less than the dues of the month."), "short", "amount")
    existing = DuesPayment.objects.filter(member=member, month=month).first()
    if existing is not None:
        if _same(existing, amount, idempotency_key):
            return existing
        raise Conflict(_("This month is paid already."), code="already_paid")
    payment = DuesPayment(
        member=member,
        branch_id=member.branch_id,
        month=month,
        amount_fen=amount,
        paid_on=paid_on or timezone.localdate(),
        channel=PaymentChannel(channel),
        receipt_no=receipt_no.strip()[:40] or f"DF{month:%Y%m}-{member.pk}",
        idempotency_key=idempotency_key[:64],
        recorded_by=user_of(actor),
    )
    payment.scope_path, payment.district_code = member.scope_path, member.district_code
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError as exc:  # a payment of the same month committed meanwhile
        raise Conflict(_("This month is paid already."), code="already_paid") from exc
    changes = created(payment, "member", "month", "amount_fen", "paid_on", "channel", "receipt_no")
    audit.record(actor=actor, action="partylife.dues.paid", target=payment, changes=changes)
    return payment


def dues_export_recorded(*, actor: Actor, branch: Any, year: int, rows: int) -> None:
    """An export of a branch's dues ledger is audited (DESIGN §2.3)."""
    audit.record(
        actor=actor,
        action="partylife.dues.exported",
        target=branch,
        data={"year": year, "rows": rows},
    )


def dues_bases_reveal(*, actor: Actor, branch: Any, year: int, purpose: str) -> None:
    """The dues officer shows the branch's bases in clear, with a stated purpose (audited): the
    page answers the POST with the clear values; nothing is stored."""
    require_permission(actor, perms.is_officer, branch.pk, (OfficerDuty.DUES_OFFICER,))
    if not purpose.strip():
        raise _invalid(_("Say why the bases are shown."), "purpose_required", "purpose")
    audit.record(
        actor=actor,
        action="partylife.dues_base.revealed",
        target=branch,
        data={"year": year, "purpose": purpose.strip()[:200]},
    )
