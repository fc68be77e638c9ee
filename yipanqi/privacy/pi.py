"""Processing register (core.processing): requests about one's own personal information."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import ORDINARY, Activity, declare

declare(
    (
        Activity(
            "rights",
            _("Requests from people about their own information: copy, correction, deletion"),
            "statutory_duty",
            _("3 years after the request is answered"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "privacy.DataRequest.details": (ORDINARY, "rights"),
        "privacy.DataRequest.answer": (ORDINARY, "rights"),
    },
)
