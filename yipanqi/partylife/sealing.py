"""The dues base's sealing (core.pii): its context and its reading in clear, which callers allow
only for the member and the branch's dues officer (permissions.can_see_base / an audited reveal)."""

from yipanqi.core import pii
from yipanqi.partylife.models import DuesBase

BASE_CONTEXT = "partylife.duesbase.base"


def reveal_base(base: DuesBase) -> int | None:
    """The base in fen, or None when the member pays a fixed amount."""
    if not base.base_cipher:
        return None
    return int(pii.decrypt(base.base_cipher, context=BASE_CONTEXT))
