"""Many assessments' sheets at once (the demo, an import of paper sheets): the same range checks,
reasons, transition table, permissions, score entries, event rows and one audit event per step as
the single actions record them, written in batches (docs/decisions/005)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.centres import permissions as perms
from yipanqi.centres.actions._common import ASSESSMENT_FLOW, clean_scores, indicators_of
from yipanqi.centres.choices import (
    AssessmentEventKind,
    AssessmentStatus,
    RoundStatus,
    ScoreLevel,
)
from yipanqi.centres.models import AssessmentEvent, AssessmentRound, CentreAssessment, ScoreEntry
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, require_permission, snapshot, user_of

# The steps a sheet goes through, in order: (status reached, level written, event kind, audit step)
STEPS = (
    (AssessmentStatus.SUBMITTED, ScoreLevel.SELF, AssessmentEventKind.SUBMITTED, "submitted"),
    (
        AssessmentStatus.STREET_REVIEWED,
        ScoreLevel.STREET,
        AssessmentEventKind.STREET_REVIEWED,
        "street_reviewed",
    ),
    (
        AssessmentStatus.DISTRICT_REVIEWED,
        ScoreLevel.DISTRICT,
        AssessmentEventKind.DISTRICT_REVIEWED,
        "district_reviewed",
    ),
)
CHECKS = {
    ScoreLevel.SELF: perms.can_speak_for_centre,
    ScoreLevel.STREET: perms.can_street_review,
    ScoreLevel.DISTRICT: perms.can_district_review,
}


@dataclass
class Sheet:
    """One assessment's scores up to the step `until` reaches (SELF: scores only, not submitted).

    `scores[level]`: indicator id -> (score, reason); `actors[level]` and `times[level]`: who
    gave them and when.
    """

    assessment: CentreAssessment
    until: str
    scores: dict[str, dict[int, tuple[Decimal, str]]]
    actors: dict[str, Actor]
    times: dict[str, datetime.datetime]
    entries: list[ScoreEntry] = field(default_factory=list)


@dataclass
class Batch:
    entries: list[ScoreEntry] = field(default_factory=list)
    events: list[AssessmentEvent] = field(default_factory=list)
    audits: list[Any] = field(default_factory=list)
    changed: list[CentreAssessment] = field(default_factory=list)


def _scores(sheet: Sheet, level: str, indicators: dict, batch: Batch) -> dict[str, list]:
    """Check and queue one level's scores; returns the audit changes."""
    given = sheet.scores.get(level, {})
    scheme = sheet.assessment.round.scheme
    cleaned = clean_scores(scheme, {k: v for k, (v, _r) in given.items()}, indicators)
    if level != ScoreLevel.SELF and any(not r.strip() for _v, r in given.values()):
        raise Invalid(_("A changed score needs its reason."), code="reason_required")
    missing = [i.name for pk, i in indicators.items() if pk not in cleaned]
    if level == ScoreLevel.SELF and sheet.until != AssessmentStatus.SELF and missing:
        message = _("Score every indicator first: %(names)s.") % {"names": "、".join(missing)}
        raise Invalid(message, code="scores_missing")
    at, who = sheet.times[level], user_of(sheet.actors[level])
    changes = {}
    for pk, (_indicator, value) in cleaned.items():
        reason = given[pk][1].strip()[:500]
        batch.entries.append(
            ScoreEntry(
                assessment=sheet.assessment,
                indicator_id=pk,
                level=level,
                value=value,
                reason=reason,
                given_by=who,
                created_at=at,
            )
        )
        changes[f"score.{pk}.{level}"] = [None, str(value)]
    return changes


def _record(sheet: Sheet, indicators: dict, batch: Batch) -> None:
    a = sheet.assessment
    if a.round.status != RoundStatus.OPEN:
        raise Conflict(_("This rating round is no longer open."), code="round_not_open")
    for status, level, kind, name in STEPS:
        actor = sheet.actors[level]
        require_permission(actor, CHECKS[level], a)
        changes = _scores(sheet, level, indicators, batch)
        if level == ScoreLevel.SELF:
            batch.audits.append(
                audit.new_event(
                    actor=actor, action="centres.assessment.scored", target=a, changes=changes
                )
            )
            changes = {}
        if sheet.until == AssessmentStatus.SELF:
            return
        ASSESSMENT_FLOW.check(a.status, status)
        before, old = snapshot(a), a.status
        a.status, a.version, a.updated_at = status, a.version + 1, sheet.times[level]
        batch.events.append(
            AssessmentEvent(
                assessment=a,
                kind=kind,
                actor=user_of(actor),
                from_status=old,
                to_status=status,
                created_at=sheet.times[level],
            )
        )
        changes = {**audit.diff(before, snapshot(a)), **changes}
        batch.audits.append(
            audit.new_event(
                actor=actor, action=f"centres.assessment.{name}", target=a, changes=changes
            )
        )
        if status == sheet.until:
            break
    batch.changed.append(a)


# The road of a sheet recorded in one go, in the order the transition table allows.
ROAD: list[str] = [
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.STREET_REVIEWED,
    AssessmentStatus.DISTRICT_REVIEWED,
    AssessmentStatus.PUBLISHED,
]


def _walk_statuses(changed: list[CentreAssessment]) -> None:
    """Write the statuses each sheet passed on its way, one UPDATE per step of the road for the
    sheets that got that far, so that the database's transition guard sees each allowed move."""
    reached = [ROAD.index(a.status) if a.status in ROAD else -1 for a in changed]
    for step, status in enumerate(ROAD):
        ids = [a.pk for a, last in zip(changed, reached, strict=True) if last >= step]
        if ids:
            CentreAssessment.objects.filter(pk__in=ids).update(status=status)


@transaction.atomic
def assessments_record_bulk(*, round_: AssessmentRound, sheets: list[Sheet], actor: Actor) -> int:
    """Record many sheets of one round in self-assessment; returns how many moved on."""
    require_permission(actor, perms.can_publish, round_)
    indicators = indicators_of(round_.scheme)
    batch = Batch()
    for sheet in sheets:
        if (
            sheet.assessment.round_id != round_.pk
            or sheet.assessment.status != AssessmentStatus.SELF
        ):
            raise Conflict(
                _("The self-assessment was already submitted."), code="already_submitted"
            )
        _record(sheet, indicators, batch)
    ScoreEntry.objects.bulk_create(batch.entries, batch_size=1000)
    _walk_statuses(batch.changed)
    # Sheets of one batch mostly end in the same step at the same time: one UPDATE per group.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for a in batch.changed:
        groups[a.status, a.version, a.updated_at].append(a.pk)
    for (status, version, at), ids in groups.items():
        CentreAssessment.objects.filter(pk__in=ids).update(
            status=status, version=version, updated_at=at
        )
    AssessmentEvent.objects.bulk_create(batch.events, batch_size=1000)
    audit.record_many(batch.audits)
    return len(batch.changed)
