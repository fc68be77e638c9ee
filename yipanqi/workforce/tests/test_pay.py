"""The 三岗十八级 computation (pay.compute) against vectors worked out by hand from the rules:
seniority steps, education credit, qualification bonus with and without stacking, appraisal
effects on seniority and performance pay, clamping at both ends, a grade set by hand."""

from decimal import Decimal

import pytest

from yipanqi.workforce import pay, policies
from yipanqi.workforce.choices import QUALIFICATION_ORDER

RULES = pay.Rules.of(policies.PAY_RULES.default)
STACKING = pay.Rules.of({**policies.PAY_RULES.default, "qualification_stacking": True})
BASE = Decimal("60000")


def facts(post="other", years=0, uncounted=0, edu="college", qual="none", appraisal="none", **kw):
    return pay.Facts(post, years, uncounted, edu, qual, appraisal, **kw)


def grade(f, rules=RULES) -> int:
    return pay.compute(rules, f, BASE, QUALIFICATION_ORDER).grade


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (facts(years=0), 1),  # lowest grade of 其他
        (facts(years=2), 1),  # under one step
        (facts(years=3), 2),  # one step every three years
        (facts(years=8), 3),
        (facts(post="deputy", years=9), 7),  # 4 + 3 steps
        (facts(post="head", years=6), 9),  # 7 + 2 steps
        (facts(years=0, edu="bachelor"), 2),  # 3 years' credit = one step
        (facts(years=1, edu="master"), 3),  # 1 + 5 = 6 years = two steps
        (facts(years=2, edu="doctor"), 4),  # 2 + 7 = 9 years = three steps
        (facts(years=0, qual="assistant"), 2),
        (facts(years=0, qual="intermediate"), 3),
        (facts(years=0, qual="senior"), 4),
        (facts(years=6, uncounted=1), 2),  # a 不合格 year does not count: 5 years, one step
        (facts(years=60), 12),  # clamped at the top of 其他
        (facts(post="head", years=0), 7),  # the bottom of 正职
        (facts(post="head", years=40, qual="senior", edu="doctor"), 18),  # clamped at the top
        (facts(post="deputy", years=0, grade_set=15), 15),  # set by hand, used as is
    ],
)
def test_grade_vectors(f, expected):
    assert grade(f) == expected


@pytest.mark.parametrize(
    ("qual", "plain", "stacked"),
    [("none", 1, 1), ("assistant", 2, 2), ("intermediate", 3, 4), ("senior", 4, 7)],
)
def test_qualification_bonus_with_and_without_stacking(qual, plain, stacked):
    assert grade(facts(qual=qual)) == plain
    assert grade(facts(qual=qual), STACKING) == stacked


@pytest.mark.parametrize(
    ("appraisal", "share"),
    [("excellent", "1.20"), ("qualified", "1.00"), ("basic", "0.60"), ("unqualified", "0"),
     ("none", "1.00")],
)  # fmt: skip
def test_appraisal_sets_the_performance_share(appraisal, share):
    result = pay.compute(RULES, facts(years=3, appraisal=appraisal), BASE, QUALIFICATION_ORDER)
    annual = BASE * Decimal("1.05")  # grade 2
    assert result.coefficient == Decimal("1.05")
    assert result.basic == (annual * Decimal("0.8")).quantize(Decimal("0.01"))
    assert result.performance == (annual * Decimal("0.2") * Decimal(share)).quantize(
        Decimal("0.01")
    )
    assert result.total == result.basic + result.performance


def test_counts_says_whether_a_year_counts_toward_seniority():
    assert RULES.counts("qualified") and RULES.counts("excellent") and RULES.counts("basic")
    assert not RULES.counts("unqualified")
