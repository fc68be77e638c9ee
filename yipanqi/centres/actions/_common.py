"""What the centres' actions share: the two workflows, the event row, the scheme as numbers."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.centres import grading
from yipanqi.centres.choices import (
    ASSESSMENT_TRANSITION_NOT_ALLOWED,
    ASSESSMENT_TRANSITIONS,
    ROUND_TRANSITION_NOT_ALLOWED,
    ROUND_TRANSITIONS,
    AssessmentStatus,
    RoundStatus,
)
from yipanqi.centres.models import (
    AssessmentEvent,
    AssessmentRound,
    CentreAssessment,
    Indicator,
    RatingScheme,
    ScoreEntry,
)
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, Workflow, save_changed, user_of


def record_event(
    assessment: CentreAssessment,
    *,
    actor: Actor,
    old: str,
    new: str,
    kind: str,
    note: str = "",
) -> None:
    AssessmentEvent.objects.create(
        created_at=timezone.now(),  # read at call time (the demo replays its history)
        assessment=assessment,
        kind=kind,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        grade=assessment.grade,
        note=note[:1000],
    )


ASSESSMENT_FLOW = Workflow(
    table=ASSESSMENT_TRANSITIONS,
    statuses=AssessmentStatus,
    refusal=ASSESSMENT_TRANSITION_NOT_ALLOWED,
    audit_prefix="centres.assessment",
    event=record_event,
    model=CentreAssessment,
)
ROUND_FLOW = Workflow(
    table=ROUND_TRANSITIONS,
    statuses=RoundStatus,
    refusal=ROUND_TRANSITION_NOT_ALLOWED,
    audit_prefix="centres.round",
    model=AssessmentRound,
)


def require_open_round(assessment: CentreAssessment) -> None:
    if assessment.round.status != RoundStatus.OPEN:
        raise Conflict(_("This rating round is no longer open."), code="round_not_open")


def indicators_of(scheme: RatingScheme) -> dict[int, Indicator]:
    rows = Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension")
    return {i.pk: i for i in rows}


def clean_scores(
    scheme: RatingScheme,
    scores: dict[Any, Any],
    indicators: dict[int, Indicator] | None = None,
) -> dict[int, tuple[Indicator, Decimal]]:
    """indicator id -> (indicator, score) for the given scores; each must be a number within its
    indicator's range (0 … maximum, two decimals), else Invalid naming the field `score_<id>`."""
    indicators = indicators if indicators is not None else indicators_of(scheme)
    cleaned, errors = {}, {}
    for key, raw in scores.items():
        indicator = indicators.get(int(key))
        if indicator is None:
            raise Invalid(_("Unknown indicator."), code="unknown_indicator")
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
            errors[f"score_{indicator.pk}"] = [_("Enter a number with at most two decimals.")]
            continue
        if not Decimal(0) <= value <= indicator.max_score:
            errors[f"score_{indicator.pk}"] = [
                _("%(name)s takes a score from 0 to %(max)s.")
                % {"name": indicator.name, "max": indicator.max_score.normalize()}
            ]
            continue
        cleaned[indicator.pk] = (indicator, value)
    if errors:
        raise Invalid(
            _("Some scores are outside their indicator's range."),
            code="score_out_of_range",
            fields=errors,
        )
    return cleaned


def entries_of(assessment: CentreAssessment) -> list[tuple[int, str, Decimal]]:
    rows = ScoreEntry.objects.filter(assessment=assessment).order_by("id")
    return list(rows.values_list("indicator_id", "level", "value"))


@dataclass(frozen=True)
class SchemeNumbers:
    """A scheme's weights and thresholds, read once, for grading.compute."""

    dimensions: dict[int, Decimal]
    indicators: list[grading.IndicatorWeight]
    thresholds: list[tuple[str, Decimal]]

    def result(self, entries: list[tuple[int, str, Decimal]]) -> grading.Result:
        return grading.compute(
            dimensions=self.dimensions,
            indicators=self.indicators,
            thresholds=self.thresholds,
            scores=grading.effective_scores(entries),
        )


def scheme_numbers(scheme: RatingScheme) -> SchemeNumbers:
    return SchemeNumbers(
        dimensions={d.pk: d.weight for d in scheme.dimensions.all()},
        indicators=[
            grading.IndicatorWeight(i.pk, i.dimension_id, i.max_score, i.weight)
            for i in indicators_of(scheme).values()
        ],
        thresholds=list(scheme.thresholds.values_list("grade", "min_score")),
    )


def result_of(assessment: CentreAssessment) -> grading.Result:
    """The assessment's total and grade from the scores that count now (grading.compute)."""
    return scheme_numbers(assessment.round.scheme).result(entries_of(assessment))


def centre_grade_change(centre: Any, grade: str, total: Decimal | None) -> dict[str, list[Any]]:
    """The centre's current grade follows its latest published assessment; returns the change
    for the assessment's audit event."""
    before = [centre.grade, None if centre.score is None else str(centre.score)]
    centre.grade, centre.score = grade, total
    centre.save(update_fields=["grade", "score", "updated_at"])
    after = [grade, None if total is None else str(total)]
    if before == after:
        return {}
    return {"centre.grade": [before[0], after[0]], "centre.score": [before[1], after[1]]}


def finish_with(step: Any, name: str, also: dict[str, list[Any]], **data: Any) -> None:
    """Like Transition.finish, with the changes of related rows (scores, the centre) beside the
    row's own fields in the one audit event."""
    changes = step.changes()
    save_changed(step.obj, changes)
    audit.record(
        actor=step.actor,
        action=f"centres.assessment.{name}",
        target=step.obj,
        changes={**changes, **also},
        data=data,
    )
