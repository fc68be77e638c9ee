"""The 双报到 registration queue of a community: confirm, assign to a grid, or decline.

Each row's buttons post with htmx and get the row back; without JavaScript they post and redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, is_htmx, paginate, query_string, run, safe_next
from yipanqi.core.params import id_param
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.people import actions, permissions, selectors
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.forms import AssignForm, DeclineForm
from yipanqi.people.views._common import PAGE_SIZE

TABS = {
    "open": selectors.OPEN_REGISTRATION,
    RegistrationStatus.SUBMITTED: (RegistrationStatus.SUBMITTED,),
    RegistrationStatus.CONFIRMED: (RegistrationStatus.CONFIRMED,),
    RegistrationStatus.ASSIGNED: (RegistrationStatus.ASSIGNED,),
    "all": (),
}


def _rows(user, registrations) -> list[dict]:
    """Each registration with what the user may do to it and, for the assign select, its grids."""
    grids = selectors.grids_by_community(
        user=user, communities={r.community for r in registrations}
    )
    return [
        {
            "r": r,
            "can_decide": permissions.can_decide_registration(user, r),
            "grids": grids.get(r.community_id, []),
        }
        for r in registrations
    ]


@login_required
def registration_list(request):
    tab = request.GET.get("status", "open")
    tab = tab if tab in TABS else "open"
    community_id = id_param(request.GET, "community")
    registrations = selectors.registration_list(
        user=request.user, statuses=TABS[tab], community_id=community_id
    )
    page = paginate(request, registrations, PAGE_SIZE)
    context = {
        "page_obj": page,
        "rows": _rows(request.user, list(page)),
        "tab": tab,
        "tabs": [
            ("open", _("To handle")),
            (RegistrationStatus.SUBMITTED, _("To confirm")),
            (RegistrationStatus.CONFIRMED, _("To assign")),
            (RegistrationStatus.ASSIGNED, _("Assigned")),
            ("all", _("All")),
        ],
        "query": query_string([("status", tab), ("community", community_id)]),
        "next_url": request.get_full_path(),
    }
    return render(request, "people/registration_list.html", context)


@login_required
def registration_detail(request, registration_id: int):
    registration = found(
        selectors.registration_get, user=request.user, registration_id=registration_id
    )
    participations = selectors.participation_list(
        user=request.user, registration_id=registration.pk
    )
    context = {
        "row": _rows(request.user, [registration])[0],
        "participations": participations[:100],
        "member_visible": registration.member_id is not None
        and permissions.members_visible_to(request.user).filter(pk=registration.member_id).exists(),
        "next_url": request.get_full_path(),
    }
    return render(request, "people/registration_detail.html", context)


def _respond(request, registration_id: int, error: str | None, done: str):
    """The refreshed row for htmx, or a message and a redirect back to where the user was."""
    if is_htmx(request):
        registration = selectors.registration_get(
            user=request.user, registration_id=registration_id
        )
        row = _rows(request.user, [registration])[0]
        context = {
            "row": row,
            "error": error,
            "done": None if error else done,
            "next_url": safe_next(request, reverse("people:registration_list")),
        }
        return render(request, "people/includes/_registration_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, "people:registration_list"))


def _registration(request, registration_id: int):
    """A registration in scope (404 otherwise) that the user may decide on (403 otherwise)."""
    registration = found(
        selectors.registration_get, user=request.user, registration_id=registration_id
    )
    if not permissions.can_decide_registration(request.user, registration):
        raise PermissionDenied
    return registration


@login_required
@require_POST
def registration_confirm(request, registration_id: int):
    registration = _registration(request, registration_id)
    _result, error = run(
        lambda: actions.registration_confirm(registration=registration, actor=request.user)
    )
    return _respond(request, registration.pk, error, _("Registration confirmed."))


@login_required
@require_POST
def registration_assign(request, registration_id: int):
    registration = _registration(request, registration_id)
    community = registration.community
    grids = organisation_selectors.area_list(
        user=request.user, kinds=[AreaKind.GRID], under=community
    )
    form = AssignForm(request.POST, grids=grids)
    if not form.is_valid():
        return _respond(request, registration.pk, _("Choose a grid of this community."), "")
    _result, error = run(
        lambda: actions.registration_assign(
            registration=registration, grid=form.cleaned_data["grid"], actor=request.user
        )
    )
    return _respond(request, registration.pk, error, _("Assigned to the grid."))


@login_required
@require_POST
def registration_decline(request, registration_id: int):
    registration = _registration(request, registration_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _respond(request, registration.pk, _("Give a reason for declining."), "")
    _result, error = run(
        lambda: actions.registration_decline(
            registration=registration, reason=form.cleaned_data["reason"], actor=request.user
        )
    )
    return _respond(request, registration.pk, error, _("Registration declined."))
