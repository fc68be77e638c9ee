"""The demo's clock: the year the demo district plays (2021) in Fenghua's time zone.

Times of past events are written as local wall-clock times of that year; the build's own time
(`timezone.now()`) stamps only what the demo writes "today" (updated_at, open work).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

YEAR = 2021
LOCAL = ZoneInfo("Asia/Shanghai")  # the district's zone (settings.TIME_ZONE)
TERM_START = datetime.date(YEAR, 1, 1)  # bodies' and halls' terms begin with the year


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware local time in the demo year."""
    return datetime.datetime(YEAR, month, day, hour, minute, tzinfo=LOCAL)


@contextmanager
def replay(when: datetime.datetime) -> Iterator[None]:
    """Actions inside see `when` as now (the demo replays its history): their dates, windows,
    event times and audit stamps fall on the replayed clock. See stamp_created for created_at."""
    with mock.patch.object(timezone, "now", lambda: when):
        yield


def stamp_created(row, when: datetime.datetime) -> None:
    """Date a row the demo wrote as if at `when`: a model's `created_at` default is bound to the
    real clock when the class is defined, so patching timezone.now does not reach it. For rows
    whose only date is created_at (a community's need), which the figures count by period."""
    type(row).objects.filter(pk=row.pk).update(created_at=when)
