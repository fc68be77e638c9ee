"""Reads of the party-life work waiting for someone (the home cards, core.home): the branches an
officer serves, their records awaiting confirmation, members in arrears and transfers to decide.
Each is one query whatever the number of branches or rows."""

import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife.choices import MeetingStatus, OfficerDuty, TransferStatus
from yipanqi.partylife.models import BranchOfficer, DuesPayment, Meeting, Transfer
from yipanqi.partylife.selectors import _admin_prefixes, months_due, transfer_list
from yipanqi.people.choices import MemberStatus
from yipanqi.people.models import PartyMember


def officer_branches(*, user: Any) -> list[PartyOrganisation]:
    """The branches the user is an active officer of (书记 or 党费收缴员), by path."""
    if not getattr(user, "pk", None):
        return []
    officers = BranchOfficer.objects.filter(user=user, active=True).values("branch_id")
    return list(PartyOrganisation.objects.filter(pk__in=officers).order_by("path"))


def _secretary_of(user: Any) -> QuerySet[BranchOfficer]:
    """The branches the user is the active secretary of, as a subquery."""
    rows = BranchOfficer.objects.filter(user=user, active=True, duty=OfficerDuty.SECRETARY)
    return rows.values("branch_id") if getattr(user, "pk", None) else rows.none()


def meetings_to_confirm(*, user: Any, branches: list[Any]) -> QuerySet[Meeting]:
    """Meetings of the branches recorded as held and not yet confirmed (locked)."""
    return Meeting.objects.for_user(user, "change").filter(
        branch__in=branches, status=MeetingStatus.RECORDED
    )


def members_in_arrears(*, branches: list[Any], today: datetime.date) -> QuerySet[PartyMember]:
    """Members of the branches with a month of this year unpaid up to this one — the branch
    ledger's `arrears` (selectors.branch_ledger), counted in the database."""
    months = months_due(today.year, today)
    if not months:
        return PartyMember.objects.none()
    paid = (
        DuesPayment.objects.filter(
            member=OuterRef("pk"),
            month__year=today.year,
            month__lte=datetime.date(today.year, months[-1], 1),
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        PartyMember.objects.filter(branch__in=branches)
        .exclude(status=MemberStatus.TRANSFERRED_OUT)
        .annotate(paid=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0)))
        .filter(paid__lt=len(months))
    )


def _receiving(user: Any) -> Q:
    """Transfers whose receiving side the user decides: the secretary of the receiving branch,
    or an administrator over it (permissions.can_decide_receiving)."""
    condition = Q(to_org_id__in=_secretary_of(user))
    for prefix in _admin_prefixes(user):
        condition |= Q(to_scope_path__startswith=prefix)
    return condition


def transfers_to_receive(*, user: Any) -> QuerySet[Transfer]:
    """Approved transfers within the district waiting for the user's acceptance."""
    rows = transfer_list(user=user, status=TransferStatus.APPROVED)
    return rows.filter(_receiving(user), to_org__isnull=False)


def transfers_to_approve(*, user: Any) -> QuerySet[Transfer]:
    """Requested transfers out of a branch the user runs (its secretary or an administrator)."""
    condition = Q(from_org_id__in=_secretary_of(user))
    for prefix in _admin_prefixes(user):
        condition |= Q(scope_path__startswith=prefix)
    return transfer_list(user=user, status=TransferStatus.REQUESTED).filter(condition)
