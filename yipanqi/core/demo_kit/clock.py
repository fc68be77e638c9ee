"""The demo's clock: the year the demo district plays (2021) in Fenghua's time zone.

Times of past events are written as local wall-clock times of that year; the build's own time
(`timezone.now()`) stamps only what the demo writes "today" (updated_at, open work).
"""

import datetime
from zoneinfo import ZoneInfo

YEAR = 2021
LOCAL = ZoneInfo("Asia/Shanghai")  # the district's zone (settings.TIME_ZONE)
TERM_START = datetime.date(YEAR, 1, 1)  # bodies' and halls' terms begin with the year


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware local time in the demo year."""
    return datetime.datetime(YEAR, month, day, hour, minute, tzinfo=LOCAL)
