"""Party life's home cards (core.home): who gets which card, each count equal to an independent
count over the rows (periods worked out by hand here, not by rules.py), links to the pages
filtered to them, and a constant number of queries whatever the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife import actions
from yipanqi.partylife.models import DuesPayment, Meeting, Transfer
from yipanqi.partylife.tests.factories import SYS, hold, plan
from yipanqi.people.models import PartyMember

pytestmark = pytest.mark.django_db
MONTHLY = {"committee", "group", "themed_day"}
KINDS = ("branch_general", "committee", "group", "lecture", "themed_day")
CARDS = {
    "secretary_a1": ["partylife-secretary"],
    "dues_officer_a1": ["partylife-secretary"],
    "party_member_a1": ["partylife-member"],
    "community_admin_a1": ["partylife-admin", "partylife-figures"],
    "district_admin": ["partylife-admin", "partylife-figures"],
    "resident_a1": [],
    "grid_worker_a1": [],
}


def _cards(client, user) -> dict[str, dict]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    entries = response.context["work"] + response.context["figures"]
    return {e["key"]: e["card"] for e in entries if e["key"].startswith("partylife")}


def _todo(card: dict, label: str) -> int:
    return next(t["count"] for t in card["todos"] if str(t["label"]) == label)


def _period(kind: str, day: datetime.date) -> tuple[int, int]:
    return (day.month, 0) if kind in MONTHLY else ((day.month - 1) // 3, 1)


def _independent(branch, today: datetime.date) -> tuple[int, int]:
    """(kinds still due this period, periods missed this year) counted from the meeting rows."""
    has_groups = PartyOrganisation.objects.filter(
        kind="group", path__startswith=branch.path
    ).exists()
    held = {
        (kind, _period(kind, day))
        for kind, day in Meeting.objects.filter(
            branch=branch, held_on__year=today.year, status__in=("recorded", "confirmed")
        ).values_list("kind", "held_on")
    }
    due = missed = 0
    for kind in KINDS:
        if kind == "group" and not has_groups:
            continue
        if kind in MONTHLY:
            periods = [(m, 0) for m in range(1, today.month + 1)]
        else:
            periods = [(q, 1) for q in range((today.month - 1) // 3 + 1)]
        current = _period(kind, today)
        for period in periods:
            if (kind, period) in held:
                continue
            due, missed = (due + 1, missed) if period == current else (due, missed + 1)
    return due, missed


def _arrears(branch, today: datetime.date) -> int:
    count = 0
    for member in PartyMember.objects.filter(branch=branch).exclude(status="transferred_out"):
        months = set(
            DuesPayment.objects.filter(member=member, month__year=today.year).values_list(
                "month__month", flat=True
            )
        )
        count += any(m not in months for m in range(1, today.month + 1))
    return count


def _this_year(world) -> None:
    """This year's life in branch a1: a themed day held, one recorded not confirmed, dues paid
    by one member; a transfer into a1 approved (to receive) and one out of a1 requested."""
    today = timezone.localdate()
    hold(plan(world, "a1", "themed_day", today, "本月主题党日"), confirm=True)
    hold(plan(world, "a1", "committee", today, "本月支委会"))
    m = world.members
    actions.dues_base_set(member=m["self"], year=today.year, category="income",
                          base_yuan="5000", actor=SYS)  # fmt: skip
    for month in range(1, today.month + 1):
        actions.dues_pay(member=m["self"], month=datetime.date(today.year, month, 1), actor=SYS)
    incoming = actions.transfer_request(
        member=m["b1"], to_org=world.branches["a1"], reason="工作调动", actor=SYS
    )
    actions.transfer_approve(transfer=incoming, actor=SYS)


@pytest.mark.parametrize("persona", CARDS)
def test_each_persona_gets_its_party_life_cards(world, client, persona):
    assert list(_cards(client, world.personas[persona])) == CARDS[persona]


def test_the_secretary_counts_equal_independent_counts(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    _this_year(world)
    today = timezone.localdate()
    branch = world.branches["a1"]
    card = _cards(client, world.personas["secretary_a1"])["partylife-secretary"]
    due, missed = _independent(branch, today)
    assert _todo(card, "meetings still due this period") == due
    assert _todo(card, "required meetings missed this year") == missed
    assert due >= 1 and (missed >= 1 or today.month == 1)
    recorded = Meeting.objects.filter(branch=branch, status="recorded").count()
    assert _todo(card, "meeting records to confirm") == recorded == 1
    assert _todo(card, "members with dues unpaid") == _arrears(branch, today) >= 1
    requested = Transfer.objects.filter(from_org=branch, status="requested").count()
    assert _todo(card, "transfers to approve") == requested == 1
    approved = Transfer.objects.filter(to_org=branch, status="approved").count()
    assert _todo(card, "transfers to receive") == approved == 1


def test_the_secretary_card_links_to_pages_filtered_to_its_counts(world, client):
    _this_year(world)
    secretary = world.personas["secretary_a1"]
    card = _cards(client, secretary)["partylife-secretary"]
    for todo in card["todos"]:
        if "side=" in todo["url"] or "status=" in todo["url"]:
            page = client.get(todo["url"])
            assert page.status_code == 200
            assert page.context["page_obj"].paginator.count == todo["count"], todo["url"]


def test_the_admin_counts_the_branches_of_their_area(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    _this_year(world)
    today = timezone.localdate()
    for persona, branches in (
        ("community_admin_a1", ["a1"]),  # a2 keeps no life here (no secretary)
        ("district_admin", ["a1", "b1"]),
    ):
        card = _cards(client, world.personas[persona])["partylife-admin"]
        counts = [_independent(world.branches[b], today) for b in branches]
        assert _todo(card, "branches behind this year") == sum(1 for _d, m in counts if m)
        assert _todo(card, "branches with meetings still due this period") == sum(
            1 for d, _m in counts if d
        )
    district = _cards(client, world.personas["district_admin"])["partylife-admin"]
    assert _todo(district, "transfers to receive") == 1
    assert _todo(district, "transfers to approve") == 2  # a1's and b1's requests


def test_the_member_counts_their_own_dues_and_transfer(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    today = timezone.localdate()
    member = world.members["self"]
    actions.dues_base_set(member=member, year=today.year, category="income",
                          base_yuan="5000", actor=SYS)  # fmt: skip
    actions.dues_pay(member=member, month=datetime.date(today.year, 1, 1), actor=SYS)
    card = _cards(client, world.personas["party_member_a1"])["partylife-member"]
    assert _todo(card, "months of dues unpaid") == today.month - 1
    assert _todo(card, "my transfer in progress") == 0
    actions.transfer_request(member=member, to_org=world.branches["b1"], reason="搬家", actor=SYS)
    card = _cards(client, world.personas["party_member_a1"])["partylife-member"]
    assert _todo(card, "my transfer in progress") == 1


@pytest.mark.parametrize("persona", ["secretary_a1", "community_admin_a1", "party_member_a1"])
def test_the_home_page_costs_the_same_queries_whatever_the_data(
    world, client, persona, django_assert_num_queries
):
    user = world.personas[persona]
    client.force_login(user)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("home")).status_code == 200
    writes = [
        q["sql"] for q in first.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])
    ]
    assert writes == []
    _this_year(world)
    for n in range(3):
        hold(plan(world, "b1", "lecture", timezone.localdate(), f"党课{n}"))
    actions.officer_appoint(branch=world.branches["b1"], user=world.personas["secretary_a1"],
                            duty="secretary", actor=SYS)  # fmt: skip
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(reverse("home")).status_code == 200
