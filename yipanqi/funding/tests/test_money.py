"""The rounding rules' vectors at their boundaries, the matching shares, yuan input and output."""

from decimal import Decimal

import pytest

from yipanqi.funding import money

PER_THOUSAND = 150_000_00  # fen


@pytest.mark.parametrize(
    ("households", "fen"),
    [(0, 0), (1, 150_00), (999, 149_850_00), (1000, 150_000_00), (1001, 150_150_00),
     (1234, 185_100_00), (3, 450_00), (7, 1_050_00)],
)  # fmt: skip
def test_pro_rata(households, fen):
    assert money.work_fund(households, PER_THOUSAND, "pro_rata") == fen


def test_pro_rata_rounds_half_a_fen_up():
    assert money.work_fund(1, 1, "pro_rata") == 0  # 0.001 fen
    assert money.work_fund(500, 1, "pro_rata") == 1  # 0.5 fen → 1
    assert money.work_fund(499, 1, "pro_rata") == 0


@pytest.mark.parametrize(
    ("households", "thousands"),
    [(0, 0), (1, 1), (999, 1), (1000, 1), (1001, 2), (2000, 2), (2001, 3)],
)
def test_per_started_thousand(households, thousands):
    assert money.work_fund(households, PER_THOUSAND, "started") == thousands * PER_THOUSAND
    assert money.thousands(households, "started") == thousands


def test_an_allocation_sums_exactly():
    a = money.allocate(1001, 200_000_00, PER_THOUSAND, "pro_rata")
    assert a.total_fen == 200_000_00 + 150_150_00
    assert a.thousands == Decimal("1.001")


@pytest.mark.parametrize(
    ("budget", "parts", "expected"),
    [(1_000_000_00, (1, 1), (500_000_00, 500_000_00)), (101, (1, 1), (51, 50)),
     (900, (2, 1), (600, 300)), (1, (1, 1), (1, 0))],
)  # fmt: skip
def test_matching_shares_sum_exactly(budget, parts, expected):
    district, street = money.shares(budget, *parts)
    assert (district, street) == expected and district + street == budget


def test_yuan_and_fen():
    assert money.yuan(200_000_00) == "200,000"
    assert money.yuan(12_345_67) == "12,345.67"
    assert money.to_fen("1,234.5") == 123450
    assert money.to_fen("1.234") is None and money.to_fen("abc") is None
