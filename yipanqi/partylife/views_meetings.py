"""Meeting pages: the branch's meetings, planning one, a meeting with its attendance (QR code
and list sign-in), recording, confirming and amending; a member's sign-in by QR."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, paginate, query_string, step, submit
from yipanqi.core.params import choice_param
from yipanqi.core.qr import qr_svg
from yipanqi.partylife import actions, permissions, selectors
from yipanqi.partylife.actions.meetings import MAX_PHOTOS, PHOTO_FOLDER
from yipanqi.partylife.choices import AttendanceStatus, MeetingKind, MeetingStatus
from yipanqi.partylife.forms import (
    AmendForm,
    MarkForm,
    MeetingForm,
    RecordForm,
    SignInForm,
    VenueBookingForm,
)
from yipanqi.partylife.models import Meeting
from yipanqi.venues import selectors as venue_selectors

PAGE_SIZE = 20


@login_required
def meeting_list(request, branch_id: int):
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    kind = choice_param(request.GET, "kind", MeetingKind.values) or ""
    status = choice_param(request.GET, "status", MeetingStatus.values) or ""
    rows = selectors.meeting_list(user=request.user, branch=branch, kind=kind, status=status)
    context = {
        "branch": branch,
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "kinds": MeetingKind.choices,
        "kind": kind,
        "statuses": MeetingStatus.choices,
        "status": status,
        "query": query_string([("kind", kind), ("status", status)]),
        "can_run": permissions.can_run_meetings(request.user, branch),
    }
    return render(request, "partylife/meeting_list.html", context)


@login_required
def meeting_new(request, branch_id: int):
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    if not permissions.can_run_meetings(request.user, branch):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    done = submit(
        request,
        form,
        lambda d: actions.meeting_plan(branch=branch, actor=request.user, **d),
        lambda m: m.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "partylife/meeting_form.html", {"form": form, "branch": branch})


def _labels() -> dict:
    return {f: Meeting._meta.get_field(f).verbose_name for f in ("topic", "place", "host",
            "minutes", "resolutions", "held_on")}  # fmt: skip


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    return _detail(request, meeting)


def _detail(request, meeting: Meeting, venue_form: VenueBookingForm | None = None):
    can_change = permissions.can_change_meeting(request.user, meeting)
    attendance = list(selectors.meeting_attendance(user=request.user, meeting=meeting))
    context = {
        "meeting": meeting,
        "attendance": attendance,
        "amendments": selectors.meeting_amendments(user=request.user, meeting=meeting),
        "can_change": can_change,
        "own": selectors.member_of_user(user=request.user),
        "photos": selectors.meeting_photos(meeting=meeting),
        "max_photos": MAX_PHOTOS,
        "tally": [
            (label, sum(1 for a in attendance if a.status == value))
            for value, label in AttendanceStatus.choices
        ],
    }
    if can_change:
        marked = {a.member_id for a in attendance}
        sign_in = reverse("partylife:sign_in", args=[meeting.pk])
        context |= {
            "unmarked": [
                m for m in selectors.branch_members(branch=meeting.branch) if m.pk not in marked
            ],
            "qr": qr_svg(
                request.build_absolute_uri(f"{sign_in}?code={meeting.sign_in_code}"),
                title=_("Sign-in QR code"),
            )
            if meeting.status == MeetingStatus.PLANNED
            else "",
            "record_form": RecordForm(initial={"host": meeting.host}),
            "amend_form": AmendForm(labels=_labels()),
            "statuses": MarkForm.base_fields["status"].choices,
        }
        if venue_form is not None or meeting.status == MeetingStatus.PLANNED:
            context["venue_form"] = venue_form or _venue_form(request.user, meeting)
    return render(request, "partylife/meeting_detail.html", context)


# A meeting's date gives the slot first offered: the morning, as most branch meetings are held.
VENUE_FROM, VENUE_TO = datetime.time(9), datetime.time(11)


def _venue_form(user, meeting: Meeting, data=None) -> VenueBookingForm:
    zone = timezone.get_default_timezone()
    initial = {
        "starts_at": datetime.datetime.combine(meeting.held_on, VENUE_FROM, zone),
        "ends_at": datetime.datetime.combine(meeting.held_on, VENUE_TO, zone),
    }
    return VenueBookingForm(
        data,
        initial=initial,
        venues=venue_selectors.bookable_venues(user=user),
        choices=venue_selectors.booker_options(user=user),
        prefix="venue",
    )


@login_required
def book_venue(request, meeting_id: int):
    """订场地: the planned meeting's venue booked through the venues app's action; a refusal
    (slot taken, not bookable, too soon) stands on the meeting page with what was typed."""
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    if not permissions.can_change_meeting(request.user, meeting):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(f"{meeting.get_absolute_url()}#venue")
    form = _venue_form(request.user, meeting, request.POST)

    def call(d: dict) -> Meeting:
        return actions.meeting_book_venue(
            meeting=meeting, venue=d["venue"], choice=form.options[d["choice"]],
            starts_at=d["starts_at"], ends_at=d["ends_at"], actor=request.user,
        )  # fmt: skip

    done = submit(request, form, call, lambda m: f"{m.get_absolute_url()}#venue")
    return done or _detail(request, meeting, venue_form=form)


@login_required
def sign_in(request, meeting_id: int):
    """扫码签到: the QR code opens this page with the code; the member confirms with one tap."""
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    member = selectors.member_of_user(user=request.user)
    form = SignInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if member is None:
        raise PermissionDenied
    done = submit(
        request,
        form,
        lambda d: actions.meeting_sign_in(
            meeting=meeting, member=member, code=d["code"], actor=request.user
        ),
        lambda _a: meeting.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "partylife/sign_in.html", {"meeting": meeting, "form": form})


MEETING_STEPS = ("mark", "record", "confirm", "amend", "cancel")


def _call(name: str, meeting: Meeting, post, user):
    if name == "mark":
        form = MarkForm(post)
        if not form.is_valid():
            raise Http404
        d = form.cleaned_data
        member = found(selectors.branch_members(branch=meeting.branch).get, pk=d["member"])
        return lambda: actions.meeting_mark(meeting=meeting, member=member, status=d["status"],
                                            reason=d.get("reason") or "", actor=user)  # fmt: skip
    if name == "record":
        form = RecordForm(post)
        d = form.cleaned_data if form.is_valid() else {"minutes": ""}
        return lambda: actions.meeting_record(meeting=meeting, minutes=d.get("minutes", ""),
                                              resolutions=d.get("resolutions", ""),
                                              host=d.get("host", ""), actor=user)  # fmt: skip
    if name == "amend":
        form = AmendForm(post, labels=_labels())
        d = form.cleaned_data if form.is_valid() else {"field": "", "value": "", "reason": ""}
        return lambda: actions.meeting_amend(meeting=meeting, field=d["field"], value=d["value"],
                                             reason=d["reason"], actor=user)  # fmt: skip
    if name == "confirm":
        return lambda: actions.meeting_confirm(meeting=meeting, actor=user)
    return lambda: actions.meeting_cancel(meeting=meeting, actor=user)


@login_required
@require_POST
def meeting_step(request, meeting_id: int, name: str):
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    if name not in MEETING_STEPS:
        raise Http404
    if not permissions.can_change_meeting(request.user, meeting):
        raise PermissionDenied
    call = _call(name, meeting, request.POST, request.user)
    return step(request, call, _("Saved."), meeting.get_absolute_url())


@login_required
@require_POST
@uploads.max_body_size(uploads.body_limit(files=1))
def photo_add(request, meeting_id: int):
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to add."))
        return redirect(meeting.get_absolute_url())
    return step(
        request,
        lambda: actions.meeting_photo_add(meeting=meeting, upload=upload, actor=request.user),
        _("Photo added."),
        meeting.get_absolute_url(),
    )


@login_required
def photo_show(request, photo_id: int):
    return uploads.served(
        selectors.meeting_photo_get, PHOTO_FOLDER, _photo_name, cache="private, max-age=3600",
        user=request.user, photo_id=photo_id,
    )  # fmt: skip


def _photo_name(photo) -> str:
    return f"meeting-{photo.meeting_id}-photo-{photo.pk}.{uploads.extension(photo.content_type)}"
