"""How the audit page names the organisations app's actions and rows (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "organisations.area.created": pgettext_lazy("audit", "Area created"),
    "organisations.area.moved": pgettext_lazy("audit", "Area moved"),
    "organisations.area.renamed": pgettext_lazy("audit", "Area renamed"),
    "organisations.party_organisation.created": pgettext_lazy(
        "audit", "Party organisation created"
    ),
    "organisations.party_organisation.moved": pgettext_lazy("audit", "Party organisation moved"),
    "organisations.party_organisation.renamed": pgettext_lazy(
        "audit", "Party organisation renamed"
    ),
    "organisations.unit.created": pgettext_lazy("audit", "Unit created"),
    "organisations.body.created": pgettext_lazy("audit", "Body created"),
    "organisations.membership.added": pgettext_lazy("audit", "Body member added"),
    "organisations.membership.ended": pgettext_lazy("audit", "Body membership ended"),
    "organisations.role_grant.created": pgettext_lazy("audit", "Role grant requested"),
    "organisations.role_grant.approved": pgettext_lazy("audit", "Role grant approved"),
    "organisations.role_grant.rejected": pgettext_lazy("audit", "Role grant rejected"),
    "organisations.role_grant.revoked": pgettext_lazy("audit", "Role grant revoked"),
}
# A seat is named by its body, a grant by whom it is for (their own text is a person's name or ids).
PARTS = {"organisations.bodymembership": "body", "organisations.rolegrant": "user"}
MASKED_FIELDS = {"organisations.bodymembership": {"member_name"}}
