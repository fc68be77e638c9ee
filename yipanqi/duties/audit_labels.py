"""How the audit page names the duties app's actions (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "duties.list.created": pgettext_lazy("audit", "Responsibility list started"),
    "duties.item.added": pgettext_lazy("audit", "Responsibility item added"),
    "duties.item.updated": pgettext_lazy("audit", "Responsibility item changed"),
    "duties.item.progress": pgettext_lazy("audit", "Responsibility item progress marked"),
    "duties.request.filed": pgettext_lazy("audit", "Access request filed"),
    "duties.request.approved": pgettext_lazy("audit", "Duty admitted"),
    "duties.request.refused": pgettext_lazy("audit", "Access request refused"),
    "duties.request.withdrawn": pgettext_lazy("audit", "Access request withdrawn"),
    "duties.request.retired": pgettext_lazy("audit", "Admitted duty retired"),
    "duties.refusal.recorded": pgettext_lazy("audit", "Task refused as not admitted"),
}
