"""Pages of the community workforce: the worker list of a community or town (grade, training days,
flags), a worker's record with the steps an administrator may take, the pay runs (compute, approve,
export). Appointing, transfers and leaving: views_workers; pay tables: views_tables; training:
views_training."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.pages import found, paginate, query_string, run, step
from yipanqi.core.params import choice_param, id_param, int_param
from yipanqi.organisations.models import Area
from yipanqi.workforce import actions, selectors
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.choices import AppraisalResult, MoveKind, Post

PAGE_SIZE = 50
FLAGS = ("short", "review")


def _year(request, default: int) -> int:
    return int_param(request.GET, "year", min_value=2000, max_value=2100) or default


def _area(request) -> Area | None:
    area_id = id_param(request.GET, "area")
    if area_id is None:
        return None
    return found(lambda: selectors.worker_areas(user=request.user).get(pk=area_id))


@login_required
def worker_list(request):
    year = _year(request, selectors.default_year(user=request.user))
    area = _area(request)
    flag = choice_param(request.GET, "flag", FLAGS) or ""
    rows = selectors.worker_list(user=request.user, area=area, year=year)
    minimum = selectors.minimum_for(user=request.user, area=area)
    if flag == "short":
        rows = rows.filter(days__lt=minimum)
    elif flag == "review":
        rows = rows.filter(review_flag=True)
    if request.method == "POST":
        return _remind(request, area, year, minimum)
    context = {
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "year": year,
        "area": area,
        "areas": selectors.worker_areas(user=request.user),
        "flag": flag,
        "minimum": minimum,
        "short_count": selectors.worker_list(user=request.user, area=area, year=year)
        .filter(days__lt=minimum)
        .count(),
        "query": query_string([("area", area.pk if area else ""), ("year", year), ("flag", flag)]),
    }
    context["show_pay"] = perms.is_pay_admin(request.user)
    context["can_appoint"] = bool(selectors.managed_communities(user=request.user))
    return render(request, "workforce/worker_list.html", context)


def _remind(request, area: Area | None, year: int, minimum: Any):
    if area is None:
        raise Http404
    short = list(
        selectors.worker_list(user=request.user, area=area, year=year).filter(days__lt=minimum)
    )
    sent, error = run(
        lambda: actions.training_remind(area=area, year=year, short=short, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Reminder sent to %(n)s workers.") % {"n": sent})
    return redirect(f"{request.path}?{query_string([('area', area.pk), ('year', year)])}")


@login_required
def worker_detail(request, worker_id: int):
    worker = found(selectors.worker_get, user=request.user, worker_id=worker_id)
    manage = perms.can_manage_worker(request.user, worker)
    context = {
        "worker": worker,
        "appointments": selectors.worker_appointments(worker=worker),
        "appraisals": selectors.worker_appraisals(user=request.user, worker=worker),
        "training": selectors.worker_training(user=request.user, worker=worker),
        "pay_lines": selectors.worker_pay_lines(user=request.user, worker=worker),
        "manage": manage and worker.status == "active",
        "results": AppraisalResult.choices,
        "move_kinds": MoveKind.choices,
        "this_year": selectors.default_year(user=request.user),
    }
    context["show_pay"] = perms.is_pay_admin(request.user)
    return render(request, "workforce/worker_detail.html", context)


def _date(post: Any, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(post.get(name) or "")
    except ValueError as exc:
        raise Http404 from exc


def _worker_call(request, worker: Any, name: str) -> Any:
    p, user = request.POST, request.user
    if name == "appraise":
        year = int_param(p, "year", min_value=2000, max_value=2100) or 0
        result, comment = p.get("result") or "", p.get("comment") or ""
        return lambda: actions.appraisal_record(
            worker=worker, year=year, result=result, comment=comment, actor=user
        )
    if name == "grade":
        grade = int_param(p, "grade", min_value=0, max_value=99)
        return lambda: actions.worker_set_grade(worker=worker, grade=grade, actor=user)
    if name == "move":
        on, kind, where = _date(p, "on"), p.get("kind") or "", p.get("destination") or ""
        return lambda: actions.career_move_record(
            worker=worker, moved_on=on, kind=kind, destination=where, actor=user
        )
    return lambda: actions.worker_clear_review(worker=worker, actor=user)


@login_required
@require_POST
def worker_step(request, worker_id: int, name: str):
    worker = found(selectors.worker_get, user=request.user, worker_id=worker_id)
    return step(
        request, _worker_call(request, worker, name), _("Saved."), worker.get_absolute_url()
    )


@login_required
def run_list(request):
    areas = selectors.pay_areas(user=request.user)
    if request.method == "POST":
        area_id = id_param(request.POST, "area")
        area = next((a for a in areas if a.pk == area_id), None)
        if area is None:
            raise PermissionDenied
        year = int_param(request.POST, "year", min_value=2000, max_value=2100) or 0
        reason = request.POST.get("reason") or ""
        result, error = run(
            lambda: actions.pay_run_compute(area=area, year=year, reason=reason, actor=request.user)
        )
        if error:
            messages.error(request, error)
            return redirect("workforce:run_list")
        messages.success(request, _("Computed: a second administrator now approves the run."))
        return redirect(result.get_absolute_url())
    context = {
        "page_obj": paginate(request, selectors.run_list(user=request.user), PAGE_SIZE),
        "areas": areas,
        "tables": selectors.table_list(user=request.user),
        "trend": selectors.pay_trend(user=request.user),
        "posts": Post.choices,
    }
    if context["trend"]:  # the towns' averages of the latest approved year
        context["town_year"] = context["trend"][-1]["year"]
        context["towns"] = selectors.pay_by_town(user=request.user, year=context["town_year"])
    context["show_pay"] = perms.is_pay_admin(request.user)
    return render(request, "workforce/run_list.html", context)


@login_required
def run_detail(request, run_id: int):
    pay_run = found(selectors.run_get, user=request.user, run_id=run_id)
    post = choice_param(request.GET, "post", Post.values) or ""
    lines = selectors.run_lines(user=request.user, run=pay_run, post=post)
    context = {
        "run": pay_run,
        "averages": selectors.run_averages(run=pay_run),
        "page_obj": paginate(request, lines, PAGE_SIZE),
        "posts": Post.choices,
        "post": post,
        "query": query_string([("post", post)]),
        "can_approve": pay_run.status == "draft" and perms.can_approve_pay(request.user, pay_run),
        "can_export": perms.can_export_pay(request.user, pay_run),
    }
    context["show_pay"] = perms.is_pay_admin(request.user)
    return render(request, "workforce/run_detail.html", context)


@login_required
@require_POST
def run_approve(request, run_id: int):
    pay_run = found(selectors.run_get, user=request.user, run_id=run_id)
    call = lambda: actions.pay_run_approve(run=pay_run, actor=request.user)  # noqa: E731
    return step(request, call, _("Approved."), pay_run.get_absolute_url())


@login_required
@require_POST
def run_export(request, run_id: int):
    pay_run = found(selectors.run_get, user=request.user, run_id=run_id)
    purpose = request.POST.get("purpose") or ""
    data, error = run(
        lambda: actions.pay_run_export(run=pay_run, purpose=purpose, actor=request.user)
    )
    if error or data is None:
        messages.error(request, error or "")
        return redirect(pay_run.get_absolute_url())
    response = HttpResponse(data, content_type=XLSX_TYPE)
    name = f"pay-run-{pay_run.year}-{pay_run.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
