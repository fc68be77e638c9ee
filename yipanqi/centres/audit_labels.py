"""How the audit page names the centres app's scheme edits (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "centres.scheme.created": pgettext_lazy("audit", "Rating scheme set up"),
    "centres.scheme.edited": pgettext_lazy("audit", "Rating scheme edited"),
    "centres.scheme.edition": pgettext_lazy("audit", "Rating scheme: new edition"),
    "centres.scheme.retired": pgettext_lazy("audit", "Rating scheme replaced by a new edition"),
}
FIELDS = {"centres.ratingscheme": {"content": pgettext_lazy("audit", "content")}}
