"""Checks of the values an action is given (amounts, years, dates, an area's kind), shared by the
apps: each refuses with `Invalid` under a stable code, naming the field where there is one.

core.params parses query and form parameters (text) before a view calls anything; these check
the typed values the actions take, whoever the caller (a form, the API, an import, the demo).
"""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid


def _refuse(message: str, code: str, field: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def fen(
    value: Any, field: str, *, limit: int, allow_zero: bool, out_of_range: str | None = None
) -> int:
    """An amount in whole fen from 1 (0 where allowed) to `limit`; `bad_amount` otherwise. Out of
    range is refused with `out_of_range`, else by saying which end it missed."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(_("Enter the amount in whole fen."), "bad_amount", field)
    if value < (0 if allow_zero else 1) or value > limit:
        default = _("Enter an amount above zero.") if value <= 0 else _("The amount is too large.")
        raise _refuse(out_of_range or default, "bad_amount", field)
    return value


def require_year(year: Any) -> int:
    """A year from 2000 to 2100 (`bad_year`, naming the field `year`)."""
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise _refuse(_("Give a year between 2000 and 2100."), "bad_year", "year")
    return year


def require_date(value: Any, field: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise _refuse(_("Enter a valid date."), "bad_date", field)
    return value


def require_kind(area: Any, *kinds: str) -> None:
    """The area (organisations.Area) is one of `kinds` (AreaKind values); `bad_area` otherwise."""
    if area.kind not in kinds:
        raise Invalid(_("This cannot be done for an area of this kind."), code="bad_area")
