"""Working days for the access time limits, computed simply: Monday to Friday. Public holidays
and the make-up working weekends (调休) are not modelled (docs/decisions/020)."""

import datetime


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The date `n` working days after `day` (`day` itself for n = 0)."""
    while n > 0:
        day += datetime.timedelta(days=1)
        n -= is_working_day(day)
    return day
