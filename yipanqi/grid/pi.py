"""Processing register (core.processing): grid sweeps and incidents."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, SENSITIVE, Activity, declare

declare(
    (
        Activity(
            "grid_sweeps",
            _(
                "Door-to-door visits of a sweep (清楼走访) and the answers recorded at each household"
            ),
            "statutory_duty",
            _("3 years after the sweep ends, then anonymised"),
            ("district_admin", "town_admin", "community_admin", "grid_worker"),
        ),
        Activity(
            "incidents",
            _("Incidents reported in a grid (事件上报) and their handling"),
            "public_interest",
            _("5 years after the incident is closed"),
            ("district_admin", "town_admin", "community_admin", "grid_worker"),
        ),
    ),
    {
        "grid.Question.text": (NOT_PERSONAL, "a sweep question's wording"),
        # Answers may concern a household's health or needs (独居, 残疾).
        "grid.Visit.answers": (SENSITIVE, "grid_sweeps"),
        "grid.Visit.note": (SENSITIVE, "grid_sweeps"),
        "grid.Incident.description": (ORDINARY, "incidents"),
        "grid.IncidentEvent.note": (ORDINARY, "incidents"),
    },
)
