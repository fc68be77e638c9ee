"""One demo order's life in memory, step for step as `orders.actions` and `orders.escalation` move
an order — the same transition table, due times, events, audit steps, participants, ratings and
credits — so that `orders.demo` can write years of history in a few bulk inserts.

Nothing here touches the database. Times are given by the caller (the demo's clock); the periodic
escalation job is assumed to run every few minutes (and once more at `until`), so an order whose
due time passes while it waits is escalated shortly after, one level per missed window, exactly
as `escalate_overdue` does.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yipanqi.orders import policies
from yipanqi.orders.choices import (
    ORDER_TRANSITIONS,
    WAITING_STATES,
    DispatchKind,
    EscalationLevel,
    EventKind,
    OrderStatus,
)

TICK = datetime.timedelta(microseconds=1)  # two events of one action keep their order


@dataclass(frozen=True)
class Rules:
    """The district's order policies, read once (the values the actions read on every step)."""

    due_hours: dict[str, float]
    urgent_factor: float
    points_per_hour: Decimal
    solved_bonus: Decimal
    reopen_at_or_below: int

    @classmethod
    def of(cls, district_code: str) -> "Rules":
        due = {**policies.DUE_HOURS.default, **policies.DUE_HOURS.value(district_code)}
        return cls(
            due_hours=due,
            urgent_factor=float(policies.URGENT_FACTOR.value(district_code)),
            points_per_hour=Decimal(str(policies.POINTS_PER_HOUR.value(district_code))),
            solved_bonus=Decimal(str(policies.SOLVED_BONUS.value(district_code))),
            reopen_at_or_below=int(policies.REOPEN_AT_OR_BELOW.value(district_code)),
        )

    def window(self, status: str, urgent: bool) -> float | None:
        hours = self.due_hours.get(status)
        if hours is None:
            return None
        return hours * self.urgent_factor if urgent else hours


@dataclass(frozen=True)
class Worker:
    """A party member who may work on an order, with their registration in its community."""

    member_id: int
    member_scope: str
    district_code: str
    registration_id: int | None  # active registration with the order's community, if any
    registration_scope: str
    confirmed_at: datetime.datetime | None
    grid_id: int | None  # the grid the registration is assigned to
    user_id: int | None  # the member's account
    person_id: int = 0
    name: str = ""


@dataclass
class Event:
    kind: str
    at: datetime.datetime
    actor: int | None
    from_status: str
    to_status: str
    note: str = ""
    data: dict = field(default_factory=dict)
    on_grid: bool = False  # scoped like the order (placed, escalations) or like its community


@dataclass
class Step:
    """An audit event as the action records it (`at` goes into its data)."""

    at: datetime.datetime
    actor: int | None
    action: str
    changes: dict | None
    data: dict


@dataclass
class Part:
    worker: Worker
    round: int
    hours: Decimal
    at: datetime.datetime


@dataclass
class Rating:
    round: int
    score: int
    solved: bool
    comment: str
    rated_by: int
    at: datetime.datetime


@dataclass
class Credit:
    """What `ledger.credit_participants` writes when a round is rated."""

    round: int
    solved: bool
    day: datetime.date  # the local day of the round's completion
    parts: list[Part]
    at: datetime.datetime


@dataclass
class Target:
    """Where an order is dispatched, and who will take it (chosen by the demo, not the action)."""

    kind: str
    candidates: list[Worker] = field(default_factory=list)
    unit_id: int | None = None
    claim_area_id: int | None = None
    taker: Worker | None = None  # the member who takes it (named or open)
    taker_user: int | None = None


class IllegalStep(AssertionError):
    pass


@dataclass
class Flow:
    """The mutable state of one order and everything its steps wrote."""

    rules: Rules
    urgent: bool
    placed_at: datetime.datetime
    placed_by: int
    channel: str
    rng: random.Random
    local: Any  # tzinfo of the district
    status: str = OrderStatus.PLACED
    version: int = 0
    due_at: datetime.datetime | None = None
    overdue: bool = False
    level: int = EscalationLevel.GRID
    reopen_count: int = 0
    dispatch_kind: str = ""
    unit_id: int | None = None
    claim_area_id: int | None = None
    taker: Worker | None = None
    taker_user: int | None = None
    candidates: list[Worker] = field(default_factory=list)
    dispatched_at: datetime.datetime | None = None
    done_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    solved: bool | None = None
    events: list[Event] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)

    def __post_init__(self) -> None:
        """order_place: the order, its `placed` event and audit step."""
        self.due_at = self._due(OrderStatus.PLACED, self.placed_at)
        self.events.append(
            Event(
                EventKind.PLACED,
                self.placed_at,
                self.placed_by,
                "",
                OrderStatus.PLACED,
                on_grid=True,
            )
        )
        self._step(self.placed_at, self.placed_by, "placed", None, channel=self.channel)

    @property
    def last_at(self) -> datetime.datetime:
        return self.events[-1].at

    # --- the clock ------------------------------------------------------------------------------

    def _due(self, status: str, at: datetime.datetime) -> datetime.datetime | None:
        hours = self.rules.window(status, self.urgent)
        return None if hours is None else at + datetime.timedelta(hours=hours)

    def wait(self, until: datetime.datetime) -> None:
        """escalate_overdue, run every few minutes while the order waits in its state."""
        while self.status in WAITING_STATES and self.due_at is not None:
            if self.due_at > until:
                return
            run = min(self.due_at + datetime.timedelta(minutes=self.rng.randint(1, 14)), until)
            level = min(self.level + 1, EscalationLevel.DISTRICT)
            first = not self.overdue
            self.overdue, self.level = True, level
            self.due_at = self._due(self.status, run) if level < EscalationLevel.DISTRICT else None
            kinds = [EventKind.OVERDUE, EventKind.ESCALATED] if first else [EventKind.ESCALATED]
            for n, kind in enumerate(kinds):
                self.events.append(
                    Event(
                        kind,
                        run + n * TICK,
                        None,
                        self.status,
                        self.status,
                        data={"level": level},
                        on_grid=True,
                    )
                )
            self.steps.append(Step(run, None, "orders.order.escalated", None, {"level": level}))

    def _move(
        self,
        new: str,
        at: datetime.datetime,
        actor: int | None,
        kind: str,
        note: str = "",
        data: dict | None = None,
    ) -> None:
        """actions._move: the transition table, the due time of the new state, the event row."""
        if new not in ORDER_TRANSITIONS.get(self.status, set()):
            raise IllegalStep(f"{self.status} → {new}")
        if at < self.last_at:
            raise IllegalStep(f"{kind} at {at} before {self.last_at}")
        self.wait(at)
        at = max(at, self.last_at + TICK)
        old, self.status, self.version = self.status, new, self.version + 1
        self.due_at, self.overdue = self._due(new, at), False
        self.events.append(Event(kind, at, actor, old, new, note[:500], data or {}))

    def _step(
        self, at: datetime.datetime, actor: int | None, step: str, old: str | None, **data: Any
    ) -> None:
        changes = None if old is None else {"status": [old, self.status]}
        self.steps.append(Step(at, actor, f"orders.order.{step}", changes, data))

    # --- the actions ----------------------------------------------------------------------------

    def accept(self, at: datetime.datetime, actor: int | None) -> None:
        old = self.status
        self._move(OrderStatus.ACCEPTED, at, actor, EventKind.ACCEPTED)
        self._step(self.last_at, actor, "accepted", old)

    def decline(self, at: datetime.datetime, actor: int | None, reason: str) -> None:
        old = self.status
        self._move(OrderStatus.DECLINED, at, actor, EventKind.DECLINED, note=reason)
        self.closed_at = self.last_at
        self._step(self.last_at, actor, "declined", old, reason=reason)

    def cancel(self, at: datetime.datetime, actor: int | None, reason: str) -> None:
        old = self.status
        self._move(OrderStatus.CANCELLED, at, actor, EventKind.CANCELLED, note=reason)
        self.closed_at = self.last_at
        self._step(self.last_at, actor, "cancelled", old, reason=reason)

    def _target(self, target: Target) -> None:
        self.candidates = list({w.member_id: w for w in target.candidates}.values())
        self.dispatch_kind, self.unit_id = target.kind, target.unit_id
        self.claim_area_id = target.claim_area_id if target.kind == DispatchKind.OPEN else None
        self.taker, self.taker_user = None, None

    def dispatch(
        self, at: datetime.datetime, actor: int | None, target: Target, note: str = ""
    ) -> None:
        if self.status != OrderStatus.ACCEPTED:
            raise IllegalStep("only an accepted order is dispatched")
        old = self.status
        self._target(target)
        data = {"kind": target.kind}
        self._move(OrderStatus.DISPATCHED, at, actor, EventKind.DISPATCHED, note=note, data=data)
        self.dispatched_at = self.last_at
        self._step(self.last_at, actor, "dispatched", old, kind=target.kind)

    def reassign(self, at: datetime.datetime, actor: int | None, target: Target, reason: str):
        if self.status not in (OrderStatus.DISPATCHED, OrderStatus.TAKEN):
            raise IllegalStep("only a dispatched or taken order is reassigned")
        old = self.status
        self._target(target)
        data = {"kind": target.kind}
        self._move(OrderStatus.DISPATCHED, at, actor, EventKind.REASSIGNED, note=reason, data=data)
        self.dispatched_at = self.last_at
        self._step(self.last_at, actor, "reassigned", old, kind=target.kind, reason=reason)

    def take(self, at: datetime.datetime, target: Target) -> None:
        """order_take by the member (or the unit's liaison / organisation's staff) of `target`."""
        if target.taker_user is None:
            raise IllegalStep("whoever takes an order signs in to do it")
        old = self.status
        self._move(OrderStatus.TAKEN, at, target.taker_user, EventKind.TAKEN)
        members = (DispatchKind.MEMBERS, DispatchKind.OPEN)
        self.taker = target.taker if self.dispatch_kind in members else None
        self.taker_user = target.taker_user
        self._step(self.last_at, self.taker_user, "taken", old)

    def complete(self, at: datetime.datetime, note: str, hours: dict[Worker, Decimal]) -> None:
        """order_complete by the taker: hours per participant of this round (default: taker 1 h)."""
        old = self.status
        self._move(OrderStatus.DONE, at, self.taker_user, EventKind.COMPLETED, note=note)
        if not hours and self.taker is not None:
            hours = {self.taker: Decimal("1")}
        done = {p.worker.member_id: p for p in self.parts if p.round == self.reopen_count}
        for worker, spent in hours.items():
            done[worker.member_id] = Part(worker, self.reopen_count, spent, self.last_at)
        self.parts = [p for p in self.parts if p.round != self.reopen_count] + list(done.values())
        self.done_at = self.last_at
        credited = {str(w.member_id): str(h) for w, h in hours.items()}
        self._step(
            self.last_at,
            self.taker_user,
            "completed",
            old,
            participants=len(hours),
            hours=credited,
        )

    def rate(
        self, at: datetime.datetime, actor: int, score: int, solved: bool, comment: str = ""
    ) -> None:
        """order_rate: a good rating closes and credits; a poor one credits the round and reopens."""
        old = self.status
        data = {"score": score, "solved": solved}
        self._move(OrderStatus.RATED, at, actor, EventKind.RATED, data=data)
        rated_at = self.last_at
        self.ratings.append(
            Rating(self.reopen_count, score, solved, comment[:500], actor, rated_at)
        )
        reopen = not solved or score <= self.rules.reopen_at_or_below
        round_parts = [p for p in self.parts if p.round == self.reopen_count]
        day = self.done_at.astimezone(self.local).date()
        self.credits.append(
            Credit(self.reopen_count, solved and not reopen, day, round_parts, rated_at)
        )
        if reopen:
            self._move(OrderStatus.ACCEPTED, rated_at, actor, EventKind.REOPENED, note=comment)
            self.reopen_count += 1
            self.solved = None
        else:
            self._move(OrderStatus.CLOSED, rated_at, actor, EventKind.CLOSED)
            self.closed_at, self.solved = self.last_at, solved
        self._step(self.last_at, actor, "reopened" if reopen else "rated", old, **data)
