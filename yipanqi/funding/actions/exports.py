"""Spreadsheets of community funding (导出 Excel), each an audited action: a community's funds for
a year (its budget lines, then its expenses) and the overview of the communities the user sees,
town by town. Written by the shared helper (core.exports: text that looks like a formula stays
text); money as exact Decimal yuan from the integer fen (no floats), with totals that are the
sums of the records."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, exports
from yipanqi.core.workflow import Actor, require_permission
from yipanqi.funding import permissions as perms
from yipanqi.funding.choices import ExpenseStatus
from yipanqi.funding.money import yuan_decimal
from yipanqi.organisations.models import Area

MAX_EXPENSES = 20_000  # a community's year holds a few hundred; beyond this is not one year's


def _money(*fens: int) -> list[Any]:
    return [yuan_decimal(f) for f in fens]


def _line_rows(lines: Sequence[Any]) -> list[list[Any]]:
    rows = [[str(b.get_fund_display()), *_money(b.amount_fen, b.spent_fen, b.balance_fen)]
            for b in lines]  # fmt: skip
    received = sum(b.amount_fen for b in lines)
    spent = sum(b.spent_fen for b in lines)
    return [*rows, [_("Total"), *_money(received, spent, received - spent)]]


def _expense_rows(expenses: Sequence[Any]) -> list[list[Any]]:
    """A header of their own (the sheet's first row names the budget lines' columns), the
    expenses, and the approved ones' total: what was spent (waiting or rejected ones were not)."""
    header = [
        _("Date"), _("Payee"), _("Purpose"), _("Amount (yuan)"), _("Status"), _("Approver"),
        _("Fund"),
    ]  # fmt: skip
    rows = [
        [
            e.spent_on.isoformat(), e.payee, e.purpose, yuan_decimal(e.amount_fen),
            str(e.get_status_display()), str(e.approved_by or ""),
            str(e.budget.get_fund_display()),
        ]
        for e in expenses
    ]  # fmt: skip
    approved = sum(e.amount_fen for e in expenses if e.status == ExpenseStatus.APPROVED)
    return [header, *rows, [_("Total approved"), "", "", yuan_decimal(approved)]]


@transaction.atomic
def community_funds_export(*, community: Area, year: int, actor: Actor) -> bytes:
    """A community's funds in `year` as XLSX: per fund received, spent and balance with their
    total; below, each expense (date, payee, purpose, amount, status, approver)."""
    from yipanqi.funding import selectors  # selectors read; actions write (no import cycle)

    require_permission(actor, perms.can_keep_books, community)
    lines = list(selectors.budget_lines(user=actor, community=community, year=year))
    expenses = list(
        selectors.expense_list(user=actor, community=community, year=year)[:MAX_EXPENSES]
    )
    headers = [_("Fund"), _("Received (yuan)"), _("Spent (yuan)"), _("Balance (yuan)")]
    body = [*_line_rows(lines), [], [_("Expenses")], *_expense_rows(expenses)]
    content = exports.xlsx_bytes(headers, body, sheet=str(year))
    audit.record(
        actor=actor, action="funding.community_funds.exported", target=community,
        data={"year": year, "lines": len(lines), "expenses": len(expenses)},
    )  # fmt: skip
    return content


def _overview_rows(towns: Iterable[dict[str, Any]]) -> list[list[Any]]:
    body: list[list[Any]] = []
    received = spent = 0
    for town in towns:
        for r in town["rows"]:
            body.append([town["name"], r["name"], *_money(r["amount"], r["spent"],
                                                          r["amount"] - r["spent"])])  # fmt: skip
        body.append([town["name"], _("Subtotal"),
                     *_money(town["amount"], town["spent"], town["amount"] - town["spent"])])  # fmt: skip
        received, spent = received + town["amount"], spent + town["spent"]
    return [*body, [_("Total"), "", *_money(received, spent, received - spent)]]


@transaction.atomic
def overview_export(*, year: int, actor: Actor, town: Area | None = None) -> bytes:
    """The overview the user sees (one town's, if given) as XLSX: per community received, spent
    and balance, each town's subtotal, and the total."""
    from yipanqi.funding import selectors

    if town is None:
        require_permission(actor, perms.is_admin)
    else:
        require_permission(actor, perms.can_oversee_town, town)
    rows = selectors.overview(user=actor, year=year, town=town)
    towns = selectors.town_totals(user=actor, rows=rows)
    headers = [
        _("Town or street"), _("Community"), _("Received (yuan)"),
        _("Spent (yuan)"), _("Balance (yuan)"),
    ]  # fmt: skip
    content = exports.xlsx_bytes(headers, _overview_rows(towns), sheet=str(year))
    data = {"year": year, "communities": len(rows)}
    if town is not None:
        audit.record(actor=actor, action="funding.overview.exported", target=town, data=data)
    else:
        path, district = perms.audit_scope(actor)
        audit.record(
            actor=actor, action="funding.overview.exported", data=data, scope_path=path,
            district_code=district,
        )  # fmt: skip
    return content
