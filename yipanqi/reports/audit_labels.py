"""How the audit page names the reports app's actions and system reasons (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "reports.report.requested": pgettext_lazy("audit", "Report requested"),
    "reports.report.started": pgettext_lazy("audit", "Report generation started"),
    "reports.report.ready": pgettext_lazy("audit", "Report ready"),
    "reports.report.failed": pgettext_lazy("audit", "Report generation failed"),
    "reports.report.downloaded": pgettext_lazy("audit", "Report downloaded"),
    "reports.report.rerun": pgettext_lazy("audit", "Report queued again"),
}
SYSTEM = {"reports.worker": pgettext_lazy("audit", "report worker")}
