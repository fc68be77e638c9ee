"""The stories of the demo's service orders: a year (2021) of history in every community, and
recent orders left open at every stage, including the demo personas' own work.

Each story drives a `demo_flow.Flow` through the same steps a user would take, with delays drawn
from the due-time windows (most steps well inside them, a few late, which the escalation job then
records). Who acts is always someone allowed to: the resident rates their own order (the placer
rates for a resident without an account), the taker completes it, named candidates and claimants
are registered with the community before the order reaches them.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from yipanqi.core.demo_kit.clock import YEAR
from yipanqi.orders import demo_texts as texts
from yipanqi.orders.choices import Channel, DispatchKind, OrderStatus
from yipanqi.orders.demo_flow import Flow, Rules, Target, Worker
from yipanqi.orders.demo_world import Place, Resident
from yipanqi.orders.models import OrderCategory
from yipanqi.organisations.models import Area

ORDERS_PER_HOUSEHOLD = 0.011  # orders placed per household in 2021
ORDERS_PER_COMMUNITY = 0.6  # plus this many per community (villages order too)
URGENT_SHARE = 0.1
ASSISTED_SHARE = 0.4  # of the orders in a grid whose grid worker has an account
P_DECLINE, P_CANCEL_NEW, P_CANCEL_ACCEPTED, P_REASSIGN = 0.05, 0.025, 0.01, 0.05
P_POOR = (0.08, 0.15)  # a poor rating in the first and the second round (then none)
LATE = {"placed": 0.025, "accepted": 0.02, "dispatched": 0.025, "taken": 0.02, "done": 0.015}
KIND_WEIGHTS = {
    DispatchKind.MEMBERS: 0.55,
    DispatchKind.OPEN: 0.3,
    DispatchKind.UNIT: 0.1,
    DispatchKind.SOCIAL_ORG: 0.1,
}
HOURS = tuple(Decimal(h) for h in ("0.5", "1", "1", "1.5", "2", "2", "2.5", "3", "4"))
# The recent orders in every community: (stage it is left in, how it was dispatched).
RECENT = (
    ("placed", None),
    ("accepted", None),
    ("dispatched", [DispatchKind.MEMBERS]),
    ("dispatched", [DispatchKind.OPEN]),
    ("taken", None),
    ("done", None),
)
RECENT_MORE = (  # and in the larger communities
    ("placed", None),
    ("dispatched", [DispatchKind.MEMBERS]),
    ("taken", None),
    ("done", None),
    ("closed", None),
    ("declined", None),
)
STEPS = {
    "placed": (),
    "declined": ("decline",),
    "accepted": ("accept",),
    "dispatched": ("accept", "dispatch"),
    "taken": ("accept", "dispatch", "take"),
    "done": ("accept", "dispatch", "take", "complete"),
    "closed": ("accept", "dispatch", "take", "complete", "rate"),
}
AFTER = {"accept": "accepted", "dispatch": "dispatched", "take": "taken", "complete": "done"}
LARGER = 300  # households
PERSONA_SHARE = 0.2  # of the orders the demo resident places / the demo member takes


@dataclass
class DemoOrder:
    place: Place
    grid: Area
    category: OrderCategory
    title: str
    description: str
    resident: Resident | None
    flow: Flow

    @property
    def rater(self) -> int:
        """orders.permissions.can_rate: the resident with an account, else the placer."""
        if self.resident is not None and self.resident.user_id is not None:
            return self.resident.user_id
        return self.flow.placed_by


class Stories:
    def __init__(self, rules: Rules, categories: dict[str, OrderCategory], local, now):
        self.rules, self.categories, self.local, self.now = rules, categories, local, now

    # --- building blocks ------------------------------------------------------------------------

    def at_local(self, day: datetime.date, hour: float) -> datetime.datetime:
        start = datetime.datetime(day.year, day.month, day.day, tzinfo=self.local)
        return start + datetime.timedelta(hours=hour)

    def daytime(self, t: datetime.datetime, rng: random.Random) -> datetime.datetime:
        """People act between 7:30 and 21:00 local time."""
        local = t.astimezone(self.local)
        hour = local.hour + local.minute / 60
        if 7.5 <= hour < 21:
            return t
        day = local.date() + datetime.timedelta(days=1 if hour >= 21 else 0)
        return self.at_local(day, rng.uniform(7.5, 10))

    def after(self, flow: Flow, t: datetime.datetime, rng: random.Random, state: str):
        """When the next step is taken after `t` in `state`: mostly well inside its window."""
        window = self.rules.window(state, flow.urgent) or 24
        if rng.random() < LATE[state]:
            hours = window * rng.uniform(1.02, 2.4)
        else:
            hours = max(0.2, window * rng.betavariate(1.4, 4))
        t += datetime.timedelta(hours=hours)
        return t if flow.urgent else self.daytime(t, rng)  # urgent ones are handled at night too

    def new(
        self,
        place: Place,
        rng: random.Random,
        at: datetime.datetime,
        *,
        placer: Resident | None = None,
        assisted: bool = False,
        urgent: bool | None = None,
    ) -> DemoOrder:
        if assisted:
            grid_pk = rng.choice(sorted(place.grid_workers))
            resident = rng.choice(place.walk_ins[grid_pk])
            placed_by, channel = place.grid_workers[grid_pk], Channel.ASSISTED
        else:
            resident = placer or self._active(place.resident_persona, place.placers, rng)
            grid_pk, placed_by, channel = resident.grid_id, resident.user_id, Channel.RESIDENT
        grid = place.grid(grid_pk)
        code = self._category(rng, at)
        title, description = rng.choice(texts.REQUESTS[code][1])
        where = resident.address or grid.name
        if urgent is None:
            urgent = rng.random() < URGENT_SHARE
        flow = Flow(self.rules, urgent, at, placed_by, channel, rng, self.local)
        category = self.categories[code]
        return DemoOrder(
            place, grid, category, title, description.format(where=where), resident, flow
        )

    @staticmethod
    def _active(persona, pool: list, rng: random.Random):
        """Someone from the pool; the demo persona more often (they use the platform a lot)."""
        if persona is not None and rng.random() < PERSONA_SHARE:
            return persona
        return rng.choice(pool)

    def _category(self, rng: random.Random, at: datetime.datetime) -> str:
        month = at.astimezone(self.local).month
        codes = list(texts.REQUESTS)
        weights = [
            texts.REQUESTS[c][0] * (texts.EPIDEMIC_MONTHS.get(month, 1) if c == "epidemic" else 1)
            for c in codes
        ]
        return rng.choices(codes, weights)[0]

    def target(
        self, place: Place, order: DemoOrder, t: datetime.datetime, rng: random.Random, kinds=None
    ) -> Target | None:
        """Where the community sends the order at `t`, and who will take it."""
        eligible = [w for w in place.workers if w.confirmed_at <= t]
        takers = [w for w in place.takers if w.confirmed_at <= t]
        options = []
        if takers:
            options += [DispatchKind.MEMBERS, DispatchKind.OPEN]
        if place.units and place.liaison:
            options.append(DispatchKind.UNIT)
        if place.social_orgs and place.social_staff:
            options.append(DispatchKind.SOCIAL_ORG)
        options = [k for k in options if kinds is None or k in kinds]
        if not options:
            return None
        kind = rng.choices(options, [KIND_WEIGHTS[k] for k in options])[0]
        if kind == DispatchKind.UNIT:
            return Target(kind, unit_id=rng.choice(place.units), taker_user=place.liaison)
        if kind == DispatchKind.SOCIAL_ORG:
            unit = rng.choice(place.social_orgs)
            return Target(kind, unit_id=unit, taker_user=place.social_staff)
        persona = place.member_persona if place.member_persona in takers else None
        taker = self._active(persona, takers, rng)
        if kind == DispatchKind.OPEN:
            near = taker.grid_id == order.grid.pk and rng.random() < 0.5
            area = order.grid.pk if near else place.community.pk
            return Target(kind, claim_area_id=area, taker=taker, taker_user=taker.user_id)
        others = [w for w in eligible if w.member_id != taker.member_id]
        named = [taker, *rng.sample(others, min(len(others), rng.choice((0, 1, 1, 2))))]
        rng.shuffle(named)
        return Target(kind, candidates=named, taker=taker, taker_user=taker.user_id)

    def hours(
        self, place: Place, target: Target, t: datetime.datetime, rng: random.Random
    ) -> dict[Worker, Decimal]:
        """Who worked on the order and for how long (the taker records it on completion): only its
        participants, as the completion action allows — the taker and the other members it was
        sent to by name, or the staff of the unit it was sent to."""
        if target.taker is not None:
            team = [target.taker]
            others = [w for w in target.candidates if w.member_id != target.taker.member_id]
            team += rng.sample(others, min(len(others), rng.choice((1, 1, 2))))
        else:
            staff = place.unit_staff.get(target.unit_id, [])
            team = rng.sample(staff, min(len(staff), rng.choice((1, 1, 2)))) if staff else []
        return {w: rng.choice(HOURS) for w in team}

    def rating(self, rng: random.Random, poor_chance: float) -> tuple[int, bool, str]:
        if rng.random() < poor_chance:
            score, solved = rng.choice(((1, False), (2, False), (2, True), (3, False)))
            return score, solved, rng.choice(texts.POOR_COMMENTS)
        score = rng.choice((5, 5, 5, 5, 4, 4, 4, 3))
        comments = texts.GOOD_COMMENTS if score >= 4 else texts.MIDDLE_COMMENTS
        return score, True, rng.choice(comments)

    # --- a year of history ----------------------------------------------------------------------

    def history(self, place: Place, rng: random.Random) -> list[DemoOrder]:
        """The community's orders placed in 2021, each carried through to its end."""
        if not place.takers or not place.placers:
            return []
        expected = place.households * ORDERS_PER_HOUSEHOLD + ORDERS_PER_COMMUNITY
        count = int(expected) + (rng.random() < expected - int(expected))
        first = max(
            datetime.date(YEAR, 1, 4),
            place.takers[0].confirmed_at.astimezone(self.local).date() + datetime.timedelta(1),
        )
        last = datetime.date(YEAR, 12, 24)
        days = sorted(
            first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            for _ in range(count)
        )
        orders = []
        for day in days:
            at = self.at_local(day, rng.uniform(7.5, 21))
            assisted = bool(place.grid_workers) and rng.random() < ASSISTED_SHARE
            order = self.new(place, rng, at, assisted=assisted)
            self.live(order, rng)
            orders.append(order)
        return orders

    def live(self, order: DemoOrder, rng: random.Random) -> None:
        flow, place = order.flow, order.place
        t, admin = flow.placed_at, place.admin
        draw = rng.random()
        if draw < P_DECLINE:
            flow.decline(
                self.after(flow, t, rng, "placed"), admin, rng.choice(texts.DECLINE_REASONS)
            )
            return
        if draw < P_DECLINE + P_CANCEL_NEW:
            t += datetime.timedelta(hours=rng.uniform(0.2, 6))
            flow.cancel(self.daytime(t, rng), flow.placed_by, rng.choice(texts.CANCEL_BY_RESIDENT))
            return
        t = self.after(flow, t, rng, "placed")
        flow.accept(t, admin)
        if rng.random() < P_CANCEL_ACCEPTED:
            t = self.after(flow, t, rng, "accepted")
            flow.cancel(t, admin, rng.choice(texts.CANCEL_BY_COMMUNITY))
            return
        for poor_chance in (*P_POOR, 0.0):
            t = self.after(flow, flow.last_at, rng, "accepted")
            target = self.target(place, order, t, rng)
            flow.dispatch(t, admin, target, self._dispatch_note(target, rng))
            if rng.random() < P_REASSIGN:
                if rng.random() < 0.5:
                    flow.take(self.after(flow, t, rng, "dispatched"), target)
                t = self.after(flow, flow.last_at, rng, "dispatched")
                target = self.target(place, order, t, rng)
                flow.reassign(t, admin, target, rng.choice(texts.REASSIGN_REASONS))
            t = self.after(flow, flow.last_at, rng, "dispatched")
            flow.take(t, target)
            t = self.after(flow, t, rng, "taken")
            note = rng.choice(texts.DONE_NOTES[order.category.code])
            flow.complete(t, note, self.hours(place, target, t, rng))
            t = self.after(flow, t, rng, "done")
            score, solved, comment = self.rating(rng, poor_chance)
            flow.rate(t, order.rater, score, solved, comment)
            if flow.status == OrderStatus.CLOSED:
                return

    def _dispatch_note(self, target: Target, rng: random.Random) -> str:
        if target.kind in (DispatchKind.UNIT, DispatchKind.SOCIAL_ORG):
            return rng.choice(texts.UNIT_DISPATCH_NOTES)
        return ""

    # --- recent orders, open at every stage -----------------------------------------------------

    def recent_set(self, place: Place, rng: random.Random) -> list[DemoOrder]:
        """Recent orders in every stage; the demo staff's and personas' work where they act."""
        stages = list(RECENT) + (list(RECENT_MORE) if place.households >= LARGER else [])
        orders = [self.recent(place, rng, stage, kinds=kinds) for stage, kinds in stages]
        if place.social_orgs and place.social_staff:
            orders.append(self.recent(place, rng, "dispatched", kinds=[DispatchKind.SOCIAL_ORG]))
        if place.units and place.liaison:
            orders.append(self.recent(place, rng, "dispatched", kinds=[DispatchKind.UNIT]))
            orders.append(self.recent(place, rng, "taken", kinds=[DispatchKind.UNIT]))
        if place.grid_workers:
            orders.append(self.recent(place, rng, "placed", assisted=True, overdue=False))
            orders.append(self.recent(place, rng, "placed", urgent=True, overdue=True))
        resident, member = place.resident_persona, place.member_persona
        if resident is not None:
            named = [member] if member is not None else None
            orders.append(self.recent(place, rng, "done", placer=resident, named=named))
            orders.append(self.recent(place, rng, "placed", placer=resident, overdue=False))
        if member is not None:
            others = [w for w in place.workers if w.member_id != member.member_id][:1]
            orders.append(self.recent(place, rng, "dispatched", named=[member, *others]))
            orders.append(self.recent(place, rng, "taken", named=[member], overdue=False))
        return [o for o in orders if o is not None]

    def recent(
        self,
        place: Place,
        rng: random.Random,
        stage: str,
        *,
        placer: Resident | None = None,
        assisted: bool = False,
        urgent: bool | None = None,
        overdue: bool | None = None,
        kinds: list[str] | None = None,
        named: list[Worker] | None = None,
    ) -> DemoOrder | None:
        """An order placed in the last days and left in `stage` now (escalated if it has waited
        past its due time). None where the community has nobody to do what the stage needs."""
        steps = STEPS[stage]
        if not place.placers and not assisted:
            return None
        organisations = kinds is not None and not {DispatchKind.MEMBERS, DispatchKind.OPEN} & set(
            kinds
        )
        if not place.takers and not organisations and "dispatch" in steps:
            if stage != "dispatched" or kinds != [DispatchKind.OPEN]:
                return None
        urgent = rng.random() < URGENT_SHARE if urgent is None else urgent
        states = ["placed", *(AFTER.get(s, "") for s in steps)]
        gaps = [(self.rules.window(s, urgent) or 24) * rng.uniform(0.1, 0.6) for s in states[:-1]]
        window = self.rules.window(states[-1], urgent)
        if overdue is None:
            overdue = rng.random() < (0.25 if states[-1] in ("placed", "accepted") else 0.1)
        if window is None:
            rest = rng.uniform(1, 30)
        elif overdue:
            rest = window * rng.uniform(1.1, 1.9)
        else:
            rest = window * rng.uniform(0.05, 0.8)
        at = self.now - datetime.timedelta(hours=sum(gaps) + rest)
        order = self.new(place, rng, at, placer=placer, assisted=assisted, urgent=urgent)
        flow, t, admin, target = order.flow, at, place.admin, None
        for step, gap in zip(steps, gaps, strict=True):
            t += datetime.timedelta(hours=gap)
            if step == "decline":
                flow.decline(t, admin, rng.choice(texts.DECLINE_REASONS))
            elif step == "accept":
                flow.accept(t, admin)
            elif step == "dispatch":
                target = self._recent_target(place, order, t, rng, kinds, named)
                flow.dispatch(t, admin, target, self._dispatch_note(target, rng))
            elif step == "take":
                flow.take(t, target)
            elif step == "complete":
                note = rng.choice(texts.DONE_NOTES[order.category.code])
                flow.complete(t, note, self.hours(place, target, t, rng))
            else:
                score, solved, comment = self.rating(rng, 0.0)
                flow.rate(t, order.rater, score, solved, comment)
        flow.wait(self.now)
        return order

    def _recent_target(self, place, order, t, rng, kinds, named) -> Target:
        if named:
            taker = named[0]
            others = [w for w in named[1:] if w.confirmed_at <= t]
            return Target(
                DispatchKind.MEMBERS,
                candidates=[taker, *others],
                taker=taker,
                taker_user=taker.user_id,
            )
        if not place.takers and kinds == [DispatchKind.OPEN]:
            return Target(DispatchKind.OPEN, claim_area_id=place.community.pk)  # nobody yet
        target = self.target(place, order, t, rng, kinds)
        if target is None:
            raise LookupError(f"{place.code}: nobody to dispatch {kinds} to")
        return target
