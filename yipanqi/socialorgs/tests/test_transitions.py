"""The transition tables walked: every application status × every step × persona, and every
round status × every round step. The funder may take a step exactly where the table allows it
(else 409 `illegal_transition`); everyone else is refused whatever the status."""

import pytest
from django.db import transaction

from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import (
    APPLICATION_TRANSITIONS,
    ROUND_TRANSITIONS,
    AppStatus,
    RoundStatus,
)
from yipanqi.socialorgs.tests.factories import _end_notice

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
