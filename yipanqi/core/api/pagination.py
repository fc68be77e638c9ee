"""Keyset (cursor) pagination for every API list (issue #19; decision 029).

A page is the rows after the previous page's last row in the list's own order, found through the
index that order uses: no OFFSET that reads and drops the rows before it, and no full COUNT(*)
of a big table. The first page says how many rows match, counted up to COUNT_CAP (`count_exact`
false beyond it); `next` carries an opaque cursor. Lists that are not a plain query ordered by
local fields (a Python list, a related-field order) page by an offset held in the same cursor.
"""

import base64
import binascii
import datetime
import decimal
import json
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination, _positive_int
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from yipanqi.core.errors import Invalid

COUNT_CAP = 10_000
MAX_OFFSET = 10**7


def _ordering(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """[(field name, descending)] of the query's order ending in the primary key, or None when
    the order is not keyset-able (an expression, a related or nullable field)."""
    query = queryset.query
    if query.combinator or query.distinct or query.is_sliced or queryset._fields is not None:
        return None  # a union, DISTINCT, already cut or .values() list pages by offset
    terms = list(query.order_by) or list(queryset.model._meta.ordering)
    fields: list[tuple[str, bool]] = []
    for term in terms:
        if isinstance(term, OrderBy) and isinstance(term.expression, F):
            term = ("-" if term.descending else "") + term.expression.name
        if not isinstance(term, str) or "__" in term or term == "?":
            return None
        name, descending = term.lstrip("-"), term.startswith("-")
        name = "id" if name == "pk" else name
        field = _local_field(queryset.model, name)
        if field is None or field.null:
            return None
        fields.append((field.attname, descending))
        if field.primary_key:
            return fields
    fields.append(("id", fields[-1][1] if fields else False))
    return fields


def _local_field(model: Any, name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an unknown name (an annotation) is simply not keyset-able
        return None


def _after(ordering: list[tuple[str, bool]], values: list[Any]) -> Q:
    """Rows strictly after `values` in `ordering`: (a > x) or (a = x and b > y) or …"""
    condition = Q()
    equal: dict[str, Any] = {}
    for (name, descending), value in zip(ordering, values, strict=True):
        condition |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": value})
        equal[name] = value
    return condition


def _plain(value: Any) -> str:
    """Dates and times in full (microseconds: a rounded key would skip or repeat rows)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be a cursor key")


def encode(data: dict[str, Any]) -> str:
    raw = json.dumps(data, default=_plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        data = None
    offset, key = (data.get("o"), data.get("k")) if isinstance(data, dict) else (None, None)
    valid_offset = type(offset) is int and 0 <= offset <= MAX_OFFSET
    valid_key = isinstance(key, list) and all(isinstance(v, str | int | float | bool) for v in key)
    if not (valid_offset or valid_key):
        raise Invalid(
            _("This cursor is not valid: start again from the first page."), code="bad_cursor"
        )
    return data


class Pagination(BasePagination):
    page_size = 20
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        self.request = request
        size = self._size(request)
        raw = request.query_params.get(self.cursor_query_param)
        cursor = decode(raw) if raw else None
        ordering = _ordering(queryset) if isinstance(queryset, QuerySet) else None
        if ordering is not None and (cursor is None or "k" in cursor):
            rows = self._keyset(queryset, ordering, cursor, size)
        else:
            rows = self._offset(queryset, cursor, size)
        self.count = self._count(queryset) if cursor is None else None
        return rows

    def _size(self, request: Any) -> int:
        """As DRF's page number pagination: a bad size is the default, a big one the maximum."""
        try:
            return _positive_int(
                request.query_params[self.page_size_query_param],
                strict=True,
                cutoff=self.max_page_size,
            )
        except (KeyError, ValueError):
            return self.page_size

    def _keyset(self, queryset: QuerySet, ordering: list, cursor: dict | None, size: int) -> list:
        ordered = queryset.order_by(*[("-" if d else "") + name for name, d in ordering])
        try:
            if cursor is not None:
                if len(cursor["k"]) != len(ordering):
                    raise ValueError("another list's cursor")
                ordered = ordered.filter(_after(ordering, cursor["k"]))
            rows = list(ordered[: size + 1])
        except (ValueError, TypeError, ValidationError) as error:
            raise Invalid(_("This cursor belongs to another list."), code="bad_cursor") from error
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            self.next_cursor = {"k": [getattr(rows[-1], name) for name, _ in ordering]}
        return rows

    def _offset(self, queryset: Any, cursor: dict | None, size: int) -> list:
        offset = cursor.get("o", 0) if cursor else 0
        rows = list(queryset[offset : offset + size + 1])
        self.next_cursor = {"o": offset + size} if len(rows) > size else None
        return rows[:size]

    @staticmethod
    def _count(queryset: Any) -> tuple[int, bool]:
        """Rows counted up to COUNT_CAP: the index entries of at most that many rows are read."""
        if isinstance(queryset, QuerySet) and queryset.query.is_sliced:
            counted = queryset.count()  # already cut short by its view
        elif isinstance(queryset, QuerySet):
            counted = queryset.order_by()[: COUNT_CAP + 1].count()
        else:
            counted = len(queryset)
        return min(counted, COUNT_CAP), counted <= COUNT_CAP

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, encode(self.next_cursor))

    def get_paginated_response(self, data: Any) -> Response:
        count, exact = self.count if self.count is not None else (None, None)
        return Response(
            {"count": count, "count_exact": exact, "next": self.get_next_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "count_exact", "next", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"Rows matching, up to {COUNT_CAP}; on the first page only.",
                },
                "count_exact": {
                    "type": "boolean",
                    "nullable": True,
                    "description": "False when more rows match than `count` says.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The `next` link's cursor (opaque).",
                "schema": {"type": "string", "maxLength": 2000},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
