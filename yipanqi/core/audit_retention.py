"""Audit retention (R-AU-5): keep the trail at least 180 days, prune only whole months, and keep
the chain verifiable across the pruned boundary.

What may go: the rows of every calendar month that ended before `now - retention` began, as a
prefix of the chain (by id): if an older row sits after a younger one, pruning stops before the
younger one, so no row younger than the retention is ever removed. In the same transaction a
checkpoint event (`core.audit.pruned`) records the last pruned row's id and hash, signed with the
audit key (HMAC-SHA256), and `audit.verify_chain` starts from it. The chain's rows refuse DELETE
(database triggers): pruning lifts that for its own transaction only, which on PostgreSQL needs
the table owner's role — it is a maintenance command (`yipanqi prune_audit`) for the deployer's
scheduler, not something the web application can do.

The row-change trail (core.row_changes) has the audit trail's retention: its rows older than the
same cutoff go in the same transaction (they form no chain, so no checkpoint is needed).
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yipanqi.core import audit, locks, row_changes
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent, RowChange

MIN_DAYS = 180  # MLPS level 3 (GB/T 22239-2019 8.1.5.4) and 网络安全法 art. 21: at least six months
CHECKPOINT = "core.audit.pruned"


class RetentionTooShort(ValueError):
    code = "retention_too_short"


def retention_days(days: int | None = None) -> int:
    """The configured retention (YIPANQI_AUDIT_RETENTION_DAYS), refused below 180 days."""
    value = settings.YIPANQI_AUDIT_RETENTION_DAYS if days is None else days
    if int(value) < MIN_DAYS:
        raise RetentionTooShort(f"audit retention must be at least {MIN_DAYS} days, not {value}")
    return int(value)


def cutoff(now: datetime.datetime, days: int) -> datetime.datetime:
    """The first instant that must be kept: the start of the month holding `now - days` (local
    time), so only months wholly older than the retention are pruned."""
    edge = timezone.localtime(now) - datetime.timedelta(days=retention_days(days))
    return edge.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Plan:
    cutoff: datetime.datetime
    through_id: int | None = None  # the last row to prune (a prefix of the chain), or None
    rows: int = 0
    months: list[tuple[str, int]] = field(default_factory=list)  # ("2021-03", rows)
    row_changes: int = 0  # RowChange rows older than the cutoff


def plan(now: datetime.datetime | None = None, days: int | None = None) -> Plan:
    """What pruning would remove now (the dry run): four queries, nothing written."""
    edge = cutoff(now or timezone.now(), retention_days(days))
    plan_ = Plan(cutoff=edge, row_changes=RowChange.objects.filter(changed_at__lt=edge).count())
    first_kept = AuditEvent.objects.filter(created_at__gte=edge).aggregate(m=Min("id"))["m"]
    older = AuditEvent.objects.filter(created_at__lt=edge)
    if first_kept is not None:
        older = older.filter(id__lt=first_kept)
    through = older.aggregate(m=Max("id"))["m"]
    if through is None:
        return plan_
    by_month = (
        AuditEvent.objects.filter(id__lte=through)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    plan_.through_id = through
    plan_.months = [(row["month"].strftime("%Y-%m"), row["n"]) for row in by_month]
    plan_.rows = sum(n for _month, n in plan_.months)
    return plan_


def signature(through_id: int, last_hash: str, rows: int) -> str:
    key = (getattr(settings, "YIPANQI_AUDIT_KEY", "") or settings.SECRET_KEY).encode()
    message = f"{through_id}:{last_hash}:{rows}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_holds(event: AuditEvent, first_id: int, first_prev: str) -> bool:
    """Is `event` a genuine checkpoint for a chain that now starts at (first_id, first_prev)?"""
    d = event.data or {}
    if event.action != CHECKPOINT or d.get("through_id") != first_id - 1:
        return False
    if d.get("last_hash") != first_prev:
        return False
    expected = signature(d["through_id"], d["last_hash"], d.get("rows", 0))
    return hmac.compare_digest(expected, d.get("signature", ""))


# The statements that lift and restore the DELETE refusal, per database. PostgreSQL alters no
# table with foreign-key checks still pending in the transaction: they are run first (and the
# constraints deferred again after, as Django declares them).
_IMMEDIATE, _DEFERRED = "SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED"
_LIFT = {
    "postgresql": [
        _IMMEDIATE,
        "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_change",
        *row_changes.APPEND_ONLY_LIFT["postgresql"],
        _DEFERRED,
    ],
    "sqlite": ["DROP TRIGGER core_auditevent_no_delete", *row_changes.APPEND_ONLY_LIFT["sqlite"]],
}
_RESTORE = {
    "postgresql": [
        _IMMEDIATE,
        "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_change",
        *row_changes.APPEND_ONLY_RESTORE["postgresql"],
        _DEFERRED,
    ],
    "sqlite": [
        "CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
        *row_changes.APPEND_ONLY_RESTORE["sqlite"],
    ],
}


def _execute(statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)


def _remove(plan_: Plan) -> None:
    """Delete the planned rows, with the append-only triggers lifted meanwhile."""
    _execute(_LIFT)
    RowChange.objects.filter(changed_at__lt=plan_.cutoff).delete()
    deleted, _by_model = AuditEvent.objects.filter(id__lte=plan_.through_id or 0).delete()
    _execute(_RESTORE)
    assert deleted == plan_.rows, (deleted, plan_.rows)


@transaction.atomic
def prune(now: datetime.datetime | None = None, days: int | None = None) -> Plan:
    """Remove the planned prefix and append the signed checkpoint, in one transaction."""
    locks.serialise("core.audit.chain")  # no event is appended meanwhile
    plan_ = plan(now, days)
    if plan_.through_id is None and not plan_.row_changes:
        return plan_
    hashes = AuditEvent.objects.filter(pk=plan_.through_id).values_list("hash", flat=True)
    last_hash = hashes.first()  # read before the rows go
    _remove(plan_)
    if plan_.through_id is None:
        return plan_
    data = {
        "through_id": plan_.through_id,
        "last_hash": last_hash,
        "rows": plan_.rows,
        "months": [m for m, _n in plan_.months],
        "before": plan_.cutoff.date().isoformat(),
        "row_changes": plan_.row_changes,
        "signature": signature(plan_.through_id, last_hash, plan_.rows),
    }
    audit.record(actor=system("audit retention"), action=CHECKPOINT, data=data)
    return plan_
