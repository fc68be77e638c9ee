"""Who may do what in party life: the area administrators over a branch, the branch's officers
(书记 for meetings and transfers, 党费收缴员 for dues) and the member themself."""

from typing import Any

from yipanqi.organisations.models import PartyOrganisation
from yipanqi.organisations.permissions import active_grants
from yipanqi.partylife.choices import OfficerDuty
from yipanqi.partylife.models import BranchOfficer, DuesBase, Meeting, Transfer
from yipanqi.partylife.reach import ADMINS
from yipanqi.people.models import PartyMember


def administers(user: Any, path: str) -> bool:
    return any(g.role in ADMINS and path.startswith(g.area.path) for g in active_grants(user))


def is_officer(user: Any, branch_id: int, duties: tuple[str, ...] = ()) -> bool:
    if not getattr(user, "pk", None):
        return False
    rows = BranchOfficer.objects.filter(user=user, branch_id=branch_id, active=True)
    return (rows.filter(duty__in=duties) if duties else rows).exists()


def can_appoint(user: Any, branch: PartyOrganisation) -> bool:
    return administers(user, branch.scope_path)


def can_run_meetings(user: Any, branch: PartyOrganisation) -> bool:
    """Plan and record the branch's meetings: its secretary, or an administrator over it."""
    return administers(user, branch.scope_path) or is_officer(
        user, branch.pk, (OfficerDuty.SECRETARY,)
    )


def can_change_meeting(user: Any, meeting: Meeting) -> bool:
    return can_run_meetings(user, meeting.branch)


def is_member_self(user: Any, member: PartyMember) -> bool:
    person = member.person
    return bool(getattr(user, "pk", None)) and person.user_id == user.pk


def can_sign_in(user: Any, meeting: Meeting, member: PartyMember) -> bool:
    """A member signs themself in to a meeting of the branch holding their membership."""
    return is_member_self(user, member) and member.branch_id == meeting.branch_id


def can_collect_dues(user: Any, branch_id: int, path: str) -> bool:
    """Set bases and record payments: the dues officer or secretary, or an administrator."""
    duties = (OfficerDuty.DUES_OFFICER, OfficerDuty.SECRETARY)
    return administers(user, path) or is_officer(user, branch_id, duties)


def can_see_base(user: Any, base: DuesBase) -> bool:
    """The income base in clear: the member and the branch's dues officer only (issue 15)."""
    if is_member_self(user, base.member):
        return True
    return is_officer(user, base.branch_id, (OfficerDuty.DUES_OFFICER,))


def can_request_transfer(user: Any, member: PartyMember) -> bool:
    """The member, or the sending branch (its secretary or an administrator over it)."""
    return is_member_self(user, member) or can_run_meetings(user, member.branch)


def can_decide_sending(user: Any, transfer: Transfer) -> bool:
    return can_run_meetings(user, transfer.from_org)


def can_decide_receiving(user: Any, transfer: Transfer) -> bool:
    if transfer.to_org is None:  # out of the district: the sending side issues the letter
        return can_decide_sending(user, transfer)
    return can_run_meetings(user, transfer.to_org)


def can_withdraw(user: Any, transfer: Transfer) -> bool:
    return (
        transfer.requested_by_id is not None and transfer.requested_by_id == getattr(user, "pk", 0)
    ) or can_decide_sending(user, transfer)
