"""Hard problems (难题会办): a community raises a problem it cannot solve alone; the town puts it to
a council session (a deliberation meeting of the council); the session records commitments (who,
what, by when, with what); each is done with evidence; the problem closes only when every
commitment is done and the raising community confirms. Overdue commitments escalate once."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.cobuilding import permissions as perms
from yipanqi.cobuilding.actions._common import COMMITMENT_FLOW, PROBLEM_FLOW, date, refuse
from yipanqi.cobuilding.choices import CommitmentStatus, ProblemStatus
from yipanqi.cobuilding.models import Commitment, HardProblem
from yipanqi.cobuilding.policies import ESCALATE_AFTER_DAYS
from yipanqi.core import audit
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict
from yipanqi.core.notify import notify
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.deliberation.models import Meeting
from yipanqi.organisations.choices import AreaKind, BodyKind, Role
from yipanqi.organisations.models import Area, Body, BodyMembership, RoleGrant


@transaction.atomic
def problem_raise(
    *,
    council: Body,
    community: Area,
    title: str,
    description: str,
    actor: Actor,
    source: tuple[str, int] | None = None,
) -> HardProblem:
    """A community raises a problem with its town's council (提交难题); `source` names the record
    it was escalated from (`problem_escalate`)."""
    if council.kind != BodyKind.CO_BUILDING_COUNCIL:
        raise refuse(_("Choose a co-building council."), "not_a_council", "council")
    if community.kind != AreaKind.COMMUNITY or not community.path.startswith(council.scope_path):
        raise refuse(_("Choose a community the council covers."), "bad_community", "community")
    require_permission(actor, perms.can_raise_problem, community)
    problem = HardProblem(
        council=council,
        community=community,
        title=text(title, "title", 100),
        description=text(description, "description", 2000),
        raised_by=user_of(actor),
        raised_at=timezone.now(),
        source_kind=source[0] if source else "",
        source_id=source[1] if source else None,
    )
    problem.place_in(community)
    problem.save()
    shown = ("council", "community", "title") + (("source_kind", "source_id") if source else ())
    audit.record(
        actor=actor,
        action="cobuilding.problem.raised",
        target=problem,
        changes=created(problem, *shown),
    )
    return problem


@transaction.atomic
def problem_to_session(*, problem: HardProblem, session: Meeting, actor: Actor) -> HardProblem:
    """Put the problem on a 难题会办 session of its council."""
    problem = lock(problem, "council")
    require_permission(actor, perms.runs_council, problem.council)
    if session.body_id != problem.council_id or session.kind != MeetingKind.PROBLEM_SOLVING:
        raise refuse(
            _("Choose a problem-solving session of this council."), "bad_session", "session"
        )
    step = PROBLEM_FLOW.begin(problem, actor=actor)
    step.move(ProblemStatus.ON_AGENDA)
    step.set(session=session)
    step.finish("on_agenda", session=session.pk)
    return problem


@transaction.atomic
def commitment_add(
    *,
    problem: HardProblem,
    member: BodyMembership | None,
    what: str,
    due_on: datetime.date | None,
    actor: Actor,
    resources: str = "",
) -> Commitment:
    """The session records a commitment (会办承诺): which member, what, by when, resources."""
    problem = lock(problem, "council")
    require_permission(actor, perms.runs_council, problem.council)
    if member is None or member.body_id != problem.council_id:
        raise refuse(_("Choose a member of the council."), "owner_required", "member")
    due = date(due_on, "due_on")
    if problem.status == ProblemStatus.ON_AGENDA:
        step = PROBLEM_FLOW.begin(problem, actor=actor)
        step.move(ProblemStatus.COMMITTED)
        step.finish("committed")
    elif problem.status != ProblemStatus.COMMITTED:
        raise Conflict(
            _("Commitments are made once the problem is on a session."), code="not_on_agenda"
        )
    commitment = Commitment(
        problem=problem,
        member=member,
        what=text(what, "what", 300),
        due_on=due,
        resources=text(resources, "resources", 300, required=False),
    )
    commitment.place_in(problem.community)
    commitment.save()
    audit.record(
        actor=actor,
        action="cobuilding.commitment.made",
        target=commitment,
        changes=created(commitment, "problem", "member", "what", "due_on"),
    )
    return commitment


@transaction.atomic
def commitment_done(*, commitment: Commitment, evidence: str, actor: Actor) -> Commitment:
    """兑现: the member (or the town running the council) marks it done, with evidence."""
    commitment = lock(commitment, "member", "problem__council")
    require_permission(actor, perms.can_fulfil, commitment)
    step = COMMITMENT_FLOW.begin(commitment, actor=actor)
    step.move(CommitmentStatus.DONE)
    step.set(evidence=text(evidence, "evidence", 500), done_at=timezone.now())
    step.finish("done")
    return commitment


@transaction.atomic
def problem_confirm(*, problem: HardProblem, result: str, actor: Actor) -> HardProblem:
    """The raising community confirms the result; only then, with every commitment done, it closes."""
    problem = lock(problem)
    require_permission(actor, perms.can_confirm, problem)
    commitments = problem.commitments.all()
    if not commitments.exists() or commitments.exclude(status=CommitmentStatus.DONE).exists():
        raise Conflict(_("Every commitment must be done first."), code="commitments_open")
    step = PROBLEM_FLOW.begin(problem, actor=actor)
    step.move(ProblemStatus.CLOSED)
    step.set(confirmed_by=user_of(actor), closed_at=timezone.now())
    step.set(result=text(result, "result", 500, required=False))
    step.finish("closed")
    return problem


def _town_admins(problem: HardProblem) -> list[Any]:
    town_path = problem.scope_path[: 2 * Area.steplen]
    grants = RoleGrant.objects.active().filter(role=Role.TOWN_ADMIN, area__path=town_path)
    return [g.user for g in grants.select_related("user")]


@transaction.atomic
def commitment_escalate(*, commitment: Commitment, actor: Actor) -> Commitment:
    """Tell the town's committee (镇街党委) of an overdue commitment; once per commitment."""
    commitment = lock(commitment, "problem")
    if commitment.status != CommitmentStatus.OPEN or commitment.escalated_at:
        return commitment
    edit = track(commitment, actor=actor)
    edit.set(escalated_at=timezone.now())
    edit.finish("cobuilding.commitment.escalated")
    notify(
        _town_admins(commitment.problem),
        title=_("A co-building commitment is overdue"),
        body=f"{commitment.problem.title}: {commitment.what}",
        url=commitment.problem.get_absolute_url(),
        topic="cobuilding",
    )
    return commitment


def commitments_escalate_overdue(*, today: datetime.date | None = None, batch: int = 200) -> int:
    """Periodic job: escalate open commitments past their due date (per district's policy)."""
    today = today or timezone.localdate()
    actor = system("cobuilding.escalation")
    rows = Commitment.objects.filter(
        status=CommitmentStatus.OPEN, escalated_at__isnull=True, due_on__lt=today
    )
    moved = 0
    for commitment in rows.order_by("id")[:batch]:
        grace = int(ESCALATE_AFTER_DAYS.value(commitment.district_code) or 0)
        if commitment.due_on + datetime.timedelta(days=grace) < today:
            commitment_escalate(commitment=commitment, actor=actor)
            moved += 1
    return moved
