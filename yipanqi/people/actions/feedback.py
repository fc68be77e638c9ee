"""The yearly 双报到 feedback export of a branch."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _lazy

from yipanqi.core import audit, exports
from yipanqi.core.workflow import require
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.people import permissions

FEEDBACK_HEADERS = (
    _lazy("Name"),
    _lazy("Branch"),
    _lazy("Phone"),
    _lazy("Registered with"),
    _lazy("Grid"),
    _lazy("Registration status"),
    _lazy("Participations"),
    _lazy("Hours"),
    _lazy("Problems solved"),
)


def _feedback_cells(row: Any) -> list[Any]:
    registrations = row.registrations
    return [
        row.member.person.name,
        row.member.branch.name,
        row.member.person.phone_masked,  # masked only: exports never carry clear values
        "、".join(r.community.name for r in registrations),
        "、".join(r.grid.name for r in registrations if r.grid_id),
        "、".join(str(r.get_status_display()) for r in registrations),
        row.count,
        float(row.hours),
        row.solved,
    ]


@transaction.atomic
def branch_feedback_export(*, branch: PartyOrganisation, year: int, actor: Any) -> bytes:
    """The yearly 双报到 feedback of a branch as XLSX (masked, formula-safe), audited as an export."""
    from yipanqi.people.selectors import branch_feedback  # selectors import this module

    require(permissions.can_view_branch_feedback(actor, branch))
    rows = branch_feedback(user=actor, branch=branch, year=year)
    content = exports.xlsx_bytes(
        [str(h) for h in FEEDBACK_HEADERS],
        (_feedback_cells(row) for row in rows),
        sheet=f"{year}",
    )
    audit.record(
        actor=actor,
        action="people.branch_feedback.exported",
        target=branch,
        data={"year": year, "rows": len(rows)},
    )
    return content
