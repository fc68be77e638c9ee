"""Dues pages of a branch: the year's ledger (bases masked, paid months, arrears), setting a
base, recording a payment, the XLSX export (audited) and the remittance totals."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yipanqi.core.exports import xlsx_bytes
from yipanqi.core.home import home_year
from yipanqi.core.pages import found, run, submit
from yipanqi.partylife import actions, permissions, selectors
from yipanqi.partylife.forms import BaseForm, OfficerPaymentForm
from yipanqi.partylife.rules import month_start, yuan


def _collector(request, branch_id: int):
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    if not permissions.can_collect_dues(request.user, branch.pk, branch.scope_path):
        raise PermissionDenied
    return branch


@login_required
def ledger(request, branch_id: int):
    """The year's ledger; the dues officer may POST a purpose to see the bases in clear (audited)."""
    branch = _collector(request, branch_id)
    year = home_year(request.GET)
    error = None
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        _done, error = run(lambda: actions.dues_bases_reveal(actor=request.user, branch=branch,
                                                             year=year, purpose=purpose))  # fmt: skip
    revealed = request.method == "POST" and not error
    rows = selectors.branch_ledger(branch=branch, year=year, reveal=revealed)
    context = {
        "branch": branch,
        "year": year,
        "rows": rows,
        "months": range(1, 13),
        "total": yuan(sum(r.paid_fen for r in rows)),
        "arrears": sum(1 for r in rows if r.arrears),
        "dues_officer": permissions.is_officer(request.user, branch.pk, ("dues_officer",)),
        "revealed": revealed,
        "error": error,
    }
    return render(request, "partylife/dues_ledger.html", context)


@login_required
def base_new(request, branch_id: int):
    branch = _collector(request, branch_id)
    members = list(selectors.branch_members(branch=branch))
    by_pk = {str(m.pk): m for m in members}
    form = BaseForm(
        request.POST or None, members=members, initial={"year": timezone.localdate().year}
    )
    done = submit(
        request,
        form,
        lambda d: actions.dues_base_set(
            member=by_pk[d["member"]],
            year=d["year"],
            category=d["category"],
            base_yuan=d.get("base"),
            actor=request.user,
        ),  # fmt: skip
        lambda b: f"/partylife/branches/{branch.pk}/dues/?year={b.year}",
    )
    if done is not None:
        return done
    return render(request, "partylife/dues_form.html", {"form": form, "branch": branch,
                  "title": _("Set a dues base")})  # fmt: skip


@login_required
def payment_new(request, branch_id: int):
    branch = _collector(request, branch_id)
    members = list(selectors.branch_members(branch=branch))
    by_pk = {str(m.pk): m for m in members}
    today = timezone.localdate()
    initial = {"month": month_start(today), "paid_on": today, "member": request.GET.get("member")}
    form = OfficerPaymentForm(request.POST or None, members=members, initial=initial)
    done = submit(
        request,
        form,
        lambda d: actions.dues_pay(
            member=by_pk[d["member"]],
            month=d["month"],
            channel=d["channel"],
            paid_on=d["paid_on"],
            receipt_no=d.get("receipt_no") or "",
            actor=request.user,
        ),  # fmt: skip
        lambda p: f"/partylife/branches/{branch.pk}/dues/?year={p.month.year}",
    )
    if done is not None:
        return done
    return render(request, "partylife/dues_form.html", {"form": form, "branch": branch,
                  "title": _("Record a payment")})  # fmt: skip


@login_required
def export(request, branch_id: int):
    """The year's ledger as XLSX: names, masked base, monthly dues, each month paid (yuan)."""
    branch = _collector(request, branch_id)
    year = home_year(request.GET)
    rows = selectors.branch_ledger(branch=branch, year=year)
    headers = [pgettext("party", "Member"), _("Monthly base"), _("Monthly dues (yuan)")]
    headers += [f"{m}" for m in range(1, 13)] + [_("Paid (yuan)"), _("Months in arrears")]
    body = [
        [r.member.person.name, r.base_masked, "" if r.monthly_fen is None else yuan(r.monthly_fen)]
        + [yuan(r.paid[m]) if m in r.paid else "" for m in range(1, 13)]
        + [yuan(r.paid_fen), len(r.arrears)]
        for r in rows
    ]
    actions.dues_export_recorded(actor=request.user, branch=branch, year=year, rows=len(body))
    response = HttpResponse(
        xlsx_bytes(headers, body, sheet=f"{year}"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="dues-{branch.pk}-{year}.xlsx"'
    return response


@login_required
def remittance(request):
    """上缴汇总: dues collected per branch in the year and their exact total (fen)."""
    year = home_year(request.GET)
    towns = selectors.remittance_by_town(user=request.user, year=year)
    context = {
        "year": year,
        "towns": [(town, yuan(fen), [(b, yuan(f)) for b, f in rows]) for town, fen, rows in towns],
        "total": yuan(sum(fen for _t, fen, _r in towns)),
    }
    return render(request, "partylife/remittance.html", context)
