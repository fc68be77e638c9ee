"""The orders part of the Fenghua 2021 demo (issue 4, "Demo"): the seed's figures counted by the
reports from records, recent orders open at every stage in every community, the personas' work,
and every order, event, participant, rating, ledger entry and participation as the actions write
them."""

import datetime
import json
import subprocess
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from yipanqi.accounts.models import User
from yipanqi.core.audit import verify_chain
from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import copy_demo_database, demo_build, demo_env, yipanqi_bin
from yipanqi.orders import policies
from yipanqi.orders.choices import (
    DEFAULT_CATEGORIES,
    ORDER_TRANSITIONS,
    WAITING_STATES,
    DispatchKind,
    EventKind,
    LedgerKind,
    OrderStatus,
)
from yipanqi.orders.demo import SECONDS
from yipanqi.orders.models import (
    LedgerEntry,
    OrderCandidate,
    OrderCategory,
    OrderEvent,
    OrderParticipant,
    OrderRating,
    ServiceOrder,
)
from yipanqi.orders.permissions import can_rate, may_take, participants_of
from yipanqi.orders.selectors import orders as selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.choices import ParticipationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration, Participation, PartyMember
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db

SEED = {"registered_members": 5_500, "participations": 18_900, "problems_solved": 1_000}
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)
RECENT = datetime.timedelta(days=14)
FENGZHONG, MINZHU = "330213001001", "330213002001"  # the two demo communities
# What is left open now in every community; the member stages need a registered member.
OPEN_STAGES = ("placed", "accepted", "dispatched/open")
MEMBER_STAGES = ("dispatched/members", "taken", "done")
# Events that move an order (as opposed to the escalation job's overdue / escalated notes).
MOVES = frozenset(EventKind) - {EventKind.PLACED, EventKind.OVERDUE, EventKind.ESCALATED}


@pytest.fixture(autouse=True)
def demo(fenghua_demo):
    """The full demo, built once per session (the root conftest's `fenghua_demo`)."""
    return fenghua_demo


def test_the_orders_part_stays_within_its_time_budget():
    """~10 s on SQLite on a quiet machine (the whole demo must stay within a minute); the bound
    is loose so that a loaded machine does not fail it."""
    assert SECONDS["total"] < 45, SECONDS


def _district() -> Area:
    return Area.objects.get(kind=AreaKind.DISTRICT)


def test_the_reports_reproduce_the_seed_figures_from_records():
    start, end = year_bounds(2021)
    figures = node_figures(area=_district(), start=start, end=end)
    for key, seed in SEED.items():
        assert figures[key] >= seed, (key, figures[key])
    kinds = figures["participations_by_kind"]
    for kind in (
        ParticipationKind.EPIDEMIC,
        ParticipationKind.VOLUNTEER,
        ParticipationKind.WASTE_SORTING,
        ParticipationKind.SERVICE_ORDER,
    ):
        assert kinds[kind] > 500, kind
    # a little above the seed, not far above it
    assert figures["participations"] < 21_000 and figures["problems_solved"] < 1_400
    assert 0.8 < figures["on_time_rate"] < 1 and figures["escalated_orders"] > 0
    assert 0 < figures["reopen_rate"] < 0.2


def test_the_figures_are_the_records():
    """problems solved are the orders closed as solved; participations are rows, both in 2021."""
    start, end = year_bounds(2021)
    figures = node_figures(area=_district(), start=start, end=end)
    solved = ServiceOrder.objects.filter(
        status=OrderStatus.CLOSED, solved=True, closed_at__date__range=(start, end)
    )
    assert figures["problems_solved"] == solved.count()
    in_2021 = Participation.objects.filter(occurred_on__year=2021)
    assert figures["participations"] == in_2021.count()


def test_categories_are_the_district_defaults():
    codes = set(OrderCategory.objects.filter(district_code="330213").values_list("code", flat=True))
    assert codes == {code for code, _ in DEFAULT_CATEGORIES}
    used = ServiceOrder.objects.values("category").distinct().count()
    assert used == len(DEFAULT_CATEGORIES)


def _stage(status: str, kind: str) -> str:
    if status == OrderStatus.DISPATCHED:
        return f"dispatched/{kind}"
    return status


def test_recent_orders_are_open_at_every_stage_in_every_community():
    since = timezone.now() - RECENT
    stages: dict[int, set[str]] = defaultdict(set)
    for community, status, kind in ServiceOrder.objects.filter(
        placed_at__gte=since, status__in=WAITING_STATES
    ).values_list("community_id", "status", "dispatch_kind"):
        stages[community].add(_stage(status, kind))
    with_members = set(
        CommunityRegistration.objects.filter(status__in=ACTIVE, member__isnull=False).values_list(
            "community_id", flat=True
        )
    )
    communities = list(Area.objects.filter(kind=AreaKind.COMMUNITY))
    for community in communities:
        expected = set(OPEN_STAGES)
        if community.pk in with_members:
            expected |= set(MEMBER_STAGES)
        assert expected <= stages[community.pk], (community.name, stages[community.pk])
    # Villages without a registered in-service member have nobody to name or to take an order.
    assert len(with_members) >= 0.9 * len(communities)
    # Nothing from 2021 is still open.
    assert not ServiceOrder.objects.filter(placed_at__lt=since, status__in=WAITING_STATES).exists()


def _user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.mark.parametrize("prefix", ["jp_fengzhong", "yl_minzhu"])
def test_the_demo_personas_have_work(prefix):
    resident = _user(f"{prefix}_resident")
    mine = selectors.my_orders(user=resident)
    done = mine.filter(status=OrderStatus.DONE, resident__user=resident)
    assert done.exists() and all(can_rate(resident, o) for o in done)
    assert mine.filter(status=OrderStatus.PLACED, placed_by=resident).exists()
    assert mine.filter(status=OrderStatus.CLOSED).exists()  # and a history

    member_user = _user(f"{prefix}_member")
    member = PartyMember.objects.get(person__user=member_user)
    claimable = selectors.claimable_orders(user=member_user)
    named = claimable.filter(dispatch_kind=DispatchKind.MEMBERS, candidates__member=member)
    assert named.exists() and all(may_take(member_user, o, member) for o in named)
    taken = selectors.taken_orders(user=member_user)
    assert taken.exists()
    assert {"complete"} <= selectors.order_steps(user=member_user, order=taken.first())
    assert LedgerEntry.objects.filter(member=member).exists()

    admin = _user(f"{prefix}_admin")
    board = selectors.order_list(user=admin, status=OrderStatus.PLACED)
    assert board.count() >= 2
    assert all("accept" in selectors.order_steps(user=admin, order=o) for o in board)

    grid_worker = _user(f"{prefix}_grid")
    assisted = ServiceOrder.objects.filter(placed_by=grid_worker, channel="assisted")
    assert assisted.filter(status=OrderStatus.PLACED).exists()
    assert assisted.filter(status=OrderStatus.CLOSED).exists()

    liaison = _user(f"{prefix}_liaison")
    sent = selectors.order_list(user=liaison).filter(dispatch_kind=DispatchKind.UNIT)
    assert sent.filter(status=OrderStatus.DISPATCHED).exists()
    assert sent.filter(status=OrderStatus.TAKEN, taker_user=liaison).exists()


def test_social_organisation_staff_have_orders_to_take():
    staff = _user("social_org_staff")
    orders = selectors.order_list(user=staff).filter(
        dispatch_kind=DispatchKind.SOCIAL_ORG, status=OrderStatus.DISPATCHED
    )
    assert orders.exists()
    assert all("take" in selectors.order_steps(user=staff, order=o) for o in orders)


def _events_by_order() -> dict[int, list[OrderEvent]]:
    events = defaultdict(list)
    for event in OrderEvent.objects.order_by("created_at", "id"):
        events[event.order_id].append(event)
    return events


def test_every_orders_events_are_consistent_with_its_status():
    events = _events_by_order()
    orders = ServiceOrder.objects.all()
    assert orders.count() > 3_000
    for order in orders:
        history = events[order.pk]
        first, last = history[0], history[-1]
        assert (first.kind, first.to_status, first.created_at) == (
            EventKind.PLACED,
            OrderStatus.PLACED,
            order.placed_at,
        )
        assert last.to_status == order.status, order.pk
        status, moves, level, overdue = OrderStatus.PLACED, 0, 0, False
        for event in history[1:]:
            assert event.from_status == status, (order.pk, event.kind)
            if event.kind in MOVES:
                assert event.to_status in ORDER_TRANSITIONS[status], (order.pk, event.kind)
                status, moves, overdue = event.to_status, moves + 1, False
            else:
                assert status in WAITING_STATES and event.to_status == status
                if event.kind == EventKind.ESCALATED:
                    assert event.data["level"] == min(level + 1, 3)
                    level, overdue = event.data["level"], True
        assert (order.version, order.escalation_level, order.overdue) == (moves, level, overdue)
        if order.status in WAITING_STATES:
            assert order.due_at is not None or level == 3
            assert order.due_at is None or order.due_at > timezone.now() - RECENT
        else:
            assert order.due_at is None and order.closed_at == last.created_at
        assert (order.done_at is not None) == any(e.kind == EventKind.COMPLETED for e in history)
        reopened = sum(e.kind == EventKind.REOPENED for e in history)
        assert order.reopen_count == reopened


def test_waiting_orders_due_in_the_past_were_escalated():
    """What the escalation job would do now has been done: nothing waits past its due time."""
    assert not ServiceOrder.objects.filter(
        status__in=WAITING_STATES, due_at__lte=timezone.now()
    ).exists()
    late = ServiceOrder.objects.filter(status__in=WAITING_STATES, overdue=True)
    assert late.exists() and not late.filter(escalation_level=0).exists()


def test_rows_carry_the_scope_of_the_orders_grid_and_community():
    for order in ServiceOrder.objects.select_related("grid", "community"):
        assert order.grid.kind == AreaKind.GRID and order.grid.get_parent() == order.community
        assert (order.scope_path, order.district_code) == (order.grid.path, "330213")
    for model in (OrderCandidate, OrderParticipant, OrderRating):
        assert not model.objects.exclude(scope_path=F("order__scope_path")).exists(), model
    placed = Q(kind__in=[EventKind.PLACED, EventKind.OVERDUE, EventKind.ESCALATED])
    events = OrderEvent.objects
    assert not events.filter(placed).exclude(scope_path=F("order__scope_path")).exists()
    assert not events.exclude(placed).exclude(scope_path=F("order__community__path")).exists()
    assert not LedgerEntry.objects.exclude(scope_path=F("member__scope_path")).exists()
    assert not Participation.objects.exclude(scope_path=F("registration__scope_path")).exists()


def test_named_members_and_takers_are_registered_with_the_community_in_time():
    active = {
        (member, community): confirmed
        for member, community, confirmed in CommunityRegistration.objects.filter(
            status__in=ACTIVE
        ).values_list("member_id", "community_id", "confirmed_at")
    }
    for c in OrderCandidate.objects.select_related("order"):
        assert active[c.member_id, c.order.community_id] <= c.created_at
    takers = ServiceOrder.objects.filter(taker__isnull=False)
    for member, community, user, person_user in takers.values_list(
        "taker_id", "community_id", "taker_user_id", "taker__person__user_id"
    ):
        assert (member, community) in active and user == person_user
    unit = ServiceOrder.objects.filter(
        dispatch_kind__in=[DispatchKind.UNIT, DispatchKind.SOCIAL_ORG],
        status__in=[OrderStatus.TAKEN, OrderStatus.DONE],
    )
    assert not unit.filter(taker_user__isnull=True).exists()


def test_ratings_are_by_the_resident_or_for_one_without_an_account_the_placer():
    for rating in OrderRating.objects.select_related("order__resident"):
        order = rating.order
        resident_user = order.resident.user_id if order.resident else None
        assert rating.rated_by_id == (resident_user or order.placed_by_id)


def test_ledger_credits_each_participant_of_each_rated_round_as_the_ledger_does():
    per_hour = Decimal(str(policies.POINTS_PER_HOUR.default))
    bonus = Decimal(str(policies.SOLVED_BONUS.default))
    ratings = {(r.order_id, r.round): r for r in OrderRating.objects.all()}
    closing = {
        key
        for key, r in ratings.items()
        if r.solved and r.score > policies.REOPEN_AT_OR_BELOW.default
    }
    entries = {(e.member_id, e.kind, e.source): e.amount for e in LedgerEntry.objects.all()}
    expected = {}
    for p in OrderParticipant.objects.all():
        if (p.order_id, p.round) not in ratings:
            continue  # done, not yet rated: nothing credited
        source = f"orders.serviceorder:{p.order_id}:{p.round}"
        solved = (p.order_id, p.round) in closing
        expected[p.member_id, LedgerKind.HOURS, source] = p.hours
        expected[p.member_id, LedgerKind.POINTS, source] = p.hours * per_hour + (
            bonus if solved else 0
        )
    assert entries == expected
    hours = OrderParticipant.objects.filter(Q(order__ratings__round=F("round"))).aggregate(
        h=Sum("hours")
    )["h"]
    assert (
        LedgerEntry.objects.filter(kind=LedgerKind.HOURS).aggregate(h=Sum("amount"))["h"] == hours
    )


def test_only_participants_of_an_order_are_credited_as_the_completion_action_requires():
    """The demo obeys the rule its actions enforce: hours go to the taker, the members the order
    was sent to by name, or the staff of the unit it was sent to — nobody else. The order's row
    holds who it is sent to now, so each order's last completed round is the one to compare (an
    earlier round of a reopened order had its own taker)."""
    last = dict(OrderParticipant.objects.values_list("order_id").annotate(m=Max("round")))
    credited = [
        p for p in OrderParticipant.objects.select_related("order") if p.round == last[p.order_id]
    ]
    outsiders = [
        (p.order_id, p.member_id)
        for p in credited
        if not participants_of(p.order).filter(pk=p.member_id).exists()
    ]
    assert credited and outsiders == []


def test_each_credited_participant_registered_with_the_community_has_a_participation():
    registered = {
        (r.member_id, r.community_id): r.pk
        for r in CommunityRegistration.objects.filter(status__in=ACTIVE, member__isnull=False)
    }
    rows = {
        (p.registration_id, p.source): p
        for p in Participation.objects.filter(kind=ParticipationKind.SERVICE_ORDER)
    }
    expected = set()
    credited = OrderParticipant.objects.filter(order__ratings__round=F("round")).select_related(
        "order"
    )
    for p in credited:
        registration = registered.get((p.member_id, p.order.community_id))
        if registration is not None:
            source = f"orders.serviceorder:{p.order_id}:{p.round}"
            expected.add((registration, source))
            assert rows[registration, source].hours == p.hours
    assert set(rows) == expected


def test_activities_are_recorded_on_registrations_after_they_were_confirmed():
    activities = Participation.objects.exclude(kind=ParticipationKind.SERVICE_ORDER)
    assert activities.filter(source__startswith="demo.activity:").count() == activities.count()
    assert activities.values("source").distinct().count() == activities.count()
    assert not activities.exclude(occurred_on__year=2021).exists()
    for occurred, confirmed in activities.values_list(
        "occurred_on", "registration__confirmed_at"
    ).iterator():
        assert confirmed is not None and timezone.localdate(confirmed) < occurred
    assert not activities.exclude(registration__status__in=ACTIVE).exists()


def test_every_step_is_audited_and_the_chain_verifies():
    steps = OrderEvent.objects.exclude(kind__in=[EventKind.OVERDUE, EventKind.RATED])
    audited = AuditEvent.objects.filter(action__startswith="orders.order.")
    assert audited.count() == steps.count()
    per_order = dict(audited.values_list("target_id").annotate(n=Count("id")).order_by())
    for order_id, n in steps.values_list("order_id").annotate(n=Count("id")).order_by():
        assert per_order[str(order_id)] == n
    # The orders demo writes first; later parts (grid, deliberation) place orders through the action.
    placed = audited.filter(action="orders.order.placed").order_by("id").first()
    assert placed.data["channel"] in ("resident", "assisted") and "at" in placed.data
    recorded = AuditEvent.objects.filter(action="people.participation.recorded").count()
    assert recorded == Participation.objects.filter(kind=ParticipationKind.SERVICE_ORDER).count()
    sessions = AuditEvent.objects.filter(action="people.demo.participations_created")
    assert (
        sum(e.data["count"] for e in sessions)
        == Participation.objects.exclude(kind=ParticipationKind.SERVICE_ORDER).count()
    )
    assert AuditEvent.objects.filter(action="accounts.user.created").count() == User.objects.count()
    report = verify_chain()
    assert report.ok, report


def test_bulk_accounts_are_public_linked_and_cannot_sign_in():
    for user in User.objects.filter(role_grants__isnull=True):
        assert user.kind == "public" and not user.has_usable_password()
        assert user.person is not None
    linked = AuditEvent.objects.filter(action="people.person.account_linked").count()
    assert linked == User.objects.filter(person__isnull=False).count()


def test_categories_follow_the_year():
    """Epidemic requests cluster in the 2021 waves (spring festival, August, December)."""
    epidemic = ServiceOrder.objects.filter(category__code="epidemic", placed_at__year=2021)
    months = Counter(
        timezone.localtime(t).month for t in epidemic.values_list("placed_at", flat=True)
    )
    wave = sum(months[m] for m in (1, 2, 8, 12))
    assert wave / 4 > 1.5 * (sum(months.values()) - wave) / 8, months


@pytest.mark.sqlite_demo
def test_yipanqi_report_prints_the_seed_figures_of_a_demo_database(tmp_path):
    built = demo_build()  # `yipanqi demo --no-serve --db PATH`, once per test run
    assert built.returncode == 0, built.stderr
    assert "service orders" in built.stdout and "participations" in built.stdout
    env = demo_env(copy_demo_database(tmp_path / "demo.sqlite3"))
    result = subprocess.run(
        [yipanqi_bin(), "report", "--year", "2021", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["area"]["code"] == "330213"
    for key, seed in SEED.items():
        assert figures[key] >= seed, (key, figures[key])
