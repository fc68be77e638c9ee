"""Audit trail (审计): `record()` is called by every action, inside its transaction.

Rows are append-only (database triggers refuse UPDATE and DELETE) and hash-chained: each row's
hash covers its content and the previous row's hash, so `verify_chain()` finds any row that was
altered or removed.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from yipanqi.core import context, locks
from yipanqi.core.actors import audit_identity
from yipanqi.core.models import AuditEvent

_HASHED = (
    "created_at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "changes",
    "data",
    "ip",
    "request_id",
    "scope_path",
    "district_code",
    "prev_hash",
)


def _plain(value):
    """JSON-safe copy, so what is hashed is exactly what the JSON column gives back."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _ip_text(ip) -> str | None:
    """One spelling per address: the database rewrites IPv6 (2001:0DB8::0001 → 2001:db8::1)."""
    if not ip:
        return None
    text = str(ip)
    return clean_ipv6_address(text) if ":" in text else text


def event_hash(event: AuditEvent) -> str:
    payload = {name: getattr(event, name) for name in _HASHED}
    payload["created_at"] = event.created_at.astimezone(UTC).isoformat()
    payload["ip"] = _ip_text(event.ip)
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _scope_of(target, scope_path: str | None, district_code: str | None) -> tuple[str, str]:
    if scope_path is not None:
        return scope_path, district_code or ""
    return getattr(target, "scope_path", "") or "", getattr(target, "district_code", "") or ""


def new_event(
    *,
    actor,
    action: str,
    target=None,
    changes: dict | None = None,
    data: dict | None = None,
    scope_path: str | None = None,
    district_code: str | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """An unsaved, not yet chained event; `record()` and `record_many()` chain and save it."""
    ctx = context.current()
    path, district = _scope_of(target, scope_path, district_code)
    user, username = audit_identity(actor)
    return AuditEvent(
        created_at=timezone.now(),
        actor=user,
        actor_username=(username or actor_username)[:150],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=_plain(changes),
        data=_plain(data),
        ip=_ip_text(ctx.ip),
        request_id=ctx.request_id,
        scope_path=path,
        district_code=district,
    )


def seen_since(*, action: str, actor_username: str, since, **data) -> bool:
    """Was `action` recorded for `actor_username` from this request's address since `since`, with
    `data` among its data? For an action that audits a flood once per interval (index
    audit_actor_action)."""
    return AuditEvent.objects.filter(
        actor_username=actor_username,
        action=action,
        ip=_ip_text(context.current().ip),
        created_at__gte=since,
        **{f"data__{key}": value for key, value in data.items()},
    ).exists()


def _last_hash() -> str:
    locks.serialise("core.audit.chain")
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def record(
    *,
    actor,
    action: str,
    target=None,
    changes: dict | None = None,
    data: dict | None = None,
    scope_path: str | None = None,
    district_code: str | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Append one audit event in the caller's transaction (namespaced `action`, e.g. `org.area.moved`)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    event = new_event(
        actor=actor,
        action=action,
        target=target,
        changes=changes,
        data=data,
        scope_path=scope_path,
        district_code=district_code,
        actor_username=actor_username,
    )
    event.prev_hash = _last_hash()
    event.hash = event_hash(event)
    event.save(force_insert=True)
    return event


def record_many(events: Iterable[AuditEvent], *, batch_size: int = 1000) -> int:
    """Append many events built with `new_event()` (bulk loads such as the demo), chained in order."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many() must run inside the caller's transaction")
    prev, rows = _last_hash(), []
    for event in events:
        event.prev_hash = prev
        event.hash = prev = event_hash(event)
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


@dataclass
class ChainReport:
    checked: int
    first_bad_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def _pruned_before(head: AuditEvent, using: str) -> bool:
    """Does a signed checkpoint (core.audit_retention) vouch for the rows pruned before `head`?"""
    from yipanqi.core.audit_retention import CHECKPOINT, checkpoint_holds

    checkpoints = AuditEvent.objects.using(using).filter(action=CHECKPOINT).order_by("-id")
    return any(checkpoint_holds(c, head.id, head.prev_hash) for c in checkpoints[:20])


def verify_chain(batch: int = 2000, using: str = "default") -> ChainReport:
    """Walk the chain in id order; report the first row whose hash or link does not hold.
    A chain pruned for retention starts at a row whose link a signed checkpoint vouches for.
    `using` names the database (a restored backup is checked under its own alias)."""
    prev = ""
    checked = 0
    with transaction.atomic(using=using):
        rows = AuditEvent.objects.using(using).order_by("id")
        head = rows.only("id", "prev_hash").first()
        if head is not None and head.prev_hash and _pruned_before(head, using):
            prev = head.prev_hash  # the chain was pruned up to a signed checkpoint
        for event in rows.iterator(chunk_size=batch):
            if event.prev_hash != prev:
                return ChainReport(checked, event.id, "link to the previous row is broken")
            if event_hash(event) != event.hash:
                return ChainReport(checked, event.id, "content does not match its hash")
            prev = event.hash
            checked += 1
    return ChainReport(checked)
