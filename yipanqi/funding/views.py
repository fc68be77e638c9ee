"""Pages of community funding: the overview of a district's or town's communities (received,
spent, balance per fund, town subtotals), one community's funds with its expenses, evidence and
own income, an expense with its evidence and decision, the allocation runs with the year's rules,
a run's lines (how each was reached), and the construction projects."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, paginate, query_string, step, submit
from yipanqi.core.params import int_param
from yipanqi.funding import actions, evidence_files, selectors
from yipanqi.funding import permissions as perms
from yipanqi.funding.choices import Fund
from yipanqi.funding.forms import ExpenseForm, IncomeForm, to_fen

PAGE_SIZE = 30
EVIDENCE_BODY = uploads.body_limit(1, evidence_files.MAX_BYTES)


def _year(request) -> int:
    return int_param(request.GET, "year", min_value=2000, max_value=2100) or (
        selectors.default_year(user=request.user)
    )


def _context(request, section: str, **more: Any) -> dict[str, Any]:
    return {
        "section": section,
        "show_runs": perms.is_district(request.user),
        **more,
    }


def _overview_page(request, town: Any) -> Any:
    year = _year(request)
    rows = selectors.overview(user=request.user, year=year, town=town)
    context = _context(
        request, "funds", year=year, rows=rows, town=town,
        towns=selectors.town_totals(user=request.user, rows=rows)
        if town is None and len(rows) > 1 else [],
        back=town is not None and perms.own_town_path(request.user) != town.path,
        total={"amount": sum(r["amount"] for r in rows), "spent": sum(r["spent"] for r in rows)},
        funds=Fund.choices, can_export=perms.is_admin(request.user),
        export_query=query_string([("year", year)] + ([("town", town.pk)] if town else [])),
    )  # fmt: skip
    return render(request, "funding/overview.html", context)


@login_required
def overview(request):
    """经费总览: the communities the user sees, with the towns' subtotals; a town administrator's
    opens on their town."""
    return _overview_page(request, selectors.own_town(user=request.user))


@login_required
def town_overview(request, town_id: int):
    """A town's overview (镇街经费): its communities, from the district's overview."""
    town = found(selectors.town_get, user=request.user, town_id=town_id)
    return _overview_page(request, town)


def _community(request, community_id: int) -> Any:
    return found(selectors.community_get, user=request.user, community_id=community_id)


@login_required
def community_detail(request, community_id: int):
    """A community's funds (社区经费): per fund received, spent, balance; expenses and income."""
    community = _community(request, community_id)
    year = _year(request)
    lines = list(selectors.budget_lines(user=request.user, community=community, year=year))
    expenses = selectors.expense_list(user=request.user, community=community, year=year)
    context = _context(
        request, "funds", community=community, year=year, lines=lines,
        page_obj=paginate(request, expenses, PAGE_SIZE),
        incomes=selectors.income_list(user=request.user, community=community, year=year),
        can_keep_books=perms.can_keep_books(request.user, community),
        query=query_string([("year", year)]),
    )  # fmt: skip
    return render(request, "funding/community_detail.html", context)


def _form_page(request, form: Any, title: str, back: str, button: str) -> Any:
    return render(request, "funding/form.html", {
        "form": form, "title": title, "back": back, "button": button,
        "multipart": any(f.widget.needs_multipart_form for f in form.fields.values()),
    })  # fmt: skip


@login_required
@uploads.max_body_size(EVIDENCE_BODY)
def expense_new(request, community_id: int):
    community = _community(request, community_id)
    if not perms.can_keep_books(request.user, community):
        raise PermissionDenied
    form = ExpenseForm(request.POST or None, request.FILES or None)

    def record(d: dict) -> Any:
        return actions.expense_record(
            community=community, fund=d["fund"], spent_on=d["spent_on"], payee=d["payee"],
            purpose=d["purpose"], amount_fen=to_fen(d["amount"]), overspend=d["overspend"],
            overspend_reason=d["overspend_reason"], evidence=d["evidence"], actor=request.user,
        )  # fmt: skip

    done = submit(request, form, record, lambda e: e.get_absolute_url())
    back = reverse("funding:community_detail", args=[community.pk])
    return done or _form_page(request, form, _("Record an expense"), back, _("Record"))


@login_required
def income_new(request, community_id: int):
    community = _community(request, community_id)
    if not perms.can_keep_books(request.user, community):
        raise PermissionDenied
    form = IncomeForm(request.POST or None)

    def record(d: dict) -> Any:
        return actions.income_record(
            community=community, received_on=d["received_on"], kind=d["kind"],
            payer=d["payer"], amount_fen=to_fen(d["amount"]), note=d["note"], actor=request.user,
        )  # fmt: skip

    back = reverse("funding:community_detail", args=[community.pk])
    done = submit(request, form, record, lambda i: f"{back}?year={i.received_on.year}")
    return done or _form_page(request, form, _("Record own income"), back, _("Record"))


@login_required
def expense_detail(request, expense_id: int):
    expense = found(selectors.expense_get, user=request.user, expense_id=expense_id)
    may_decide = perms.can_approve_expense(request.user, expense)
    context = _context(
        request, "funds", expense=expense, evidence=selectors.expense_evidence(expense=expense),
        can_decide=may_decide and expense.status == "submitted"
        and expense.recorded_by_id != request.user.pk,
        can_add=may_decide and expense.status == "submitted",
    )  # fmt: skip
    return render(request, "funding/expense_detail.html", context)


@login_required
@require_POST
def expense_step(request, expense_id: int, name: str):
    expense = found(selectors.expense_get, user=request.user, expense_id=expense_id)
    note, user = request.POST.get("note") or "", request.user
    if name == "approve":
        call = lambda: actions.expense_approve(expense=expense, note=note, actor=user)  # noqa: E731
    else:
        call = lambda: actions.expense_reject(expense=expense, reason=note, actor=user)  # noqa: E731
    return step(request, call, _("Saved."), expense.get_absolute_url())


@login_required
@require_POST
@uploads.max_body_size(EVIDENCE_BODY)
def evidence_new(request, expense_id: int):
    expense = found(selectors.expense_get, user=request.user, expense_id=expense_id)
    upload = request.FILES.get("file")
    if upload is None:
        return redirect(expense.get_absolute_url())
    call = lambda: actions.evidence_add(expense=expense, upload=upload, actor=request.user)  # noqa: E731
    return step(request, call, _("Saved."), expense.get_absolute_url())


@login_required
def evidence_file(request, evidence_id: int):
    """The file, only for users who may see its expense, always as a download."""
    return evidence_files.FILES.download(
        selectors.evidence_get, user=request.user, evidence_id=evidence_id
    )
