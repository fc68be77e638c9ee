"""Compliance (组织生活达标): for each branch, each required meeting kind and each month or
quarter, whether a meeting was held, is still due or was missed.

A branch counts once it keeps its organisational life here (a secretary is appointed in this
app, docs/decisions/015). 党小组会 is required only of branches that have party groups. Two
queries for any number of branches (the meetings held, and the branches' groups) and the
policy once per district.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife.choices import HELD, Frequency, MeetingKind
from yipanqi.partylife.models import Meeting
from yipanqi.partylife.rules import Period, frequencies, periods_in

HELD_STATE, DUE, MISSED = "held", "due", "missed"


@dataclass
class KindRow:
    kind: str
    label: str
    frequency: str
    periods: list[tuple[Period, str]] = field(default_factory=list)

    @property
    def frequency_label(self) -> str:
        return str(Frequency(self.frequency).label) if self.frequency in Frequency.values else ""

    @property
    def period(self) -> Period | None:
        return self.periods[-1][0] if self.periods else None

    @property
    def current(self) -> str:
        return self.periods[-1][1] if self.periods else DUE


@dataclass
class BranchCompliance:
    branch: Any
    kinds: list[KindRow] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.kinds for _p, s in row.periods if s == state)

    @property
    def held(self) -> int:
        return self.count(HELD_STATE)

    @property
    def missed(self) -> int:
        return self.count(MISSED)

    @property
    def due(self) -> int:
        return self.count(DUE)

    @property
    def share(self) -> float | None:
        closed = self.held + self.missed
        return None if closed == 0 else self.held / closed


def _held_days(branch_ids: list[int], start: datetime.date, end: datetime.date) -> dict:
    rows = Meeting.objects.filter(
        branch_id__in=branch_ids, status__in=HELD, held_on__range=(start, end)
    ).values_list("branch_id", "kind", "held_on")
    days: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    for branch_id, kind, day in rows:
        days[(branch_id, kind)].append(day)
    return days


def _with_groups(branches: list[Any]) -> set[int]:
    """Branches with at least one party group (one query over the districts' groups)."""
    paths = {b.path: b.pk for b in branches}
    step = PartyOrganisation.steplen
    groups = PartyOrganisation.objects.filter(
        kind=PartyOrganisationKind.GROUP, district_code__in={b.district_code for b in branches}
    ).values_list("path", flat=True)
    return {paths[p[:-step]] for p in groups if p[:-step] in paths}


def branch_compliance(
    branches: QuerySet[PartyOrganisation] | list[Any],
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> list[BranchCompliance]:
    """Each branch's required kinds over the periods from `start` to min(`end`, today)."""
    branches = list(branches)
    if not branches:
        return []
    last = min(end, today)
    held = _held_days([b.pk for b in branches], start, end)
    grouped = _with_groups(branches)
    # the policy is read once per district, not per branch (a fixed number of queries)
    by_district = {code: frequencies(code) for code in {b.district_code for b in branches}}
    result = []
    for branch in branches:
        rules = by_district[branch.district_code]
        item = BranchCompliance(branch)
        for kind in MeetingKind:
            if kind == MeetingKind.GROUP and branch.pk not in grouped:
                continue
            row = KindRow(kind.value, str(kind.label), rules.get(kind.value, "monthly"))
            days = held.get((branch.pk, kind.value), [])
            for period in periods_in(row.frequency, start, last) if start <= last else []:
                hit = any(period.contains(d) for d in days)
                state = HELD_STATE if hit else (MISSED if period.end < today else DUE)
                row.periods.append((period, state))
            item.kinds.append(row)
        result.append(item)
    return result
