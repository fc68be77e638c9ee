"""The demo's party-life part: a year of meetings (mostly compliant, some branches behind), dues
with some arrears, transfers at every stage; the report's figures equal counts taken here
independently from the rows."""

import datetime
from collections import defaultdict

import pytest
from django.db.models import Sum

from yipanqi.accounts.models import User
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.models import Area
from yipanqi.partylife.choices import OfficerDuty, TransferStatus
from yipanqi.partylife.models import BranchOfficer, DuesPayment, Meeting, Transfer
from yipanqi.people.models import PartyMember
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db
MONTHLY = ("committee", "themed_day", "group")
QUARTERLY = ("branch_general", "lecture")


def _independent_share(path: str) -> float:
    """Required (kind, period) pairs held / required, counted from the meeting rows."""
    branches = set(
        BranchOfficer.objects.filter(
            duty=OfficerDuty.SECRETARY, scope_path__startswith=path
        ).values_list("branch_id", flat=True)
    )
    held = defaultdict(set)
    rows = Meeting.objects.filter(branch_id__in=branches, held_on__year=2021,
                                  status__in=("recorded", "confirmed"))  # fmt: skip
    grouped = set()
    for branch_id, kind, day in rows.values_list("branch_id", "kind", "held_on"):
        period = day.month if kind in MONTHLY else (day.month - 1) // 3
        held[branch_id].add((kind, period))
        if kind == "group":
            grouped.add(branch_id)
    from yipanqi.organisations.models import PartyOrganisation

    with_groups = {
        b.pk for b in PartyOrganisation.objects.filter(pk__in=branches)
        if PartyOrganisation.objects.filter(kind="group", path__startswith=b.path).exists()
    }  # fmt: skip
    required = sum(12 * (3 if b in with_groups else 2) + 4 * 2 for b in branches)
    return sum(len(v) for v in held.values()) / required


def test_the_demo_branches_keep_a_year_of_meetings(fenghua_demo):
    district = Area.objects.get(kind="district")
    start, end = year_bounds(2021)
    numbers = node_figures(area=district, start=start, end=end)
    held = Meeting.objects.filter(held_on__year=2021, status__in=("recorded", "confirmed"))
    assert numbers["branch_meetings_held"] == held.count() > 3000
    share = numbers["branch_meeting_compliance"]
    assert share == round(_independent_share(district.scope_path), 4)
    assert 0.7 < share < 0.98  # mostly compliant, some behind
    fen = DuesPayment.objects.filter(paid_on__year=2021).aggregate(t=Sum("amount_fen"))["t"]
    assert numbers["dues_collected_yuan"] == fen / 100 > 0
    done = Transfer.objects.filter(status="accepted", completed_on__year=2021).count()
    assert numbers["transfers_completed"] == done >= 5


def test_some_members_are_in_arrears_and_transfers_are_at_every_stage(fenghua_demo):
    paid = defaultdict(int)
    for member_id, _n in DuesPayment.objects.filter(month__year=2021).values_list(
        "member_id", "id"
    ):
        paid[member_id] += 1
    assert any(n < 12 for n in paid.values()) and sum(n == 12 for n in paid.values()) > 1000
    statuses = set(Transfer.objects.values_list("status", flat=True))
    assert statuses == set(TransferStatus.values)
    assert Transfer.objects.filter(escalated=True, status="approved").exists()
    assert (
        Transfer.objects.filter(kind="outgoing", status="accepted").exclude(letter_no="").exists()
    )


def test_the_fengzhong_secretary_runs_the_members_branch(fenghua_demo):
    secretary = User.objects.get(username="jp_fengzhong_secretary")
    duties = set(BranchOfficer.objects.filter(user=secretary).values_list("duty", flat=True))
    assert duties == {"secretary", "dues_officer"}
    branch = BranchOfficer.objects.get(user=secretary, duty="secretary").branch
    member = PartyMember.objects.get(person__user__username="jp_fengzhong_member")
    assert member.branch == branch
    assert PartyMember.objects.get(person__user=secretary).branch == branch
    assert Meeting.objects.filter(branch=branch, held_on__year=2021).count() >= 20
    year = datetime.date.today().year  # noqa: DTZ011
    from yipanqi.partylife.models import DuesBase

    assert DuesBase.objects.filter(member=member, year=year).exists()


def test_each_branch_has_its_batch_events(fenghua_demo):
    branches = BranchOfficer.objects.filter(duty="secretary").count()
    events = AuditEvent.objects.filter(action__startswith="partylife.demo.")
    assert events.count() == 2 * branches
    meetings = sum(e.data["meetings"]["rows"] for e in events.filter(
        action="partylife.demo.meetings_created") if "meetings" in e.data)  # fmt: skip
    assert meetings == Meeting.objects.count()  # 2021 and this year so far


def test_members_move_between_demo_branches_and_out_of_the_district(fenghua_demo):
    within = Transfer.objects.filter(kind="within").select_related("member")
    assert set(within.values_list("status", flat=True)) == set(TransferStatus.values)
    done = within.filter(status="accepted")
    assert done.count() == 3
    for transfer in done:
        assert transfer.member.branch_id == transfer.to_org_id != transfer.from_org_id
        assert BranchOfficer.objects.filter(branch=transfer.to_org, duty="secretary").exists()
    secretary = User.objects.get(username="jp_fengzhong_secretary")
    branch = BranchOfficer.objects.get(user=secretary, duty="secretary").branch
    assert Transfer.objects.filter(to_org=branch, status="approved").exists()  # to receive


def test_this_year_is_live_for_the_compliance_views(fenghua_demo):
    from django.utils import timezone

    from yipanqi.partylife.compliance import DUE, HELD_STATE, branch_compliance

    today = timezone.localdate()
    branches = [o.branch for o in BranchOfficer.objects.filter(duty="secretary")]
    rows = branch_compliance(
        branches, start=datetime.date(today.year, 1, 1), end=today, today=today
    )
    current = {kind.current for row in rows for kind in row.kinds}
    assert {HELD_STATE, DUE} <= current
    assert any(row.missed for row in rows) and any(not row.missed for row in rows)
    assert sum(row.held for row in rows) > 1000 or today.month == 1
    waiting = Meeting.objects.filter(status="recorded", held_on__year=today.year)
    assert waiting.exists() or today.day <= 3
    member = PartyMember.objects.get(person__user__username="jp_fengzhong_member")
    paid = DuesPayment.objects.filter(member=member, month__year=today.year).count()
    assert paid == today.month - 1  # up to date but for this month, paid in the browser test
