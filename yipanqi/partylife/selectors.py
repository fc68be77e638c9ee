"""Reads of party life, each from the user's scope (`for_user`): meetings and attendance,
dues bases and payments, arrears, transfers, the branches one runs and compliance."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife import permissions as perms
from yipanqi.partylife.choices import OPEN_TRANSFER, OfficerDuty
from yipanqi.partylife.compliance import BranchCompliance, branch_compliance
from yipanqi.partylife.models import (
    Amendment,
    Attendance,
    BranchOfficer,
    DuesBase,
    DuesPayment,
    Meeting,
    MeetingPhoto,
    Transfer,
    TransferEvent,
)
from yipanqi.partylife.reach import ADMINS
from yipanqi.partylife.rules import add_months, month_start, yuan
from yipanqi.partylife.sealing import reveal_base
from yipanqi.people.choices import MemberStatus
from yipanqi.people.models import PartyMember

BRANCH_KINDS = (PartyOrganisationKind.BRANCH, PartyOrganisationKind.GENERAL_BRANCH)


# --- branches ---------------------------------------------------------------------------


def branches_run_by(*, user: Any) -> QuerySet[PartyOrganisation]:
    """Branches whose party life the user runs: as an officer, or administering their area."""
    officer = BranchOfficer.objects.filter(user=user, active=True).values("branch_id")
    admin = Q()
    for prefix in _admin_prefixes(user):
        admin |= Q(scope_path__startswith=prefix)
    condition = Q(pk__in=officer) | admin if admin else Q(pk__in=officer)
    if not getattr(user, "pk", None):
        return PartyOrganisation.objects.none()
    return (
        PartyOrganisation.objects.filter(condition, kind__in=BRANCH_KINDS)
        .select_related("area")
        .order_by("path")
    )


def _admin_prefixes(user: Any) -> list[str]:
    from yipanqi.organisations.permissions import active_grants

    return [g.area.path for g in active_grants(user) if g.role in ADMINS]


def branch_get(*, user: Any, branch_id: int) -> PartyOrganisation:
    return branches_run_by(user=user).get(pk=branch_id)


def active_branches(*, user: Any) -> QuerySet[PartyOrganisation]:
    """Branches in the user's scope keeping their life here (a secretary appointed)."""
    run = branches_run_by(user=user)
    secretaries = BranchOfficer.objects.filter(duty=OfficerDuty.SECRETARY, active=True)
    return run.filter(pk__in=secretaries.values("branch_id"))


def branch_members(*, branch: PartyOrganisation) -> QuerySet[PartyMember]:
    """Members of a branch the caller already reached through `branch_get` (names only shown)."""
    return (
        PartyMember.objects.filter(branch=branch)
        .exclude(status=MemberStatus.TRANSFERRED_OUT)
        .select_related("person")
        .order_by("person__name", "id")
    )


def officers_of(*, branch: PartyOrganisation) -> QuerySet[BranchOfficer]:
    return BranchOfficer.objects.filter(branch=branch, active=True).select_related("user")


def member_of_user(*, user: Any) -> PartyMember | None:
    """The signed-in person's own membership (本人), if they are a member."""
    if not getattr(user, "pk", None):
        return None
    rows = PartyMember.objects.filter(person__user=user).select_related("branch", "person")
    return rows.first()


def district_member_get(*, district_code: str, member_id: int) -> PartyMember:
    """Any member of the district by id (one not in the meeting's branch is the action's
    `not_a_member`); raises DoesNotExist when there is none."""
    return PartyMember.objects.get(pk=member_id, district_code=district_code)


def payable_member_get(*, user: Any, member_id: int) -> PartyMember:
    """Oneself, or a member of a branch whose dues the user collects; raises DoesNotExist
    otherwise."""
    rows = PartyMember.objects.filter(branch__in=branches_run_by(user=user)) | (
        PartyMember.objects.filter(person__user=user)
    )
    return rows.get(pk=member_id)


# --- meetings ---------------------------------------------------------------------------


def _meetings(user: Any, action: str = "view") -> QuerySet[Meeting]:
    return Meeting.objects.for_user(user, action).select_related("branch", "group", "booking")


def meeting_list(
    *,
    user: Any,
    branch: PartyOrganisation | None = None,
    kind: str = "",
    status: str = "",
    year: int | None = None,
) -> QuerySet[Meeting]:
    rows = _meetings(user)
    if branch is not None:
        rows = rows.filter(branch=branch)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.order_by("-held_on", "-id")


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    return _meetings(user).get(pk=meeting_id)


def meeting_attendance(*, user: Any, meeting: Meeting) -> QuerySet[Attendance]:
    """The attendance the user reaches: all of it for officers and administrators, their own
    line for a member."""
    return (
        Attendance.objects.for_user(user)
        .filter(meeting=meeting)
        .select_related("member__person")
        .order_by("member__person__name", "id")
    )


def meeting_photos(*, meeting: Meeting) -> QuerySet[MeetingPhoto]:
    """The photos of a meeting the caller already reached."""
    return meeting.photos.order_by("id")


def meeting_photo_get(*, user: Any, photo_id: int) -> MeetingPhoto:
    """A photo, found only through a meeting the user reaches (404 otherwise)."""
    photo = MeetingPhoto.objects.select_related("meeting").get(pk=photo_id)
    meeting_get(user=user, meeting_id=photo.meeting_id)
    return photo


def meeting_amendments(*, user: Any, meeting: Meeting) -> QuerySet[Amendment]:
    return (
        Amendment.objects.for_user(user)
        .filter(meeting=meeting)
        .select_related("amended_by")
        .order_by("id")
    )


def my_attendance(*, user: Any, year: int | None = None) -> QuerySet[Attendance]:
    rows = Attendance.objects.for_user(user).filter(member__person__user=user)
    if year:
        rows = rows.filter(meeting__held_on__year=year)
    return rows.select_related("meeting", "meeting__branch").order_by("-meeting__held_on", "-id")


def attendance_list(*, user: Any) -> QuerySet[Attendance]:
    return (
        Attendance.objects.for_user(user)
        .select_related("meeting", "member__person")
        .order_by("-meeting__held_on", "id")
    )


# --- dues -------------------------------------------------------------------------------


def dues_base_list(*, user: Any, year: int | None = None) -> QuerySet[DuesBase]:
    rows = DuesBase.objects.for_user(user).select_related("member__person", "branch")
    return (rows.filter(year=year) if year else rows).order_by("-year", "member_id")


def payment_list(
    *, user: Any, year: int | None = None, branch: PartyOrganisation | None = None
) -> QuerySet[DuesPayment]:
    rows = DuesPayment.objects.for_user(user).select_related("member__person", "branch")
    if year:
        rows = rows.filter(month__year=year)
    if branch is not None:
        rows = rows.filter(branch=branch)
    return rows.order_by("-month", "member_id")


def payment_get(*, user: Any, payment_id: int) -> DuesPayment:
    return payment_list(user=user).get(pk=payment_id)


@dataclass
class LedgerRow:
    """One member's year of dues in a branch: due, paid and the months in arrears."""

    member: PartyMember
    monthly_fen: int | None = None
    base_masked: str = ""
    base_clear: str = ""  # only after the dues officer's audited reveal
    paid: dict[int, int] = field(default_factory=dict)  # month number → fen
    arrears: list[int] = field(default_factory=list)  # unpaid month numbers up to now

    @property
    def paid_fen(self) -> int:
        return sum(self.paid.values())

    @property
    def monthly_yuan(self) -> str:
        return "" if self.monthly_fen is None else yuan(self.monthly_fen)


def months_due(year: int, today: datetime.date) -> list[int]:
    """Months of `year` whose dues are due by `today` (the current month included)."""
    if year < today.year:
        return list(range(1, 13))
    return list(range(1, today.month + 1)) if year == today.year else []


def branch_ledger(
    *,
    branch: PartyOrganisation,
    year: int,
    today: datetime.date | None = None,
    reveal: bool = False,
) -> list[LedgerRow]:
    """The branch's members with bases and payments of the year (three queries)."""
    today = today or timezone.localdate()
    members = list(branch_members(branch=branch))
    bases = {b.member_id: b for b in DuesBase.objects.filter(member__in=members, year=year)}
    paid: dict[int, dict[int, int]] = defaultdict(dict)
    rows = DuesPayment.objects.filter(member__in=members, month__year=year)
    for member_id, month, fen in rows.values_list("member_id", "month", "amount_fen"):
        paid[member_id][month.month] = fen
    ledger = []
    for member in members:
        base = bases.get(member.pk)
        row = LedgerRow(
            member, base.monthly_fen if base else None, base.base_masked if base else ""
        )
        row.paid = paid.get(member.pk, {})
        clear = reveal_base(base) if reveal and base is not None else None
        if clear is not None:
            row.base_clear = f"¥{clear // 100}.{clear % 100:02d}"
        row.arrears = [m for m in months_due(year, today) if m not in row.paid]
        ledger.append(row)
    return ledger


def my_dues(*, user: Any, year: int) -> tuple[DuesBase | None, list[DuesPayment]]:
    base = dues_base_list(user=user, year=year).filter(member__person__user=user).first()
    payments = list(payment_list(user=user, year=year).filter(member__person__user=user))
    return base, payments


def visible_base(*, user: Any, base: DuesBase | None) -> int | None:
    """The base in clear for the member and the dues officer; None for everyone else."""
    if base is None or not perms.can_see_base(user, base):
        return None
    return reveal_base(base)


def remittance(*, user: Any, year: int) -> list[tuple[PartyOrganisation, int]]:
    """Per branch the dues collected in the year (integer fen), for the branches the user runs;
    their sum is the higher level's total (no rounding anywhere: fen are summed)."""
    totals = dict(
        payment_list(user=user, year=year)
        .order_by()
        .values_list("branch_id")
        .annotate(total=Sum("amount_fen"))
    )
    branches = PartyOrganisation.objects.filter(pk__in=totals).order_by("path")
    return [(b, int(totals[b.pk])) for b in branches]


# --- transfers --------------------------------------------------------------------------


def _transfers(user: Any, action: str = "view") -> QuerySet[Transfer]:
    return Transfer.objects.for_user(user, action).select_related(
        "member__person", "from_org", "to_org", "requested_by"
    )


def transfer_list(*, user: Any, status: str = "", open_only: bool = False) -> QuerySet[Transfer]:
    rows = _transfers(user)
    if status:
        rows = rows.filter(status=status)
    if open_only:
        rows = rows.filter(status__in=OPEN_TRANSFER)
    return rows.order_by("-created_at", "-id")


def transfer_get(*, user: Any, transfer_id: int) -> Transfer:
    return _transfers(user).get(pk=transfer_id)


def transfer_events(*, transfer: Transfer) -> QuerySet[TransferEvent]:
    """The history of a transfer the caller already reached."""
    return transfer.events.select_related("actor").order_by("created_at", "id")


def transfer_targets(*, member: PartyMember) -> QuerySet[PartyOrganisation]:
    """Branches of the member's district a membership may move to (any, in or out of the
    requester's scope: the receiving side decides), the current one left out."""
    return (
        PartyOrganisation.objects.filter(district_code=member.district_code, kind__in=BRANCH_KINDS)
        .exclude(pk=member.branch_id)
        .order_by("path")
    )


def district_organisation_get(*, district_code: str, organisation_id: int) -> PartyOrganisation:
    """Any party organisation of the district by id, a transfer's receiving side (in or out of
    the requester's scope: the receiving side decides); raises DoesNotExist when there is none."""
    return PartyOrganisation.objects.get(pk=organisation_id, district_code=district_code)


def branch_transfers(*, user: Any, branch: PartyOrganisation) -> QuerySet[Transfer]:
    """Open transfers out of or into the branch."""
    rows = transfer_list(user=user, open_only=True)
    return rows.filter(Q(from_org=branch) | Q(to_org=branch))


def my_transfers(*, user: Any) -> QuerySet[Transfer]:
    return transfer_list(user=user).filter(member__person__user=user)


# --- compliance -------------------------------------------------------------------------


def compliance(
    *,
    user: Any,
    start: datetime.date,
    end: datetime.date,
    branch: PartyOrganisation | None = None,
) -> list[BranchCompliance]:
    branches = [branch] if branch is not None else list(active_branches(user=user))
    return branch_compliance(branches, start=start, end=end, today=timezone.localdate())


def advance_limit(district_code: str) -> datetime.date:
    from yipanqi.partylife import policies

    ahead = int(policies.DUES_ADVANCE_MONTHS.value(district_code))
    return add_months(month_start(timezone.localdate()), ahead)


def towns_of(*, branches: list[Any]) -> dict[int, str]:
    """Each branch's town or street name (for the street view), one query."""
    from yipanqi.organisations.models import Area

    step = Area.steplen
    paths = {b.scope_path[: 2 * step] for b in branches}
    names = dict(Area.objects.filter(path__in=paths).values_list("path", "name"))
    return {b.pk: names.get(b.scope_path[: 2 * step], "") for b in branches}


def remittance_by_town(*, user: Any, year: int) -> list[tuple[str, int, list[tuple[Any, int]]]]:
    """The remittance grouped by town or street: (town, its total in fen, its branches)."""
    rows = remittance(user=user, year=year)
    towns = towns_of(branches=[b for b, _fen in rows])
    grouped: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for branch, fen in rows:
        grouped[towns[branch.pk]].append((branch, fen))
    return [(town, sum(f for _b, f in items), items) for town, items in grouped.items()]
