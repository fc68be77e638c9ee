"""What the audit page calls things (审计日志可读): action codes, fields, values and system actors
in the reader's language, instead of `deliberation.topic.scheduled` and `status: accepted`.

Each app may have an `audit_labels` module (found on first use, as Django finds admin modules)
with any of:

    ACTIONS = {"orders.order.accepted": pgettext_lazy("audit", "Service order accepted"), …}
    PARTS = {"deliberation.rating": "resolution"}  # a row named after the row it belongs to
    KINDS = {"deliberation.rating": pgettext_lazy("audit", "rating")}  # a model's name, if unnamed
    MASKED = {"people.person"}  # rows named after a person: their names are shown masked (张*丰)
    MASKED_IF = {"accounts.user": lambda user: …}  # … or only some of them (residents' accounts)
    MASKED_FIELDS = {"people.person": {"name"}}  # fields holding a person's name, shown masked
    FIELDS = {"deliberation.meeting": {"present": pgettext_lazy("audit", "present")}}
    DATA = {"level": pgettext_lazy("audit", "level")}  # keys of an event's extra data
    SYSTEM = {"orders.escalation": pgettext_lazy("audit", "overdue escalation")}  # system reasons

Anything not declared still reads: a field by its model's verbose_name, a choice by its label,
an action as "<model's verbose name>: <verb>" with the verb from VERBS below.
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The last word of an action code, for codes no app labelled (e.g. a new step of a workflow).
VERBS = {
    "created": pgettext_lazy("audit", "created"),
    "changed": pgettext_lazy("audit", "changed"),
    "renamed": pgettext_lazy("audit", "renamed"),
    "moved": pgettext_lazy("audit", "moved"),
    "added": pgettext_lazy("audit", "added"),
    "ended": pgettext_lazy("audit", "ended"),
    "closed": pgettext_lazy("audit", "closed"),
    "opened": pgettext_lazy("audit", "opened"),
    "accepted": pgettext_lazy("audit", "accepted"),
    "declined": pgettext_lazy("audit", "declined"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "scheduled": pgettext_lazy("audit", "scheduled"),
    "submitted": pgettext_lazy("audit", "submitted"),
    "recorded": pgettext_lazy("audit", "recorded"),
    "escalated": pgettext_lazy("audit", "escalated"),
    "exported": pgettext_lazy("audit", "exported"),
    "approved": pgettext_lazy("audit", "approved"),
    "rejected": pgettext_lazy("audit", "rejected"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "deleted": pgettext_lazy("audit", "deleted"),
}
# Reference fields that several models name alike, for the models that left their verbose_name
# to Django (which then is the bare field name, in English).
COMMON_FIELDS = {
    "user": pgettext_lazy("audit", "account"),
    "area": pgettext_lazy("audit", "area"),
    "grid": pgettext_lazy("audit", "grid"),
    "community": pgettext_lazy("audit", "community"),
    "household": pgettext_lazy("audit", "household"),
    "resident": pgettext_lazy("audit", "resident"),
    "member": pgettext_lazy("audit", "party member"),
    "unit": pgettext_lazy("audit", "unit"),
    "body": pgettext_lazy("audit", "body"),
    "branch": pgettext_lazy("audit", "party branch"),
    "meeting": pgettext_lazy("audit", "meeting"),
    "topic": pgettext_lazy("audit", "topic"),
    "resolution": pgettext_lazy("audit", "resolution"),
    "order": pgettext_lazy("audit", "service order"),
    "campaign": pgettext_lazy("audit", "sweep"),
    "target": pgettext_lazy("audit", "sweep household"),
    "membership": pgettext_lazy("audit", "body seat"),
    "seat": pgettext_lazy("audit", "seat"),
    "owner_seat": pgettext_lazy("audit", "responsible seat"),
    "assignee": pgettext_lazy("audit", "assigned to"),
    "placed_by": pgettext_lazy("audit", "placed by"),
    "raised_by": pgettext_lazy("audit", "raised by"),
    "rated_by": pgettext_lazy("audit", "rated by"),
    "recorded_by": pgettext_lazy("audit", "recorded by"),
    "visited_by": pgettext_lazy("audit", "visited by"),
    "approved_by": pgettext_lazy("audit", "approved by"),
    "reported_by": pgettext_lazy("audit", "reported by"),
    "registration": pgettext_lazy("audit", "community registration"),
    "opened_at": pgettext_lazy("audit", "opened at"),
    "closed_at": pgettext_lazy("audit", "closed at"),
    "done_at": pgettext_lazy("audit", "done at"),
    "published_at": pgettext_lazy("audit", "published at"),
    "decided_at": pgettext_lazy("audit", "decided at"),
    "position": pgettext_lazy("audit", "position"),
    "last_round": pgettext_lazy("audit", "last round"),
}
COMMON_DATA = {
    "reason": pgettext_lazy("audit", "reason"),
    "count": pgettext_lazy("audit", "count"),
    "level": pgettext_lazy("audit", "level"),
    "note": pgettext_lazy("audit", "note"),
}


@dataclass
class Labels:
    actions: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, Any] = field(default_factory=dict)
    masked: set[str] = field(default_factory=set)
    masked_if: dict[str, Callable[[Any], bool]] = field(default_factory=dict)
    masked_fields: dict[str, set[str]] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    system: dict[str, Any] = field(default_factory=dict)


@cache
def labels() -> Labels:
    """Every app's declarations, merged (read once: they are module constants)."""
    found = Labels(data=dict(COMMON_DATA))
    for module in _modules():
        found.actions.update(getattr(module, "ACTIONS", {}))
        found.parts.update(getattr(module, "PARTS", {}))
        found.kinds.update(getattr(module, "KINDS", {}))
        found.masked.update(getattr(module, "MASKED", ()))
        found.masked_if.update(getattr(module, "MASKED_IF", {}))
        for label, names in getattr(module, "MASKED_FIELDS", {}).items():
            found.masked_fields.setdefault(label, set()).update(names)
        for label, names in getattr(module, "FIELDS", {}).items():
            found.fields.setdefault(label, {}).update(names)
        found.data.update(getattr(module, "DATA", {}))
        found.system.update(getattr(module, "SYSTEM", {}))
    return found


def _modules() -> list[Any]:
    autodiscover_modules("audit_labels")
    names = (f"{config.name}.audit_labels" for config in apps.get_app_configs())
    return [sys.modules[name] for name in names if name in sys.modules]


def model_for(label: str) -> type[models.Model] | None:
    """The model of an audit target type ("orders.serviceorder"), if it still exists."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def is_masked(obj: models.Model) -> bool:
    """Whether a row is named after a person whose name is shown masked."""
    label = obj._meta.label_lower
    if label in labels().masked:
        return True
    test = labels().masked_if.get(label)
    return bool(test and test(obj))


def kind_label(model: type[models.Model]) -> str:
    """What one row of `model` is called: the app's word, else the model's verbose_name."""
    declared = labels().kinds.get(model._meta.label_lower)
    return str(capfirst(declared if declared is not None else model._meta.verbose_name))


def humanize(code: str) -> str:
    return capfirst(code.replace("_", " ").strip())


def action_label(code: str) -> str:
    """The action in words: the app's label, else "<model>: <verb>", else the code made readable."""
    declared = labels().actions.get(code)
    if declared is not None:
        return str(declared)
    head, _dot, verb = code.rpartition(".")
    model = model_for(head)
    subject = kind_label(model) if model else humanize(head.split(".")[-1])
    return _("%(subject)s: %(verb)s") % {
        "subject": subject,
        "verb": VERBS.get(verb, humanize(verb)),
    }


def model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    """The model's field called `name` (or the masked copy of a sealed one: `phone_masked`)."""
    if model is None:
        return None
    for candidate in (name, f"{name}_masked"):
        try:
            found = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if isinstance(found, models.Field):
            return found
    return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A changed field's name: the app's word for it, else the model field's verbose_name."""
    if model is not None:
        declared = labels().fields.get(model._meta.label_lower, {}).get(name)
        if declared is not None:
            return str(declared)
    found = model_field(model, name)
    named = getattr(found, "verbose_name", None)
    if named and named != found.name.replace("_", " "):  # not Django's stand-in
        return str(capfirst(named))
    if name in COMMON_FIELDS:
        return str(capfirst(COMMON_FIELDS[name]))
    return str(capfirst(named)) if named else humanize(name)


def field_for(model: type[models.Model] | None, name: str) -> tuple[str, models.Field | None]:
    """A changed field in words, and the model field it is (for its choices and references).
    "target.outcome" is the outcome of the row the `target` field points at."""
    head, dot, rest = name.partition(".")
    link = model_field(model, head) if dot else None
    if isinstance(link, models.ForeignKey):
        label, found = field_for(link.related_model, rest)
        return f"{field_label(model, head)} · {label}", found
    return field_label(model, name), model_field(model, name)


def data_label(key: str) -> str:
    declared = labels().data.get(key)
    return str(declared) if declared is not None else humanize(key)


def system_label(reason: str) -> str:
    """系统, and why it acted where an app names the reason (e.g. 系统（超时督办）)."""
    declared = labels().system.get(reason)
    if declared is None:
        return _("System")
    return _("System (%(reason)s)") % {"reason": declared}


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter's choices, by app: [(app name, [(code or app prefix, label), …])]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in labels().actions.items():
        groups.setdefault(code.split(".")[0], []).append((code, str(label)))
    choices = []
    for app_label, items in sorted(groups.items()):
        try:
            name = str(apps.get_app_config(app_label).verbose_name)
        except LookupError:
            name = app_label
        everything = (app_label, _("All of %(app)s") % {"app": name})
        choices.append((name, [everything, *sorted(items, key=lambda item: item[1])]))
    return choices


# The core's own actions and the system's reasons that no single app owns.
ACTIONS = {
    "core.policy.changed": pgettext_lazy("audit", "Policy setting changed"),
    "core.backup.made": pgettext_lazy("audit", "Backup made"),
    "core.audit.pruned": pgettext_lazy("audit", "Audit events past their retention removed"),
    "core.retention.anonymised": pgettext_lazy("audit", "Records past their retention anonymised"),
    "core.retention.erased": pgettext_lazy("audit", "Records anonymised on the person's request"),
    "core.keys.rotated": pgettext_lazy("audit", "Personal data re-encrypted"),
}
SYSTEM = {
    "demo": pgettext_lazy("audit", "demo data"),
    "audit retention": pgettext_lazy("audit", "audit retention"),
    "retention": pgettext_lazy("audit", "retention of personal information"),
    "erasure": pgettext_lazy("audit", "erasure on the person's request"),
}
