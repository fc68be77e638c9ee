"""The meeting page, built for a tablet on the table (768×1024): attendance, minutes, the agenda
with a resolution per topic, votes seat by seat, resolve and publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, step
from yipanqi.core.params import id_list_param, id_param, int_param
from yipanqi.deliberation import actions, policies, selectors
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.actions.photos import MAX_PHOTOS
from yipanqi.deliberation.choices import VoteChoice
from yipanqi.deliberation.forms import FollowUpForm


def _meeting(request, meeting_id: int):
    return found(lambda: selectors.meeting_get(user=request.user, meeting_id=meeting_id))


def _resolution(request, resolution_id: int):
    return found(lambda: selectors.resolution_get(user=request.user, resolution_id=resolution_id))


@login_required
def meeting(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    sheet = selectors.meeting_sheet(meeting=meeting)
    context = {
        "meeting": meeting,
        "sheet": sheet,
        "can_manage": perms.can_manage(request.user, meeting.body),
        "photos": selectors.meeting_photos(meeting=meeting),
        "max_photos": MAX_PHOTOS,
        "vote_choices": VoteChoice.choices,
        "votes_changeable": policies.VOTE_CHANGES.value(meeting.district_code),
        "follow_up_form": FollowUpForm(seats=meeting.body.seats.none()),
        "seat_choices": [
            (r.seat.pk, f"{r.seat.get_party_display()} · {r.seat.membership.member_name}")
            for r in sheet.rows
        ],
    }
    return render(request, "deliberation/meeting_detail.html", context)


def _meeting_step(request, meeting_id: int, call, done: str):
    meeting = _meeting(request, meeting_id)
    return step(request, lambda: call(meeting), done, meeting.get_absolute_url())


@login_required
@require_POST
def meeting_open(request, meeting_id: int):
    return _meeting_step(
        request,
        meeting_id,
        lambda m: actions.meeting_open(meeting=m, actor=request.user),
        _("The meeting is open."),
    )


@login_required
@require_POST
def meeting_close(request, meeting_id: int):
    return _meeting_step(
        request,
        meeting_id,
        lambda m: actions.meeting_close(meeting=m, actor=request.user),
        _("The meeting is closed."),
    )


@login_required
@require_POST
def attendance(request, meeting_id: int):
    present = id_list_param(request.POST, "present")
    return _meeting_step(
        request,
        meeting_id,
        lambda m: actions.attendance_set(meeting=m, present=present, actor=request.user),
        _("Attendance saved."),
    )


@login_required
@require_POST
def minutes(request, meeting_id: int):
    text = request.POST.get("minutes", "")
    expected = int_param(request.POST, "version", min_value=0)
    return _meeting_step(
        request,
        meeting_id,
        lambda m: actions.minutes_save(
            meeting=m, minutes=text, expected_version=expected, actor=request.user
        ),
        _("Minutes saved."),
    )


@login_required
@require_POST
def agenda_add(request, meeting_id: int):
    topic_id = id_param(request.POST, "topic", default=0)
    meeting = _meeting(request, meeting_id)
    topic = found(lambda: selectors.topic_get(user=request.user, topic_id=topic_id))
    return step(
        request,
        lambda: actions.agenda_add(meeting=meeting, topic=topic, actor=request.user),
        _("Added to the agenda."),
        meeting.get_absolute_url(),
    )


@login_required
@require_POST
def resolution_draft(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    topic_id = id_param(request.POST, "topic", default=0)
    topic = found(lambda: meeting.agenda.get(pk=topic_id))
    text = request.POST.get("text", "")
    return step(
        request,
        lambda: actions.resolution_draft(topic=topic, text=text, actor=request.user),
        _("Resolution drafted; record the votes."),
        meeting.get_absolute_url() + f"#topic-{topic.pk}",
    )


@transaction.atomic
def _record_votes(request, resolution) -> int:
    """Each `vote-<seat id>` field posted is one seat's vote; blank fields are skipped. All or
    nothing: one refused vote (say a cast vote changed from a stale page) records none."""
    seats = {str(s.pk): s for s in resolution.meeting.body.seats.all()}
    recorded = 0
    for key, choice in request.POST.items():
        if not key.startswith("vote-") or not choice:
            continue
        seat = seats.get(key[5:])
        if seat is None:
            continue
        note = request.POST.get(f"note-{seat.pk}", "")
        actions.vote_record(
            resolution=resolution, seat=seat, choice=choice, note=note, actor=request.user
        )
        recorded += 1
    return recorded


@login_required
@require_POST
def votes(request, resolution_id: int):
    resolution = _resolution(request, resolution_id)
    back = resolution.meeting.get_absolute_url() + f"#topic-{resolution.topic_id}"
    return step(request, lambda: _record_votes(request, resolution), _("Votes recorded."), back)


@login_required
@require_POST
def resolve(request, resolution_id: int):
    resolution = _resolution(request, resolution_id)
    back = resolution.meeting.get_absolute_url() + f"#topic-{resolution.topic_id}"
    return step(
        request,
        lambda: actions.resolution_resolve(resolution=resolution, actor=request.user),
        _("The resolution is decided."),
        back,
    )


@login_required
@require_POST
def publish(request, resolution_id: int):
    resolution = _resolution(request, resolution_id)
    back = resolution.meeting.get_absolute_url() + f"#topic-{resolution.topic_id}"
    return step(
        request,
        lambda: actions.resolution_publish(resolution=resolution, actor=request.user),
        _("The resolution is on public notice."),
        back,
    )


@login_required
@require_POST
def follow_up_new(request, resolution_id: int):
    resolution = _resolution(request, resolution_id)
    back = resolution.meeting.get_absolute_url() + f"#topic-{resolution.topic_id}"
    form = FollowUpForm(request.POST, seats=resolution.meeting.body.seats.all())
    if not form.is_valid():
        messages.error(request, _("Name the task and who owns it."))
        return redirect(back)
    d = form.cleaned_data
    return step(
        request,
        lambda: actions.followup_create(
            resolution=resolution,
            title=d["title"],
            owner_seat=d["owner_seat"],
            owner_name=d["owner_name"],
            due_on=d["due_on"],
            actor=request.user,
        ),
        _("Follow-up task added."),
        back,
    )
