"""The one parser of query and form parameters: ids, whole numbers, booleans, dates and choices.

Every page and API view reads its filters through these functions, from a QueryDict (request.GET,
request.POST, request.query_params). One rule everywhere:

- a parameter that is missing or empty is "not given": the function returns the default;
- a parameter that is given but malformed (not a number, negative, out of range, not one of the
  choices) is refused with `InvalidParameter`: 400 `invalid_parameter`, naming the parameter. The
  API answers it as JSON in the project's error shape (core.api.exceptions), the pages with the 400
  page in the user's language (it is also a Django `BadRequest`, so `handler400` renders it).

Ids are bounded to what the database's bigint holds (1 ≤ id ≤ 2**63 - 1), so no value reaches the
database driver that it cannot bind (an OverflowError, a 500). Only ASCII digits count as digits
(str.isdigit() accepts "²" and "١", which int() then refuses).
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from yipanqi.core.errors import DomainError

MAX_ID = 2**63 - 1  # the largest bigint (PostgreSQL bigint, SQLite INTEGER)
MIN_INT = -MAX_ID
MAX_LIST = 200  # values of one repeated parameter

_INTEGER = re.compile(r"([+-]?)0*([0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"1", "true"})
_FALSE = frozenset({"0", "false"})


class InvalidParameter(DomainError, BadRequest):
    """A query or form parameter that is given but not valid: 400 `invalid_parameter`."""

    code = "invalid_parameter"
    status = 400

    def __init__(self, name: str, detail: str):
        self.parameter = name
        message = _("The parameter “%(name)s” is not valid: %(detail)s") % {
            "name": name,
            "detail": detail,
        }
        super().__init__(message, fields={name: [detail]})


def _given(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _to_int(name: str, text: str, min_value: int, max_value: int) -> int:
    match = _INTEGER.fullmatch(text)
    if match is None:
        raise InvalidParameter(
            name,
            _("Enter a whole number from %(min)d to %(max)d.")
            % {"min": min_value, "max": max_value},
        )
    sign, digits = match.groups()
    # 19 digits hold any bigint; longer is out of range without converting a huge string.
    number = int(sign + digits) if len(digits) <= 20 else None
    if number is None or not min_value <= number <= max_value:
        raise InvalidParameter(
            name,
            _("Enter a whole number from %(min)d to %(max)d.")
            % {"min": min_value, "max": max_value},
        )
    return number


def int_param(
    params: Mapping[str, Any],
    name: str,
    *,
    min_value: int = MIN_INT,
    max_value: int = MAX_ID,
    default: int | None = None,
) -> int | None:
    """A whole number between min_value and max_value (both included), or the default."""
    text = _given(params, name)
    if text is None:
        return default
    return _to_int(name, text, max(min_value, MIN_INT), min(max_value, MAX_ID))


def id_param(params: Mapping[str, Any], name: str, *, default: int | None = None) -> int | None:
    """A row id (1 ≤ id ≤ 2**63 - 1), or the default."""
    return int_param(params, name, min_value=1, max_value=MAX_ID, default=default)


def id_list_param(params: Any, name: str, *, max_count: int = MAX_LIST) -> list[int]:
    """Every value of a repeated id parameter (`?present=3&present=5`); empty values are skipped."""
    values = [str(v).strip() for v in params.getlist(name)]
    values = [v for v in values if v]
    if len(values) > max_count:
        raise InvalidParameter(name, _("Give at most %(n)d values.") % {"n": max_count})
    return [_to_int(name, v, 1, MAX_ID) for v in values]


def bool_param(params: Mapping[str, Any], name: str, *, default: bool | None = None) -> bool | None:
    """true/1 or false/0 (any case), or the default."""
    text = _given(params, name)
    if text is None:
        return default
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidParameter(name, _("Enter true or false."))


def date_param(
    params: Mapping[str, Any], name: str, *, default: datetime.date | None = None
) -> datetime.date | None:
    """A calendar date written YYYY-MM-DD, or the default."""
    text = _given(params, name)
    if text is None:
        return default
    if _DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidParameter(name, _("Enter a date as YYYY-MM-DD."))


def choice_param(
    params: Mapping[str, Any], name: str, choices: Iterable[str], *, default: str | None = None
) -> str | None:
    """One of the choices (e.g. a TextChoices' `.values`), or the default."""
    text = _given(params, name)
    if text is None:
        return default
    allowed = [str(c) for c in choices]
    if text not in allowed:
        raise InvalidParameter(
            name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}
        )
    return text


# The OpenAPI schema of each kind, for the API views' query parameters: what the parser above
# accepts is what the schema says (an empty value is "not given" and is not stated).
def int_schema(min_value: int = MIN_INT, max_value: int = MAX_ID) -> dict[str, Any]:
    return {"type": "integer", "format": "int64", "minimum": min_value, "maximum": max_value}


def choice_schema(choices: Iterable[str]) -> dict[str, Any]:
    return {"type": "string", "enum": [str(c) for c in choices]}


ID_SCHEMA = int_schema(1, MAX_ID)
BOOL_SCHEMA = {"type": "boolean"}
DATE_SCHEMA = {"type": "string", "format": "date"}
