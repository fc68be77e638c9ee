"""The processing register (个人信息处理活动记录, R-PI-1; PIPL arts. 13, 28, 51).

Each app says, in its own `pi.py`, which processing activities it carries out (purpose, lawful
basis, retention, roles) and how every field that could hold personal information is classified:
sensitive (敏感个人信息), ordinary (一般个人信息) or not personal (with the reason). A system check
(yipanqi.E006) fails when a field that looks personal — by its name, or because it stores
ciphertext — is not classified, and when the register names a field, model or activity that does
not exist; so a new app cannot add such a field silently. The audit pages show the register.

Entries are `"app_label.Model.field"`, or `"app_label.Model.*"` for every field of a model (a
party member's record is sensitive as a whole).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

SENSITIVE, ORDINARY, NOT_PERSONAL = "sensitive", "ordinary", "not_personal"
CLASSES = (SENSITIVE, ORDINARY, NOT_PERSONAL)

# Lawful bases (PIPL art. 13): the register names one per activity.
BASES = {
    "statutory_duty": _("PIPL 13(1)3: necessary for statutory duties"),
    "consent": _("PIPL 13(1)1: the person's consent"),
    "human_resources": _("PIPL 13(1)2: human-resources management"),
    "public_interest": _("PIPL 13(1)5: public-interest reporting and supervision"),
}

# Field names that usually hold personal information; BinaryField (ciphertext) always does.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|phone|mobile|tel|id_number|address|birth|sex|gender|ethnicity|political|"
    r"health|disability|religion|email|contact|notes?|remarks?|answers?|reason|description|"
    r"text|comment|feedback|minutes)($|_)"
)


@dataclass(frozen=True)
class Activity:
    """One processing activity: why, on what basis, for how long, by whom."""

    key: str
    purpose: str
    basis: str  # a key of BASES
    retention: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    target: str  # "app.Model.field" or "app.Model.*"
    pi_class: str
    activity: str  # an Activity key; for NOT_PERSONAL, why the field is not personal


_ACTIVITIES: dict[str, Activity] = {}
_ENTRIES: dict[str, Entry] = {}


def declare(activities: tuple[Activity, ...], fields: dict[str, tuple[str, str]]) -> None:
    """An app's part of the register (called at import of its `pi.py`)."""
    for activity in activities:
        _ACTIVITIES[activity.key] = activity
    for target, (pi_class, activity) in fields.items():
        _ENTRIES[target] = Entry(target, pi_class, activity)


def load() -> None:
    autodiscover_modules("pi")


def activities() -> list[Activity]:
    load()
    return sorted(_ACTIVITIES.values(), key=lambda a: a.key)


def entries() -> list[Entry]:
    load()
    return sorted(_ENTRIES.values(), key=lambda e: e.target)


def classification(model, field_name: str) -> Entry | None:
    label = model._meta.label
    return _ENTRIES.get(f"{label}.{field_name}") or _ENTRIES.get(f"{label}.*")


def looks_personal(field) -> bool:
    return bool(LOOKS_PERSONAL.search(field.name)) or field.get_internal_type() == "BinaryField"


def _own_models():
    return [m for m in apps.get_models() if m.__module__.startswith("yipanqi.")]


def unclassified() -> list[str]:
    load()
    return [
        f"{model._meta.label}.{field.name}"
        for model in _own_models()
        for field in model._meta.concrete_fields
        if looks_personal(field) and classification(model, field.name) is None
    ]


def dangling() -> list[str]:
    """Register entries that name no existing field or model, a class or activity nobody
    declared, and activities with an unknown basis."""
    load()
    problems = [f"{e.target}: {p}" for e in _ENTRIES.values() for p in _entry_problems(e)]
    problems += [
        f"activity {a.key}: unknown basis {a.basis!r}"
        for a in _ACTIVITIES.values()
        if a.basis not in BASES
    ]
    return problems


def _entry_problems(entry: Entry) -> list[str]:
    label, _dot, field = entry.target.rpartition(".")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return ["no such model"]
    problems = []
    if field != "*" and field not in {f.name for f in model._meta.concrete_fields}:
        problems.append("no such field")
    if entry.pi_class not in CLASSES:
        problems.append(f"unknown class {entry.pi_class!r}")
    if entry.pi_class != NOT_PERSONAL and entry.activity not in _ACTIVITIES:
        problems.append(f"unknown activity {entry.activity!r}")
    return problems
