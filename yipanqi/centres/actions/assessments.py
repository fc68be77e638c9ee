"""One centre's assessment: self-assessment indicator by indicator with evidence, submission, the
street's and the district's reviews (a changed score needs its reason; every score stays on
record), appeals within the window and their decision."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yipanqi.centres import evidence_files
from yipanqi.centres import permissions as perms
from yipanqi.centres.actions._common import (
    ASSESSMENT_FLOW,
    centre_grade_change,
    clean_scores,
    entries_of,
    finish_with,
    indicators_of,
    require_open_round,
    result_of,
)
from yipanqi.centres.choices import (
    AssessmentEventKind,
    AssessmentStatus,
    RoundStatus,
    ScoreLevel,
)
from yipanqi.centres.grading import effective_scores, latest_by_level
from yipanqi.centres.models import CentreAssessment, Evidence, Indicator, ScoreEntry
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, lock, require_permission, track, user_of

MAX_EVIDENCE_PER_INDICATOR = 5


def _locked(assessment: CentreAssessment) -> CentreAssessment:
    return lock(assessment, "centre", "round", "round__scheme")


def _write_scores(
    assessment: CentreAssessment,
    level: str,
    scores: dict[int, tuple[Indicator, Decimal]],
    reasons: dict[int, str],
    actor: Actor,
    *,
    reason_required: bool,
) -> dict[str, list[Any]]:
    """Add an entry for each score that differs from the one counting now; returns the changes
    (`score.<indicator id>.<level>`: [before, after]) for the audit event."""
    entries = entries_of(assessment)
    counting = effective_scores(entries)
    own = latest_by_level(entries)
    changes, rows, missing = {}, [], {}
    for pk, (_indicator, value) in scores.items():
        reference = own.get((pk, level)) if level == ScoreLevel.SELF else counting.get(pk)
        if reference is not None and reference == value:
            continue
        reason = (reasons.get(pk) or "").strip()
        if reason_required and not reason:
            missing[f"reason_{pk}"] = [_("Say why the score changes.")]
            continue
        rows.append(
            ScoreEntry(
                created_at=timezone.now(),
                assessment=assessment,
                indicator_id=pk,
                level=level,
                value=value,
                reason=reason[:500],
                given_by=user_of(actor),
            )
        )
        old = None if reference is None else str(reference)
        changes[f"score.{pk}.{level}"] = [old, str(value)]
    if missing:
        raise Invalid(
            _("A changed score needs its reason."), code="reason_required", fields=missing
        )
    ScoreEntry.objects.bulk_create(rows)
    return changes


def _int_keys(values: dict[Any, Any] | None) -> dict[int, Any]:
    return {int(k): v for k, v in (values or {}).items()}


@transaction.atomic
def assessment_self_assess(
    *,
    assessment: CentreAssessment,
    scores: dict[Any, Any],
    actor: Actor,
    notes: dict[Any, str] | None = None,
) -> CentreAssessment:
    """自评: the centre scores itself, indicator by indicator (again as often as it likes until it
    submits; each change is kept)."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_speak_for_centre, assessment)
    require_open_round(assessment)
    if assessment.status != AssessmentStatus.SELF:
        raise Conflict(_("The self-assessment was already submitted."), code="already_submitted")
    cleaned = clean_scores(assessment.round.scheme, scores)
    changes = _write_scores(
        assessment, ScoreLevel.SELF, cleaned, _int_keys(notes), actor, reason_required=False
    )
    track(assessment, actor=actor).finish("centres.assessment.scored", save=False, also=changes)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: CentreAssessment, actor: Actor) -> CentreAssessment:
    """提交: every indicator needs a self-assessment score first."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_speak_for_centre, assessment)
    require_open_round(assessment)
    scored = {i for i, level, _v in entries_of(assessment) if level == ScoreLevel.SELF}
    missing = [
        i.name for pk, i in indicators_of(assessment.round.scheme).items() if pk not in scored
    ]
    if missing and assessment.status == AssessmentStatus.SELF:
        message = _("Score every indicator first: %(names)s.") % {"names": "、".join(missing)}
        raise Invalid(message, code="scores_missing")
    step = ASSESSMENT_FLOW.begin(assessment, actor=actor)
    step.move(AssessmentStatus.SUBMITTED, kind=AssessmentEventKind.SUBMITTED)
    step.finish("submitted")
    return assessment


def _review(
    assessment: CentreAssessment,
    *,
    level: str,
    new: str,
    kind: str,
    scores: dict[Any, Any] | None,
    reasons: dict[Any, str] | None,
    actor: Actor,
) -> CentreAssessment:
    require_open_round(assessment)
    ASSESSMENT_FLOW.check(assessment.status, new)
    cleaned = clean_scores(assessment.round.scheme, scores or {})
    changes = _write_scores(
        assessment, level, cleaned, _int_keys(reasons), actor, reason_required=True
    )
    step = ASSESSMENT_FLOW.begin(assessment, actor=actor)
    note = ngettext("%(n)d score changed", "%(n)d scores changed", len(changes))
    step.move(new, kind=kind, note=note % {"n": len(changes)})
    finish_with(step, kind, changes)
    return assessment


@transaction.atomic
def assessment_street_review(
    *,
    assessment: CentreAssessment,
    actor: Actor,
    scores: dict[Any, Any] | None = None,
    reasons: dict[Any, str] | None = None,
) -> CentreAssessment:
    """街道审核: the street confirms the self-assessment or changes scores, each with a reason."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_street_review, assessment)
    return _review(
        assessment,
        level=ScoreLevel.STREET,
        new=AssessmentStatus.STREET_REVIEWED,
        kind=AssessmentEventKind.STREET_REVIEWED,
        scores=scores,
        reasons=reasons,
        actor=actor,
    )


@transaction.atomic
def assessment_district_review(
    *,
    assessment: CentreAssessment,
    actor: Actor,
    scores: dict[Any, Any] | None = None,
    reasons: dict[Any, str] | None = None,
) -> CentreAssessment:
    """区级复核: the district confirms or changes scores, each change with a reason."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_district_review, assessment)
    return _review(
        assessment,
        level=ScoreLevel.DISTRICT,
        new=AssessmentStatus.DISTRICT_REVIEWED,
        kind=AssessmentEventKind.DISTRICT_REVIEWED,
        scores=scores,
        reasons=reasons,
        actor=actor,
    )


@transaction.atomic
def evidence_attach(
    *, assessment: CentreAssessment, indicator: Indicator, upload: Any, actor: Actor
) -> Evidence:
    """佐证材料: a photo or PDF for one indicator, while the centre assesses itself or appeals."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_speak_for_centre, assessment)
    if assessment.status not in (AssessmentStatus.SELF, AssessmentStatus.APPEALED):
        raise Conflict(_("Evidence can no longer be added."), code="evidence_closed")
    if indicator.pk not in indicators_of(assessment.round.scheme):
        raise Invalid(_("Unknown indicator."), code="unknown_indicator")
    held = Evidence.objects.filter(assessment=assessment, indicator=indicator).count()
    if held >= MAX_EVIDENCE_PER_INDICATOR:
        message = _("At most %(n)d files per indicator.") % {"n": MAX_EVIDENCE_PER_INDICATOR}
        raise Invalid(message, code="too_many_files")
    content_type = evidence_files.FILES.check(upload)
    relative, path = evidence_files.FILES.store(upload)
    try:
        evidence = Evidence.objects.create(
            created_at=timezone.now(),
            assessment=assessment,
            indicator=indicator,
            stored_path=relative,
            content_type=content_type,
            size=upload.size,
            uploaded_by=user_of(actor),
        )
        audit.record(
            actor=actor,
            action="centres.evidence.added",
            target=assessment,
            changes={"evidence": [None, evidence.pk]},
            data={"indicator": indicator.pk, "type": content_type, "size": upload.size},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return evidence


def _reason(text: str) -> str:
    if not (text or "").strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    return text.strip()[:1000]


@transaction.atomic
def assessment_appeal(
    *, assessment: CentreAssessment, reason: str, actor: Actor
) -> CentreAssessment:
    """申诉: the centre contests its published grade, within the round's appeals window."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_speak_for_centre, assessment)
    round_ = assessment.round
    late = round_.appeals_until is None or timezone.now() > round_.appeals_until
    if round_.status != RoundStatus.PUBLISHED or late:
        raise Conflict(_("The appeals window is closed."), code="appeals_closed")
    reason = _reason(reason)
    step = ASSESSMENT_FLOW.begin(assessment, actor=actor)
    step.move(AssessmentStatus.APPEALED, kind=AssessmentEventKind.APPEALED, note=reason)
    step.set(appeal_reason=reason)
    step.finish("appealed")
    return assessment


def _is_latest_published(assessment: CentreAssessment) -> bool:
    later = CentreAssessment.objects.filter(
        centre=assessment.centre_id,
        status__in=(AssessmentStatus.PUBLISHED, AssessmentStatus.APPEALED),
        round__year__gt=assessment.round.year,
    )
    return not later.exists()


@transaction.atomic
def assessment_appeal_decide(
    *,
    assessment: CentreAssessment,
    upheld: bool,
    reason: str,
    actor: Actor,
    scores: dict[Any, Any] | None = None,
) -> CentreAssessment:
    """申诉处理: the district upholds the appeal (changing scores; the grade is computed again) or
    rejects it; either way with its reason."""
    assessment = _locked(assessment)
    require_permission(actor, perms.can_district_review, assessment)
    reason = _reason(reason)
    ASSESSMENT_FLOW.check(assessment.status, AssessmentStatus.PUBLISHED)
    changes: dict[str, list[Any]] = {}
    if upheld:
        cleaned = clean_scores(assessment.round.scheme, scores or {})
        reasons = dict.fromkeys(cleaned, reason)
        changes = _write_scores(
            assessment, ScoreLevel.DISTRICT, cleaned, reasons, actor, reason_required=True
        )
    step = ASSESSMENT_FLOW.begin(assessment, actor=actor)
    if upheld:
        result = result_of(assessment)
        step.set(total=result.total, grade=result.grade)
        if _is_latest_published(assessment):
            changes |= centre_grade_change(assessment.centre, result.grade, result.total)
    kind = AssessmentEventKind.APPEAL_UPHELD if upheld else AssessmentEventKind.APPEAL_REJECTED
    step.set(appeal_decision=reason)
    step.move(AssessmentStatus.PUBLISHED, kind=kind, note=reason)
    finish_with(step, kind, changes)
    return assessment
