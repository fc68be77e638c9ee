"""Workflow kernel (流转): the one guard, lock and audit every status change goes through.

An app declares one `Workflow` per model (the transition table from its choices.py, the labels, the
refusal message, the audit prefix, and a hook that writes its own event row). An action then reads:

    order = lock(order, "community")
    require_permission(actor, perms.can_manage, order)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.ACCEPTED, kind=EventKind.ACCEPTED)
    step.finish("accepted")  # save the changed fields, audit before/after of each of them
    notify(...)              # the inbox row now; outside channels deliver after commit

Permission checks take a typed actor: a user, or the system actor (`core.actors.system`) that
escalation jobs, the demo, imports and follow-ups act as. The system actor passes every check and
the audit names it (DESIGN §2.3).

A write that is not a status change (a rename, minutes, attendance, a password) goes through the
same bookkeeping without a transition table:

    edit = track(meeting, actor=actor)
    edit.set(minutes=text, version=meeting.version + 1)
    edit.finish("deliberation.meeting.minutes")  # save the changed fields, audit each one

and a new row records its main fields as [None, value] with `created(row, "name", …)`.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models

from yipanqi.core import audit
from yipanqi.core.actors import SystemActor, is_system
from yipanqi.core.errors import Conflict, Forbidden

# A user (accounts.User) or the system actor. `Any` keeps django-stubs' AbstractBaseUser, the
# AnonymousUser of a request and the SystemActor all acceptable where actions take an actor.
Actor = Any

M = TypeVar("M", bound=models.Model)

UNTRACKED = frozenset({"updated_at", "created_at"})


def require(allowed: bool) -> None:
    """Refuse with the same Forbidden everywhere (pages and API turn it into 403 / 404)."""
    if not allowed:
        raise Forbidden()


def require_permission(actor: Actor, predicate: Callable[..., bool], *args: Any) -> None:
    """`predicate(actor, *args)` must hold, unless the system itself acts (it is not asked)."""
    if is_system(actor):
        return
    require(bool(predicate(actor, *args)))


def user_of(actor: Actor) -> Any:
    """The person to store in an actor column (placed_by, event actor …): the user, the person a
    system action was taken for, or None."""
    if isinstance(actor, SystemActor):
        actor = actor.on_behalf_of
    return actor if getattr(actor, "pk", None) else None


def lock(obj: M, *related: str) -> M:
    """The row again, locked for this transaction (SELECT … FOR UPDATE).

    of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    """
    rows = type(obj)._default_manager.select_for_update(of=("self",)).select_related(*related)
    return rows.get(pk=obj.pk)


def event_writer(
    model: type[models.Model], link: str, *, kinds: bool = True
) -> Callable[..., None]:
    """A Workflow's `event` hook that writes one `model` row per move: linked to the moved row as
    `link`, the actor, both statuses, the note (at most 300 characters), the moved row's scope,
    and (where the model has one, `kinds`) its kind: the new status unless one is given."""

    def write(
        obj: Any, *, actor: Actor, old: str, new: str, kind: str = "", note: str = ""
    ) -> None:
        fields = {"kind": kind or new} if kinds else {}
        model._default_manager.create(
            **{link: obj},
            **fields,
            actor=user_of(actor),
            from_status=old,
            to_status=new,
            note=note[:300],
            scope_path=obj.scope_path,
            district_code=obj.district_code,
        )

    return write


# What the audit shows for a field whose value must never be written down (a password hash).
HIDDEN = "********"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Current values of the concrete fields, foreign keys as ids: what the audit calls "before"
    and "after" (core.audit serialises dates, times and decimals as JSON)."""
    return {
        f.name: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in UNTRACKED and not f.primary_key
    }


def created(obj: models.Model, *names: str) -> dict[str, list[Any]]:
    """{field: [None, value]} for a row just created: the named fields (the main ones; never a
    clear sensitive value — name the masked field instead), foreign keys as ids."""
    now = snapshot(obj)
    return {name: [None, now[name]] for name in names}


def save_changed(obj: models.Model, changes: Mapping[str, Any]) -> None:
    """Save only the fields in `changes` (and updated_at, if the model has one)."""
    if not changes:
        return
    names = {obj._meta.get_field(name).name for name in changes}
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        names.add("updated_at")
    obj.save(update_fields=sorted(names))


@dataclass
class Edit(Generic[M]):
    """One action's write to one existing row that is not a status change: set fields, then one
    save of the changed fields and one audit event with before/after of each (`track`)."""

    obj: M
    actor: Actor
    before: dict[str, Any]
    hidden: frozenset[str] = field(default_factory=frozenset)

    def set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self.obj, name, value)

    def changes(self) -> dict[str, list[Any]]:
        changes = audit.diff(self.before, snapshot(self.obj))
        return {k: [HIDDEN, HIDDEN] if k in self.hidden else v for k, v in changes.items()}

    def finish(
        self,
        action: str,
        *,
        save: bool = True,
        also: Mapping[str, list[Any]] | None = None,
        **data: Any,
    ) -> dict[str, list[Any]]:
        """Save the changed fields (unless the action saved the row itself: save=False) and audit
        `action` with before/after of each, plus `also` (changes of related rows, e.g. who is
        present)."""
        changes = self.changes()
        if save:
            save_changed(self.obj, changes)
        changes = {**changes, **(also or {})}
        audit.record(
            actor=self.actor,
            action=action,
            target=self.obj,
            changes=changes,
            data=data,
        )
        return changes


def track(obj: M, *, actor: Actor, hidden: Collection[str] = ()) -> Edit[M]:
    """Start a non-status write to a (locked) row: what it looks like now is "before". Fields in
    `hidden` are audited as changed without their values."""
    return Edit(obj=obj, actor=actor, before=snapshot(obj), hidden=frozenset(hidden))


# Every Workflow declared (in the order their modules were imported): the transition guards'
# source, and a test that each names its model.
DECLARED: list["Workflow"] = []


@dataclass(frozen=True)
class Workflow:
    """How rows of one model move: the allowed transitions (choices.py) and what each move writes."""

    table: Mapping[str, Collection[str]]
    statuses: Any  # the TextChoices class: labels for the refusal message
    refusal: Any  # message with %(old)s and %(new)s, in the user's language
    audit_prefix: str  # e.g. "orders.order": audit codes are f"{audit_prefix}.{step}"
    # Writes the app's own event row: (obj, actor=, old=, new=, **details) after each move.
    event: Callable[..., Any] | None = None
    # Stamps what a new status implies (a due time …): (obj, new_status) after each move.
    on_move: Callable[[Any, str], None] | None = None
    code: str = "illegal_transition"
    # The model whose `status` moves: the database refuses what the table does not allow too
    # (core.transition_guard, R-AC-5).
    model: type[models.Model] | None = None

    def __post_init__(self) -> None:
        DECLARED.append(self)

    def pairs(self) -> list[tuple[str, str]]:
        """Every allowed (old, new), sorted."""
        return sorted((str(old), str(new)) for old, news in self.table.items() for new in news)

    def check(self, old: str, new: str, *, code: str | None = None) -> None:
        """Conflict (stable code, statuses named in the user's language) unless old → new is allowed."""
        if new not in self.table.get(old, ()):
            labels = {"old": self.statuses(old).label, "new": self.statuses(new).label}
            raise Conflict(self.refusal % labels, code=code or self.code)

    def begin(self, obj: M, *, actor: Actor) -> "Transition[M]":
        """Start a step on a locked row: what it looks like now is what the audit calls "before"."""
        return Transition(workflow=self, obj=obj, actor=actor, before=snapshot(obj))


@dataclass
class Transition(Generic[M]):
    """One action's change to one row: moves (each checked and evented), then one save and audit."""

    workflow: Workflow
    obj: M
    actor: Actor
    before: dict[str, Any]
    moves: int = field(default=0)

    def move(self, new: str, *, code: str | None = None, **details: Any) -> str:
        """Check the table, set the status, bump the version, stamp, write the event; returns old."""
        obj: Any = self.obj
        old = obj.status
        self.workflow.check(old, new, code=code)
        if self.moves:
            # a step of several moves writes the status between them, so that the database's
            # guard, which sees only what is written, sees each allowed move (R-AC-5)
            type(obj)._default_manager.filter(pk=obj.pk).update(status=old)
        obj.status = new
        if hasattr(obj, "version"):
            obj.version += 1
        if self.workflow.on_move is not None:
            self.workflow.on_move(obj, new)
        if self.workflow.event is not None:
            self.workflow.event(obj, actor=self.actor, old=old, new=new, **details)
        self.moves += 1
        return old

    def set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self.obj, name, value)

    def changes(self) -> dict[str, list[Any]]:
        return audit.diff(self.before, snapshot(self.obj))

    def finish(self, step: str, **data: Any) -> dict[str, list[Any]]:
        """Save the fields that changed (update_fields) and audit each one's before/after."""
        changes = self.changes()
        # after several moves the status is saved even when it ends where it began (the interim
        # writes of `move` changed it in the database)
        save_changed(self.obj, {**changes, "status": None} if self.moves > 1 else changes)
        audit.record(
            actor=self.actor,
            action=f"{self.workflow.audit_prefix}.{step}",
            target=self.obj,
            changes=changes,
            data=data,
        )
        return changes
