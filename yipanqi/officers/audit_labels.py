"""How the audit page names the officers app's actions (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "officers.roles.created": pgettext_lazy("audit", "Five-role officer roles set up"),
    "officers.role.updated": pgettext_lazy("audit", "Officer role changed"),
    "officers.assignment.created": pgettext_lazy("audit", "Officer assigned to a target"),
    "officers.assignment.ended": pgettext_lazy("audit", "Officer assignment ended"),
    "officers.worklog.recorded": pgettext_lazy("audit", "Officer work logged"),
    "officers.demo.worklogs_created": pgettext_lazy("audit", "Demo officer work logs created"),
}
SYSTEM = {"officers.issue": pgettext_lazy("audit", "issue raised by a five-role officer")}
