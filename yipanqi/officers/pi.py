"""Processing register (core.processing): the five-role officers' work logs (五大员)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "officer_work",
            _("Five-role officers' visits and matters handled: who was met, what was raised"),
            "statutory_duty",
            _("3 years after the visit"),
            ("district_admin", "town_admin"),
        ),
    ),
    {
        "officers.OfficerRole.name": (NOT_PERSONAL, "a role's title"),
        "officers.OfficerRole.duties": (NOT_PERSONAL, "a role's duties"),
        "officers.Assignment.target_name": (NOT_PERSONAL, "an enterprise, place or project"),
        "officers.WorkLog.summary": (ORDINARY, "officer_work"),
        "officers.WorkLog.people_met": (ORDINARY, "officer_work"),
        "officers.WorkLog.result": (ORDINARY, "officer_work"),
        "officers.WorkLog.issue": (ORDINARY, "officer_work"),
    },
)
