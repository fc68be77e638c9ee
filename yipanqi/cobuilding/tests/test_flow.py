"""The main paths: claim → accept → project → complete → rate; a hard problem through its session,
commitments and confirmation; escalation of an overdue commitment; the evaluation's figures."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from yipanqi.cobuilding import actions
from yipanqi.cobuilding.choices import ClaimStatus, CommitmentStatus, ProblemStatus, ProjectStatus
from yipanqi.cobuilding.models import Claim, Project
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.people.models import Participation
from yipanqi.socialorgs.choices import NeedStatus

pytestmark = pytest.mark.django_db


def _p(world, name):
    return world.personas[name]


def test_unit_claims_need_community_accepts_project_completes_and_is_rated(world):
    unit = world.d.units[0]
    claim = actions.need_claim(
        need=world.need, unit=unit, note="派电工", actor=_p(world, "liaison_a1")
    )
    assert claim.status == ClaimStatus.CLAIMED
    with pytest.raises(Forbidden):  # the claimant is not the side that accepts
        actions.claim_accept(claim=claim, actor=_p(world, "liaison_a1"))
    actions.claim_accept(claim=claim, actor=_p(world, "community_admin_a1"))
    world.need.refresh_from_db()
    assert world.need.status == NeedStatus.MATCHED
    project = Project.objects.get(claim=claim)
    assert (project.unit_id, project.community_id) == (unit.pk, world.d.communities[0].pk)
    actions.project_begin(project=project, actor=_p(world, "liaison_a1"))
    actions.project_report(project=project, note="已更换灯具一半", actor=_p(world, "liaison_a1"))
    actions.project_complete(project=project, actor=_p(world, "liaison_a1"))
    with pytest.raises(Forbidden):  # the unit does not rate itself
        actions.project_rate(project=project, rating=5, comment="", actor=_p(world, "liaison_a1"))
    actions.project_rate(
        project=project, rating=5, comment="很好", actor=_p(world, "community_admin_a1")
    )
    project.refresh_from_db()
    assert (project.status, project.rating) == (ProjectStatus.RATED, 5)


def test_single_claim_need_is_claimed_once_and_own_liaison_only(world):
    actions.need_claim(need=world.need, unit=world.d.units[0], actor=_p(world, "liaison_a1"))
    with pytest.raises(Conflict) as caught:
        actions.need_claim(need=world.need, unit=world.d.units[1], actor=_p(world, "liaison_a2"))
    assert caught.value.code == "already_claimed"
    with pytest.raises(Forbidden):  # a liaison claims for their own unit only
        actions.need_claim(need=world.need, unit=world.d.units[0], actor=_p(world, "liaison_a2"))
    assert Claim.objects.filter(need=world.need).count() == 1


def test_declined_claim_frees_the_need(world):
    claim = actions.need_claim(
        need=world.need, unit=world.d.units[0], actor=_p(world, "liaison_a1")
    )
    with pytest.raises(Invalid):  # a reason is required
        actions.claim_decline(claim=claim, reason=" ", actor=_p(world, "community_admin_a1"))
    actions.claim_decline(claim=claim, reason="已有安排", actor=_p(world, "community_admin_a1"))
    again = actions.need_claim(
        need=world.need, unit=world.d.units[1], actor=_p(world, "liaison_a2")
    )
    assert again.status == ClaimStatus.CLAIMED


def test_community_claims_resource_unit_accepts(world):
    a1 = world.d.communities[0]
    claim = actions.resource_claim(
        resource=world.resource, community=a1, actor=_p(world, "community_admin_a1")
    )
    with pytest.raises(Forbidden):
        actions.claim_accept(claim=claim, actor=_p(world, "community_admin_a1"))
    actions.claim_accept(claim=claim, actor=_p(world, "liaison_a1"))
    assert Project.objects.get(claim=claim).status == ProjectStatus.AGREED
    b1 = world.d.communities[2]
    with pytest.raises(Invalid):  # the resource serves town A only
        actions.resource_claim(
            resource=world.resource, community=b1, actor=_p(world, "community_admin_b1")
        )


def _problem_on_session(world):
    council = world.councils[0]
    problem = actions.problem_raise(
        council=council, community=world.d.communities[0], title="老旧小区停车难",
        description="夜间车位不足", actor=_p(world, "community_admin_a1"),
    )  # fmt: skip
    town_admin = _p(world, "town_admin_a")
    session = meeting_schedule(
        body=council, kind=MeetingKind.PROBLEM_SOLVING, title="第一次难题会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=town_admin,
    )  # fmt: skip
    actions.problem_to_session(problem=problem, session=session, actor=town_admin)
    return problem


def test_hard_problem_closes_only_when_every_commitment_is_done_and_confirmed(world):
    problem = _problem_on_session(world)
    town_admin = _p(world, "town_admin_a")
    due = datetime.date(2099, 1, 1)
    with pytest.raises(Invalid) as caught:  # a commitment needs an owner
        actions.commitment_add(problem=problem, member=None, what="x", due_on=due, actor=town_admin)
    assert caught.value.code == "owner_required"
    with pytest.raises(Invalid):  # … and a due date
        actions.commitment_add(
            problem=problem, member=world.seats["unit_a1"], what="x", due_on=None, actor=town_admin
        )
    one = actions.commitment_add(
        problem=problem,
        member=world.seats["unit_a1"],
        what="开放夜间停车",
        due_on=due,
        actor=town_admin,
    )
    two = actions.commitment_add(
        problem=problem, member=world.seats["unit_a2"], what="划线", due_on=due, actor=town_admin
    )
    actions.commitment_done(commitment=one, evidence="开放50个车位", actor=_p(world, "liaison_a1"))
    with pytest.raises(Conflict) as caught:
        actions.problem_confirm(problem=problem, result="", actor=_p(world, "community_admin_a1"))
    assert caught.value.code == "commitments_open"
    with pytest.raises(Forbidden):  # liaison_a1 does not own the second commitment
        actions.commitment_done(commitment=two, evidence="x", actor=_p(world, "liaison_a1"))
    actions.commitment_done(commitment=two, evidence="已划线", actor=_p(world, "liaison_a2"))
    with pytest.raises(Forbidden):  # only the raising community confirms
        actions.problem_confirm(problem=problem, result="", actor=_p(world, "town_admin_a"))
    actions.problem_confirm(problem=problem, result="解决", actor=_p(world, "community_admin_a1"))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED


def test_overdue_commitment_escalates_once(world):
    problem = _problem_on_session(world)
    commitment = actions.commitment_add(
        problem=problem, member=world.seats["unit_a1"], what="修路", due_on=datetime.date(2021, 6, 1),
        actor=_p(world, "town_admin_a"),
    )  # fmt: skip
    assert actions.commitments_escalate_overdue(today=datetime.date(2021, 6, 2)) == 1
    assert actions.commitments_escalate_overdue(today=datetime.date(2021, 6, 3)) == 0
    commitment.refresh_from_db()
    assert commitment.escalated_at is not None and commitment.status == CommitmentStatus.OPEN


def test_evaluation_prefill_equals_an_independent_query(world):
    a1, unit = world.d.communities[0], world.d.units[0]
    claim = actions.need_claim(need=world.need, unit=unit, actor=_p(world, "liaison_a1"))
    actions.claim_accept(claim=claim, actor=_p(world, "community_admin_a1"))
    project = Project.objects.get(claim=claim)
    actions.project_begin(project=project, actor=_p(world, "liaison_a1"))
    actions.project_complete(project=project, actor=_p(world, "liaison_a1"))
    project.refresh_from_db()
    year = project.completed_at.year
    evaluation = actions.evaluation_record(
        community=a1, unit=unit, year=year, grade="excellent", actor=_p(world, "community_admin_a1"),
        today=datetime.date(year, 12, 15),
    )  # fmt: skip
    hours = Participation.objects.filter(
        registration__member__work_unit=unit, registration__community=a1, occurred_on__year=year
    ).aggregate(h=Sum("hours"))["h"] or Decimal("0")
    assert (
        evaluation.needs_claimed
        == Claim.objects.filter(unit=unit, community=a1, status="accepted").count()
        == 1
    )
    assert (
        evaluation.projects_completed
        == Project.objects.filter(unit=unit, status="completed").count()
        == 1
    )
    assert evaluation.member_hours == hours
    assert evaluation.party_organisation is None or evaluation.party_organisation.unit_id == unit.pk


def test_evaluation_outside_window_or_of_unregistered_unit_is_refused(world):
    a1 = world.d.communities[0]
    admin = _p(world, "community_admin_a1")
    with pytest.raises(Invalid) as caught:
        actions.evaluation_record(
            community=a1,
            unit=world.d.units[0],
            year=2021,
            grade="good",
            actor=admin,
            today=datetime.date(2021, 6, 1),
        )
    assert caught.value.code == "window_closed"
    with pytest.raises(Invalid) as caught:  # B1's unit is not registered with A1
        actions.evaluation_record(
            community=a1,
            unit=world.d.units[2],
            year=2021,
            grade="good",
            actor=admin,
            today=datetime.date(2021, 12, 2),
        )
    assert caught.value.code == "not_registered"
    actions.evaluation_record(
        community=a1,
        unit=world.d.units[0],
        year=2021,
        grade="good",
        actor=admin,
        today=datetime.date(2022, 1, 5),
    )
    with pytest.raises(Conflict):
        actions.evaluation_record(
            community=a1,
            unit=world.d.units[0],
            year=2021,
            grade="good",
            actor=admin,
            today=datetime.date(2022, 1, 5),
        )
