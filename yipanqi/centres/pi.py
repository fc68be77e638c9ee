"""Processing register (core.processing): the service-centre network and its 5A ratings."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

# Ratings judge centres, not people: what reviewers write is about a centre's work.
declare(
    (
        Activity(
            "centre_staff",
            _("Names of the staff on duty, shown on a service centre's page as its contacts"),
            "statutory_duty",
            _("While they are on duty at the centre"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "centres.ServiceItem.name": (NOT_PERSONAL, "a service's name"),
        "centres.ServiceCentre.name": (NOT_PERSONAL, "a centre's name"),
        "centres.ServiceCentre.address": (NOT_PERSONAL, "a public centre's address"),
        "centres.ServiceCentre.staff_on_duty": (ORDINARY, "centre_staff"),
        "centres.RatingScheme.name": (NOT_PERSONAL, "a scheme's name"),
        "centres.Dimension.name": (NOT_PERSONAL, "a rating dimension"),
        "centres.Indicator.name": (NOT_PERSONAL, "a rating indicator"),
        "centres.ScoreEntry.reason": (NOT_PERSONAL, "why a centre's score changed"),
        "centres.CentreAssessment.appeal_reason": (NOT_PERSONAL, "a centre's appeal of its grade"),
        "centres.AssessmentEvent.note": (NOT_PERSONAL, "a note on an assessment step"),
    },
)
