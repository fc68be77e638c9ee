"""One page of the audit log in words (core.audit_labels): who (a name, or 系统), did what (a label),
to what (the row's name today, when it still exists in the reader's audit scope), and each change
as "field: before → after" with choices by their labels and references by name.

Rows are named in one query per kind of row on the page, whatever the page's length. Names of
people (residents, members) are shown masked, as everywhere outside their own records.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from yipanqi.core import pii
from yipanqi.core.audit_labels import (
    action_label,
    data_label,
    field_for,
    is_masked,
    kind_label,
    labels,
    model_for,
    system_label,
)
from yipanqi.core.models import AuditEvent
from yipanqi.core.scope import grant_for, prefix_condition
from yipanqi.core.workflow import HIDDEN

EMPTY = "—"
LONGEST = 80  # characters of a changed text shown (minutes, answers): the page is an index
DEPTH = 3  # a part of a part of a part: named after its whole at most this far up
# Fields whose change says nothing to a reader (the row's edit counter).
SKIPPED_FIELDS = frozenset({"version"})
# Official codes (division codes) look like ID numbers to the free-text masking: shown as they are.
CODE_FIELDS = frozenset({"code", "district_code"})


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def set_now(self) -> bool:
        """Empty before (a new row's fields): the page shows only the value."""
        return self.before == EMPTY


@dataclass
class AuditRow:
    event: AuditEvent
    action: str
    actor: str
    login: str  # the person's username beside their name (the filter takes it)
    target: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


class Names:
    """Rows named by (model label, pk), looked up together: one query per model label."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.wanted: dict[str, set[int]] = defaultdict(set)
        self.found: dict[tuple[str, int], str] = {}
        self._grant = None

    def want(self, label: str, pk: Any) -> None:
        number = _as_pk(pk)
        if number is not None and model_for(label) is not None:
            self.wanted[label].add(number)

    def load(self) -> None:
        for label, pks in self.wanted.items():
            model = model_for(label)
            rows = self._in_scope(model, model._default_manager.filter(pk__in=pks))
            path = _whole_path(model)
            if path:
                rows = rows.select_related(path)
            for obj in rows:
                self.found[label, obj.pk] = shown_name(obj)

    def get(self, label: str, pk: Any) -> str | None:
        return self.found.get((label, _as_pk(pk)))

    def _in_scope(self, model: type[models.Model], rows: models.QuerySet) -> models.QuerySet:
        """Rows inside the reader's audit scope (what the audit page may show them at all);
        rows without a place in the area tree (accounts, categories) are named as they are."""
        if not any(f.name == "scope_path" for f in model._meta.concrete_fields):
            return rows
        if self._grant is None:
            self._grant = grant_for(self.user, "view", AuditEvent)
        if self._grant.platform:
            return rows
        condition = prefix_condition(self._grant.prefixes)
        return rows.filter(condition) if condition else rows.none()


def _whole_path(model: type[models.Model]) -> str:
    """The select_related path from a part (PARTS) up to the row that names it."""
    steps = []
    for _level in range(DEPTH):
        parent = labels().parts.get(model._meta.label_lower)
        if not parent:
            break
        steps.append(parent)
        model = model._meta.get_field(parent).related_model
    return "__".join(steps)


def shown_name(obj: models.Model, depth: int = 0) -> str:
    """A row's name: a part by its whole ("评价 · 决议 · <topic>"), a person's masked."""
    parent = labels().parts.get(obj._meta.label_lower)
    if parent and depth < DEPTH:
        whole = getattr(obj, parent, None)
        kind = kind_label(type(obj))
        return f"{kind} · {shown_name(whole, depth + 1)}" if whole is not None else kind
    text = str(obj)
    return pii.mask_name(text) if is_masked(obj) else text


def _as_pk(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _login(event: AuditEvent) -> str:
    if event.actor is None or "(system:" in event.actor_username:
        return ""
    username = event.actor.get_username()
    return pii.mask_free_text(username) if username != str(event.actor) else ""


def _actor(event: AuditEvent) -> str:
    """The person's name; 系统 for the platform (on someone's behalf: 系统（代 王芳）)."""
    username = event.actor_username
    if username.startswith("system:"):
        return system_label(username.removeprefix("system:"))
    if event.actor is not None and "(system:" in username:
        return _("System, for %(name)s") % {"name": shown_name(event.actor)}
    if event.actor is not None:
        return shown_name(event.actor)
    return username or EMPTY


def _plain_value(value: Any, *, code: bool = False) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return _("%(n)d in all") % {"n": len(value)}  # ids of rows, e.g. the seats present
    if isinstance(value, list):
        return "、".join(_plain_value(v) for v in value)
    if isinstance(value, str):
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "Y-m-d H:i")
        day = parse_date(value) if len(value) == 10 else None
        if isinstance(day, datetime.date):
            return formats.date_format(day, "Y-m-d")
    text = str(value) if code else pii.mask_free_text(str(value))
    return Truncator(text).chars(LONGEST)


def _value(found: models.Field | None, value: Any, names: Names) -> str:
    """One before or after value in words: a choice's label, a referenced row's name."""
    if value == HIDDEN or found is None:
        return _plain_value(value)
    if found.name in CODE_FIELDS:
        return _plain_value(value, code=True)
    if found.choices and value not in (None, ""):
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.ForeignKey) and value is not None:
        label = found.related_model._meta.label_lower
        return names.get(label, value) or f"#{value}"
    return _plain_value(value)


def _want_references(event: AuditEvent, names: Names) -> None:
    names.want(event.target_type, event.target_id)
    model = model_for(event.target_type)
    values = [
        (name, pair) for name, pair in (event.changes or {}).items() if isinstance(pair, list)
    ]
    values += [(key, [value]) for key, value in (event.data or {}).items() if key in labels().data]
    for name, pair in values:
        _label, found = field_for(model, name)
        if isinstance(found, models.ForeignKey):
            for value in pair:
                names.want(found.related_model._meta.label_lower, value)


def _target(event: AuditEvent, names: Names) -> str:
    if not event.target_type:
        return ""
    named = names.get(event.target_type, event.target_id)
    if named is not None:
        return named
    model = model_for(event.target_type)
    if model is None:
        return event.target_repr
    kind = kind_label(model)
    if event.target_type in labels().parts:  # its own text is only ids
        return f"{kind} #{event.target_id}"
    if event.target_type in labels().masked or event.target_type in labels().masked_if:
        return pii.mask_name(event.target_repr)
    return event.target_repr or f"{kind} #{event.target_id}"


def _changes(event: AuditEvent, names: Names) -> list[Change]:
    model = model_for(event.target_type)
    masked = labels().masked_fields.get(event.target_type, set())
    rows = []
    for name, pair in (event.changes or {}).items():
        if name in SKIPPED_FIELDS or any(isinstance(v, dict) for v in _pair(pair)):
            continue  # a dict is a machine record (a vote tally), summed up elsewhere
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if name in masked:
            before, after = _masked(before), _masked(after)
        label, found = field_for(model, name)
        change = Change(label, _value(found, before, names), _value(found, after, names))
        if change.before != change.after:  # a new row's empty fields say nothing
            rows.append(change)
    return rows


def _pair(pair: Any) -> list[Any]:
    return pair if isinstance(pair, list) else [pair]


def _masked(value: Any) -> Any:
    return pii.mask_name(value) if isinstance(value, str) and value else value


def _details(event: AuditEvent, names: Names) -> list[tuple[str, str]]:
    """The event's extra data that an app put words to (DATA); the rest is for machines (id
    ranges of bulk rows, codes already shown as changes)."""
    model = model_for(event.target_type)
    declared = labels().data
    return [
        (data_label(key), _detail(model, key, value, names))
        for key, value in (event.data or {}).items()
        if key in declared and not isinstance(value, dict)
    ]


def _detail(model: type[models.Model] | None, key: str, value: Any, names: Names) -> str:
    if key == "field" and isinstance(value, str):  # which field was read (an unmasking)
        return field_for(model, value)[0]
    return _value(field_for(model, key)[1], value, names)


def audit_rows(*, user: Any, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """The page's events in words; the events should come with their actor (select_related)."""
    events = list(events)
    names = Names(user)
    for event in events:
        _want_references(event, names)
    names.load()
    return [
        AuditRow(
            event=event,
            action=action_label(event.action),
            actor=_actor(event),
            login=_login(event),
            target=_target(event, names),
            changes=_changes(event, names),
            details=_details(event, names),
        )
        for event in events
    ]
