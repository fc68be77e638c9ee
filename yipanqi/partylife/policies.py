"""Party-life rules as district policies with documented defaults (core.policy).

- Required frequency of each meeting kind (三会一课): 支部党员大会 quarterly, 支委会 monthly,
  党小组会 monthly, 党课 quarterly, 主题党日 monthly.
- Dues (党费): the national rule on monthly income after tax — up to 3,000 yuan 0.5 %, up to
  5,000 yuan 1 %, up to 10,000 yuan 1.5 %, above 2 %; retirees up to 5,000 yuan 0.5 %, above 1 %;
  students, farmers and the unemployed a fixed small amount (fen). Bands are [upper bound in fen
  (inclusive; null = no bound), rate as a decimal string].
- Payments may be made for at most 6 months ahead; a transfer must be accepted within 30 days;
  secretaries are reminded 7 days before a period ends.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import policy

KINDS = ("branch_general", "committee", "group", "lecture", "themed_day")  # choices.MeetingKind
FREQUENCIES = ("monthly", "quarterly")  # choices.Frequency
FIXED_CATEGORIES = ("student", "farmer", "unemployed")  # choices.DuesCategory, not by income


def _frequencies(value: Any) -> str | None:
    """Every meeting kind, each monthly or quarterly."""
    if not isinstance(value, dict) or set(value) != set(KINDS):
        return _("Give a frequency for each kind of meeting.")
    if any(v not in FREQUENCIES for v in value.values()):
        return _("A meeting is required monthly or quarterly.")
    return None


def _rate(text: Any) -> Decimal | None:
    try:
        rate = Decimal(str(text))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and 0 <= rate <= Decimal("0.1") else None


def _bands(value: Any) -> str | None:
    """[[upper fen, rate], …]: bounds rising, the last without one, rates from 0 to 10 %."""
    message = _("Give bands of rising upper bounds in fen, the last open, rates from 0 to 0.1.")
    if not isinstance(value, list) or not value:
        return message
    uppers = []
    for band in value:
        if not isinstance(band, list) or len(band) != 2 or _rate(band[1]) is None:
            return message
        uppers.append(band[0])
    bounded = uppers[:-1]
    if uppers[-1] is not None or any(
        isinstance(u, bool) or not isinstance(u, int) or u <= 0 for u in bounded
    ):
        return message
    return None if bounded == sorted(set(bounded)) else message


def _fixed(value: Any) -> str | None:
    if not isinstance(value, dict) or set(value) - set(FIXED_CATEGORIES):
        return _("Give a fixed amount for students, farmers and the unemployed.")
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100_000
           for v in value.values()):  # fmt: skip
        return _("Give a fixed amount for students, farmers and the unemployed.")
    return None


MEETING_FREQUENCY = policy.declare(
    "partylife.meeting_frequency",
    {
        "branch_general": "quarterly",
        "committee": "monthly",
        "group": "monthly",
        "lecture": "quarterly",
        "themed_day": "monthly",
    },
    "Required frequency (monthly / quarterly) of each kind of branch meeting (三会一课).",
    check=_frequencies,
)
DUES_INCOME_BANDS = policy.declare(
    "partylife.dues_income_bands",
    [[300000, "0.005"], [500000, "0.01"], [1000000, "0.015"], [None, "0.02"]],
    "Dues rate by monthly income after tax: [upper bound in fen (inclusive), rate].",
    check=_bands,
)
DUES_RETIREE_BANDS = policy.declare(
    "partylife.dues_retiree_bands",
    [[500000, "0.005"], [None, "0.01"]],
    "Dues rate of retirees by monthly pension: [upper bound in fen (inclusive), rate].",
    check=_bands,
)
DUES_FIXED_FEN = policy.declare(
    "partylife.dues_fixed_fen",
    {"student": 20, "farmer": 50, "unemployed": 20},
    "Fixed monthly dues in fen for members not paying by income.",
    check=_fixed,
)
DUES_ADVANCE_MONTHS = policy.declare(
    "partylife.dues_advance_months",
    6,
    "How many months ahead of the current one dues may be paid.",
    check=policy.whole(0, 24),
)
TRANSFER_ACCEPT_DAYS = policy.declare(
    "partylife.transfer_accept_days",
    30,
    "Days the receiving organisation has to accept an approved transfer before it escalates.",
    check=policy.whole(1, 365),
)
REMIND_DAYS = policy.declare(
    "partylife.remind_days",
    7,
    "Days before a period ends when secretaries are reminded of meetings still due.",
    check=policy.whole(0, 31),
)
