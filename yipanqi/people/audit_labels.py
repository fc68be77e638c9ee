"""How the audit page names the people app's actions and rows (core.audit_labels). Residents and
members are named after a person: their names are shown masked (张*丰)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "people.person.created": pgettext_lazy("audit", "Resident added"),
    "people.person.phone_changed": pgettext_lazy("audit", "Resident's phone changed"),
    "people.person.account_linked": pgettext_lazy("audit", "Resident linked to an account"),
    "people.person.moved_out": pgettext_lazy("audit", "Resident moved out"),
    "people.person.moved_back": pgettext_lazy("audit", "Resident's move-out undone"),
    "people.person.unmasked": pgettext_lazy("audit", "Personal data shown in full"),
    "people.person.searched_exact": pgettext_lazy("audit", "Residents searched by full number"),
    "people.person.exported": pgettext_lazy("audit", "Residents exported"),
    "people.person.keys_rotated": pgettext_lazy("audit", "Personal data re-encrypted"),
    "people.household.created": pgettext_lazy("audit", "Household added"),
    "people.household.tags_changed": pgettext_lazy("audit", "Household tags changed"),
    "people.household_tags.created": pgettext_lazy("audit", "Household tags set up"),
    "people.member.created": pgettext_lazy("audit", "Party member added"),
    "people.member.status_changed": pgettext_lazy("audit", "Party member's status changed"),
    "people.member.transferred": pgettext_lazy("audit", "Party membership transferred"),
    "people.registration.submitted": pgettext_lazy("audit", "Community registration submitted"),
    "people.registration.confirmed": pgettext_lazy("audit", "Community registration confirmed"),
    "people.registration.declined": pgettext_lazy("audit", "Community registration declined"),
    "people.registration.assigned": pgettext_lazy("audit", "Registered member assigned a grid"),
    "people.participation.recorded": pgettext_lazy("audit", "Participation recorded"),
    "people.branch_feedback.exported": pgettext_lazy("audit", "Branch feedback exported"),
    "people.import.uploaded": pgettext_lazy("audit", "Import file uploaded"),
    "people.import.checked": pgettext_lazy("audit", "Import file checked"),
    "people.import.commit_requested": pgettext_lazy("audit", "Import started"),
    "people.import.committed": pgettext_lazy("audit", "Import finished"),
    "people.import.failed": pgettext_lazy("audit", "Import failed"),
    "people.demo.households_created": pgettext_lazy("audit", "Demo households created"),
    "people.demo.persons_created": pgettext_lazy("audit", "Demo residents created"),
    "people.demo.members_created": pgettext_lazy("audit", "Demo party members created"),
    "people.demo.registrations_created": pgettext_lazy("audit", "Demo registrations created"),
    "people.demo.transfers_created": pgettext_lazy("audit", "Demo transfers created"),
    "people.demo.participations_created": pgettext_lazy("audit", "Demo participations created"),
}
MASKED = {"people.person", "people.partymember"}
MASKED_FIELDS = {"people.person": {"name"}}
# Named by what they belong to: their own text is a person's name, or ids and dates.
PARTS = {
    "people.membershiptransfer": "member",
    "people.communityregistration": "community",
    "people.participation": "registration",
}
DATA = {
    "field": pgettext_lazy("audit", "field"),
    "purpose": pgettext_lazy("audit", "purpose"),
}
