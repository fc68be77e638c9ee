"""The actions: the venture round from call to close, tranche gating by the mid-term review,
conflicts of interest excluded from the mean, exact money, bad input refused with nothing
half-saved; incubation; matching a need to an offer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import (
    AppStatus,
    IncubationStage,
    NeedStatus,
    RoundStatus,
    TrancheStatus,
)
from yipanqi.socialorgs.models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    ReviewScore,
    Tranche,
    VentureRound,
)
from yipanqi.socialorgs.tests.factories import TEST, _end_notice, _fresh

pytestmark = pytest.mark.django_db


def test_an_application_runs_from_call_to_close_with_an_event_per_step(world):
    app = world.app_in(AppStatus.CLOSED)

    kinds = list(ApplicationEvent.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds == [
        "submitted", "screened", "reviewers", "scored", "scored", "reviewed", "publicised",
        "approved", "signed", "midterm", "final", "closed",
    ]  # fmt: skip
    assert app.granted_fen == app.budget_fen == 1_500_000
    assert app.mean_score == Decimal("80.00") and app.spread == Decimal("0.00")
    codes = set(
        AuditEvent.objects.filter(action__startswith="socialorgs.").values_list("action", flat=True)
    )
    assert {"socialorgs.application.submitted", "socialorgs.application.signed",
            "socialorgs.round.approved", "socialorgs.review.submitted"} <= codes  # fmt: skip


def test_the_budget_over_the_cap_is_refused_and_nothing_is_saved(world):
    with pytest.raises(Invalid) as error:
        world.apply("a", fen=2_000_001)

    assert error.value.code == "over_cap"
    assert "20,000" in str(error.value.message)
    assert not Application.objects.exists() and not BudgetLine.objects.exists()


def test_an_application_after_the_window_is_refused(world):
    VentureRound.objects.filter(pk=world.round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    world.round.refresh_from_db()

    with pytest.raises(Conflict) as error:
        world.apply("a")

    assert error.value.code == "outside_window"


def test_only_the_organisations_staff_apply(world):
    with pytest.raises(Forbidden):
        actions.application_submit(
            round_=world.round, organisation=world.orgs["a"], title="冒名申报", theme="governance",
            lines=[("经费", 100)], actor=world.personas["staff_b"],
        )  # fmt: skip


def test_a_score_outside_the_criterion_range_is_refused_and_nothing_is_saved(world):
    app = world.app_in(AppStatus.ELIGIBLE)
    actions.reviewers_assign(application=app, reviewers=world.reviewers[:1], actor=world.funder)
    review = app.reviews.get()
    first, second = world.round.criteria.all()

    with pytest.raises(Invalid) as error:
        actions.review_submit(review=review, scores={first.pk: 51, second.pk: 30},
                              actor=review.reviewer)  # fmt: skip

    assert error.value.code == "score_out_of_range"
    assert f"score_{first.pk}" in error.value.fields
    assert not ReviewScore.objects.exists()
    review.refresh_from_db()
    assert review.submitted_at is None


def test_a_declared_conflict_is_excluded_from_the_mean(world):
    app = world.app_in(AppStatus.ELIGIBLE)
    actions.reviewers_assign(application=app, reviewers=world.reviewers, actor=world.funder)
    r1, r2, r3 = app.reviews.order_by("id")
    first, second = world.round.criteria.all()
    actions.review_declare_conflict(review=r3, note="申报方负责人系本人亲属", actor=r3.reviewer)
    actions.review_submit(review=r1, scores={first.pk: 45, second.pk: 40}, actor=r1.reviewer)
    actions.review_submit(review=r2, scores={first.pk: "35.5", second.pk: 30}, actor=r2.reviewer)

    app = _fresh(app)
    assert app.status == AppStatus.REVIEWED
    assert app.mean_score == Decimal("75.25")  # (85 + 65.5) / 2: the excluded reviewer is out
    assert app.spread == Decimal("19.50")
    with pytest.raises(Conflict) as error:
        actions.review_submit(review=r3, scores={first.pk: 1, second.pk: 1}, actor=r3.reviewer)
    assert error.value.code in ("reviewer_excluded", "not_in_review")


def test_the_applicants_own_staff_are_excluded_on_assignment(world):
    app = world.app_in(AppStatus.ELIGIBLE)
    made = actions.reviewers_assign(
        application=app,
        reviewers=[world.personas["staff_a"], world.reviewers[0]],
        actor=world.funder,
    )

    assert {r.reviewer_id: r.conflict for r in made} == {
        world.personas["staff_a"].pk: True, world.reviewers[0].pk: False,
    }  # fmt: skip


def test_only_the_assigned_reviewer_scores(world):
    app = world.app_in(AppStatus.ELIGIBLE)
    actions.reviewers_assign(application=app, reviewers=world.reviewers[:1], actor=world.funder)
    review = app.reviews.get()

    with pytest.raises(Forbidden):
        actions.review_submit(review=review, scores={}, actor=world.reviewers[1])


def test_tranches_sum_exactly_and_the_last_waits_for_the_midterm_review(world):
    app = world.app_in(AppStatus.APPROVED, fen=1_999_999)
    actions.application_sign(application=app, agreement_no="FH-1", actor=world.funder)
    first, last = Tranche.objects.filter(application=app).order_by("number")

    assert (first.amount_fen, last.amount_fen) == (1_199_999, 800_000)
    assert first.amount_fen + last.amount_fen == 1_999_999
    with pytest.raises(Conflict) as error:
        actions.tranche_pay(tranche=last, actor=world.funder)
    assert error.value.code in ("tranche_gated", "tranche_order")
    actions.tranche_pay(tranche=first, actor=world.funder)
    with pytest.raises(Conflict) as error:
        actions.tranche_pay(tranche=last, actor=world.funder)
    assert error.value.code == "tranche_gated"

    actions.application_midterm(
        application=_fresh(app), passed=True, note="通过", actor=world.funder
    )
    actions.tranche_pay(tranche=last, actor=world.funder)
    assert set(Tranche.objects.filter(application=app).values_list("status", flat=True)) == {"paid"}


def test_a_failed_midterm_review_stops_the_last_tranche(world):
    app = world.app_in(AppStatus.SIGNED)
    first, last = Tranche.objects.filter(application=app).order_by("number")
    actions.tranche_pay(tranche=first, actor=world.funder)

    actions.application_midterm(
        application=app, passed=False, note="活动未按计划开展", actor=world.funder
    )

    assert _fresh(app).status == AppStatus.STOPPED
    last.refresh_from_db()
    assert last.status == TrancheStatus.STOPPED
    with pytest.raises(Conflict) as error:
        actions.tranche_pay(tranche=last, actor=world.funder)
    assert error.value.code == "payment_stopped"


def test_a_late_midterm_report_counts_as_failed(world):
    app = world.app_in(AppStatus.SIGNED)
    due = timezone.localdate() - datetime.timedelta(days=3)
    VentureRound.objects.filter(pk=world.round.pk).update(midterm_due=due)

    actions.application_midterm(application=_fresh(app), passed=True, note="材料齐全",
                                reported_on=due + datetime.timedelta(days=1), actor=world.funder)  # fmt: skip

    app = _fresh(app)
    assert app.status == AppStatus.STOPPED
    assert "逾期" in app.midterm_note


def test_publicity_ranks_within_the_total_and_declines_below_the_pass_mark(world):
    good = [world.app_in(AppStatus.REVIEWED, org="a", fen=2_000_000) for _ in range(3)]
    weak = world.apply("b")
    actions.application_screen(application=weak, eligible=True, actor=world.funder)
    actions.reviewers_assign(application=weak, reviewers=world.reviewers[:1], actor=world.funder)
    world.score_all(weak, (20, 20))
    actions.round_close_call(round_=world.round, actor=world.funder)
    actions.round_publicise(round_=world.round, actor=world.funder)

    statuses = [_fresh(a).status for a in good]
    assert statuses == [AppStatus.PUBLICISED] * 3  # 3 × 20,000 = the total of 60,000
    assert _fresh(weak).status == AppStatus.DECLINED
    with pytest.raises(Conflict) as error:
        actions.round_approve(round_=world.round, actor=world.funder)
    assert error.value.code == "objections_open"
    _end_notice(world.round)
    actions.round_approve(round_=world.round, withheld={good[2].pk: "异议成立"}, actor=world.funder)
    assert [_fresh(a).status for a in good] == ["approved", "approved", "declined"]


def test_an_objection_is_recorded_within_the_window(world):
    app = world.app_in(AppStatus.PUBLICISED)
    resident = world.personas["resident_a1"]

    actions.application_object(application=app, text_="该组织去年项目未结项", actor=resident)

    assert ApplicationEvent.objects.filter(application=app, kind="objection").count() == 1
    _end_notice(world.round)
    with pytest.raises(Conflict):
        actions.application_object(application=app, text_="再次异议", actor=resident)


def test_the_round_closes_only_when_every_project_is_closed(world):
    app = world.app_in(AppStatus.SIGNED)
    with pytest.raises(Conflict) as error:
        actions.round_close(round_=world.round, actor=world.funder)
    assert error.value.code == "projects_open"

    actions.application_midterm(application=app, passed=False, note="未通过", actor=world.funder)
    actions.application_close(application=_fresh(app), actor=world.funder)
    round_ = actions.round_close(round_=world.round, actor=world.funder)
    assert round_.status == RoundStatus.CLOSED


def test_an_ineligible_application_needs_a_reason(world):
    app = world.apply("a")
    with pytest.raises(Invalid):
        actions.application_screen(application=app, eligible=False, actor=world.funder)
    actions.application_screen(
        application=app, eligible=False, reason="非本区登记", actor=world.funder
    )
    assert _fresh(app).status == AppStatus.INELIGIBLE


def test_a_need_is_matched_to_an_offer_and_becomes_an_engagement(world):
    need, offer = world.needs["a1"], world.offers["a"]
    admin = world.personas["community_admin_a1"]

    engagement = actions.need_accept(need=need, offer=offer, actor=admin)

    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert engagement.organisation == world.orgs["a"] and engagement.community == need.community
    log = actions.engagement_log(engagement=engagement, delivered_on=timezone.localdate(),
                                 note="上门送餐", people=12, actor=world.personas["staff_a"])  # fmt: skip
    assert log.people == 12
    with pytest.raises(Conflict):
        actions.need_accept(need=need, offer=offer, actor=admin)


def test_a_need_cannot_take_an_offer_of_another_kind_or_area(world):
    admin = world.personas["district_admin"]
    with pytest.raises(Invalid) as error:
        actions.need_accept(need=world.needs["a1"], offer=world.offers["b"], actor=admin)
    assert error.value.code == "kind_mismatch"


def test_incubation_moves_through_its_stages(world):
    org, street = world.orgs["a1"], world.d.towns[0]
    day = datetime.date(2021, 3, 1)
    row = actions.incubation_enter(organisation=org, street=street, centre="锦屏街道社会组织孵化指导中心",
                                   entered_on=day, actor=world.personas["town_admin_a"])  # fmt: skip
    actions.incubation_move(incubation=row, stage=IncubationStage.INCUBATING, on=day,
                            notes="制定章程", actor=TEST)  # fmt: skip
    row = actions.incubation_move(incubation=row, stage=IncubationStage.GRADUATED,
                                  on=datetime.date(2021, 9, 1), notes="出壳", actor=TEST)  # fmt: skip

    assert row.status == IncubationStage.GRADUATED and row.ended_on == datetime.date(2021, 9, 1)
    assert "制定章程" in row.mentor_notes
    with pytest.raises(Conflict):
        actions.incubation_move(incubation=row, stage=IncubationStage.EXITED, on=day, actor=TEST)
