"""Pages of the allocation runs (年度经费核拨) with the year's rules, and of the construction
projects (党建阵地建设)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, run, step, submit
from yipanqi.core.params import id_param, int_param
from yipanqi.funding import actions, selectors
from yipanqi.funding import permissions as perms
from yipanqi.funding.forms import ProjectForm, RuleForm, to_fen
from yipanqi.funding.views import PAGE_SIZE, _context, _form_page


@login_required
def run_list(request):
    districts = selectors.run_districts(user=request.user)
    if request.method == "POST":
        return _compute(request, districts)
    context = _context(
        request, "runs", page_obj=paginate(request, selectors.run_list(user=request.user), PAGE_SIZE),
        districts=districts, rules=selectors.rule_list(user=request.user)[:12],
    )  # fmt: skip
    return render(request, "funding/run_list.html", context)


def _compute(request, districts: list) -> Any:
    district_id = id_param(request.POST, "district")
    district = next((d for d in districts if d.pk == district_id), None)
    if district is None:
        raise PermissionDenied
    year = int_param(request.POST, "year", min_value=2000, max_value=2100) or 0
    reason = request.POST.get("reason") or ""
    result, error = run(
        lambda: actions.allocation_compute(
            district=district, year=year, reason=reason, actor=request.user
        )
    )
    if error:
        messages.error(request, error)
        return redirect("funding:run_list")
    messages.success(request, _("Computed: a second administrator now approves the run."))
    return redirect(result.get_absolute_url())


@login_required
def rule_new(request):
    districts = selectors.run_districts(user=request.user)
    if not districts:
        raise PermissionDenied
    form = RuleForm(request.POST or None)

    def save(d: dict) -> Any:
        return actions.rule_set(
            district=districts[0], year=d["year"], note=d["note"], actor=request.user,
            service_fen=to_fen(d["service"]), work_fen=to_fen(d["work"]),
            rounding=d["rounding"], coverage=d["coverage"], tilt_percent=d["tilt_percent"],
            match_district=d["match_district"], match_street=d["match_street"],
        )  # fmt: skip

    done = submit(request, form, save, lambda r: "funding:run_list")
    return done or _form_page(
        request, form, _("Set the year's funding rules"), reverse("funding:run_list"), _("Save")
    )


@login_required
def run_detail(request, run_id: int):
    allocation = found(selectors.run_get, user=request.user, run_id=run_id)
    lines = selectors.run_lines(user=request.user, run=allocation)
    context = _context(
        request, "runs", run=allocation, page_obj=paginate(request, lines, PAGE_SIZE),
        can_approve=allocation.status == "draft"
        and perms.can_approve_run(request.user, allocation)
        and allocation.computed_by_id != request.user.pk,
    )  # fmt: skip
    return render(request, "funding/run_detail.html", context)


@login_required
@require_POST
def run_approve(request, run_id: int):
    allocation = found(selectors.run_get, user=request.user, run_id=run_id)
    call = lambda: actions.allocation_approve(run=allocation, actor=request.user)  # noqa: E731
    return step(request, call, _("Approved."), allocation.get_absolute_url())


@login_required
def project_list(request):
    year = int_param(request.GET, "year", min_value=2000, max_value=2100)
    rows = selectors.project_list(user=request.user, year=year)
    context = _context(
        request, "projects", page_obj=paginate(request, rows, PAGE_SIZE), year=year,
        totals=selectors.project_totals(user=request.user),
        can_plan=perms.is_finance(request.user),
    )  # fmt: skip
    return render(request, "funding/project_list.html", context)


@login_required
def project_new(request):
    communities = selectors.project_communities(user=request.user)
    if not communities:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, communities=communities)

    def save(d: dict) -> Any:
        return actions.project_create(
            community=form.communities[d["community"]], name=d["name"], year=d["year"],
            address=d["address"], capacity=d["capacity"], budget_fen=to_fen(d["budget"]),
            actor=request.user,
        )  # fmt: skip

    done = submit(request, form, save, lambda p: p.get_absolute_url())
    return done or _form_page(
        request, form, _("Plan a construction project"), reverse("funding:project_list"), _("Save")
    )


@login_required
def project_detail(request, project_id: int):
    project = found(selectors.project_get, user=request.user, project_id=project_id)
    context = _context(
        request, "projects", project=project,
        can_report=project.status != "completed" and perms.can_report_progress(request.user, project),
        can_complete=project.status != "completed"
        and perms.can_complete_project(request.user, project),
    )  # fmt: skip
    return render(request, "funding/project_detail.html", context)


@login_required
@require_POST
def project_step(request, project_id: int, name: str):
    project = found(selectors.project_get, user=request.user, project_id=project_id)
    user = request.user
    if name == "progress":
        progress = int_param(request.POST, "progress", min_value=0, max_value=100)
        note = request.POST.get("note") or ""
        call = lambda: actions.project_progress(  # noqa: E731
            project=project, progress=progress, note=note, actor=user
        )
    else:
        call = lambda: actions.project_complete(project=project, actor=user)  # noqa: E731
    return step(request, call, _("Saved."), project.get_absolute_url())
