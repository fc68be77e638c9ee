"""How the audit page names the funding app's exports (core.audit_labels); the other actions read
well enough from their models' names and verbs."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "funding.community_funds.exported": pgettext_lazy("audit", "Community funds exported"),
    "funding.overview.exported": pgettext_lazy("audit", "Funding overview exported"),
}
