"""Processing register (core.processing): requests about one's own personal information."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import ORDINARY, Activity, declare
from yipanqi.core.retention import Rule, retain

declare(
    (
        Activity(
            "rights",
            _("Requests from people about their own information: copy, correction, deletion"),
            "statutory_duty",
            _("3 years after the request is answered"),
            ("district_admin", "town_admin", "community_admin"),
        ),
        Activity(
            "consents",
            _(
                "Proof of the consents people give, to which notice version and when, and of "
                "their withdrawal (PIPL art. 14)"
            ),
            "statutory_duty",
            _("As long as the records collected under the consent are kept"),
            ("resident", "party_member"),
        ),
    ),
    {
        "privacy.DataRequest.details": (ORDINARY, "rights"),
        "privacy.DataRequest.answer": (ORDINARY, "rights"),
        "privacy.Consent.*": (ORDINARY, "consents"),
    },
)

# R-PI-8: a request's words are kept three years after it is answered.
retain(
    Rule(
        "privacy.answered_requests",
        "rights",
        "privacy.DataRequest",
        "handled_at",
        3 * 365,
        {"details": "", "answer": ""},
    )
)
