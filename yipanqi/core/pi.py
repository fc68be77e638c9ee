"""Processing register (core.processing): the audit trail (审计日志) itself holds personal
information: who acted, and what an action recorded (a reason typed into a refusal, a changed
field's masked before and after)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import ORDINARY, Activity, declare

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
    },
)
