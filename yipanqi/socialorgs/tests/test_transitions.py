"""The transition tables walked: every application status × every step × persona, and every
round status × every round step. The funder may take a step exactly where the table allows it
(else 409 `illegal_transition`); everyone else is refused whatever the status."""

import datetime

import pytest
from django.db import transaction

from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import (
    APPLICATION_TRANSITIONS,
    INCUBATION_TRANSITIONS,
    ROUND_TRANSITIONS,
    AppStatus,
    IncubationStage,
    RoundStatus,
)
from yipanqi.socialorgs.tests.factories import TEST, _end_notice

pytestmark = pytest.mark.django_db

STEPS = {
    "screen": (AppStatus.ELIGIBLE,
               lambda a, u: actions.application_screen(application=a, eligible=True, actor=u)),
    "sign": (AppStatus.SIGNED,
             lambda a, u: actions.application_sign(application=a, agreement_no="X-1", actor=u)),
    "midterm": (AppStatus.MIDTERM_PASSED,
                lambda a, u: actions.application_midterm(application=a, passed=True, note="ok", actor=u)),
    "midterm_fail": (AppStatus.STOPPED,
                     lambda a, u: actions.application_midterm(application=a, passed=False, note="no", actor=u)),
    "final": (AppStatus.COMPLETED,
              lambda a, u: actions.application_final(application=a, passed=True, note="ok", actor=u)),
    "close": (AppStatus.CLOSED, lambda a, u: actions.application_close(application=a, actor=u)),
}  # fmt: skip
PERSONAS = ("district_admin", "town_admin_a", "staff_a", "reviewer_1", "community_admin_a1")
REACHABLE = list(AppStatus.values)


def _attempt(call):
    try:
        with transaction.atomic():
            result = call()
            transaction.set_rollback(True)
            return "ok", result
    except Forbidden:
        return "forbidden", None
    except Conflict as exc:
        return exc.code, None


@pytest.mark.parametrize("status", REACHABLE)
def test_each_status_allows_exactly_its_steps_to_the_funder(status, world):
    app = world.app_in(status)
    assert app.status == status
    for name, (target, call) in STEPS.items():
        allowed = target in APPLICATION_TRANSITIONS[status]
        for persona in PERSONAS:
            outcome, _ = _attempt(lambda: call(app, world.personas[persona]))  # noqa: B023
            if persona != "district_admin":
                assert outcome == "forbidden", (status, name, persona, outcome)
            elif allowed:
                assert outcome == "ok", (status, name, outcome)
            else:
                assert outcome == "illegal_transition", (status, name, outcome)


ROUND_STEPS = {
    RoundStatus.REVIEWING: lambda r, u: actions.round_close_call(round_=r, actor=u),
    RoundStatus.PUBLICITY: lambda r, u: actions.round_publicise(round_=r, actor=u),
    RoundStatus.APPROVED: lambda r, u: actions.round_approve(round_=r, actor=u),
    RoundStatus.CLOSED: lambda r, u: actions.round_close(round_=r, actor=u),
}


def test_the_round_table_is_walked_in_order(world):
    round_ = world.round
    for status in RoundStatus.values:
        round_.refresh_from_db()
        assert round_.status == status
        for target, call in ROUND_STEPS.items():
            for persona in ("town_admin_a", "staff_a", "reviewer_1"):
                assert _attempt(lambda: call(round_, world.personas[persona]))[0] == "forbidden"  # noqa: B023
            if target not in ROUND_TRANSITIONS[status]:
                assert _attempt(lambda: call(round_, world.funder))[0] == "illegal_transition"  # noqa: B023
        following = next(iter(ROUND_TRANSITIONS[status]), None)
        if following is None:
            break
        _end_notice(round_)
        ROUND_STEPS[following](round_, world.funder)


INCUBATION_PERSONAS = (
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "staff_a",
    "auditor_a",
)
STREET_ADMINS = {"district_admin", "town_admin_a"}


@pytest.mark.parametrize("stage", list(IncubationStage.values))
def test_the_incubation_table_is_walked_stage_by_step_by_persona(stage, world):
    """Entered → incubating → graduated / exited: each stage × each step × persona. A street's
    administrators move exactly where the table allows (else 409 `illegal_transition`); the
    community's administrator, the auditor and the organisation's staff are refused."""
    row = actions.incubation_enter(organisation=world.orgs["a1"], street=world.d.towns[0],
                                   centre="锦屏孵化中心", entered_on=datetime.date(2021, 1, 1),
                                   actor=TEST)  # fmt: skip
    path = {IncubationStage.INCUBATING: [IncubationStage.INCUBATING],
            IncubationStage.GRADUATED: [IncubationStage.INCUBATING, IncubationStage.GRADUATED],
            IncubationStage.EXITED: [IncubationStage.EXITED]}.get(stage, [])  # fmt: skip
    for step in path:
        row = actions.incubation_move(incubation=row, stage=step, on=datetime.date(2021, 2, 1),
                                      actor=TEST)  # fmt: skip
    assert row.status == stage
    for target in IncubationStage.values:
        allowed = target in INCUBATION_TRANSITIONS[stage]
        for persona in INCUBATION_PERSONAS:
            outcome, _ = _attempt(lambda: actions.incubation_move(  # noqa: B023
                incubation=row, stage=target, on=datetime.date(2021, 3, 1),  # noqa: B023
                actor=world.personas[persona]))  # noqa: B023  # fmt: skip
            if persona not in STREET_ADMINS:
                assert outcome == "forbidden", (stage, target, persona, outcome)
            else:
                assert outcome == ("ok" if allowed else "illegal_transition"), (stage, target)


@pytest.mark.parametrize("status", REACHABLE)
def test_scoring_and_conflicts_are_taken_only_in_review_by_the_assigned_reviewer(status, world):
    """Each status × the reviewer's two steps (score, declare a conflict) × persona: the assigned
    reviewer acts in expert review only (else 409 `not_in_review`); the funder, the applicant's
    staff, another reviewer and a community administrator are refused whatever the status."""
    from yipanqi.socialorgs.models import ReviewAssignment

    app = world.app_in(status)
    reviewer = world.reviewers[2]  # reviewers 1 and 2 are the ones app_in assigns
    review = ReviewAssignment.objects.create(application=app, reviewer=reviewer)  # a row to try
    scores = {c.pk: 30 for c in world.round.criteria.all()}
    steps = {
        "score": lambda u: actions.review_submit(review=review, scores=scores, actor=u),
        "conflict": lambda u: actions.review_declare_conflict(review=review, note="亲属", actor=u),
    }
    for name, call in steps.items():
        for persona in (*PERSONAS, "reviewer_3"):
            outcome, _ = _attempt(lambda: call(world.personas[persona]))  # noqa: B023
            if persona != "reviewer_3":
                assert outcome == "forbidden", (status, name, persona, outcome)
            else:
                want = "ok" if status == AppStatus.ELIGIBLE else "not_in_review"
                assert outcome == want, (status, name, outcome)
    review.refresh_from_db()
    assert review.submitted_at is None and not review.conflict  # every try was rolled back


def test_an_application_is_taken_only_while_the_call_is_open_and_from_its_staff(world):
    """Each round status × the apply step × persona: the organisation's staff apply while the call
    is open (else 409 `outside_window`); everyone else is refused whatever the status."""
    round_ = world.round
    for status in RoundStatus.values:
        round_.refresh_from_db()
        assert round_.status == status
        for persona in PERSONAS:
            outcome, _ = _attempt(lambda: actions.application_submit(  # noqa: B023
                round_=round_, organisation=world.orgs["a"], title="楼道文明", theme="governance",
                lines=[("活动经费", 100_000)], actor=world.personas[persona]))  # noqa: B023  # fmt: skip
            if persona != "staff_a":
                assert outcome == "forbidden", (status, persona, outcome)
            else:
                assert outcome == ("ok" if status == RoundStatus.OPEN else "outside_window"), status
        following = next(iter(ROUND_TRANSITIONS[status]), None)
        if following is None:
            break
        _end_notice(round_)
        ROUND_STEPS[following](round_, world.funder)
