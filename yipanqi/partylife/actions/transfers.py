"""Transfers of membership (组织关系转接): requested by the member or the sending branch →
approved by the sending organisation → accepted by the receiving one within the policy's days
(overdue ones escalate) → the member's branch changes once, through people's own action.
A rejected or withdrawn transfer changes nothing. One open transfer per member."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife import permissions as perms
from yipanqi.partylife import policies
from yipanqi.partylife.actions._common import TRANSFER_FLOW, transfer_event
from yipanqi.partylife.choices import OPEN_TRANSFER, TransferKind, TransferStatus
from yipanqi.partylife.models import BranchOfficer, Transfer
from yipanqi.people import actions as people_actions
from yipanqi.people.choices import MemberStatus
from yipanqi.people.models import PartyMember

OPEN_CODE = "transfer_open"


def _invalid(message: str, code: str, field: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def _open_refusal() -> Conflict:
    return Conflict(_("This member already has a transfer in progress."), code=OPEN_CODE)


def _receiver(member: PartyMember, to_org: PartyOrganisation | None, outside_org: str) -> str:
    if to_org is None:
        if not outside_org.strip():
            raise _invalid(_("Name the receiving organisation."), "receiver_required", "to_org")
        return TransferKind.OUTGOING
    if to_org.pk == member.branch_id:
        message = _("The member already belongs to this organisation.")
        raise _invalid(message, "same_organisation", "to_org")
    if to_org.district_code != member.district_code:
        message = _("Outside the district, name the organisation for a letter instead.")
        raise _invalid(message, "other_district", "to_org")
    return TransferKind.WITHIN


@transaction.atomic
def transfer_request(
    *,
    member: PartyMember,
    reason: str,
    actor: Actor,
    to_org: PartyOrganisation | None = None,
    outside_org: str = "",
) -> Transfer:
    """申请: the member or the sending branch asks; a second open request is a conflict."""
    member = (
        PartyMember.objects.select_for_update().select_related("branch", "person").get(pk=member.pk)
    )
    require_permission(actor, perms.can_request_transfer, member)
    if member.status == MemberStatus.TRANSFERRED_OUT:
        raise Conflict(_("This member has left the district."), code="transferred_out")
    kind = _receiver(member, to_org, outside_org)
    if not reason.strip():
        raise _invalid(_("Say why the membership moves."), "reason_required", "reason")
    require_visible(reason, field="reason")
    require_visible(outside_org, field="outside_org")
    if Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER).exists():
        raise _open_refusal()
    transfer = Transfer(
        member=member,
        kind=kind,
        from_org=member.branch,
        to_org=to_org,
        to_scope_path=to_org.scope_path if to_org else "",
        outside_org="" if to_org else outside_org.strip()[:150],
        reason=reason.strip()[:300],
        requested_by=user_of(actor),
    )
    transfer.scope_path, transfer.district_code = member.scope_path, member.district_code
    # the partial unique index backs the check above when two requests race (PostgreSQL)
    save_or_conflict(transfer, _open_refusal().message, code=OPEN_CODE)
    transfer_event(transfer, actor=actor, old="", new=TransferStatus.REQUESTED)
    audit.record(
        actor=actor,
        action="partylife.transfer.requested",
        target=transfer,
        changes=created(transfer, "member", "kind", "from_org", "to_org", "status"),
    )
    return transfer


def _secretaries(org: PartyOrganisation | None) -> list[Any]:
    if org is None:
        return []
    rows = BranchOfficer.objects.filter(branch=org, duty="secretary", active=True)
    return [o.user for o in rows.select_related("user")]


@transaction.atomic
def transfer_approve(*, transfer: Transfer, actor: Actor) -> Transfer:
    """转出审批: the sending organisation approves; the receiver has the policy's days."""
    transfer = lock(transfer, "from_org", "to_org")
    require_permission(actor, perms.can_decide_sending, transfer)
    days = int(policies.TRANSFER_ACCEPT_DAYS.value(transfer.district_code))
    step = TRANSFER_FLOW.begin(transfer, actor=actor)
    step.move(TransferStatus.APPROVED)
    step.set(due_on=timezone.localdate() + datetime.timedelta(days=days))
    step.finish("approved")
    notify.notify(
        _secretaries(transfer.to_org),
        title=_("A membership transfer awaits your acceptance"),
        url=transfer.get_absolute_url(),
        topic="partylife.transfer",
    )
    return transfer


@transaction.atomic
def transfer_accept(*, transfer: Transfer, actor: Actor, letter_no: str = "") -> Transfer:
    """接收: the receiving organisation accepts (within the district the member's branch changes
    once, by people's action, which keeps the history); out of the district the sending side
    issues the letter with its number and the member is marked transferred out."""
    transfer = lock(transfer, "from_org", "to_org")
    require_permission(actor, perms.can_decide_receiving, transfer)
    if transfer.kind == TransferKind.OUTGOING and not letter_no.strip():
        raise _invalid(_("Enter the letter's number."), "letter_required", "letter_no")
    step = TRANSFER_FLOW.begin(transfer, actor=actor)
    step.move(TransferStatus.ACCEPTED)
    step.set(completed_on=timezone.localdate(), letter_no=letter_no.strip()[:40])
    # people's action asks for rights over the sending branch; the receiving side has none:
    # the system acts on behalf of the acceptor (named in the audit).
    on_behalf = system("partylife.transfer", on_behalf_of=user_of(actor))
    member = transfer.member
    if transfer.kind == TransferKind.WITHIN:
        assert transfer.to_org is not None
        people_actions.member_transfer(
            member=member,
            to_branch=transfer.to_org,
            transferred_on=timezone.localdate(),
            reason=transfer.reason,
            actor=on_behalf,
        )
    else:
        people_actions.member_set_status(
            member=member, status=MemberStatus.TRANSFERRED_OUT, actor=on_behalf
        )
    step.finish("accepted")
    return transfer


@transaction.atomic
def transfer_reject(*, transfer: Transfer, note: str, actor: Actor) -> Transfer:
    """退回: either side refuses, with a reason; nothing else changes."""
    transfer = lock(transfer, "from_org", "to_org")
    sending = perms.can_decide_sending(actor, transfer)
    receiving = transfer.status == TransferStatus.APPROVED and perms.can_decide_receiving(
        actor, transfer
    )
    require_permission(actor, lambda *_a: sending or receiving)
    if not note.strip():
        raise _invalid(_("Say why the transfer is rejected."), "reason_required", "note")
    step = TRANSFER_FLOW.begin(transfer, actor=actor)
    step.move(TransferStatus.REJECTED, note=note)
    step.set(note=note.strip()[:300])
    step.finish("rejected")
    return transfer


@transaction.atomic
def transfer_withdraw(*, transfer: Transfer, actor: Actor, note: str = "") -> Transfer:
    """撤回: whoever asked (or the sending branch) withdraws an open transfer."""
    transfer = lock(transfer, "from_org", "to_org")
    require_permission(actor, perms.can_withdraw, transfer)
    step = TRANSFER_FLOW.begin(transfer, actor=actor)
    step.move(TransferStatus.WITHDRAWN, note=note)
    step.set(note=note.strip()[:300])
    step.finish("withdrawn")
    return transfer


def transfers_escalate(today: datetime.date | None = None, batch: int = 200) -> int:
    """Periodic: approved transfers past their acceptance date are flagged and the receiving
    organisation's administrators (or secretary) told; returns how many moved."""
    today = today or timezone.localdate()
    rows = Transfer.objects.filter(
        status=TransferStatus.APPROVED, due_on__lt=today, escalated=False
    ).order_by("pk")[:batch]
    moved = 0
    for transfer in rows:
        with transaction.atomic():
            transfer = lock(transfer, "to_org")
            if transfer.escalated:
                continue
            edit = track(transfer, actor=system("partylife.escalation"))
            edit.set(escalated=True)
            edit.finish("partylife.transfer.escalated")
            notify.notify(
                _secretaries(transfer.to_org) or _secretaries(transfer.from_org),
                title=_("A membership transfer is overdue"),
                url=transfer.get_absolute_url(),
                topic="partylife.transfer",
            )
            moved += 1
    return moved
