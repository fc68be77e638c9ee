"""Processing register (core.processing): grid sweeps and incidents."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, SENSITIVE, Activity, declare
from yipanqi.core.retention import ANONYMISED, Related, Rule, retain

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

# R-PI-8: five years after an incident is closed its description and notes are emptied; three
# years after a sweep ends, the answers and notes recorded at each household (the outcome stays,
# for the sweep's counts).
retain(
    Rule(
        "grid.sweep_visits",
        "grid_sweeps",
        "grid.Visit",
        "campaign__ends_on",
        3 * 365,
        {"answers": {}, "note": ""},
    ),
    Rule(
        "grid.closed_incidents",
        "incidents",
        "grid.Incident",
        "closed_at",
        5 * 365,
        {"title": ANONYMISED, "description": "", "place": ""},
        (Related("grid.IncidentEvent", "incident", {"note": ""}),),
    ),
)
