"""Rating rounds (评定批次): the district opens one for every town and grassroots centre, publishes
the reviewed grades (grading.compute) and, after the appeals window, closes it."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.centres import permissions as perms
from yipanqi.centres.actions._common import ASSESSMENT_FLOW, ROUND_FLOW, scheme_numbers
from yipanqi.centres.choices import (
    AssessmentEventKind,
    AssessmentStatus,
    CentreLevel,
    RoundStatus,
)
from yipanqi.centres.models import (
    AssessmentEvent,
    AssessmentRound,
    CentreAssessment,
    RatingScheme,
    ScoreEntry,
    ServiceCentre,
)
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, created, lock, require_permission, snapshot, user_of
from yipanqi.organisations.models import Area

RATED_LEVELS = (CentreLevel.TOWN, CentreLevel.GRASSROOTS)  # the district centre runs the rating


@transaction.atomic
def round_open(
    *,
    district: Area,
    title: str,
    year: int,
    actor: Actor,
    appeal_days: int = 15,
    self_due: datetime.date | None = None,
) -> AssessmentRound:
    """开展评定: one assessment per town and grassroots centre of the district, in self-assessment."""
    require_permission(actor, perms.can_manage_network, district)
    scheme = RatingScheme.objects.filter(district_code=district.district_code, active=True).first()
    if scheme is None:
        raise Conflict(_("Set up the rating scheme first."), code="no_scheme")
    if not title.strip():
        raise Invalid(_("Give the round a title."), code="title_required")
    if not 0 < appeal_days <= 90:
        raise Invalid(_("The appeals window is 1 to 90 days."), code="bad_appeal_days")
    round_ = AssessmentRound(
        scheme=scheme,
        title=title.strip()[:100],
        year=year,
        appeal_days=appeal_days,
        self_due=self_due,
        opened_by=user_of(actor),
    )
    round_.place_in(district)
    round_.save()
    centres = ServiceCentre.objects.filter(
        district_code=district.district_code, level__in=RATED_LEVELS
    )
    assessments = CentreAssessment.objects.bulk_create(
        CentreAssessment(
            round=round_,
            centre_id=c.pk,
            scope_path=c.scope_path,
            district_code=c.district_code,
        )
        for c in centres.only("pk", "scope_path", "district_code")
    )
    actor_user, now = user_of(actor), timezone.now()
    AssessmentEvent.objects.bulk_create(
        AssessmentEvent(
            assessment=a,
            kind=AssessmentEventKind.OPENED,
            actor=actor_user,
            to_status=a.status,
            created_at=now,
        )
        for a in assessments
    )
    ids = [a.pk for a in assessments]
    audit.record(
        actor=actor,
        action="centres.round.opened",
        target=round_,
        changes=created(round_, "title", "year", "scheme", "status", "appeal_days"),
        data={"assessments": len(ids), "ids": [min(ids), max(ids)] if ids else []},
    )
    return round_


def _entries_by_assessment(ids: list[int]) -> dict[int, list[tuple[int, str, Decimal]]]:
    entries: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    rows = ScoreEntry.objects.filter(assessment__in=ids).order_by("id")
    for a_id, *entry in rows.values_list("assessment_id", "indicator_id", "level", "value"):
        entries[a_id].append(tuple(entry))  # type: ignore[arg-type]
    return entries


def _publish_all(round_: AssessmentRound, actor: Actor, now: datetime.datetime) -> int:
    """Grade every district-reviewed assessment of the round in a few queries (a district's
    round is hundreds of centres): one event row and one audit event per assessment, as a
    single step would record them, and each centre's current grade."""
    rows = list(
        CentreAssessment.objects.select_for_update(of=("self",))
        .filter(round=round_, status=AssessmentStatus.DISTRICT_REVIEWED)
        .select_related("centre")
    )
    numbers = scheme_numbers(round_.scheme)
    entries = _entries_by_assessment([a.pk for a in rows])
    events, audits, user = [], [], user_of(actor)
    for a in rows:
        ASSESSMENT_FLOW.check(a.status, AssessmentStatus.PUBLISHED)
        result = numbers.result(entries[a.pk])
        before, old = snapshot(a), a.status
        a.status, a.version, a.updated_at = AssessmentStatus.PUBLISHED, a.version + 1, now
        a.total, a.grade, a.published_at = result.total, result.grade, now
        centre = a.centre
        also = {
            "centre.grade": [centre.grade, result.grade],
            "centre.score": [None if centre.score is None else str(centre.score), str(a.total)],
        }
        centre.grade, centre.score, centre.updated_at = result.grade, result.total, now
        events.append(
            AssessmentEvent(
                assessment=a,
                kind=AssessmentEventKind.PUBLISHED,
                actor=user,
                from_status=old,
                to_status=a.status,
                grade=a.grade,
                created_at=now,
            )
        )
        changes = {**audit.diff(before, snapshot(a)), **also}
        audits.append(
            audit.new_event(
                actor=actor, action="centres.assessment.published", target=a, changes=changes
            )
        )
    fields = ["status", "version", "total", "grade", "published_at", "updated_at"]
    CentreAssessment.objects.bulk_update(rows, fields, batch_size=500)
    centres = [a.centre for a in rows]
    ServiceCentre.objects.bulk_update(centres, ["grade", "score", "updated_at"], batch_size=500)
    AssessmentEvent.objects.bulk_create(events, batch_size=500)
    audit.record_many(audits)
    return len(rows)


@transaction.atomic
def round_publish(*, round_: AssessmentRound, actor: Actor) -> AssessmentRound:
    """公布: every assessment the district has reviewed gets its grade; the appeals window opens.
    Centres not reviewed by then get no grade in this round."""
    round_ = lock(round_)
    require_permission(actor, perms.can_publish, round_)
    now = timezone.now()
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.PUBLISHED)
    step.set(published_at=now, appeals_until=now + datetime.timedelta(days=round_.appeal_days))
    count = _publish_all(round_, actor, now)
    step.finish("published", graded=count)
    return round_


@transaction.atomic
def round_close(*, round_: AssessmentRound, actor: Actor) -> AssessmentRound:
    """After the appeals window: no more appeals; open appeals must be decided first."""
    round_ = lock(round_)
    require_permission(actor, perms.can_publish, round_)
    if round_.appeals_until and timezone.now() < round_.appeals_until:
        raise Conflict(_("The appeals window is still open."), code="appeals_open")
    if round_.assessments.filter(status=AssessmentStatus.APPEALED).exists():
        raise Conflict(_("Decide the open appeals first."), code="appeals_pending")
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.CLOSED)
    step.finish("closed")
    return round_
