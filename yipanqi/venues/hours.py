"""Opening hours of a venue: weekday hours with dated exceptions, in the district's time zone.

`open_hours` maps a weekday ("0" Monday … "6" Sunday) to intervals [["08:30", "17:00"], …]; an
exception replaces one date's intervals (an empty list: closed). "24:00" closes at midnight.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid

Interval = tuple[datetime.time, datetime.time | None]  # None end: midnight


def parse_time(text: str) -> datetime.time | None:
    """ "HH:MM" → time; "24:00" → None (the end of the day)."""
    if text == "24:00":
        return None
    hour, minute = text.split(":")
    if len(hour) != 2 or len(minute) != 2:
        raise ValueError(text)
    return datetime.time(int(hour), int(minute))


def intervals(raw: list[Any]) -> list[Interval]:
    return [(parse_time(a) or datetime.time(0), parse_time(b)) for a, b in raw]


def day_hours(venue: Any, day: datetime.date, exceptions: dict | None = None) -> list[Interval]:
    """The intervals the venue is open on `day` (exceptions: date → hours, preloaded)."""
    if exceptions is None:
        row = venue.exceptions.filter(date=day).first()
        raw = row.hours if row is not None else None
    else:
        raw = exceptions.get(day)
    if raw is None:
        raw = venue.open_hours.get(str(day.weekday()), [])
    return intervals(raw)


def _local(day: datetime.date, at: datetime.time | None) -> datetime.datetime:
    zone = timezone.get_default_timezone()
    if at is None:
        return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), zone)
    return datetime.datetime.combine(day, at, zone)


def open_ranges(venue: Any, day: datetime.date, exceptions: dict | None = None) -> list[tuple]:
    """The day's open intervals as aware datetimes."""
    return [(_local(day, a), _local(day, b)) for a, b in day_hours(venue, day, exceptions)]


def fits_open_hours(venue: Any, starts_at: datetime.datetime, ends_at: datetime.datetime) -> bool:
    day = timezone.localtime(starts_at).date()
    return any(a <= starts_at and ends_at <= b for a, b in open_ranges(venue, day))


def clean_week(raw: Any) -> dict[str, list[list[str]]]:
    """Validate opening hours given as {weekday: [[from, to], …]} (Invalid if malformed)."""
    message = _("Opening hours are HH:MM–HH:MM per weekday, the end after the start.")
    if not isinstance(raw, dict):
        raise Invalid(message, code="bad_open_hours", fields={"open_hours": [message]})
    week: dict[str, list[list[str]]] = {}
    for day, spans in raw.items():
        if str(day) not in {str(d) for d in range(7)} or not isinstance(spans, list):
            raise Invalid(message, code="bad_open_hours", fields={"open_hours": [message]})
        week[str(day)] = [clean_span(span, message) for span in spans]
    return week


def clean_span(span: Any, message: str) -> list[str]:
    try:
        start, end = (str(v) for v in span)
        begin, finish = parse_time(start), parse_time(end)
    except (TypeError, ValueError):
        raise Invalid(message, code="bad_open_hours", fields={"open_hours": [message]}) from None
    if begin is None or (finish is not None and finish <= begin):
        raise Invalid(message, code="bad_open_hours", fields={"open_hours": [message]})
    return [start, end]
