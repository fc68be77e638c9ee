"""Budget and spend (经费使用): a community's own income credited to its own fund, expenses recorded
against a budget line with evidence, approved by another administrator. The balance never goes
negative: an expense beyond it needs an overspend asked for when it is recorded, with a reason,
and approved by the street's or district's finance."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.inputs import require_date
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.funding import evidence_files, money
from yipanqi.funding import permissions as perms
from yipanqi.funding.actions._common import EXPENSE_FLOW, fen, require_community
from yipanqi.funding.choices import ExpenseStatus, Fund, IncomeKind
from yipanqi.funding.models import BudgetLine, Evidence, Expense, Income
from yipanqi.organisations.models import Area

MAX_EVIDENCE = 6


def _no_budget() -> Conflict:
    return Conflict(
        _("This fund has no budget for the year: nothing was allocated or received yet."),
        code="no_budget",
    )


def _over_balance(balance: int) -> Invalid:
    message = _(
        "The amount is more than the balance of %(balance)s yuan: ask for an overspend approval "
        "with a reason, or spend less."
    ) % {"balance": money.yuan(balance)}
    return Invalid(message, code="over_balance", fields={"amount_fen": [message]})


@transaction.atomic
def income_record(
    *, community: Area, received_on: datetime.date, kind: str, payer: str, amount_fen: int,
    actor: Actor, note: str = "",
) -> Income:  # fmt: skip
    """自有收入: the community's own income, credited to its own-income fund of that year."""
    require_permission(actor, perms.can_keep_books, community)
    require_community(community)
    require_date(received_on, "received_on")
    if kind not in IncomeKind.values:
        message = _("Choose one of the listed values.")
        raise Invalid(message, code="bad_kind", fields={"kind": [message]})
    amount_fen = fen(amount_fen, "amount_fen")
    budget, _made = BudgetLine.objects.select_for_update().get_or_create(
        community=community, year=received_on.year, fund=Fund.OWN,
        defaults={"scope_path": community.scope_path, "district_code": community.district_code},
    )  # fmt: skip
    income = Income(
        budget=budget, received_on=received_on, kind=kind, payer=text(payer, "payer", 100),
        amount_fen=amount_fen, note=text(note, "note", 300, required=False),
        recorded_by=user_of(actor),
    )  # fmt: skip
    income.place_in(community)
    income.save()
    budget.amount_fen += amount_fen
    budget.save(update_fields=["amount_fen", "updated_at"])
    audit.record(
        actor=actor,
        action="funding.income.recorded",
        target=income,
        changes=created(income, "budget", "received_on", "kind", "payer", "amount_fen"),
    )
    return income


def _pending_fen(budget: BudgetLine) -> int:
    rows = budget.expenses.filter(status=ExpenseStatus.SUBMITTED)
    return sum(rows.values_list("amount_fen", flat=True))


@transaction.atomic
def expense_record(
    *, community: Area, fund: str, spent_on: datetime.date, payee: str, purpose: str,
    amount_fen: int, actor: Actor, overspend: bool = False, overspend_reason: str = "",
    evidence: Any = None,
) -> Expense:  # fmt: skip
    """报销登记: an expense from the community's budget line of that fund and year, waiting for
    approval, with its first evidence file if given. Beyond the balance (less what already
    waits) it is refused unless an overspend is asked for with a reason."""
    require_permission(actor, perms.can_keep_books, community)
    require_community(community)
    if fund not in Fund.values:
        message = _("Choose one of the listed values.")
        raise Invalid(message, code="bad_fund", fields={"fund": [message]})
    require_date(spent_on, "spent_on")
    if spent_on > timezone.localdate():
        message = _("An expense cannot be dated in the future.")
        raise Invalid(message, code="future_date", fields={"spent_on": [message]})
    amount_fen = fen(amount_fen, "amount_fen")
    payee, purpose = text(payee, "payee", 100), text(purpose, "purpose", 300)
    reason = text(overspend_reason, "overspend_reason", 300, required=bool(overspend))
    budget = (
        BudgetLine.objects.select_for_update()
        .filter(community=community, year=spent_on.year, fund=fund)
        .first()
    )
    if budget is None:
        raise _no_budget()
    available = budget.balance_fen - _pending_fen(budget)
    if amount_fen > available and not overspend:
        raise _over_balance(available)
    expense = Expense(
        budget=budget, spent_on=spent_on, payee=payee, purpose=purpose, amount_fen=amount_fen,
        overspend=bool(overspend), overspend_reason=reason, recorded_by=user_of(actor),
    )  # fmt: skip
    if evidence is not None:
        evidence_files.FILES.check(evidence)  # refused before anything is written
    expense.place_in(community)
    expense.save()
    audit.record(
        actor=actor,
        action="funding.expense.recorded",
        target=expense,
        changes=created(
            expense, "budget", "spent_on", "payee", "purpose", "amount_fen", "overspend", "status"
        ),
    )
    if evidence is not None:
        _attach(expense, evidence, actor)
    return expense


@transaction.atomic
def evidence_add(*, expense: Expense, upload: Any, actor: Actor) -> Evidence:
    """凭证: an invoice, receipt or photo (JPEG, PNG, WebP or PDF) of an expense not yet decided."""
    expense = lock(expense)
    require_permission(actor, perms.can_approve_expense, expense)
    if expense.status != ExpenseStatus.SUBMITTED:
        raise Conflict(_("Evidence can no longer be added."), code="evidence_closed")
    if expense.evidence.count() >= MAX_EVIDENCE:
        message = _("At most %(n)d files per expense.") % {"n": MAX_EVIDENCE}
        raise Invalid(message, code="too_many_files")
    return _attach(expense, upload, actor)


def _attach(expense: Expense, upload: Any, actor: Actor) -> Evidence:
    content_type = evidence_files.FILES.check(upload)
    relative, path = evidence_files.FILES.store(upload)
    try:
        row = Evidence.objects.create(
            expense=expense, stored_path=relative, content_type=content_type,
            size=path.stat().st_size, uploaded_by=user_of(actor),
        )  # fmt: skip
        audit.record(
            actor=actor, action="funding.evidence.added", target=expense,
            changes={"evidence": [None, row.pk]}, data={"type": content_type, "size": row.size},
        )  # fmt: skip
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return row


def _four_eyes(expense: Expense, actor: Actor) -> None:
    if not is_system(actor) and expense.recorded_by_id == getattr(actor, "pk", None):
        raise Conflict(_("Whoever recorded an expense cannot approve it."), code="four_eyes")


@transaction.atomic
def expense_approve(*, expense: Expense, actor: Actor, note: str = "") -> Expense:
    """审批: another administrator approves; the amount is spent from the budget line. Beyond the
    balance only an overspend asked for, approved by the street's or district's finance."""
    expense = lock(expense)
    require_permission(actor, perms.can_approve_expense, expense)
    _four_eyes(expense, actor)
    EXPENSE_FLOW.check(expense.status, ExpenseStatus.APPROVED)
    if not expense.evidence.exists():
        raise Conflict(_("Attach the evidence before approval."), code="evidence_missing")
    budget = lock(expense.budget)
    short = expense.amount_fen - budget.balance_fen
    spend = track(budget, actor=actor)
    spend.set(spent_fen=budget.spent_fen + expense.amount_fen)
    if short > 0:
        if not expense.overspend:
            raise _over_balance(budget.balance_fen)
        require_permission(actor, perms.can_approve_overspend, expense)
        spend.set(overspent_fen=max(budget.overspent_fen, budget.spent_fen - budget.amount_fen))
    step = EXPENSE_FLOW.begin(expense, actor=actor)
    step.move(ExpenseStatus.APPROVED)
    step.set(
        approved_by=user_of(actor),
        decided_at=timezone.now(),
        decision_note=text(note, "note", 300, required=False),
    )
    step.finish("approved", overspend_fen=max(short, 0))
    spend.finish("funding.budget.spent", expense=expense.pk)
    return expense


@transaction.atomic
def expense_reject(*, expense: Expense, reason: str, actor: Actor) -> Expense:
    """不予报销: refused with a reason; nothing is spent."""
    expense = lock(expense)
    require_permission(actor, perms.can_approve_expense, expense)
    _four_eyes(expense, actor)
    step = EXPENSE_FLOW.begin(expense, actor=actor)
    step.move(ExpenseStatus.REJECTED)
    step.set(
        approved_by=user_of(actor),
        decided_at=timezone.now(),
        decision_note=text(reason, "reason", 300),
    )
    step.finish("rejected")
    return expense
