"""Retention (R-PI-8, PIPL art. 19): personal information past the retention the processing
register states is anonymised by a periodic job.

Each app declares, in its `pi.py` beside its register entries, a `Rule` per kind of record: which
date ends the record's use ("closed_at"), how many days it is kept after that (a policy, so a
district may keep longer), and what its personal fields become (free text emptied, links to a
person or household cut). Related rows that belong to the record (its events' notes, its rating's
comment) are anonymised with it. The job works in batches, one transaction and one audit event
per batch; a row already anonymised is not touched again, so the job can run as often as wanted.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yipanqi.core import audit, row_changes
from yipanqi.core.actors import system

BATCH = 500
ANONYMISED = "已匿名"  # what a required text field becomes
ACTION = "core.retention.anonymised"
ERASED = "core.retention.erased"  # the same, on the person's request


@dataclass(frozen=True)
class Related:
    """Rows that belong to the record: `model` reaches it by `link` (a foreign key's name)."""

    model: str
    link: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Rule:
    key: str
    activity: str  # the processing activity whose retention this enforces
    model: str  # "app_label.Model"
    ended: str  # the date field from which the retention runs
    days: Any  # a core.policy.Policy (per district) or a number of days
    # field → what it becomes: a constant, or an expression of the row where each row needs a
    # value of its own (a unique column: `Concat(Value("anon-"), Cast("pk", CharField()))`) or
    # keeps part of its own (`TruncYear("birth_date")`). A row is done when every field equals it.
    values: dict[str, Any]
    related: tuple[Related, ...] = field(default_factory=tuple)
    # The account whose records these are (a foreign key to the user), for erasure on request
    # (`erase`): their ended records are anonymised at once instead of after the retention.
    owner: str = ""
    # Files the rows keep outside the database (called with the list of rows): removed
    # once the anonymisation has committed; their paths are read before it empties them.
    files: Callable[[Any], None] | None = None


_RULES: dict[str, Rule] = {}


def retain(*rules: Rule) -> None:
    """An app's retention rules (called at import of its `pi.py`)."""
    for rule in rules:
        _RULES[rule.key] = rule


def rules() -> list[Rule]:
    from yipanqi.core import processing

    processing.load()
    return sorted(_RULES.values(), key=lambda r: r.key)


def _days(rule: Rule, district_code: str) -> int:
    return int(rule.days.value(district_code) if hasattr(rule.days, "value") else rule.days)


def _done(rule: Rule) -> Q:
    return reduce(and_, (Q(**{name: value}) for name, value in rule.values.items()))


def expired(rule: Rule, now: datetime.datetime | None = None) -> Any:
    """The rows past their retention that still hold personal information."""
    model = apps.get_model(rule.model)
    now = now or timezone.now()
    codes = model._base_manager.values_list("district_code", flat=True).distinct().order_by()
    past = Q(pk__in=[])
    for code in codes:
        edge = now - datetime.timedelta(days=_days(rule, code))
        past |= Q(district_code=code, **{f"{rule.ended}__lt": edge})
    return model._base_manager.filter(past).exclude(_done(rule)).order_by("pk")


def anonymised(key: str, row: Any) -> bool:
    """Whether the rule `key` has anonymised this row (every one of its values is in place)."""
    rule = next(r for r in rules() if r.key == key)
    return type(row)._base_manager.filter(_done(rule), pk=row.pk).exists()


@transaction.atomic
def _anonymise(rule: Rule, ids: list[int], *, actor: Any = None, action: str = ACTION) -> None:
    model = apps.get_model(rule.model)
    rows = model._base_manager.filter(pk__in=ids)
    if rule.files:
        doomed, remove = list(rows), rule.files
        transaction.on_commit(lambda: remove(doomed))
    # The row-change trail keeps that these rows changed, not the values they lose (R-PI-7/8).
    with row_changes.redacting(action):
        rows.update(**rule.values)
        for part in rule.related:
            rows = apps.get_model(part.model)._base_manager.filter(**{f"{part.link}__in": ids})
            rows.update(**part.values)
    audit.record(
        actor=actor or system("retention"),
        action=action,
        data={"rule": rule.key, "model": rule.model, "rows": len(ids), "ids": [ids[0], ids[-1]]},
    )


def anonymise_expired(now: datetime.datetime | None = None) -> int:
    """One batch of every rule (the periodic job runs it until it returns 0)."""
    total = 0
    for rule in rules():
        ids = list(expired(rule, now).values_list("pk", flat=True)[:BATCH])
        if ids:
            _anonymise(rule, ids)
            total += len(ids)
    return total


def erase(*, user: Any, actor: Any) -> dict[str, dict[str, int]]:
    """PIPL art. 47 on request: every ended record the user owns (an order they placed and that
    is closed, …) is anonymised now, as retention would later; records still in use are left
    and counted, for the handler's answer. Returns {rule: {"anonymised": n, "still_open": m}}."""
    result = {}
    for rule in (r for r in rules() if r.owner):
        rows = apps.get_model(rule.model)._base_manager.filter(**{rule.owner: user})
        ended = rows.filter(**{f"{rule.ended}__isnull": False}).exclude(_done(rule))
        ids = list(ended.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            _anonymise(rule, ids[start : start + BATCH], actor=actor, action=ERASED)
        still_open = rows.filter(**{f"{rule.ended}__isnull": True}).count()
        result[rule.key] = {"anonymised": len(ids), "still_open": still_open}
    return result
