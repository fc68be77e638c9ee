"""Fixed service teams (组团式服务): set up a team, add and remove its members; the checks a
dispatch to a team makes (order_dispatch with kind=team, in flow.py) live here too.

A team is led by a street or community party organisation and serves named communities or grids.
Its members are drawn from members registered with a community it serves (双报到) and from the
staff of units registered there; anyone else is refused with a clear error, nothing half-saved.
Any active member may take an order dispatched to the team (order_take: one wins, others 409).
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.workflow import created, lock, require_permission, track
from yipanqi.orders import permissions as perms
from yipanqi.orders.models import (
    ACTIVE_REGISTRATION,
    ServiceOrder,
    ServiceTeam,
    ServiceTeamMember,
    TeamMemberSource,
)
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.people.choices import MemberStatus, RegistrationKind
from yipanqi.people.models import CommunityRegistration, PartyMember

LEAD_KINDS = (AreaKind.TOWN, AreaKind.COMMUNITY)
COVERAGE_KINDS = (AreaKind.COMMUNITY, AreaKind.GRID)
NAME_TAKEN = "team_name_taken"


def _meets(a: Area, b: Area) -> bool:
    """One area lies inside the other (a community and its grid, or the same area)."""
    return a.path.startswith(b.path) or b.path.startswith(a.path)


def _lead_area(organisation: PartyOrganisation) -> Area:
    area = organisation.area
    if area is None or area.kind not in LEAD_KINDS:
        raise Invalid(
            _("A service team is led by a street or community party organisation."),
            code="lead_not_street_or_community",
            fields={"lead_organisation": [_("Choose a street or community party organisation.")]},
        )
    return area


def _checked_coverage(area: Area, coverage: Iterable[Area]) -> list[Area]:
    unique = list({a.pk: a for a in coverage}.values())
    if not unique:
        message = _("Name at least one community or grid the team serves.")
        raise Invalid(message, code="coverage_required", fields={"coverage": [message]})
    for covered in unique:
        if covered.kind not in COVERAGE_KINDS or not covered.path.startswith(area.path):
            message = _("%(area)s is not a community or grid of %(lead)s.") % {
                "area": covered.name,
                "lead": area.name,
            }
            raise Invalid(message, code="coverage_outside_area", fields={"coverage": [message]})
    return unique


def _registrations(member: PartyMember) -> tuple[list[Any], list[Any]]:
    """The member's own active registrations (双报到) and their work unit's."""
    active = CommunityRegistration.objects.filter(status__in=ACTIVE_REGISTRATION)
    own = list(
        active.filter(kind=RegistrationKind.MEMBER, member=member).select_related("community")
    )
    units: list[Any] = []
    if member.work_unit_id is not None:
        units = list(
            active.filter(kind=RegistrationKind.UNIT, unit_id=member.work_unit_id).select_related(
                "community", "unit"
            )
        )
    return own, units


def _eligible(team: ServiceTeam, member: PartyMember) -> tuple[str, Unit | None]:
    """Where the member is drawn from, or a clear error: not registered at all (neither they nor
    their unit), or registered only outside the communities and grids the team serves."""
    name = member.person.name
    own, units = _registrations(member)
    if member.status == MemberStatus.TRANSFERRED_OUT or not (own or units):
        raise Invalid(
            _(
                "%(name)s is neither registered with a community (双报到) nor on the staff of a "
                "registered unit."
            )
            % {"name": name},
            code="member_not_registered",
            fields={"member": [_("Not a registered member.")]},
        )
    coverage = list(team.coverage.all())
    for registration in own:
        if any(_meets(registration.community, a) for a in coverage):
            return TeamMemberSource.REGISTERED, None
    for registration in units:
        if any(_meets(registration.community, a) for a in coverage):
            return TeamMemberSource.UNIT_STAFF, registration.unit
    raise Invalid(
        _("%(name)s is not registered in the area this team serves.") % {"name": name},
        code="member_outside_area",
        fields={"member": [_("Registered elsewhere, not in the team's area.")]},
    )


def _join(team: ServiceTeam, member: PartyMember, actor: Any) -> ServiceTeamMember:
    if team.memberships.filter(member=member, active=True).exists():
        raise Conflict(
            _("%(name)s is already in this team.") % {"name": member.person.name},
            code="already_in_team",
        )
    source, unit = _eligible(team, member)
    row = ServiceTeamMember(
        team=team, member=member, source=source, unit=unit, joined_at=timezone.now()
    )
    row.place_in(team.area)
    save_or_conflict(row, _("Already in this team."), code="already_in_team")
    audit.record(
        actor=actor,
        action="orders.team_member.added",
        target=row,
        changes=created(row, "team", "member", "source", "unit", "active"),
    )
    return row


@transaction.atomic
def team_create(
    *,
    lead_organisation: PartyOrganisation,
    name: str,
    coverage: Iterable[Area],
    actor: Any,
    leader: PartyMember | None = None,
) -> ServiceTeam:
    """组建服务团队: led by a street or community party organisation, serving its communities or
    grids; the leader (if named) joins as its first member, with the same checks."""
    area = _lead_area(lead_organisation)
    require_permission(actor, perms.can_lead_from, area)
    name = name.strip()
    if not name:
        message = _("Give the team a name.")
        raise Invalid(message, code="name_required", fields={"name": [message]})
    covered = _checked_coverage(area, coverage)
    team = ServiceTeam(
        name=name[:60],
        lead_organisation=lead_organisation,
        area=area,
        formed_on=timezone.localdate(),
    )
    team.place_in(area)
    save_or_conflict(team, _("A team of this name already exists here."), code=NAME_TAKEN)
    team.coverage.set(covered)
    if leader is not None:
        _join(team, leader, actor)
        team.leader = leader
        team.save(update_fields=["leader"])
    audit.record(
        actor=actor,
        action="orders.team.created",
        target=team,
        changes={
            **created(team, "name", "lead_organisation", "area", "leader", "active", "formed_on"),
            "coverage": [None, sorted(a.pk for a in covered)],
        },
    )
    return team


def _name_free(team: ServiceTeam, name: str) -> None:
    clash = ServiceTeam.objects.filter(area_id=team.area_id, name=name).exclude(pk=team.pk)
    if clash.exists():
        raise Conflict(_("A team of this name already exists here."), code=NAME_TAKEN)


@transaction.atomic
def team_edit(
    *,
    team: ServiceTeam,
    actor: Any,
    name: str | None = None,
    coverage: Iterable[Area] | None = None,
    leader: PartyMember | None = None,
    active: bool | None = None,
) -> ServiceTeam:
    """Rename, change what it covers, name its leader (an active member), stand it down or up."""
    team = lock(team, "area")
    require_permission(actor, perms.can_manage_team, team)
    edit = track(team, actor=actor)
    if name is not None:
        if not name.strip():
            message = _("Give the team a name.")
            raise Invalid(message, code="name_required", fields={"name": [message]})
        _name_free(team, name.strip()[:60])
        edit.set(name=name.strip()[:60])
    if leader is not None:
        if not perms.is_team_member(leader, team.pk):
            message = _("The leader must be an active member of the team.")
            raise Invalid(message, code="leader_not_member", fields={"leader": [message]})
        edit.set(leader=leader)
    if active is not None:
        edit.set(active=active)
    also = {}
    if coverage is not None:
        before = sorted(team.coverage.values_list("pk", flat=True))
        covered = _checked_coverage(team.area, coverage)
        after = sorted(a.pk for a in covered)
        if after != before:
            team.coverage.set(covered)
            also["coverage"] = [before, after]
    if edit.changes() or also:
        edit.finish("orders.team.edited", also=also)
    return team


@transaction.atomic
def team_member_add(*, team: ServiceTeam, member: PartyMember, actor: Any) -> ServiceTeamMember:
    """Add a member: registered with a community the team serves, or on a registered unit's staff."""
    team = lock(team, "area")
    require_permission(actor, perms.can_manage_team, team)
    if not team.active:
        raise Conflict(_("This team has been stood down."), code="team_inactive")
    return _join(team, member, actor)


@transaction.atomic
def team_member_remove(*, membership: ServiceTeamMember, actor: Any) -> ServiceTeamMember:
    """A member leaves: the row stays (the service log still names them), marked inactive. The
    leader leaves only after another leader is named."""
    membership = lock(membership, "team__area")
    team = membership.team
    require_permission(actor, perms.can_manage_team, team)
    if not membership.active:
        raise Conflict(_("This member has already left the team."), code="already_left")
    if team.leader_id == membership.member_id:
        raise Conflict(
            _("Name another leader before the leader leaves."), code="leader_cannot_leave"
        )
    edit = track(membership, actor=actor)
    edit.set(active=False, left_at=timezone.now())
    edit.finish("orders.team_member.removed")
    return membership


def _team_target(order: ServiceOrder, team: ServiceTeam | None) -> list[Any]:
    """Check a dispatch to a team (called by flow._set_target): an active team serving the
    order's grid, with a member who can take it online. Returns the members' accounts."""
    if team is None:
        message = _("Choose the service team.")
        raise Invalid(message, code="team_required", fields={"team": [message]})
    team = ServiceTeam.objects.get(pk=team.pk)  # as it is now, not as the caller read it
    if not team.active:
        raise Invalid(_("This team has been stood down."), code="team_inactive")
    if not any(order.grid.path.startswith(a.path) for a in team.coverage.all()):
        message = _("%(team)s does not serve this order's grid.") % {"team": team.name}
        raise Invalid(message, code="team_outside_area", fields={"team": [message]})
    users = [
        m.member.person.user
        for m in team.memberships.filter(active=True).select_related("member__person__user")
        if m.member.person.user_id
    ]
    if not users:
        message = _("No member of %(team)s can take orders online yet.") % {"team": team.name}
        raise Invalid(message, code="team_empty", fields={"team": [message]})
    order.dispatched_team = team
    return users
