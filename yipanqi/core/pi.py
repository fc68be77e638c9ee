"""Processing register (core.processing): the audit trail (审计日志) itself holds personal
information: who acted, and what an action recorded (a reason typed into a refusal, a changed
field's masked before and after). The row-change trail (数据变更记录, core.row_changes) is part of
it and holds whole rows as stored — clear names, and the ciphertexts of ID numbers and phones —
so its rows are sensitive; they are pruned with the audit trail (core.audit_retention). What
retention and erasure remove is captured redacted (a `Redaction` marker, holding no personal
information, lives only inside their transaction): the changed columns' names, no values."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, SENSITIVE, Activity, declare

declare(
    (
        Activity(
            "audit_trail",
            _("The security audit trail of every action (网络安全等级保护 安全审计)"),
            "statutory_duty",
            _("At least 6 months (Cybersecurity Law art. 21), as the audit retention policy sets"),
            ("audit_admin", "auditor"),
        ),
    ),
    {
        "core.AuditEvent.actor_username": (ORDINARY, "audit_trail"),
        "core.AuditEvent.data": (ORDINARY, "audit_trail"),
        "core.RowChange.table_name": (NOT_PERSONAL, "the name of a database table"),
        "core.RowChange.old": (SENSITIVE, "audit_trail"),
        "core.RowChange.new": (SENSITIVE, "audit_trail"),
        "core.Redaction.reason": (NOT_PERSONAL, "the audit action of a retention or erasure job"),
    },
)
