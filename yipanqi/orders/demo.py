"""The orders part of the Fenghua 2021 demo (issue 4, "Demo"): a year of 三单制 service orders in
every community, and recent orders left open at every stage so that each demo persona has work
to see.

The seed's figures are not typed in anywhere: the platform's reports (reports.figures, the same
code as the dashboards) count them from what is written here — problems solved from the orders
closed as solved in 2021, participations from the rated rounds of those orders plus the activities
people's demo records on the members' registrations (`people.demo_activities`). The rates that
drive the generator are in `demo_plan`.

Invariants, as the actions keep them (`demo_flow` replays each action's steps in memory): scope
and district from the order's grid (transition events from its community, as `actions._move`
places them); one event per transition and per escalation; candidates of the last dispatch;
participants per completion round; one rating per rated round; ledger entries (hours, points =
hours × policy + the solved bonus on the closing rating) and a participation per participant and
rated round with source "orders.serviceorder:<id>:<round>", as `orders.ledger` writes them.

Audit: one event per order per transition (and per escalation), with the action's changes and
data plus "at", the time of the step (the event's own time is when the demo wrote it). The
participations are people's rows: `people.actions.participations_record_bulk` writes them, in
the order of the credits, with one `participation_record` event each.

Who acts: the residents and members who order and take orders get public accounts, linked to
their resident records (`demo_world`); accept / dispatch / decline are signed by the community's
demo admin where there is one, and by the system actor `system("demo")` elsewhere. The orders'
own rows go straight into their tables (`core.demo_kit.rows`); the audit trail through
`core.audit.record_many`.
"""

import datetime
import json
import time

from django.utils import timezone

from yipanqi.core import audit
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.core.demo_kit.state import Demo
from yipanqi.orders.actions import PURPOSE, category_ensure_defaults
from yipanqi.orders.choices import OPEN_STATES, LedgerKind, Urgency
from yipanqi.orders.demo_flow import Credit, Rules
from yipanqi.orders.demo_plan import DemoOrder, Stories
from yipanqi.orders.demo_world import choose_pools, create_accounts, load_places
from yipanqi.orders.models import (
    LedgerEntry,
    OrderCandidate,
    OrderEvent,
    OrderParticipant,
    OrderRating,
    ServiceOrder,
)
from yipanqi.people.actions import NewParticipation, participations_record_bulk
from yipanqi.people.choices import ParticipationKind
from yipanqi.people.models import Participation
from yipanqi.privacy.actions import consents_give_bulk

DEMO = system("demo")
SECONDS: dict[str, float] = {}  # the last build's time so far after each stage (see the tests)


def build_orders(demo: Demo) -> None:
    """The demo step: service orders in the district built so far."""
    started = time.perf_counter()
    code = demo.plan.code
    categories = {c.code: c for c in category_ensure_defaults(district_code=code, actor=DEMO)}
    places = load_places(demo)
    choose_pools(places, names.rng_for("orders", "pools"))
    users = create_accounts(places)
    SECONDS["accounts"] = time.perf_counter() - started
    stories = Stories(Rules.of(code), categories, clock.LOCAL, timezone.now())
    orders: list[DemoOrder] = []
    for place in places.values():
        rng = names.rng_for("orders", place.code)
        orders += stories.history(place, rng)
        orders += stories.recent_set(place, rng)
    SECONDS["plan"] = time.perf_counter() - started
    _consents(orders, users)
    OrderWriter(users).write(orders)
    SECONDS["total"] = time.perf_counter() - started


def _consents(orders: list, users: dict) -> None:
    """R-PI-6: the residents who place orders for themselves agreed to the service-order notice
    just before their first one (the order page asks them then), through the privacy app's
    bulk action; staff placing on someone's behalf are not asked (docs/decisions/021)."""
    first: dict[int, datetime.datetime] = {}
    for o in orders:
        if o.flow.channel == "resident":
            at = o.flow.placed_at - datetime.timedelta(minutes=1)
            first[o.flow.placed_by] = min(at, first.get(o.flow.placed_by, at))
    given = {users[user_id]: at for user_id, at in first.items()}
    consents_give_bulk(given=given, purpose=PURPOSE, actor=DEMO)


class OrderWriter:
    """Writes the planned orders, every row as the actions write it, then their audit trail."""

    def __init__(self, users: dict):
        self.users = users
        self.rows = RowWriter.of(
            ServiceOrder,
            OrderEvent,
            OrderCandidate,
            OrderParticipant,
            OrderRating,
            LedgerEntry,
            actor=DEMO,
        )
        self.stamp, self.day = self.rows.stamp, self.rows.day
        self.steps: list[tuple] = []  # (time, sequence, audit event)
        self.participations: list[NewParticipation] = []  # the credits, in order

    def write(self, orders: list[DemoOrder]) -> None:
        orders.sort(key=lambda o: (o.flow.placed_at, o.place.code))
        for o in orders:
            self.order(o)
        self.rows.finish()
        self.steps.sort(key=lambda s: (s[0], s[1]))
        audit.record_many(s[2] for s in self.steps)
        participations_record_bulk(rows=self.participations, actor=DEMO)

    def _common(self, at, scope: tuple[str, str]) -> dict:
        return {
            "created_at": self.stamp(at),
            "updated_at": self.rows.now,
            "scope_path": scope[0],
            "district_code": scope[1],
        }

    def order(self, o: DemoOrder) -> None:
        f, rows = o.flow, self.rows
        scope = (o.grid.scope_path, o.grid.district_code)
        community = (o.place.community.scope_path, o.place.community.district_code)
        pk = rows.add(
            ServiceOrder,
            **self._common(f.placed_at, scope),
            category_id=o.category.pk,
            grid_id=o.grid.pk,
            community_id=o.place.community.pk,
            household_id=o.resident.household_id if o.resident else None,
            resident_id=o.resident.person_id if o.resident else None,
            title=o.title[:100],
            description=o.description,
            urgency=Urgency.URGENT if f.urgent else Urgency.NORMAL,
            channel=f.channel,
            placed_by_id=f.placed_by,
            status=f.status,
            dispatch_kind=f.dispatch_kind,
            dispatched_unit_id=f.unit_id,
            dispatched_team_id=None,  # teams are cobuilding's demo (teams_demo, via the actions)
            claim_area_id=f.claim_area_id,
            taker_id=f.taker.member_id if f.taker else None,
            taker_user_id=f.taker_user,
            due_at=self.stamp(f.due_at) if f.due_at else None,
            overdue=f.overdue,
            escalation_level=f.level,
            reopen_count=f.reopen_count,
            placed_at=self.stamp(f.placed_at),
            done_at=self.stamp(f.done_at) if f.done_at else None,
            closed_at=self.stamp(f.closed_at) if f.closed_at else None,
            solved=f.solved,
            version=f.version,
            idempotency_key="",
        )
        row = ServiceOrder(
            pk=pk,
            title=o.title[:100],
            community=o.place.community,
            scope_path=scope[0],
            district_code=scope[1],
        )
        for e in f.events:
            rows.add(
                OrderEvent,
                **self._common(e.at, scope if e.on_grid else community),
                order_id=pk,
                kind=e.kind,
                actor_id=e.actor,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
                data=json.dumps(e.data),
            )
        for w in f.candidates:
            rows.add(
                OrderCandidate,
                **self._common(f.dispatched_at, scope),
                order_id=pk,
                member_id=w.member_id,
            )
        for p in f.parts:
            rows.add(
                OrderParticipant,
                **self._common(p.at, scope),
                order_id=pk,
                member_id=p.worker.member_id,
                round=p.round,
                hours=p.hours,
            )
        for r in f.ratings:
            rows.add(
                OrderRating,
                **self._common(r.at, scope),
                order_id=pk,
                round=r.round,
                score=r.score,
                solved=r.solved,
                comment=r.comment,
                rated_by_id=r.rated_by,
            )
        for s in f.steps:
            data = {**s.data, "at": s.at.isoformat()}
            event = audit.new_event(
                actor=self.users.get(s.actor) or DEMO,
                action=s.action,
                target=row,
                changes=s.changes,
                data=data,
            )
            self.steps.append((s.at, len(self.steps), event))
        for credit in f.credits:
            self.credit(row, credit, f.rules)

    def credit(self, row: ServiceOrder, credit: Credit, rules: Rules) -> None:
        """ledger.credit_participants for one rated round: hours and points to each participant,
        and (through people's bulk action) a participation on their registration with the
        order's community."""
        source = f"orders.serviceorder:{row.pk}:{credit.round}"
        bonus = rules.solved_bonus if credit.solved else 0
        for p in credit.parts:
            w = p.worker
            for kind, amount in (
                (LedgerKind.HOURS, p.hours),
                (LedgerKind.POINTS, p.hours * rules.points_per_hour + bonus),
            ):
                self.rows.add(
                    LedgerEntry,
                    **self._common(credit.at, (w.member_scope, w.district_code)),
                    member_id=w.member_id,
                    kind=kind,
                    amount=amount,
                    source=source,
                    occurred_on=self.day(credit.day),
                )
            if w.registration_id is not None:
                self.participations.append(
                    NewParticipation(
                        registration_id=w.registration_id,
                        kind=ParticipationKind.SERVICE_ORDER,
                        occurred_on=credit.day,
                        hours=p.hours,
                        problem_solved=credit.solved,
                        source=source,
                        note=row.title[:200],
                        recorded_at=credit.at,
                    )
                )


def orders_counts() -> dict[str, int]:
    """What the demo command prints about the orders part, counted from the records."""
    return {
        "service orders": ServiceOrder.objects.count(),
        "open service orders": ServiceOrder.objects.filter(status__in=OPEN_STATES).count(),
        "order events": OrderEvent.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
        "participations": Participation.objects.count(),
    }
