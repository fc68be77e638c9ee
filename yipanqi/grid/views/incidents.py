"""Incident pages: the phone report form, the list, one incident with its steps, its photos."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, paginate, run
from yipanqi.core.params import choice_param, id_param
from yipanqi.grid import actions, selectors
from yipanqi.grid.actions.incidents import MAX_PHOTOS, PHOTO_FOLDER
from yipanqi.grid.choices import IncidentStatus
from yipanqi.grid.forms import IncidentForm, StepForm
from yipanqi.grid.views._common import PAGE_SIZE


@login_required
def incident_list(request):
    status = choice_param(request.GET, "status", IncidentStatus.values)
    incidents = selectors.incident_list(
        user=request.user, status=status, grid_id=id_param(request.GET, "grid")
    )
    page = paginate(request, incidents, PAGE_SIZE)
    context = {
        "page_obj": page,
        "status": status,
        "statuses": IncidentStatus.choices,
        "query": f"status={status}" if status else "",
        "can_report": selectors.grids_for_reporting(user=request.user).exists(),
    }
    return render(request, "grid/incident_list.html", context)


def _report(request, form):
    d = form.cleaned_data
    with transaction.atomic():
        incident = actions.incident_report(
            grid=d["grid"],
            category=d["category"],
            place=d["place"],
            description=d["description"],
            idempotency_key=d["idempotency_key"],
            actor=request.user,
        )
        if not incident.photos.exists():  # not on a repeated submit
            for upload in d["photos"]:
                actions.incident_photo_attach(incident=incident, upload=upload, actor=request.user)
    return incident


@uploads.max_body_size(uploads.body_limit(files=MAX_PHOTOS))
@login_required
def incident_new(request):
    grids = selectors.grids_for_reporting(user=request.user)
    if not grids.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = IncidentForm(request.POST, request.FILES, grids=grids)
        if form.is_valid():
            incident, error = run(lambda: _report(request, form))
            if incident is not None:
                messages.success(request, _("Reported. The community will take it from here."))
                return redirect(incident.get_absolute_url())
            form.add_error(None, error)
    else:
        initial = {"grid": grids.first().pk, "idempotency_key": uuid.uuid4().hex}
        form = IncidentForm(initial=initial, grids=grids)
    single = grids.first() if grids.count() == 1 else None
    return render(request, "grid/incident_form.html", {"form": form, "single_grid": single})


@login_required
def incident_detail(request, incident_id: int):
    incident = found(lambda: selectors.incident_get(user=request.user, incident_id=incident_id))
    context = {
        "incident": incident,
        "events": selectors.incident_events(incident=incident),
        "photos": selectors.incident_photos(incident=incident),
        "steps": selectors.incident_steps(user=request.user, incident=incident),
        "form": StepForm(),
    }
    return render(request, "grid/incident_detail.html", context)


def _step(step: str, incident, form, actor):
    note = form.cleaned_data.get("note") or ""
    if step == "accept":
        return actions.incident_accept(incident=incident, actor=actor)
    if step == "handle":
        return actions.incident_handle(incident=incident, note=note, actor=actor)
    if step == "escalate":
        return actions.incident_escalate(incident=incident, reason=note, actor=actor)
    solved = form.cleaned_data.get("solved") != "no"
    return actions.incident_close(incident=incident, result=note, solved=solved, actor=actor)


@login_required
@require_POST
def incident_step(request, incident_id: int, step: str):
    incident = found(lambda: selectors.incident_get(user=request.user, incident_id=incident_id))
    if step not in selectors.STEPS:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()
    done, error = run(lambda: _step(step, incident, form, request.user))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(incident.get_absolute_url())


@login_required
def incident_photo(request, photo_id: int):
    """The file, only for users who may see its incident, always as a download (never inline)."""
    return uploads.served(
        selectors.incident_photo_get, PHOTO_FOLDER, _photo_name, user=request.user,
        photo_id=photo_id,
    )  # fmt: skip


def _photo_name(photo) -> str:
    return f"incident-{photo.incident_id}-photo-{photo.pk}.{uploads.extension(photo.content_type)}"
