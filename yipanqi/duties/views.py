"""Duties pages (phone first): the responsibility lists and one list with its items and progress;
access requests, filing one and deciding it; each town's and community's admitted duties; refused
tasks; the burden meter. Reads through selectors, writes through actions."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, paginate, step, submit
from yipanqi.core.params import choice_param, int_param
from yipanqi.duties import actions, evidence_files, selectors
from yipanqi.duties import permissions as perms
from yipanqi.duties.choices import RequestStatus
from yipanqi.duties.forms import (
    ItemForm,
    ListForm,
    ProgressForm,
    ReasonForm,
    RefusalForm,
    RequestForm,
)


def _year(request) -> int | None:
    return int_param(request.GET, "year", min_value=2000, max_value=2100)


def _pick(areas, pk) -> object:
    return next(a for a in areas if str(a.pk) == str(pk))


@login_required
def list_index(request):
    """责任清单: the lists in the user's scope; the level above starts a year's list."""
    areas = [
        a for a in selectors.list_areas(user=request.user) if perms.can_set_list(request.user, a)
    ]
    form = ListForm(request.POST or None, areas=areas) if areas else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied

        def create(d):
            area = _pick(areas, d["area"])
            return actions.duty_list_create(area=area, year=d["year"], actor=request.user)

        done = submit(request, form, create, lambda row: row.get_absolute_url())
        if done is not None:
            return done
    year = _year(request)
    rows = paginate(request, selectors.list_list(user=request.user, year=year), 30)
    return render(request, "duties/list_index.html", {"page_obj": rows, "form": form, "year": year})


@login_required
def list_detail(request, list_id: int):
    duty_list = found(selectors.list_get, user=request.user, list_id=list_id)
    can_set = perms.can_set_list(request.user, duty_list.area)
    form = ItemForm(request.POST or None) if can_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied

        def add(d):
            return actions.duty_item_add(duty_list=duty_list, actor=request.user, **d)

        done = submit(request, form, add, lambda _i: duty_list.get_absolute_url())
        if done is not None:
            return done
    items = selectors.item_list(user=request.user, duty_list=duty_list).prefetch_related("evidence")
    context = {"l": duty_list, "items": items, "form": form,
               "can_mark": perms.can_mark_progress(request.user, duty_list),
               "progress_form": ProgressForm()}  # fmt: skip
    return render(request, "duties/list_detail.html", context)


@login_required
@require_POST
@uploads.max_body_size(uploads.body_limit(1, evidence_files.MAX_BYTES))
def item_progress(request, item_id: int):
    item = found(selectors.item_get, user=request.user, item_id=item_id)
    form = ProgressForm(request.POST, request.FILES)
    back = item.duty_list.get_absolute_url()
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(back)
    d = form.cleaned_data
    call = lambda: actions.duty_item_progress(  # noqa: E731
        item=item, progress=d["progress"], note=d["note"], upload=d["upload"], actor=request.user
    )
    return step(request, call, _("Progress saved."), back)


@login_required
def evidence_file(request, evidence_id: int):
    """The file, only for users who may see its list, always as a download."""
    return evidence_files.FILES.download(
        selectors.evidence_get, user=request.user, evidence_id=evidence_id
    )


@login_required
def request_list(request):
    status = choice_param(request.GET, "status", RequestStatus.values, default="")
    year = _year(request)
    rows = paginate(
        request, selectors.request_list(user=request.user, status=status, year=year), 30
    )
    context = {"page_obj": rows, "status": status, "year": year, "statuses": RequestStatus.choices,
               "can_file": bool(selectors.filing_areas(user=request.user)),
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "duties/request_list.html", context)


def _file(request, areas, d):
    money = d.get("money_yuan") or Decimal(0)
    return actions.request_file(
        area=_pick(areas, d["area"]), level=d["level"], list_kind=d["list_kind"],
        department=d["department"], title=d["title"], basis=d["basis"],
        description=d["description"], authority=d["authority"] or "",
        staff_count=d["staff_count"] or 0, staff_note=d["staff_note"] or "",
        money_fen=int(money * 100), money_source=d["money_source"] or "",
        starts_on=d["starts_on"], actor=request.user,
    )  # fmt: skip


@login_required
def request_new(request):
    """准入申请: a department files a request (district or town administrators on its behalf)."""
    areas = selectors.filing_areas(user=request.user)
    if not areas:
        raise PermissionDenied
    form = RequestForm(request.POST or None, areas=areas)
    done = submit(request, form, lambda d: _file(request, areas, d), lambda r: r.get_absolute_url())
    if done is not None:
        return done
    return render(request, "duties/request_form.html", {"form": form})


@login_required
def request_detail(request, request_id: int):
    row = found(selectors.request_get, user=request.user, request_id=request_id)
    user = request.user
    is_open = row.status == RequestStatus.SUBMITTED
    context = {
        "r": row, "today": timezone.localdate(), "form": ReasonForm(),
        "can_decide": is_open and perms.can_decide(user, row),
        "can_withdraw": is_open and perms.can_withdraw(user, row),
        "can_retire": row.status == RequestStatus.APPROVED and perms.can_retire(user, row),
        "admitted": selectors.admitted_list(user=user, active=False).filter(request=row)[:200],
    }  # fmt: skip
    return render(request, "duties/request_detail.html", context)


STEPS = {
    "approve": lambda r, reason, user: actions.request_approve(request=r, note=reason, actor=user),
    "refuse": lambda r, reason, user: actions.request_refuse(request=r, reason=reason, actor=user),
    "withdraw": lambda r, reason, user: actions.request_withdraw(request=r, actor=user),
    "retire": lambda r, reason, user: actions.request_retire(request=r, reason=reason, actor=user),
}


@login_required
@require_POST
def request_step(request, request_id: int, step_name: str):
    row = found(selectors.request_get, user=request.user, request_id=request_id)
    act = STEPS.get(step_name)
    if act is None:
        raise Http404
    reason = str(request.POST.get("reason", ""))[:500]
    return step(
        request, lambda: act(row, reason, request.user), _("Saved."), row.get_absolute_url()
    )


@login_required
def admitted(request):
    """准入事项清单: the duties each town or community in the user's scope carries."""
    rows = paginate(request, selectors.admitted_list(user=request.user), 50)
    return render(request, "duties/admitted.html", {"page_obj": rows})


@login_required
def refusals(request):
    """拒绝记录: tasks refused as not admitted; a town or community records one here."""
    areas = selectors.refusing_areas(user=request.user)
    form = RefusalForm(request.POST or None, areas=areas) if areas else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied

        def record(d):
            area = _pick(areas, d.pop("area"))
            return actions.task_refuse(area=area, actor=request.user, **d)

        done = submit(request, form, record, lambda _r: "duties:refusals")
        if done is not None:
            return done
    rows = paginate(request, selectors.refusal_list(user=request.user, year=_year(request)), 30)
    return render(request, "duties/refusals.html", {"page_obj": rows, "form": form})


@login_required
def burden(request):
    """减负晴雨表: per community, admitted duties carried and tasks refused, by quarter."""
    today = timezone.localdate()
    year = _year(request) or today.year
    meters = selectors.burden(user=request.user, year=year, today=today)
    return render(request, "duties/burden.html", {"meters": meters, "year": year})
