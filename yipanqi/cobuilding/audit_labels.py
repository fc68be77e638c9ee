"""How the audit page names co-building's actions (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "cobuilding.resource.published": pgettext_lazy("audit", "Co-building resource published"),
    "cobuilding.claim.claimed": pgettext_lazy("audit", "Co-building claim made"),
    "cobuilding.claim.accepted": pgettext_lazy("audit", "Co-building claim accepted"),
    "cobuilding.claim.declined": pgettext_lazy("audit", "Co-building claim declined"),
    "cobuilding.claim.withdrawn": pgettext_lazy("audit", "Co-building claim withdrawn"),
    "cobuilding.project.agreed": pgettext_lazy("audit", "Co-building project agreed"),
    "cobuilding.project.begun": pgettext_lazy("audit", "Co-building project begun"),
    "cobuilding.project.reported": pgettext_lazy("audit", "Co-building progress reported"),
    "cobuilding.project.completed": pgettext_lazy("audit", "Co-building project completed"),
    "cobuilding.project.rated": pgettext_lazy("audit", "Co-building project rated"),
    "cobuilding.project.cancelled": pgettext_lazy("audit", "Co-building project cancelled"),
    "cobuilding.problem.raised": pgettext_lazy("audit", "Hard problem raised"),
    "cobuilding.problem.on_agenda": pgettext_lazy("audit", "Hard problem put to a session"),
    "cobuilding.problem.committed": pgettext_lazy("audit", "Hard problem commitments made"),
    "cobuilding.problem.closed": pgettext_lazy("audit", "Hard problem solved"),
    "cobuilding.commitment.made": pgettext_lazy("audit", "Commitment made"),
    "cobuilding.commitment.done": pgettext_lazy("audit", "Commitment done"),
    "cobuilding.commitment.escalated": pgettext_lazy("audit", "Overdue commitment escalated"),
    "cobuilding.evaluation.recorded": pgettext_lazy("audit", "Unit evaluation recorded"),
}
MASKED: set[str] = set()
MASKED_FIELDS: dict[str, set[str]] = {}
SYSTEM = {"cobuilding.escalation": pgettext_lazy("audit", "co-building escalation")}
