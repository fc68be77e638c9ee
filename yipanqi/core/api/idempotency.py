"""The client's Idempotency-Key (R-AV-3): a repeated write with the same key returns the first result."""

import re

from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# The key as the OpenAPI schema states it, in the header and in a body (fullmatch: Python's `$`
# also matches before a final line break, ECMA's does not).
SCHEMA = {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern, "maxLength": 64}
HELP = (
    "A client key (≤ 64 of A-Z a-z 0-9 _ . : -); repeating a request with the same key returns "
    "what the first one wrote."
)


def idempotency_key(request, body_key: str = "") -> str:
    """The request's key (header first, else one sent in the body), or "" when none was sent."""
    key = request.headers.get("Idempotency-Key", "") or body_key
    if key and not IDEMPOTENCY_KEY.fullmatch(key):
        raise Invalid(_("The Idempotency-Key header is malformed."), code="bad_idempotency_key")
    return key
