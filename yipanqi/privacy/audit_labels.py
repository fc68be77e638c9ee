"""How the audit page names the privacy app's actions (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "privacy.request.submitted": pgettext_lazy("audit", "Personal information request made"),
    "privacy.request.answered": pgettext_lazy("audit", "Personal information request answered"),
    "privacy.my_data.exported": pgettext_lazy("audit", "Own data downloaded"),
    "privacy.consent.given": pgettext_lazy("audit", "Consent given"),
    "privacy.consent.withdrawn": pgettext_lazy("audit", "Consent withdrawn"),
    "privacy.request.erased": pgettext_lazy("audit", "Personal information erased on request"),
}
