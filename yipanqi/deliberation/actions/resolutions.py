"""决议: drafted on a scheduled topic during the meeting, voted seat by seat, decided under the
district's quorum and majority rule, published (公示) with names masked, rated by residents."""

import datetime
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yipanqi.core import audit, notify
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.workflow import created, snapshot
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation import policies, redact, rules
from yipanqi.deliberation.actions._common import (
    RESOLUTION_FLOW,
    TOPIC_FLOW,
    locked,
    record,
    require,
)
from yipanqi.deliberation.choices import (
    MeetingStatus,
    Outcome,
    ResolutionStatus,
    TopicStatus,
    VoteChoice,
)
from yipanqi.deliberation.models import Attendance, Rating, Resolution, Seat, Topic, Vote
from yipanqi.organisations.choices import BodyKind
from yipanqi.organisations.models import BodyMembership
from yipanqi.people.models import Person

REASONS = {
    "no_quorum": gettext_lazy("Too few voting seats are present to decide (quorum not met)."),
    "party_absent": gettext_lazy("Every party of the hall must be present to decide."),
}


@transaction.atomic
def resolution_draft(*, topic: Topic, text: str, actor: Any) -> Resolution:
    topic = locked(Topic, topic.pk, "body", "meeting")
    require(perms.can_manage(actor, topic.body))
    meeting = topic.meeting
    if topic.status != TopicStatus.SCHEDULED or meeting is None:
        raise Conflict(_("Only a topic on the agenda can be resolved."), code="not_on_agenda")
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise Conflict(_("Open the meeting first."), code="meeting_not_in_progress")
    if not text.strip():
        raise Invalid(_("Write the resolution."), code="text_required")
    resolution = Resolution(meeting=meeting, topic=topic, text=text.strip()[:4000])
    resolution.place_in(topic)
    try:
        with transaction.atomic():
            resolution.save()
    except IntegrityError as exc:
        raise Conflict(_("This topic already has a resolution."), code="already_drafted") from exc
    # The text itself stays out of the trail: it may name people until it is published scrubbed.
    changes = created(resolution, "meeting", "topic", "status")
    record(resolution, actor, "resolution.drafted", changes=changes, topic=topic.pk)
    return resolution


def _voting(resolution: Resolution) -> None:
    if resolution.status != ResolutionStatus.VOTING:
        raise Conflict(_("Voting on this resolution has ended."), code="voting_closed")
    if resolution.meeting.status != MeetingStatus.IN_PROGRESS:
        raise Conflict(_("Open the meeting first."), code="meeting_not_in_progress")


@transaction.atomic
def vote_record(
    *, resolution: Resolution, seat: Seat, choice: str, actor: Any, note: str = ""
) -> Vote:
    """One vote per seat (a DB constraint). A cast vote stands unless the district's policy
    `deliberation.vote_changes_allowed` lets it change while voting is open; recording the same
    vote again changes nothing. The audit event keeps the choice and note before and after.

    The secretary records votes on the meeting tablet; a seat holder may cast their own."""
    resolution = locked(Resolution, resolution.pk, "meeting__body")
    seat = Seat.objects.select_related("membership").get(pk=seat.pk)
    require(perms.can_manage(actor, resolution.meeting.body) or perms.own_seat(actor, seat))
    _voting(resolution)
    if choice not in VoteChoice.values:
        raise Invalid(_("Vote for, against or abstain."), code="bad_choice")
    if seat.body_id != resolution.meeting.body_id or not seat.votes:
        raise Invalid(_("This seat does not vote here."), code="seat_cannot_vote")
    if not Attendance.objects.filter(meeting=resolution.meeting, seat=seat, present=True).exists():
        raise Invalid(_("Only a seat present at the meeting votes."), code="seat_absent")
    after = {"choice": choice, "note": note.strip()[:500]}
    vote = Vote.objects.select_for_update().filter(resolution=resolution, seat=seat).first()
    before = {"choice": vote.choice, "note": vote.note} if vote else {}
    if vote is not None and before == after:
        return vote  # the same vote again (a re-sent page or request): nothing changes
    if vote is not None and not policies.VOTE_CHANGES.value(resolution.district_code):
        raise Conflict(
            _("This seat has already voted; a cast vote cannot be changed."),
            code="vote_already_cast",
        )
    fields = None if vote is None else ["choice", "note", "recorded_by", "updated_at"]
    if vote is None:
        vote = Vote(resolution=resolution, seat=seat)
        vote.place_in(resolution)
    old = snapshot(vote) if before else None
    vote.choice, vote.note = after["choice"], after["note"]
    vote.recorded_by = actor if getattr(actor, "pk", None) else None
    save_or_conflict(
        vote,
        _("This seat has already voted; a cast vote cannot be changed."),
        code="vote_already_cast",
        update_fields=fields,
    )
    audit.record(
        actor=actor,
        action="deliberation.vote.recorded",
        target=vote,
        changes=created(vote, "choice", "note") if old is None else audit.diff(old, snapshot(vote)),
        data={"choice": choice, "resolution": resolution.pk, "changed": bool(before)},
    )
    return vote


def count_votes(resolution: Resolution) -> tuple[rules.Count, dict[str, Any]]:
    """The count the rule needs, and the tally kept on the resolution (per party, dissent)."""
    seats = list(Seat.objects.filter(body=resolution.meeting.body).filter(votes=True))
    present = set(
        Attendance.objects.filter(meeting=resolution.meeting, present=True).values_list(
            "seat_id", flat=True
        )
    )
    votes = {v.seat_id: v for v in resolution.votes.all()}
    by_party: dict[str, Counter] = {}
    dissent = []
    for seat in seats:
        vote = votes.get(seat.pk) if seat.pk in present else None
        key = vote.choice if vote else ("not_voted" if seat.pk in present else "absent")
        by_party.setdefault(seat.party, Counter())[key] += 1
        if vote and vote.choice != VoteChoice.FOR:
            dissent.append({"party": seat.party, "choice": vote.choice, "note": vote.note})
    totals: Counter = sum(by_party.values(), Counter())
    # Only a four-party hall needs every party present; a council decides by its quorum alone.
    hall = resolution.meeting.body.kind == BodyKind.DELIBERATION_HALL
    absent = tuple(sorted(p for p, c in by_party.items() if c["absent"] == sum(c.values())))
    absent = absent if hall else ()
    count = rules.Count(
        seats=len(seats),
        present=len([s for s in seats if s.pk in present]),
        votes_for=totals[VoteChoice.FOR],
        against=totals[VoteChoice.AGAINST],
        abstain=totals[VoteChoice.ABSTAIN],
        parties_absent=absent,
    )
    tally = {
        "seats": count.seats,
        "present": count.present,
        "for": count.votes_for,
        "against": count.against,
        "abstain": count.abstain,
        "not_voted": totals["not_voted"],
        "by_party": {p: dict(c) for p, c in sorted(by_party.items())},
        "dissent": dissent,
    }
    return count, tally


@transaction.atomic
def resolution_resolve(*, resolution: Resolution, actor: Any) -> Resolution:
    """Decide under the district's rule; without a quorum nothing is decided (a 409 that says why)."""
    resolution = locked(Resolution, resolution.pk, "meeting__body")
    require(perms.can_manage(actor, resolution.meeting.body))
    _voting(resolution)
    rule = rules.Rule.of(resolution.district_code)
    count, tally = count_votes(resolution)
    decision = rules.decide(count, rule)
    if not decision.quorum_met:
        raise Conflict(REASONS[decision.reason], code=decision.reason)
    step = RESOLUTION_FLOW.begin(resolution, actor=actor)
    step.move(ResolutionStatus.DECIDED)
    step.set(
        outcome=Outcome.PASSED if decision.passed else Outcome.REJECTED,
        tally={**tally, "rule": rule.as_dict(), "reason": decision.reason},
        decided_at=timezone.now(),
    )
    topic = locked(Topic, resolution.topic_id)
    topic_step = TOPIC_FLOW.begin(topic, actor=actor)
    topic_step.move(TopicStatus.RESOLVED)
    topic_step.finish("resolved", resolution=resolution.pk)
    step.finish("decided", outcome=resolution.outcome, **count.__dict__)
    return resolution


def known_names(resolution: Resolution) -> list[str]:
    """Every name the public text might contain: the body's members, the raiser, the recorders."""
    names = list(
        BodyMembership.objects.filter(body_id=resolution.meeting.body_id).values_list(
            "member_name", flat=True
        )
    )
    raiser = resolution.topic.raised_by
    names += list(Person.objects.filter(user=raiser).values_list("name", flat=True))
    names += [getattr(raiser, "display_name", "") or ""]
    return names


@transaction.atomic
def resolution_publish(*, resolution: Resolution, actor: Any) -> Resolution:
    """公示: the sanitised title and text become public in the community for the policy period."""
    resolution = locked(Resolution, resolution.pk, "meeting__body", "topic__raised_by")
    require(perms.can_manage(actor, resolution.meeting.body))
    code = "already_published" if resolution.status == ResolutionStatus.PUBLISHED else None
    step = RESOLUTION_FLOW.begin(resolution, actor=actor)
    step.move(ResolutionStatus.PUBLISHED, code=code)
    names = known_names(resolution)
    published_at = timezone.now()
    days = int(policies.PUBLICATION_DAYS.value(resolution.district_code))
    step.set(
        public_title=redact.scrub(resolution.topic.title, names)[:100],
        public_text=redact.scrub(resolution.text, names),
        published_at=published_at,
        publish_until=timezone.localdate(published_at) + datetime.timedelta(days=days),
    )
    step.finish("published", until=str(resolution.publish_until))
    notify.notify(
        [resolution.topic.raised_by],
        title=_("The resolution on your topic is on public notice"),
        body=resolution.public_title,
        url=resolution.get_absolute_url(),
        topic=f"deliberation.resolution:{resolution.pk}:published",
    )
    return resolution


@transaction.atomic
def rating_submit(*, resolution: Resolution, score: int, actor: Any, comment: str = "") -> Rating:
    """满意度: one rating per resident per published resolution (a DB constraint)."""
    resolution = locked(Resolution, resolution.pk)
    require(perms.can_rate(actor, resolution))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise Invalid(_("Give a score from 1 to 5."), code="bad_score")
    rating = Rating(
        resolution=resolution,
        rated_by=actor,
        score=score,
        comment=redact.scrub(comment.strip()[:500]),
    )
    rating.place_in(resolution)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise Conflict(_("You have already rated this."), code="already_rated") from exc
    changes = created(rating, "resolution", "rated_by", "score")
    record(rating, actor, "rating.submitted", changes=changes, score=score)
    return rating
