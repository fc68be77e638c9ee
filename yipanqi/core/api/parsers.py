"""The API's JSON parser: a bounded body, bounded nesting, one error code (`invalid_json`).

DRF's own parser reads the whole stream (DATA_UPLOAD_MAX_MEMORY_SIZE applies to request.body and
forms, not to DRF's stream) and lets a deeply nested body raise RecursionError (a 500).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.utils import json

from yipanqi.core.errors import DomainError, TooLarge

MAX_DEPTH = 32


class InvalidJson(DomainError):
    code = "invalid_json"
    status = 400


def depth(data) -> int:
    """How deeply lists and objects nest in parsed JSON (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise TooLarge()
        not_json = _("The request body is not valid JSON.")
        try:
            # bytes.decode takes text encodings only (not bz2_codec and the like); an unknown or
            # non-text charset is a LookupError, undecodable bytes a UnicodeDecodeError.
            text = raw.decode(encoding)
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except (ValueError, LookupError, RecursionError) as exc:
            raise InvalidJson(not_json) from exc
        if depth(data) > self.max_depth:
            raise InvalidJson(
                _("The request body nests more than %(n)d levels deep.") % {"n": self.max_depth}
            )
        return data
