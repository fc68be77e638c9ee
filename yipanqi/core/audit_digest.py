"""The audit trail's daily digest (R-AU-4): the chain's head (id, hash) and length, signed with
the audit key, one JSON line a day that the deployer's scheduler ships off the database host
(`yipanqi audit_digest --out FILE` appends it; docs/deployment-db-roles.md).

The hash chain alone shows an altered or removed row in the middle, but not the newest rows
removed together (the chain just ends earlier). Checked against the digests kept elsewhere
(`yipanqi verify_audit --digest FILE`), a chain that no longer holds a digested head, or holds it
with another hash, is reported: what can still go unseen is what was written since the last digest.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from yipanqi.core.models import AuditEvent


def _signature(through_id: int, head_hash: str, rows: int) -> str:
    key = (getattr(settings, "YIPANQI_AUDIT_KEY", "") or settings.SECRET_KEY).encode()
    message = f"digest:{through_id}:{head_hash}:{rows}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make_digest() -> dict:
    """Today's digest of the chain as it stands (an empty trail digests as id 0)."""
    head = AuditEvent.objects.order_by("-id").only("id", "hash").first()
    through_id, head_hash = (head.id, head.hash) if head else (0, "")
    rows = AuditEvent.objects.count()
    return {
        "at": timezone.now().isoformat(timespec="seconds"),
        "through_id": through_id,
        "head_hash": head_hash,
        "rows": rows,
        "signature": _signature(through_id, head_hash, rows),
    }


@dataclass(frozen=True)
class DigestProblem:
    line: int  # in the digest file, from 1
    reason: str


def _problem(digest: dict, heads: dict[int, str]) -> str:
    expected = _signature(digest["through_id"], digest["head_hash"], digest["rows"])
    if not hmac.compare_digest(expected, digest.get("signature", "")):
        return "the digest's signature does not hold (it was not made with this audit key)"
    if digest["through_id"] == 0:
        return ""
    held = heads.get(digest["through_id"])
    if held is None:
        return f"event id {digest['through_id']}, the head on {digest['at']}, is gone"
    if held != digest["head_hash"]:
        return f"event id {digest['through_id']} no longer has the hash digested on {digest['at']}"
    return ""


def check_digests(lines: list[str]) -> list[DigestProblem]:
    """Each digest line against the chain (one query for all the heads they name)."""
    digests = [json.loads(line) for line in lines if line.strip()]
    ids = [d.get("through_id", 0) for d in digests]
    heads = dict(AuditEvent.objects.filter(id__in=ids).values_list("id", "hash"))
    found = [(n, _problem(d, heads)) for n, d in enumerate(digests, start=1)]
    return [DigestProblem(n, reason) for n, reason in found if reason]
