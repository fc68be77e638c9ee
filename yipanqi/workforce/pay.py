"""The 三岗十八级 computation (domain-rules §5), pure: a pay table's rules and one worker's facts in,
the grade and the year's pay out, with every number that led there.

    counted years = years of community service − years not counted (appraisal) + education credit
    grade         = lowest grade of the post + counted years // step + qualification bonus,
                    clamped to the post's range (or the grade an administrator set by hand)
    annual        = base × coefficient(grade)
    pay           = annual × basic share + annual × (1 − basic share) × appraisal's performance share
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rules:
    ranges: dict[str, tuple[int, int]]
    coefficients: dict[int, Decimal]
    basic_share: Decimal
    step_years: int
    education_credit: dict[str, int]
    qualification_bonus: dict[str, int]
    stacking: bool
    effects: dict[str, tuple[Decimal, bool]]  # appraisal → (performance share, counts)

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Rules":
        """From a pay table's stored rules (policies.PAY_RULES' shape)."""
        return cls(
            ranges={k: (int(v[0]), int(v[1])) for k, v in data["grade_ranges"].items()},
            coefficients={int(k): Decimal(str(v)) for k, v in data["coefficients"].items()},
            basic_share=Decimal(str(data["basic_share"])),
            step_years=int(data["seniority_step_years"]),
            education_credit={k: int(v) for k, v in data["education_credit_years"].items()},
            qualification_bonus={k: int(v) for k, v in data["qualification_bonus"].items()},
            stacking=bool(data["qualification_stacking"]),
            effects={
                k: (Decimal(str(v["performance"])), bool(v["counts"]))
                for k, v in data["appraisal_effects"].items()
            },
        )

    def counts(self, appraisal: str) -> bool:
        return self.effects.get(appraisal, self.effects["none"])[1]

    def bonus(self, qualification: str, order: list[str]) -> int:
        """Grades for a qualification: its own bonus, or with stacking the sum of every level
        up to it (a senior social worker passed the assistant and intermediate levels)."""
        if qualification not in self.qualification_bonus:
            return 0
        if not self.stacking:
            return self.qualification_bonus[qualification]
        upto = order[: order.index(qualification) + 1]
        return sum(self.qualification_bonus.get(q, 0) for q in upto)


@dataclass(frozen=True)
class Facts:
    post: str
    service_years: int  # whole years of community service by the end of the pay year
    uncounted_years: int  # of those, years whose appraisal does not count toward seniority
    education: str
    qualification: str
    appraisal: str  # the pay year's appraisal result, "none" if not appraised
    grade_set: int | None = None  # a grade an administrator set by hand (within the range)


@dataclass(frozen=True)
class Result:
    counted_years: int
    education_credit: int
    steps: int
    qualification_bonus: int
    computed_grade: int  # before clamping
    grade: int
    coefficient: Decimal
    base: Decimal
    basic: Decimal
    performance_share: Decimal
    performance: Decimal
    total: Decimal


def clamp(grade: int, low: int, high: int) -> int:
    return max(low, min(high, grade))


def compute(rules: Rules, facts: Facts, base: Decimal, order: list[str]) -> Result:
    """The worker's grade and pay for the year (`order`: qualification levels, lowest first)."""
    low, high = rules.ranges[facts.post]
    credit = rules.education_credit.get(facts.education, 0)
    counted = max(0, facts.service_years - facts.uncounted_years) + credit
    steps = counted // rules.step_years
    bonus = rules.bonus(facts.qualification, order)
    computed = low + steps + bonus
    grade = facts.grade_set if facts.grade_set is not None else clamp(computed, low, high)
    coefficient = rules.coefficients[grade]
    annual = base * coefficient
    basic = (annual * rules.basic_share).quantize(CENT, ROUND_HALF_UP)
    share = rules.effects.get(facts.appraisal, rules.effects["none"])[0]
    performance = (annual * (1 - rules.basic_share) * share).quantize(CENT, ROUND_HALF_UP)
    return Result(
        counted_years=counted,
        education_credit=credit,
        steps=steps,
        qualification_bonus=bonus,
        computed_grade=computed,
        grade=grade,
        coefficient=coefficient,
        base=base,
        basic=basic,
        performance_share=share,
        performance=performance,
        total=basic + performance,
    )
