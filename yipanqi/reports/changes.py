"""A report run again for the same node and period, set against the run before it: which figures
changed since (records corrected, late entries, a deliberation closed after the briefing went out),
so a briefing already handed out can be reconciled with today's numbers."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from yipanqi.reports.figures import HEADER_KEYS, catalogue


@dataclass(frozen=True)
class Change:
    """One figure (or one entry of a figure by kind, `key.entry`) with both runs' values."""

    key: str
    label: str
    before: Any
    after: Any


def _flat(figures: dict[str, Any]) -> dict[str, Any]:
    """Figures by kind (orders_by_status …) become one entry per kind, so a change names it."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if key in HEADER_KEYS:
            continue
        if isinstance(value, dict):
            flat.update({f"{key}.{entry}": v for entry, v in value.items()})
        else:
            flat[key] = value
    return flat


def _label(key: str) -> str:
    base, _, entry = key.partition(".")
    definition = catalogue().get(base)
    if definition is None:  # a figure retired since the earlier run
        return key
    name = definition.zh if (get_language() or "zh").startswith("zh") else definition.en
    return f"{name} · {entry}" if entry else name


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every figure whose value differs between two runs, in catalogue order; a figure only one
    run has counts as changed (its other value is None)."""
    old, new = _flat(before), _flat(after)
    order = {key: n for n, key in enumerate(catalogue())}
    keys = sorted(old.keys() | new.keys(), key=lambda k: (order.get(k.partition(".")[0], 1e9), k))
    return [
        Change(key=k, label=_label(k), before=old.get(k), after=new.get(k))
        for k in keys
        if old.get(k) != new.get(k)
    ]
