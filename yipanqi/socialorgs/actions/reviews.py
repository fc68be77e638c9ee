"""Expert review (专家评审): the funder assigns reviewers; a reviewer who is staff of the applicant or
a partner is excluded at once (回避), any other may declare a conflict of interest; the others
score every criterion within its range. When every reviewer not excluded has scored, the
application's mean and spread (highest minus lowest total) are fixed and it is reviewed."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, lock, require_permission, track
from yipanqi.socialorgs import permissions as perms
from yipanqi.socialorgs.actions._common import APPLICATION_FLOW, record_event
from yipanqi.socialorgs.choices import AppEventKind, AppStatus
from yipanqi.socialorgs.models import (
    Application,
    Criterion,
    OrgStaff,
    ReviewAssignment,
    ReviewScore,
)

CENT = Decimal("0.01")
STAFF_CONFLICT = "本组织或合作方工作人员，自动回避"


def _require_in_review(application: Application) -> None:
    if application.status != AppStatus.ELIGIBLE:
        raise Conflict(_("This application is not in expert review."), code="not_in_review")


@transaction.atomic
def reviewers_assign(
    *, application: Application, reviewers: Sequence[Any], actor: Actor
) -> list[ReviewAssignment]:
    """分配评审专家: staff of the applicant or a partner are recorded as excluded."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    _require_in_review(application)
    if not reviewers:
        raise Invalid(_("Choose at least one reviewer."), code="reviewers_required")
    orgs = {application.organisation_id, *application.partners.values_list("pk", flat=True)}
    insiders = set(
        OrgStaff.objects.filter(organisation_id__in=orgs).values_list("user_id", flat=True)
    )
    taken = set(application.reviews.values_list("reviewer_id", flat=True))
    rows = [
        ReviewAssignment(
            application=application,
            reviewer=r,
            conflict=r.pk in insiders,
            conflict_note=STAFF_CONFLICT if r.pk in insiders else "",
        )
        for r in {u.pk: u for u in reviewers}.values()
        if r.pk not in taken
    ]
    if not rows:
        raise Conflict(_("These reviewers are already assigned."), code="already_assigned")
    made = ReviewAssignment.objects.bulk_create(rows)
    record_event(application, actor=actor, kind=AppEventKind.REVIEWERS,
                 note=f"{len(made)} 位专家，其中 {sum(r.conflict for r in made)} 位回避")  # fmt: skip
    audit.record(
        actor=actor,
        action="socialorgs.application.reviewers_assigned",
        target=application,
        changes={"reviewers": [sorted(taken), sorted(taken | {r.reviewer_id for r in made})]},
        data={"excluded": sorted(r.reviewer_id for r in made if r.conflict)},
    )
    return made


def _complete_if_done(application: Application, actor: Actor) -> None:
    """Reviewed once everyone not excluded has scored (at least one has)."""
    reviews = list(application.reviews.all())
    valid = [r for r in reviews if not r.conflict]
    if not valid or any(r.submitted_at is None for r in valid):
        return
    totals = [r.total for r in valid if r.total is not None]
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, ROUND_HALF_UP)
    step = APPLICATION_FLOW.begin(application, actor=actor)
    step.move(AppStatus.REVIEWED, kind=AppEventKind.REVIEWED, note=str(mean))
    step.set(mean_score=mean, spread=max(totals) - min(totals))
    step.finish("reviewed", reviewers=len(valid), excluded=len(reviews) - len(valid))


@transaction.atomic
def review_declare_conflict(
    *, review: ReviewAssignment, note: str, actor: Actor
) -> ReviewAssignment:
    """回避: the reviewer declares a conflict of interest; their scores will not count."""
    review = lock(review)
    require_permission(actor, perms.can_score, review)
    application = lock(review.application)
    _require_in_review(application)
    if review.submitted_at is not None:
        raise Conflict(_("These scores are already submitted."), code="already_scored")
    edit = track(review, actor=actor)
    edit.set(conflict=True, conflict_note=text(note, "note", 300))
    edit.finish("socialorgs.review.conflict_declared")
    record_event(application, actor=actor, kind=AppEventKind.CONFLICT, note=review.conflict_note)
    _complete_if_done(application, actor)
    return review


def _clean_scores(criteria: Sequence[Criterion], scores: Mapping[Any, Any]) -> dict[int, Decimal]:
    """criterion id -> score: every criterion scored, each from 0 to its maximum (two decimals)."""
    cleaned, errors = {}, {}
    known = {c.pk: c for c in criteria}
    given = {}
    for key, raw in scores.items():
        try:
            given[int(key)] = raw
        except (TypeError, ValueError):
            raise Invalid(_("Unknown criterion."), code="unknown_criterion") from None
    if set(given) - set(known):
        raise Invalid(_("Unknown criterion."), code="unknown_criterion")
    for c in criteria:
        try:
            value = Decimal(str(given[c.pk])) if c.pk in given else None
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite() or value != value.quantize(CENT):
            errors[f"score_{c.pk}"] = [_("Enter a number with at most two decimals.")]
        elif not Decimal(0) <= value <= c.max_score:
            errors[f"score_{c.pk}"] = [
                _("%(name)s takes a score from 0 to %(max)s.")
                % {"name": c.name, "max": c.max_score}
            ]
        else:
            cleaned[c.pk] = value
    if errors:
        raise Invalid(
            _("Some scores are missing or outside their criterion's range."),
            code="score_out_of_range",
            fields=errors,
        )
    return cleaned


@transaction.atomic
def review_submit(
    *, review: ReviewAssignment, scores: Mapping[Any, Any], actor: Actor, comment: str = ""
) -> ReviewAssignment:
    """打分: the reviewer's scores per criterion, once; nothing is saved if one is out of range."""
    review = lock(review)
    require_permission(actor, perms.can_score, review)
    application = lock(review.application)
    _require_in_review(application)
    if review.conflict:
        raise Conflict(_("You are excluded from this review."), code="reviewer_excluded")
    if review.submitted_at is not None:
        raise Conflict(_("These scores are already submitted."), code="already_scored")
    criteria = list(Criterion.objects.filter(round_id=application.round_id))
    cleaned = _clean_scores(criteria, scores)
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=pk, value=value) for pk, value in cleaned.items()
    )
    edit = track(review, actor=actor)
    edit.set(total=sum(cleaned.values(), Decimal(0)).quantize(CENT), submitted_at=timezone.now())
    edit.finish(
        "socialorgs.review.submitted",
        also={f"score.{pk}": [None, str(v)] for pk, v in cleaned.items()},
    )
    note = text(comment, "comment", 500, required=False)
    record_event(application, actor=actor, kind=AppEventKind.SCORED, note=note)
    _complete_if_done(application, actor)
    return review
