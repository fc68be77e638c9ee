"""Party-life pages: the branch secretary's desk (this period's required meetings, arrears, open
transfers), street and district compliance, a member's own page and yearly dues statement."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from yipanqi.core.home import home_year
from yipanqi.core.pages import paginate, query_string, submit
from yipanqi.core.params import bool_param, id_param
from yipanqi.partylife import actions, selectors
from yipanqi.partylife.compliance import MISSED
from yipanqi.partylife.forms import PaymentForm, TransferForm
from yipanqi.partylife.rules import month_start, yuan

PAGE_SIZE = 20


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@login_required
def desk(request):
    """支部书记工作台: one branch the user runs, this period's meetings, arrears, transfers."""
    branches = list(selectors.branches_run_by(user=request.user)[:500])
    wanted = id_param(request.GET, "branch")
    branch = next((b for b in branches if b.pk == wanted), branches[0] if branches else None)
    context = {"branches": branches, "branch": branch}
    if branch is not None:
        today = timezone.localdate()
        start, end = _year_range(today.year)
        (row,) = selectors.compliance(user=request.user, start=start, end=end, branch=branch)
        ledger = selectors.branch_ledger(branch=branch, year=today.year)
        context |= {
            "compliance": row,
            "recent": selectors.meeting_list(user=request.user, branch=branch)[:6],
            "arrears": [r for r in ledger if r.arrears],
            "members": len(ledger),
            "transfers": selectors.branch_transfers(user=request.user, branch=branch),
            "officers": selectors.officers_of(branch=branch),
        }
    return render(request, "partylife/desk.html", context)


@login_required
def compliance(request):
    """街道 / 全区: branches' required meetings of the year so far, those behind first."""
    year = home_year(request.GET)
    behind = bool_param(request.GET, "behind", default=False)
    start, end = _year_range(year)
    rows = selectors.compliance(user=request.user, start=start, end=end)
    if behind:
        rows = [r for r in rows if r.missed]
    rows.sort(key=lambda r: (-r.missed, r.branch.path))
    totals = {
        "branches": len(rows),
        "behind": sum(1 for r in rows if r.missed),
        "held": sum(r.held for r in rows),
        "missed": sum(r.missed for r in rows),
    }
    page = paginate(request, rows, PAGE_SIZE)
    towns = selectors.towns_of(branches=[r.branch for r in page.object_list])
    for row in page.object_list:
        row.town = towns[row.branch.pk]
    context = {
        "page_obj": page,
        "year": year,
        "behind": behind,
        "totals": totals,
        "missed_state": MISSED,
        "query": query_string([("year", year), ("behind", "1" if behind else "")]),
    }
    return render(request, "partylife/compliance.html", context)


@login_required
def mine(request):
    """我的党务: meetings attended, this year's dues (base in clear for oneself), transfers."""
    member = selectors.member_of_user(user=request.user)
    year = home_year(request.GET)
    context: dict = {"member": member, "year": year}
    if member is not None:
        base, payments = selectors.my_dues(user=request.user, year=year)
        paid = {p.month.month for p in payments}
        today = timezone.localdate()
        context |= {
            "attended": selectors.my_attendance(user=request.user, year=year)[:50],
            "base": base,
            "base_clear": yuan(b)
            if (b := selectors.visible_base(user=request.user, base=base)) is not None
            else "",
            "payments": payments,
            "arrears": [m for m in selectors.months_due(year, today) if m not in paid],
            "transfers": selectors.my_transfers(user=request.user),
            "pay_form": PaymentForm(initial={"month": month_start(today)}),
            "transfer_form": TransferForm(targets=list(selectors.transfer_targets(member=member))),
        }
    return render(request, "partylife/mine.html", context)


@login_required
def pay(request):
    """A member pays a month of their own dues (the amount from their base)."""
    member = selectors.member_of_user(user=request.user)
    if member is None:
        return redirect("partylife:mine")
    form = PaymentForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: actions.dues_pay(
            member=member,
            month=d["month"],
            channel=d["channel"],
            receipt_no=d.get("receipt_no") or "",
            actor=request.user,
        ),  # fmt: skip
        lambda p: f"/partylife/me/statement/?year={p.month.year}",
    )
    if done is not None:
        return done
    return render(request, "partylife/pay_form.html", {"form": form})


@login_required
def statement(request):
    """年度党费缴纳明细: one's own payments of a year, month by month, with the total."""
    member = selectors.member_of_user(user=request.user)
    year = home_year(request.GET)
    base, payments = selectors.my_dues(user=request.user, year=year) if member else (None, [])
    by_month = {p.month.month: p for p in payments}
    months = [(m, by_month.get(m)) for m in range(1, 13)]
    context = {
        "member": member,
        "year": year,
        "base": base,
        "months": months,
        "total": yuan(sum(p.amount_fen for p in payments)),
    }
    return render(request, "partylife/statement.html", context)
