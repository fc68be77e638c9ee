"""What the socialorgs app holds about the signed-in person (R-PI-7): the organisations they act
for, and the venture reviews assigned to them (scores, declared conflicts)."""

from typing import Any

from django.utils.translation import gettext as _

from yipanqi.socialorgs.models import OrgStaff, ReviewAssignment


def build(user: Any) -> list[list[tuple[Any, Any]]]:
    rows: list[list[tuple[Any, Any]]] = []
    for link in OrgStaff.objects.filter(user=user).select_related("organisation"):
        rows.append(
            [(_("Organisation"), link.organisation.name), (_("Since"), link.created_at.date())]
        )
    reviews = ReviewAssignment.objects.filter(reviewer=user).select_related(
        "application", "application__round"
    )
    for r in reviews:
        rows.append([
            (_("Venture rounds"), r.application.round.title),
            (_("Project"), r.application.title),
            (_("Review"), r.conflict_note if r.conflict else (r.total if r.total is not None else "—")),
        ])  # fmt: skip
    return rows
