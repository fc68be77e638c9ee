"""Bodies (联席会议, 议事会 …) and the members seated on them."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import require, require_permission
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.actions._common import check_choice, fresh
from yipanqi.organisations.choices import BodyKind, MemberRole
from yipanqi.organisations.models import Area, Body, BodyMembership, PartyOrganisation, Unit


@transaction.atomic
def body_create(
    *,
    area: Area,
    name: str,
    kind: str,
    actor: Any,
    party_organisation: PartyOrganisation | None = None,
) -> Body:
    require_permission(actor, permissions.administers, area.path)
    validators.validate_name(name)
    check_choice(kind, BodyKind.values)
    if party_organisation is not None and not party_organisation.scope_path.startswith(area.path):
        raise Invalid(
            _("The party organisation must belong to the body's area."),
            code="bad_party_organisation",
        )
    body = Body(area=area, name=name, kind=kind, party_organisation=party_organisation)
    body.place_in(area)
    body.save()
    audit.record(
        actor=actor,
        action="organisations.body.created",
        target=body,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return body


@transaction.atomic
def membership_add(
    *,
    body: Body,
    member_name: str,
    role: str,
    term_start: datetime.date,
    actor: Any,
    title: str = "",
    source_unit: Unit | None = None,
    term_end: datetime.date | None = None,
    user: Any = None,
) -> BodyMembership:
    """Seat a member on a body; a part-time member (兼职委员) must come from a unit."""
    require_permission(actor, permissions.administers, body.scope_path)
    validators.validate_name(member_name)
    check_choice(role, MemberRole.values, field="role")
    if role == MemberRole.PART_TIME_MEMBER and source_unit is None:
        raise Invalid(
            _("A part-time member must name the unit they come from."), code="source_unit_required"
        )
    if term_end is not None and term_end < term_start:
        raise Invalid(_("A term cannot end before it starts."), code="bad_term")
    membership = BodyMembership(
        body=body,
        member_name=member_name,
        role=role,
        title=title,
        source_unit=source_unit,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    membership.scope_path, membership.district_code = body.scope_path, body.district_code
    membership.save()
    audit.record(
        actor=actor,
        action="organisations.membership.added",
        target=membership,
        changes={"member_name": [None, member_name], "role": [None, role]},
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: BodyMembership, term_end: datetime.date, actor: Any
) -> BodyMembership:
    membership = fresh(BodyMembership, membership.pk)
    require(permissions.administers(actor, membership.scope_path))
    if term_end < membership.term_start:
        raise Invalid(_("A term cannot end before it starts."), code="bad_term")
    before = membership.term_end
    membership.term_end = term_end
    membership.save(update_fields=["term_end", "updated_at"])
    audit.record(
        actor=actor,
        action="organisations.membership.ended",
        target=membership,
        changes={"term_end": [before, term_end]},
    )
    return membership
