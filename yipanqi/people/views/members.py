"""Party members: list, detail with registrations and yearly participation, branch feedback."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yipanqi.core.errors import Forbidden
from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.pages import found, paginate, query_string
from yipanqi.core.params import id_param, int_param
from yipanqi.people import actions, permissions, selectors
from yipanqi.people.choices import MemberStatus
from yipanqi.people.views._common import PAGE_SIZE

FIRST_YEAR = 2015


@login_required
def member_list(request):
    params = request.GET
    q, status = params.get("q", "").strip(), params.get("status", "")
    branch_id = id_param(params, "branch")
    members = selectors.member_list(user=request.user, q=q, status=status, branch_id=branch_id)
    page = paginate(request, members, PAGE_SIZE)
    context = {
        "page_obj": page,
        "query": query_string([("q", q), ("status", status), ("branch", branch_id)]),
        "q": q,
        "status": status,
        "statuses": MemberStatus.choices,
    }
    return render(request, "people/member_list.html", context)


@login_required
def member_detail(request, member_id: int):
    member = found(selectors.member_get, user=request.user, member_id=member_id)
    registrations = list(selectors.member_registrations(member=member))
    visible = set(
        permissions.registrations_visible_to(request.user)
        .filter(pk__in=[r.pk for r in registrations])
        .values_list("pk", flat=True)
    )
    context = {
        "member": member,
        "person_visible": permissions.people_visible_to(request.user)
        .filter(pk=member.person_id)
        .exists(),
        "transfers": selectors.member_transfers(member=member),
        "registrations": [(r, r.pk in visible) for r in registrations],
        "years": selectors.member_yearly_totals(member=member),
        "feedback_visible": permissions.can_view_branch_feedback(request.user, member.branch),
    }
    return render(request, "people/member_detail.html", context)


def _year(request) -> int:
    this_year = timezone.localdate().year
    year = int_param(request.GET, "year", min_value=1, max_value=9999) or this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


@login_required
def branch_feedback(request, branch_id: int):
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    year = _year(request)
    rows = selectors.branch_feedback(user=request.user, branch=branch, year=year)
    context = {
        "branch": branch,
        "year": year,
        "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
        "rows": rows,
        "total_count": sum(r.count for r in rows),
        "total_hours": sum(r.hours for r in rows),
        "total_solved": sum(r.solved for r in rows),
    }
    return render(request, "people/branch_feedback.html", context)


@login_required
def branch_feedback_export(request, branch_id: int):
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    year = _year(request)
    try:
        content = actions.branch_feedback_export(branch=branch, year=year, actor=request.user)
    except Forbidden as exc:
        raise PermissionDenied from exc
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="branch-{branch.pk}-feedback-{year}.xlsx"'
    )
    response["Cache-Control"] = "no-store, private"
    return response
