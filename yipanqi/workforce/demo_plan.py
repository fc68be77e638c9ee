"""The demo's community workers, planned in memory before anything is written: who (residents of
the community's registry), which post, since when, education, qualification and appraisals.

The seed gives 2020's average yearly pay per post (122,000 / 99,000 / 84,000 yuan) but not the
workers behind it. The plan draws plausible careers, then moves individual workers' start dates
by whole seniority steps until the pay computation (`pay.compute`, the same function the pay run
uses, with the 2020 table) gives averages near the seed's. The figures the report prints are then
computed by the pay run from these records; nothing here writes a figure.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from yipanqi.core.demo_kit import clock
from yipanqi.workforce import pay
from yipanqi.workforce.choices import QUALIFICATION_ORDER, AppraisalResult, Post

# The seed's 2020 averages per post (the plan aims at them; the run computes them).
SEED_AVERAGES_2020 = {Post.HEAD: 122_000, Post.DEPUTY: 99_000, Post.OTHER: 84_000}
AIM = Decimal(150)  # the plan stops within this many yuan of the seed's average
PLAN_YEAR = 2020

# (years in community work, education weights, qualification weights) per post
CAREERS = {
    Post.HEAD: (
        (9, 24),
        {"college": 4, "bachelor": 5, "master": 1},
        {"none": 2, "assistant": 3, "intermediate": 4, "senior": 1},
    ),
    Post.DEPUTY: (
        (4, 16),
        {"college": 4, "bachelor": 5, "master": 1},
        {"none": 3, "assistant": 4, "intermediate": 3},
    ),
    Post.OTHER: (
        (1, 14),
        {"secondary": 1, "college": 5, "bachelor": 4},
        {"none": 5, "assistant": 4, "intermediate": 1},
    ),
}
APPRAISAL_YEARS = (2020, 2021)
APPRAISALS = {
    AppraisalResult.EXCELLENT: 15,
    AppraisalResult.QUALIFIED: 76,
    AppraisalResult.BASIC: 7,
    AppraisalResult.UNQUALIFIED: 2,
}
COMMENTS = {
    AppraisalResult.EXCELLENT: "群众满意度高，工作实绩突出",
    AppraisalResult.QUALIFIED: "履职尽责，完成年度任务",
    AppraisalResult.BASIC: "台账不够规范，需加强学习",
    AppraisalResult.UNQUALIFIED: "多项任务未完成，群众反映较多",
}


@dataclass
class Planned:
    person_id: int
    birth_year: int
    community: object  # organisations.Area
    post: str
    started_year: int
    education: str
    qualification: str
    appraisals: dict[int, str] = field(default_factory=dict)

    @property
    def started_on(self) -> datetime.date:
        return datetime.date(self.started_year, 3, 1)

    def facts(self, year: int, rules: pay.Rules) -> pay.Facts:
        own = {y: r for y, r in self.appraisals.items() if y <= year}
        return pay.Facts(
            post=self.post,
            service_years=max(0, year - self.started_year),
            uncounted_years=sum(1 for r in own.values() if not rules.counts(r)),
            education=self.education,
            qualification=self.qualification,
            appraisal=own.get(year, "none"),
        )


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_worker(rng, person, community, post: str) -> Planned:
    (low, high), education, qualification = CAREERS[post]
    person_id, birth_year = person
    latest_start = min(PLAN_YEAR, birth_year + 40)
    years = rng.randint(low, high)
    started = max(birth_year + 20, PLAN_YEAR - years)
    planned = Planned(
        person_id=person_id,
        birth_year=birth_year,
        community=community,
        post=post,
        started_year=min(started, latest_start),
        education=_pick(rng, education),
        qualification=_pick(rng, qualification),
    )
    for year in APPRAISAL_YEARS:
        if year >= planned.started_year:
            planned.appraisals[year] = _pick(rng, APPRAISALS)
    return planned


def _total(w: Planned, rules: pay.Rules, base: Decimal) -> Decimal:
    return pay.compute(rules, w.facts(PLAN_YEAR, rules), base, QUALIFICATION_ORDER).total


def calibrate(workers: list[Planned], rules: pay.Rules, base: Decimal, rng) -> None:
    """Move start dates by whole steps (earliest start at 20, latest the plan year) until each
    post's average 2020 pay is within AIM of the seed's."""
    for post, seed in SEED_AVERAGES_2020.items():
        group = [w for w in workers if w.post == post]
        totals = {id(w): _total(w, rules, base) for w in group}
        order = group[:]
        rng.shuffle(order)
        for _round in range(40):
            gap = Decimal(seed) - sum(totals.values()) / len(group)
            if abs(gap) <= AIM:
                break
            for w in order:
                step = -rules.step_years if gap > 0 else rules.step_years
                start = w.started_year + step
                if not w.birth_year + 20 <= start <= PLAN_YEAR - 1:
                    continue
                old, w.started_year = w.started_year, start
                new = _total(w, rules, base)
                if new == totals[id(w)] or abs(gap) < abs(new - totals[id(w)]) / len(group) / 2:
                    w.started_year = old  # clamped, or this one would overshoot
                    continue
                gap -= (new - totals[id(w)]) / len(group)
                totals[id(w)] = new
                if abs(gap) <= AIM:
                    break


def local(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=clock.LOCAL)
