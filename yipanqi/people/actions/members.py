"""Party members (党员): add, transfer the organisational relationship, set the status."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid, save_or_conflict
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import require_permission, track
from yipanqi.organisations.models import PartyOrganisation, Unit
from yipanqi.people import permissions
from yipanqi.people.choices import MemberStatus
from yipanqi.people.models import PartyMember, Person


@transaction.atomic
def member_create(
    *,
    person: Person,
    kind: str,
    joined_on: datetime.date,
    branch: PartyOrganisation,
    actor: Any,
    work_unit: Unit | None = None,
    work_unit_name: str = "",
    in_service: bool = False,
    full_member_on: datetime.date | None = None,
) -> PartyMember:
    require_permission(actor, permissions.can_manage_members_in, branch.scope_path)
    require_visible(work_unit_name, field="work_unit_name")
    member = PartyMember(
        person=person,
        kind=kind,
        joined_on=joined_on,
        branch=branch,
        work_unit=work_unit,
        work_unit_name=work_unit_name or (work_unit.name if work_unit else ""),
        in_service=in_service,
        full_member_on=full_member_on,
        last_contact_on=joined_on,
    )
    member.scope_path, member.district_code = branch.scope_path, branch.district_code
    save_or_conflict(member, _("This person is already a party member."), code="already_member")
    audit.record(
        actor=actor,
        action="people.member.created",
        target=member,
        changes={"branch": [None, branch.pk], "kind": [None, kind]},
    )
    return member


@transaction.atomic
def member_transfer(
    *,
    member: PartyMember,
    to_branch: PartyOrganisation,
    transferred_on: datetime.date,
    actor: Any,
    reason: str = "",
) -> PartyMember:
    """Move the organisational relationship (组织关系转接) to another branch, keeping the event."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require_permission(actor, permissions.can_manage_members_in, member.scope_path)
    if to_branch.pk == member.branch_id:
        raise Invalid(_("The member already belongs to this branch."), code="same_branch")
    from_branch = member.branch
    transfer = member.transfers.model(
        member=member,
        from_branch=from_branch,
        to_branch=to_branch,
        transferred_on=transferred_on,
        reason=reason,
    )
    transfer.scope_path, transfer.district_code = to_branch.scope_path, to_branch.district_code
    transfer.save()
    edit = track(member, actor=actor)
    edit.set(branch=to_branch)
    member.scope_path, member.district_code = to_branch.scope_path, to_branch.district_code
    edit.finish("people.member.transferred")
    return member


@transaction.atomic
def member_set_status(*, member: PartyMember, status: str, actor: Any) -> PartyMember:
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require_permission(actor, permissions.can_manage_members_in, member.scope_path)
    edit = track(member, actor=actor)
    edit.set(status=MemberStatus(status))
    edit.finish("people.member.status_changed")
    return member
