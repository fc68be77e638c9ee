"""The 5A workflow: scores in range, review changes kept with their reasons, evidence checks,
the transition table, appeals within the window, and who may take each step."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yipanqi.centres import actions, evidence_files
from yipanqi.centres.choices import AssessmentStatus, RoundStatus, ScoreLevel
from yipanqi.centres.models import AssessmentEvent, Evidence, ScoreEntry
from yipanqi.centres.tests.factories import PDF, PNG, TEST, full_marks, reviewed, self_assessed
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_scores_outside_an_indicators_range_are_refused_and_nothing_is_kept(world):
    assessment = world.assessment(world.grassroots[0])
    first, second = world.indicators()[:2]
    bad = {first.pk: first.max_score + 1, second.pk: Decimal("-1")}
    with pytest.raises(Invalid) as refused:
        actions.assessment_self_assess(
            assessment=assessment, scores=bad, actor=world.personas["community_admin_a1"]
        )
    assert refused.value.code == "score_out_of_range"
    assert set(refused.value.fields) == {f"score_{first.pk}", f"score_{second.pk}"}
    assert not ScoreEntry.objects.filter(assessment=assessment).exists()
    with pytest.raises(Invalid):
        actions.assessment_self_assess(
            assessment=assessment, scores={first.pk: "7.125"}, actor=TEST
        )


def test_review_changes_are_kept_with_their_reasons(world):
    assessment = self_assessed(world, world.grassroots[0])
    first, second = world.indicators()[:2]
    street = world.personas["town_admin_a"]
    with pytest.raises(Invalid) as refused:
        actions.assessment_street_review(
            assessment=assessment, scores={first.pk: Decimal(6)}, actor=street
        )
    assert refused.value.code == "reason_required"
    assert assessment.status == AssessmentStatus.SUBMITTED
    actions.assessment_street_review(
        assessment=assessment,
        scores={first.pk: Decimal(6), second.pk: second.max_score},  # the second is unchanged
        reasons={first.pk: "台账缺三个月"},
        actor=street,
    )
    actions.assessment_district_review(
        assessment=assessment,
        scores={first.pk: Decimal("7.5")},
        reasons={first.pk: "现场补看台账"},
        actor=world.personas["district_admin"],
    )
    history = list(
        ScoreEntry.objects.filter(assessment=assessment, indicator=first)
        .order_by("id")
        .values_list("level", "value", "reason")
    )
    assert history == [
        (ScoreLevel.SELF, first.max_score, ""),
        (ScoreLevel.STREET, Decimal(6), "台账缺三个月"),
        (ScoreLevel.DISTRICT, Decimal("7.5"), "现场补看台账"),
    ]
    assert not ScoreEntry.objects.filter(assessment=assessment, indicator=second).exclude(
        level=ScoreLevel.SELF
    )
    event = AuditEvent.objects.filter(action="centres.assessment.street_reviewed").latest("id")
    assert event.changes[f"score.{first.pk}.street"] == [str(first.max_score), "6"]


def _upload(content: bytes, name: str = "f.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_evidence_of_the_wrong_type_or_too_large_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = world.assessment(world.grassroots[0])
    indicator = world.indicators()[0]
    who = world.personas["community_admin_a1"]
    with pytest.raises(Invalid) as wrong:
        actions.evidence_attach(
            assessment=assessment, indicator=indicator, upload=_upload(b"MZ\x90\x00" * 8), actor=who
        )
    assert wrong.value.code == "file_type"
    big = _upload(PNG + b"\x00" * evidence_files.MAX_BYTES)
    with pytest.raises(Invalid) as large:
        actions.evidence_attach(assessment=assessment, indicator=indicator, upload=big, actor=who)
    assert large.value.code == "file_too_large"
    assert not Evidence.objects.exists()
    for content in (PNG, PDF):
        actions.evidence_attach(
            assessment=assessment, indicator=indicator, upload=_upload(content), actor=who
        )
    kinds = set(Evidence.objects.values_list("content_type", flat=True))
    assert kinds == {"image/png", "application/pdf"}
    assert len(list(tmp_path.joinpath("centres").iterdir())) == 2


def test_steps_follow_the_transition_table(world):
    assessment = world.assessment(world.grassroots[0])
    with pytest.raises(Conflict) as early:
        actions.assessment_street_review(assessment=assessment, actor=TEST)
    assert early.value.code == "illegal_transition"
    with pytest.raises(Invalid) as missing:
        actions.assessment_submit(assessment=assessment, actor=TEST)
    assert missing.value.code == "scores_missing"


def test_only_the_right_people_take_each_step(world):
    p = world.personas
    assessment = world.assessment(world.grassroots[0])  # community A1's centre
    marks = full_marks(world)
    for outsider in ("community_admin_a2", "grid_worker_a1", "town_admin_a", "resident_a1"):
        with pytest.raises(Forbidden):
            actions.assessment_self_assess(assessment=assessment, scores=marks, actor=p[outsider])
    actions.assessment_self_assess(
        assessment=assessment, scores=marks, actor=p["community_admin_a1"]
    )
    actions.assessment_submit(assessment=assessment, actor=p["community_admin_a1"])
    with pytest.raises(Forbidden):
        actions.assessment_street_review(assessment=assessment, actor=p["community_admin_a1"])
    actions.assessment_street_review(assessment=assessment, actor=p["town_admin_a"])
    with pytest.raises(Forbidden):
        actions.assessment_district_review(assessment=assessment, actor=p["town_admin_a"])
    actions.assessment_district_review(assessment=assessment, actor=p["district_admin"])
    with pytest.raises(Forbidden):
        actions.round_publish(round_=world.round, actor=p["town_admin_a"])


def test_appeal_within_the_window_and_its_decision_regrades(world):
    centre = world.grassroots[0]
    low = full_marks(world, Decimal(5))
    reviewed(world, centre, low)
    actions.round_publish(round_=world.round, actor=TEST)
    assessment = world.assessment(centre)
    assert assessment.status == AssessmentStatus.PUBLISHED and assessment.grade == "1A"
    with pytest.raises(Invalid):
        actions.assessment_appeal(assessment=assessment, reason=" ", actor=TEST)
    actions.assessment_appeal(assessment=assessment, reason="台账已补齐", actor=TEST)
    actions.assessment_appeal_decide(
        assessment=assessment,
        upheld=True,
        reason="复核后调整",
        scores=full_marks(world),
        actor=world.personas["district_admin"],
    )
    assessment.refresh_from_db()
    centre.refresh_from_db()
    assert (assessment.status, assessment.grade, centre.grade) == ("published", "5A", "5A")
    kinds = list(
        AssessmentEvent.objects.filter(assessment=assessment).values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["appealed", "appeal_upheld"]


def test_no_appeal_after_the_window(world):
    centre = world.grassroots[1]
    reviewed(world, centre)
    actions.round_publish(round_=world.round, actor=TEST)
    later = timezone.now() + datetime.timedelta(days=world.round.appeal_days + 1)
    with mock.patch.object(timezone, "now", return_value=later):
        with pytest.raises(Conflict) as closed:
            actions.assessment_appeal(
                assessment=world.assessment(centre), reason="晚了", actor=TEST
            )
        assert closed.value.code == "appeals_closed"
        actions.round_close(round_=world.round, actor=TEST)
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CLOSED


def test_publishing_leaves_unreviewed_centres_without_grade(world):
    reviewed(world, world.grassroots[0])
    self_assessed(world, world.grassroots[1])
    actions.round_publish(round_=world.round, actor=TEST)
    assert world.assessment(world.grassroots[0]).status == AssessmentStatus.PUBLISHED
    stuck = world.assessment(world.grassroots[1])
    assert stuck.status == AssessmentStatus.SUBMITTED and stuck.grade == ""
    with pytest.raises(Conflict) as late:
        actions.assessment_street_review(assessment=stuck, actor=TEST)
    assert late.value.code == "round_not_open"


def _sheet(world, centre, until, street_reason="台账不全", top=None):
    first = world.indicators()[0]
    marks = full_marks(world)
    if top is not None:
        marks[first.pk] = top
    return actions.Sheet(
        assessment=world.assessment(centre),
        until=until,
        scores={
            ScoreLevel.SELF: {pk: (v, "") for pk, v in marks.items()},
            ScoreLevel.STREET: {first.pk: (Decimal(5), street_reason)},
            ScoreLevel.DISTRICT: {},
        },
        actors=dict.fromkeys(ScoreLevel.values, TEST),
        times=dict.fromkeys(ScoreLevel.values, timezone.now()),
    )


def test_bulk_sheets_keep_the_single_actions_rules(world):
    g = world.grassroots
    with pytest.raises(Invalid) as no_reason:
        actions.assessments_record_bulk(
            round_=world.round,
            sheets=[_sheet(world, g[0], AssessmentStatus.DISTRICT_REVIEWED, street_reason=" ")],
            actor=TEST,
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(Invalid) as too_high:
        actions.assessments_record_bulk(
            round_=world.round,
            sheets=[_sheet(world, g[0], AssessmentStatus.SUBMITTED, top=Decimal(11))],
            actor=TEST,
        )
    assert too_high.value.code == "score_out_of_range"
    with pytest.raises(Forbidden):
        actions.assessments_record_bulk(
            round_=world.round, sheets=[], actor=world.personas["town_admin_a"]
        )
    sheets = [
        _sheet(world, g[0], AssessmentStatus.DISTRICT_REVIEWED),
        _sheet(world, g[1], AssessmentStatus.SUBMITTED),
    ]
    assert actions.assessments_record_bulk(round_=world.round, sheets=sheets, actor=TEST) == 2
    first = world.assessment(g[0])
    assert first.status == AssessmentStatus.DISTRICT_REVIEWED and first.version == 3
    assert world.assessment(g[1]).status == AssessmentStatus.SUBMITTED
    kinds = list(first.events.values_list("kind", flat=True))
    assert kinds == ["opened", "submitted", "street_reviewed", "district_reviewed"]
    street = first.scores.get(level=ScoreLevel.STREET)
    assert (street.value, street.reason) == (Decimal(5), "台账不全")
    codes = AuditEvent.objects.filter(
        target_id=str(first.pk), action__startswith="centres.assessment."
    )
    assert sorted(codes.values_list("action", flat=True)) == [
        "centres.assessment.district_reviewed",
        "centres.assessment.scored",
        "centres.assessment.street_reviewed",
        "centres.assessment.submitted",
    ]
