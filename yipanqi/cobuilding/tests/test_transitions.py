"""The transition matrices: every state × action × persona of claims, projects, hard problems and
commitments. The oracle is written here from the issue (who decides what, which moves exist), not
from choices.py: a persona without the right is refused (403) whatever the state; one with it
moves on a legal step and gets a 409 on any other."""

import datetime

import pytest

from yipanqi.cobuilding import actions
from yipanqi.cobuilding.models import Claim, Commitment, HardProblem, Project
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.transition_guard import force_status
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind

pytestmark = pytest.mark.django_db


def outcome(call) -> str:
    try:
        call()
    except Forbidden:
        return "forbidden"
    except Conflict:
        return "conflict"
    return "ok"


def expect(legal: bool, allowed: bool) -> str:
    return "forbidden" if not allowed else ("ok" if legal else "conflict")


CLAIM_STATES = ("claimed", "accepted", "declined", "withdrawn")
CLAIM_LEGAL = {("claimed", "accept"), ("claimed", "decline"), ("claimed", "withdraw")}
CLAIM_RIGHTS = {
    "accept": {"community_admin_a1"},
    "decline": {"community_admin_a1"},
    "withdraw": {"liaison_a1"},
}
CLAIM_ACTS = {
    "accept": lambda c, u: actions.claim_accept(claim=c, actor=u),
    "decline": lambda c, u: actions.claim_decline(claim=c, reason="不需要", actor=u),
    "withdraw": lambda c, u: actions.claim_withdraw(claim=c, actor=u),
}
PERSONAS = ("liaison_a1", "community_admin_a1", "liaison_a2", "resident_a1")


@pytest.mark.parametrize("state", CLAIM_STATES)
@pytest.mark.parametrize("action", sorted(CLAIM_ACTS))
def test_claim_matrix(world, state, action):
    claim = actions.need_claim(
        need=world.need, unit=world.d.units[0], actor=world.personas["liaison_a1"]
    )
    force_status(Claim, claim.pk, state)
    for persona in PERSONAS:
        claim.refresh_from_db()
        got = outcome(lambda u=world.personas[persona]: CLAIM_ACTS[action](claim, u))
        assert got == expect((state, action) in CLAIM_LEGAL, persona in CLAIM_RIGHTS[action]), (
            persona,
            got,
        )
        force_status(Claim, claim.pk, state)


PROJECT_STATES = ("agreed", "in_progress", "completed", "rated", "cancelled")
PROJECT_LEGAL = {
    ("agreed", "begin"), ("agreed", "cancel"), ("in_progress", "complete"),
    ("in_progress", "cancel"), ("completed", "rate"),
}  # fmt: skip
PARTIES = {"liaison_a1", "community_admin_a1"}
PROJECT_RIGHTS = {
    "begin": PARTIES,
    "complete": PARTIES,
    "cancel": PARTIES,
    "rate": {"community_admin_a1"},
}
PROJECT_ACTS = {
    "begin": lambda p, u: actions.project_begin(project=p, actor=u),
    "complete": lambda p, u: actions.project_complete(project=p, actor=u),
    "cancel": lambda p, u: actions.project_cancel(project=p, actor=u),
    "rate": lambda p, u: actions.project_rate(project=p, rating=4, comment="", actor=u),
}


@pytest.mark.parametrize("state", PROJECT_STATES)
@pytest.mark.parametrize("action", sorted(PROJECT_ACTS))
def test_project_matrix(world, state, action):
    claim = actions.need_claim(
        need=world.need, unit=world.d.units[0], actor=world.personas["liaison_a1"]
    )
    actions.claim_accept(claim=claim, actor=world.personas["community_admin_a1"])
    project = Project.objects.get(claim=claim)
    for persona in PERSONAS:
        force_status(Project, project.pk, state, rating=None)
        project.refresh_from_db()
        got = outcome(lambda u=world.personas[persona]: PROJECT_ACTS[action](project, u))
        assert got == expect((state, action) in PROJECT_LEGAL, persona in PROJECT_RIGHTS[action]), (
            persona,
            got,
        )


PROBLEM_STATES = ("raised", "on_agenda", "committed", "closed")
PROBLEM_LEGAL = {
    ("raised", "session"),
    ("on_agenda", "commit"),
    ("committed", "commit"),
    ("committed", "confirm"),
}
PROBLEM_RIGHTS = {
    "session": {"town_admin_a"},
    "commit": {"town_admin_a"},
    "confirm": {"community_admin_a1"},
}
PROBLEM_PERSONAS = ("town_admin_a", "community_admin_a1", "liaison_a1", "community_admin_b1")


def _problem(world):
    council = world.councils[0]
    problem = actions.problem_raise(
        council=council, community=world.d.communities[0], title="难题", description="说明",
        actor=world.personas["community_admin_a1"],
    )  # fmt: skip
    session = meeting_schedule(
        body=council, kind=MeetingKind.PROBLEM_SOLVING, title="会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=world.personas["town_admin_a"],
    )  # fmt: skip
    return problem, session


@pytest.mark.parametrize("state", PROBLEM_STATES)
@pytest.mark.parametrize("action", ("session", "commit", "confirm"))
def test_problem_matrix(world, state, action):
    problem, session = _problem(world)
    seat = world.seats["unit_a1"]
    acts = {
        "session": lambda u: actions.problem_to_session(problem=problem, session=session, actor=u),
        "commit": lambda u: actions.commitment_add(
            problem=problem, member=seat, what="承诺", due_on=datetime.date(2099, 1, 1), actor=u
        ),
        "confirm": lambda u: actions.problem_confirm(problem=problem, result="", actor=u),
    }
    for persona in PROBLEM_PERSONAS:
        Commitment.objects.filter(problem=problem).delete()
        if state in ("committed", "closed"):  # one commitment, done: confirming may close
            force_status(HardProblem, problem.pk, "on_agenda")
            done = actions.commitment_add(
                problem=problem,
                member=seat,
                what="x",
                due_on=datetime.date(2099, 1, 1),
                actor=world.personas["town_admin_a"],
            )
            actions.commitment_done(
                commitment=done, evidence="证据", actor=world.personas["liaison_a1"]
            )
        force_status(HardProblem, problem.pk, state)
        problem.refresh_from_db()
        got = outcome(lambda u=world.personas[persona]: acts[action](u))
        assert got == expect((state, action) in PROBLEM_LEGAL, persona in PROBLEM_RIGHTS[action]), (
            persona,
            got,
        )


@pytest.mark.parametrize("state", ("open", "done"))
def test_commitment_matrix(world, state):
    problem, session = _problem(world)
    actions.problem_to_session(
        problem=problem, session=session, actor=world.personas["town_admin_a"]
    )
    commitment = actions.commitment_add(
        problem=problem, member=world.seats["unit_a1"], what="承诺", due_on=datetime.date(2099, 1, 1),
        actor=world.personas["town_admin_a"],
    )  # fmt: skip
    rights = {"liaison_a1", "town_admin_a"}  # the owner, and the town running the council
    for persona in ("liaison_a1", "town_admin_a", "liaison_a2", "community_admin_a1"):
        force_status(Commitment, commitment.pk, state, evidence="证据" if state == "done" else "")
        commitment.refresh_from_db()

        def call(u=world.personas[persona]):
            return actions.commitment_done(commitment=commitment, evidence="已完成", actor=u)

        assert outcome(call) == expect(state == "open", persona in rights), persona
