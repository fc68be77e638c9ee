"""How the audit page names the grid app's actions and rows (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "grid.campaign.created": pgettext_lazy("audit", "Sweep started"),
    "grid.campaign.round_started": pgettext_lazy("audit", "Next sweep round started"),
    "grid.campaign.closed": pgettext_lazy("audit", "Sweep closed"),
    "grid.campaign.ended": pgettext_lazy("audit", "Sweep closed after its end date"),
    "grid.target.assigned": pgettext_lazy("audit", "Sweep household reassigned"),
    "grid.visit.recorded": pgettext_lazy("audit", "Household visit recorded"),
    "grid.visit.followed_up": pgettext_lazy("audit", "Visit followed up"),
    "grid.demo.visits_created": pgettext_lazy("audit", "Demo visits created"),
    "grid.incident.reported": pgettext_lazy("audit", "Incident reported"),
    "grid.incident.accepted": pgettext_lazy("audit", "Incident accepted"),
    "grid.incident.handled": pgettext_lazy("audit", "Incident handled"),
    "grid.incident.closed": pgettext_lazy("audit", "Incident closed"),
    "grid.incident.reopened": pgettext_lazy("audit", "Incident reopened"),
    "grid.incident.escalated": pgettext_lazy("audit", "Incident escalated"),
    "grid.photo.added": pgettext_lazy("audit", "Photo added to an incident"),
}
# Named by the household or incident they belong to (their own text is ids).
PARTS = {
    "grid.target": "household",
    "grid.visit": "household",
    "grid.question": "campaign",
    "grid.incidentevent": "incident",
    "grid.incidentphoto": "incident",
}
SYSTEM = {
    "grid.escalation": pgettext_lazy("audit", "overdue escalation"),
    "grid.campaigns": pgettext_lazy("audit", "sweeps past their end date"),
}
DATA = {
    "targets": pgettext_lazy("audit", "households"),
    "rounds": pgettext_lazy("audit", "rounds"),
    "round": pgettext_lazy("audit", "round"),
    "outcome": pgettext_lazy("audit", "outcome"),
    "ends_on": pgettext_lazy("audit", "last day"),
}
