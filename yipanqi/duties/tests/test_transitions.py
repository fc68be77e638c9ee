"""The access request's transition table walked state × action × persona: each step is allowed
only from the states the table allows (409 `illegal_transition`), and only to its persons (403)."""

import pytest

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.duties import actions
from yipanqi.duties.choices import REQUEST_TRANSITIONS, RequestStatus
from yipanqi.duties.tests.factories import TEST

pytestmark = pytest.mark.django_db

STEPS = {
    "approve": (RequestStatus.APPROVED, lambda r, u: actions.request_approve(request=r, actor=u)),
    "refuse": (
        RequestStatus.REFUSED,
        lambda r, u: actions.request_refuse(request=r, reason="因", actor=u),
    ),
    "withdraw": (
        RequestStatus.WITHDRAWN,
        lambda r, u: actions.request_withdraw(request=r, actor=u),
    ),
    "retire": (
        RequestStatus.RETIRED,
        lambda r, u: actions.request_retire(request=r, reason="因", actor=u),
    ),
}
# Who may take each step on town A's request filed by town_admin_a (besides the system).
ALLOWED = {
    "approve": {"district_admin"},
    "refuse": {"district_admin"},
    "withdraw": {"town_admin_a"},
    "retire": {"district_admin"},
}
PERSONAS = [
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "auditor_a",
    "resident_a1",
    "no_role",
]


def _in_state(world, status):
    row = world.requests["a_open"]
    path = {
        RequestStatus.SUBMITTED: [],
        RequestStatus.APPROVED: ["approve"],
        RequestStatus.REFUSED: ["refuse"],
        RequestStatus.WITHDRAWN: ["withdraw"],
        RequestStatus.RETIRED: ["approve", "retire"],
    }[status]
    for name in path:
        row = STEPS[name][1](row, TEST)
    return row


@pytest.mark.parametrize("status", RequestStatus.values)
@pytest.mark.parametrize("step", sorted(STEPS))
def test_state_by_step_by_persona(world, status, step):
    target, act = STEPS[step]
    allowed_move = target in REQUEST_TRANSITIONS[status]
    row = _in_state(world, status)
    for persona in PERSONAS:
        try:
            act(row, world.personas[persona])
        except Forbidden:
            assert persona not in ALLOWED[step] or not allowed_move, (persona, status, step)
            continue
        except Conflict as exc:
            assert exc.code == "illegal_transition" and not allowed_move, (persona, status, step)
            continue
        except Invalid as exc:  # pragma: no cover - a reason is always given here
            raise AssertionError(exc.code) from exc
        assert allowed_move and persona in ALLOWED[step], (persona, status, step)
        return  # the row moved on; the other personas were checked on its previous state
