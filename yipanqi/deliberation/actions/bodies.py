"""Halls and councils: the body and its memberships are created through the organisations
actions; a seat binds a membership to the party it speaks for."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import created
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.actions._common import record, require_permission
from yipanqi.deliberation.choices import DELIBERATING_KINDS, FOUR_PARTIES, SeatParty
from yipanqi.deliberation.models import Seat
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import BodyKind, MemberRole
from yipanqi.organisations.models import Area, Body, BodyMembership, PartyOrganisation, Unit


@transaction.atomic
def hall_create(
    *,
    area: Area,
    actor: Any,
    name: str = "",
    kind: str = BodyKind.DELIBERATION_HALL,
    party_organisation: PartyOrganisation | None = None,
) -> Body:
    """A community's 四方议事厅 (or a council of units) as an organisations body, led by the party
    organisation that leads the area unless another is named."""
    if kind not in DELIBERATING_KINDS:
        raise Invalid(_("Not a deliberating body."), code="bad_kind")
    if party_organisation is None:
        party_organisation = PartyOrganisation.objects.filter(area=area).order_by("depth").first()
    return org_actions.body_create(
        area=area,
        name=name or f"{area.name}四方议事厅",
        kind=kind,
        party_organisation=party_organisation,
        actor=actor,
    )


def _check_party(body: Body, party: str) -> None:
    if party not in SeatParty.values:
        raise Invalid(_("Choose the party of the seat."), code="bad_party")
    if body.kind == BodyKind.DELIBERATION_HALL and party not in FOUR_PARTIES:
        raise Invalid(_("A four-party hall seats only its four parties."), code="bad_party")


@transaction.atomic
def seat_bind(
    *,
    membership: BodyMembership,
    party: str,
    actor: Any,
    votes: bool = True,
    position: int = 0,
) -> Seat:
    """Give an existing membership of a deliberating body its seat party and vote."""
    require_permission(actor, perms.can_manage, membership.body)
    return _bind(membership, party, votes, position, actor)


def _bind(membership: BodyMembership, party: str, votes: bool, position: int, actor: Any) -> Seat:
    body = membership.body
    if body.kind not in DELIBERATING_KINDS:
        raise Invalid(_("Not a deliberating body."), code="bad_kind")
    _check_party(body, party)
    if Seat.objects.filter(membership=membership).exists():
        raise Conflict(_("This member already has a seat."), code="already_seated")
    seat = Seat(body=body, membership=membership, party=party, votes=votes, position=position)
    seat.scope_path, seat.district_code = body.scope_path, body.district_code
    seat.save()
    changes = created(seat, "body", "membership", "party", "votes", "position")
    record(seat, actor, "seat.bound", changes=changes, party=party, votes=votes)
    return seat


@transaction.atomic
def seat_add(
    *,
    body: Body,
    member_name: str,
    party: str,
    actor: Any,
    votes: bool = True,
    user: Any = None,
    source_unit: Unit | None = None,
    role: str = MemberRole.MEMBER,
    title: str = "",
    term_start: datetime.date | None = None,
) -> Seat:
    """Seat a member: the membership through organisations, then its party and vote here."""
    require_permission(actor, perms.can_manage, body)
    _check_party(body, party)
    membership = org_actions.membership_add(
        body=body,
        member_name=member_name,
        role=role,
        title=title or str(SeatParty(party).label),
        source_unit=source_unit,
        term_start=term_start or timezone.localdate(),
        user=user,
        actor=actor,
    )
    position = Seat.objects.filter(body=body).count()
    return _bind(membership, party, votes, position, actor)
