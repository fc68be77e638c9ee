"""Party-building venue construction (党建阵地建设): a project's budget split between the district
and the street by the year's matching rule (default 1 : 1, summing exactly), its progress, and its
completion, which opens the venue in the venues app through that app's action."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid
from yipanqi.core.inputs import require_date, require_year
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.funding import money
from yipanqi.funding import permissions as perms
from yipanqi.funding.actions._common import (
    PROJECT_FLOW,
    fen,
    require_community,
    rule_for,
)
from yipanqi.funding.choices import ProjectStatus
from yipanqi.funding.models import Project
from yipanqi.organisations.models import Area
from yipanqi.venues.actions import venue_create
from yipanqi.venues.choices import VenueKind


def _capacity(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        message = _("Enter a whole number from 1 to 100000.")
        raise Invalid(message, code="bad_capacity", fields={"capacity": [message]})
    return value


@transaction.atomic
def project_create(
    *, community: Area, name: str, year: int, address: str, capacity: int, budget_fen: int,
    actor: Actor,
) -> Project:  # fmt: skip
    """立项: the street's or district's finance plans a venue; the shares follow the year's rule."""
    require_permission(actor, perms.can_plan_project, community)
    require_community(community)
    require_year(year)
    budget_fen = fen(budget_fen, "budget_fen")
    rule = rule_for(community.district_code, year)
    district_fen, street_fen = money.shares(budget_fen, rule.match_district, rule.match_street)
    project = Project(
        community=community, name=text(name, "name", 100), year=year,
        address=text(address, "address", 200), capacity=_capacity(capacity), rule=rule,
        budget_fen=budget_fen, district_fen=district_fen, street_fen=street_fen,
        created_by=user_of(actor),
    )  # fmt: skip
    project.place_in(community)
    project.save()
    audit.record(
        actor=actor,
        action="funding.project.created",
        target=project,
        changes=created(
            project, "community", "name", "year", "rule", "budget_fen", "district_fen",
            "street_fen", "status",
        ),
    )  # fmt: skip
    return project


@transaction.atomic
def project_progress(*, project: Project, progress: int, note: str, actor: Actor) -> Project:
    """进度: the share done (0–99; 100 is completion) with a note; a planned project starts."""
    project = lock(project)
    require_permission(actor, perms.can_report_progress, project)
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 99:
        message = _("Enter a whole number from 0 to 99 (completion is its own step).")
        raise Invalid(message, code="bad_progress", fields={"progress": [message]})
    step = PROJECT_FLOW.begin(project, actor=actor)
    if project.status == ProjectStatus.PLANNED:
        step.move(ProjectStatus.BUILDING)
    else:
        PROJECT_FLOW.check(project.status, ProjectStatus.COMPLETED)  # still open
    step.set(progress=progress, progress_note=text(note, "note", 300, required=False))
    step.finish("progress")
    return project


@transaction.atomic
def project_complete(
    *, project: Project, actor: Actor, completed_on: datetime.date | None = None,
    open_venue: bool = True,
) -> Project:  # fmt: skip
    """竣工: the project is done; with `open_venue` the venue is opened in the venues app (a
    party-building venue of the community, through venues' own action)."""
    project = lock(project, "community")
    require_permission(actor, perms.can_complete_project, project)
    completed_on = require_date(completed_on or timezone.localdate(), "completed_on")
    step = PROJECT_FLOW.begin(project, actor=actor)
    step.move(ProjectStatus.COMPLETED)
    venue = None
    if open_venue:
        venue = venue_create(
            owner_area=project.community, actor=actor, name=project.name,
            kind=VenueKind.PARTY_BUILDING, address=project.address, capacity=project.capacity,
            description=_("Built with matched district and street funds (%(year)s).")
            % {"year": project.year},
        )  # fmt: skip
    step.set(progress=100, completed_on=completed_on, venue=venue)
    step.finish("completed")
    return project
