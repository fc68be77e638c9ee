"""Report periods: a year, a quarter, a month or a custom range, and the period before each."""

import datetime
from dataclasses import dataclass

YEAR, QUARTER, MONTH, RANGE = "year", "quarter", "month", "range"
KINDS = (YEAR, QUARTER, MONTH, RANGE)


class PeriodError(ValueError):
    """A period that cannot be built (month 13, an end before its start, …)."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == YEAR:
            return f"{s.year}年"
        if self.kind == QUARTER:
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if self.kind == MONTH:
            return f"{s.year}年{s.month}月"
        return f"{s.isoformat()} 至 {self.end.isoformat()}"

    def previous(self) -> "Period":
        """The period of the same kind just before (a range: the same number of days before)."""
        s = self.start
        if self.kind == YEAR:
            return year(s.year - 1)
        if self.kind == QUARTER:
            q = (s.month - 1) // 3  # 0-based
            return quarter(s.year - 1, 4) if q == 0 else quarter(s.year, q)
        if self.kind == MONTH:
            return month(s.year - 1, 12) if s.month == 1 else month(s.year, s.month - 1)
        days = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(RANGE, end - days, end)


def _date(y: int, m: int, d: int) -> datetime.date:
    try:
        return datetime.date(y, m, d)
    except (ValueError, OverflowError) as error:
        raise PeriodError(str(error)) from error


def year(y: int) -> Period:
    return Period(YEAR, _date(y, 1, 1), _date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"quarter {q} is not 1–4")
    start = _date(y, 3 * q - 2, 1)
    return Period(QUARTER, start, _month_end(y, 3 * q))


def month(y: int, m: int) -> Period:
    return Period(MONTH, _date(y, m, 1), _month_end(y, m))


def custom(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise PeriodError("the end is before the start")
    if (end - start).days > 366 * 10:
        raise PeriodError("a range is at most ten years")
    return Period(RANGE, start, end)


def _month_end(y: int, m: int) -> datetime.date:
    first_next = _date(y + 1, 1, 1) if m == 12 else _date(y, m + 1, 1)
    return first_next - datetime.timedelta(days=1)


def build(
    *,
    year_: int | None = None,
    quarter_: int | None = None,
    month_: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """The period the arguments name: start/end → range; year + quarter/month; year alone."""
    if start or end:
        if not (start and end):
            raise PeriodError("a range needs both a start and an end")
        return custom(start, end)
    if year_ is None:
        raise PeriodError("give a year or a range")
    if quarter_ and month_:
        raise PeriodError("give a quarter or a month, not both")
    if quarter_:
        return quarter(year_, quarter_)
    if month_:
        return month(year_, month_)
    return year(year_)
