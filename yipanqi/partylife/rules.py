"""Pure rules: the periods a meeting kind is required in, and the dues a base gives (integer fen).

Kept free of the database so the tests can compare them with an independent computation."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yipanqi.partylife import policies
from yipanqi.partylife.choices import DuesCategory, Frequency


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_of(frequency: str, day: datetime.date) -> Period:
    """The month or quarter containing `day`."""
    if frequency == Frequency.QUARTERLY:
        start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(start, add_months(start, 3) - datetime.timedelta(days=1))
    start = month_start(day)
    return Period(start, add_months(start, 1) - datetime.timedelta(days=1))


def periods_in(frequency: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """Every whole or partial period from the one holding `start` to the one holding `end`."""
    periods, day = [], start
    while day <= end:
        period = period_of(frequency, day)
        periods.append(period)
        day = period.end + datetime.timedelta(days=1)
    return periods


def frequencies(district_code: str) -> dict[str, str]:
    return dict(policies.MEETING_FREQUENCY.value(district_code))


def _banded(base_fen: int, bands: list) -> Decimal:
    for upper, rate in bands:
        if upper is None or base_fen <= int(upper):
            return Decimal(rate)
    return Decimal(bands[-1][1])


def monthly_dues_fen(category: str, base_fen: int | None, district_code: str) -> int:
    """Monthly dues in fen: a banded rate of the base, rounded half up to a whole fen, or a
    fixed amount for members who do not pay by income."""
    if category in (DuesCategory.INCOME, DuesCategory.RETIREE):
        policy = (
            policies.DUES_INCOME_BANDS
            if category == DuesCategory.INCOME
            else policies.DUES_RETIREE_BANDS
        )
        rate = _banded(int(base_fen or 0), policy.value(district_code))
        return int((Decimal(int(base_fen or 0)) * rate).quantize(Decimal(1), ROUND_HALF_UP))
    return int(policies.DUES_FIXED_FEN.value(district_code).get(category, 0))


def yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def mask_base(base_fen: int) -> str:
    """What others see of a base: only how many digits it has (¥*,***)."""
    digits = len(str(base_fen // 100))
    stars = "*" * digits
    if digits > 3:
        stars = stars[:-3] + "," + stars[-3:]
    return f"¥{stars}"
