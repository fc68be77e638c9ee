"""The centres app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yipanqi.centres import actions as centres
from yipanqi.centres.choices import CentreLevel
from yipanqi.centres.models import AssessmentRound
from yipanqi.centres.tests.factories import (
    PNG,
    TEST,
    build_centres_world,
    full_marks,
    reviewed,
    self_assessed,
)
from yipanqi.core.transition_guard import walk_to


def _world(w: Any) -> Any:
    if not hasattr(w, "_centres"):
        w._centres = build_centres_world(w.d)
    return w._centres


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _scheme_create(w: Any) -> Any:
    return _step(
        "centres.scheme.created",
        partial(centres.scheme_create_default, district=w.d.district, actor=TEST),
    )


def _revised_spec(scheme: Any) -> Any:
    from yipanqi.centres.selectors import scheme_spec

    spec = scheme_spec(scheme)
    spec.name = "党群服务中心5A评定标准(2022修订)"
    spec.dimensions[0].weight = Decimal(30)
    return spec


def _scheme_edit(w: Any) -> Any:
    c = _world(w)
    AssessmentRound.objects.filter(scheme=c.scheme).delete()  # unused: edited in place
    run = partial(centres.scheme_revise, scheme=c.scheme, spec=_revised_spec(c.scheme), actor=TEST)
    return _step("centres.scheme.edited", run, c.scheme, also=("content",))


def _scheme_edition(w: Any) -> Any:
    c = _world(w)  # its open round has used the scheme: an edit is a new edition
    run = partial(centres.scheme_revise, scheme=c.scheme, spec=_revised_spec(c.scheme), actor=TEST)
    return _step("centres.scheme.edition", run, also=("content",))


def _centre_create(w: Any) -> Any:
    c = _world(w)
    spec = centres.CentreSpec(
        area=w.d.communities[0],
        level=CentreLevel.GRASSROOTS,
        name="奉中社区第二服务站",
        parent=c.towns[0],
        latitude=Decimal("29.6601"),
        longitude=Decimal("121.4102"),
    )
    return _step("centres.centre.created", partial(centres.centre_create, spec=spec, actor=TEST))


def _centre_update(w: Any) -> Any:
    c = _world(w)
    centre = c.grassroots[0]
    run = partial(
        centres.centre_update,
        centre=centre,
        opening_hours="周一至周日 8:00–20:00",
        services=[],
        actor=w.p["community_admin_a1"],
    )
    return _step("centres.centre.updated", run, centre, also=("services",))


def _round_open(w: Any) -> Any:
    _world(w)
    for pk in AssessmentRound.objects.values_list("pk", flat=True):
        walk_to(AssessmentRound, pk, "closed")
    run = partial(
        centres.round_open, district=w.d.district, title="年度评定", year=2022, actor=TEST
    )
    return _step("centres.round.opened", run)


def _round_publish(w: Any) -> Any:
    c = _world(w)
    reviewed(c, c.grassroots[0])
    run = partial(centres.round_publish, round_=c.round, actor=w.p["district_admin"])
    return _step("centres.round.published", run, c.round)


def _round_close(w: Any) -> Any:
    c = _world(w)
    centres.round_publish(round_=c.round, actor=TEST)
    past = timezone.now() - datetime.timedelta(days=1)
    AssessmentRound.objects.filter(pk=c.round.pk).update(appeals_until=past)
    run = partial(centres.round_close, round_=c.round, actor=w.p["district_admin"])
    return _step("centres.round.closed", run, c.round)


def _self_assess(w: Any) -> Any:
    c = _world(w)
    assessment = c.assessment(c.grassroots[0])
    run = partial(
        centres.assessment_self_assess,
        assessment=assessment,
        scores=full_marks(c),
        actor=w.p["community_admin_a1"],
    )
    return _step("centres.assessment.scored", run, assessment, also=("score.",))


def _submit(w: Any) -> Any:
    c = _world(w)
    assessment = c.assessment(c.grassroots[0])
    centres.assessment_self_assess(assessment=assessment, scores=full_marks(c), actor=TEST)
    run = partial(centres.assessment_submit, assessment=assessment, actor=w.p["community_admin_a1"])
    return _step("centres.assessment.submitted", run, assessment)


def _street_review(w: Any) -> Any:
    c = _world(w)
    assessment = self_assessed(c, c.grassroots[0])
    first = c.indicators()[0]
    run = partial(
        centres.assessment_street_review,
        assessment=assessment,
        scores={first.pk: Decimal(4)},
        reasons={first.pk: "台账不全"},
        actor=w.p["town_admin_a"],
    )
    return _step("centres.assessment.street_reviewed", run, assessment, also=("score.",))


def _district_review(w: Any) -> Any:
    c = _world(w)
    assessment = self_assessed(c, c.grassroots[0])
    centres.assessment_street_review(assessment=assessment, actor=TEST)
    first = c.indicators()[0]
    run = partial(
        centres.assessment_district_review,
        assessment=assessment,
        scores={first.pk: Decimal(3)},
        reasons={first.pk: "现场复核"},
        actor=w.p["district_admin"],
    )
    return _step("centres.assessment.district_reviewed", run, assessment, also=("score.",))


def _evidence(w: Any) -> Any:
    c = _world(w)
    assessment = c.assessment(c.grassroots[0])
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    run = partial(
        centres.evidence_attach,
        assessment=assessment,
        indicator=c.indicators()[0],
        upload=upload,
        actor=w.p["community_admin_a1"],
    )
    return _step("centres.evidence.added", run, assessment, also=("evidence",))


def _published(w: Any) -> Any:
    c = _world(w)
    assessment = reviewed(c, c.grassroots[0], full_marks(c, Decimal(5)))
    centres.round_publish(round_=c.round, actor=TEST)
    assessment.refresh_from_db()
    return c, assessment


def _appeal(w: Any) -> Any:
    _c, assessment = _published(w)
    run = partial(
        centres.assessment_appeal,
        assessment=assessment,
        reason="请求复核",
        actor=w.p["community_admin_a1"],
    )
    return _step("centres.assessment.appealed", run, assessment)


def _appeal_decide(w: Any) -> Any:
    c, assessment = _published(w)
    centres.assessment_appeal(assessment=assessment, reason="请求复核", actor=TEST)
    run = partial(
        centres.assessment_appeal_decide,
        assessment=assessment,
        upheld=True,
        reason="复核后调整",
        scores=full_marks(c),
        actor=w.p["district_admin"],
    )
    return _step("centres.assessment.appeal_upheld", run, assessment, also=("score.", "centre."))


CASES = [
    (centres.scheme_create_default, _scheme_create),
    (centres.scheme_revise, _scheme_edit),
    (centres.scheme_revise, _scheme_edition),
    (centres.centre_create, _centre_create),
    (centres.centre_update, _centre_update),
    (centres.round_open, _round_open),
    (centres.round_publish, _round_publish),
    (centres.round_close, _round_close),
    (centres.assessment_self_assess, _self_assess),
    (centres.assessment_submit, _submit),
    (centres.assessment_street_review, _street_review),
    (centres.assessment_district_review, _district_review),
    (centres.evidence_attach, _evidence),
    (centres.assessment_appeal, _appeal),
    (centres.assessment_appeal_decide, _appeal_decide),
]
NOT_WALKED = {
    # Bulk twins of walked actions (the demo): the same events, checked by their own tests
    # (test_actions.test_bulk_sheets_keep_the_single_actions_rules).
    "centres.centres_create_bulk",
    "centres.assessments_record_bulk",
    # A district's default catalogue: rows of the district, no target; the names are the data.
    "centres.services_ensure_defaults",
}
