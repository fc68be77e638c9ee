"""The centres app's cards on the home page (core.home): assessments waiting for the viewer's step
in an open round, and the network's figures for an administrator's area."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.centres import dashboard, permissions
from yipanqi.centres.choices import AssessmentStatus, RoundStatus
from yipanqi.core.home import area_figures_card, card, figure, todo, url
from yipanqi.organisations.choices import Role
from yipanqi.organisations.permissions import roles_of, widest_area


def _waiting(user: Any) -> dict[str, Any]:
    """The statuses whose next step is this user's (by role), with the open rounds' counts."""
    roles = roles_of(user)
    wanted = []
    if roles & {Role.COMMUNITY_ADMIN, Role.TOWN_ADMIN}:
        wanted.append(AssessmentStatus.SELF)
    if Role.TOWN_ADMIN in roles:
        wanted.append(AssessmentStatus.SUBMITTED)
    if Role.DISTRICT_ADMIN in roles:
        wanted.append(AssessmentStatus.STREET_REVIEWED)
    rows = permissions.assessments_visible_to(user).filter(
        round__status=RoundStatus.OPEN, status__in=wanted
    )
    counts = dict.fromkeys(wanted, 0)
    for status in rows.values_list("status", flat=True):
        counts[status] += 1
    return counts


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    counts = _waiting(user)
    labels = {
        AssessmentStatus.SELF: pgettext_lazy("home", "centres still self-assessing"),
        AssessmentStatus.SUBMITTED: pgettext_lazy("home", "self-assessments to review"),
        AssessmentStatus.STREET_REVIEWED: pgettext_lazy("home", "street reviews to confirm"),
    }
    return card(
        pgettext_lazy("home", "Service centres (5A)"),
        todos=[todo(labels[s], n, url("centres:round_list")) for s, n in counts.items()],
        more=(pgettext_lazy("home", "Centre network"), url("centres:network")),
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "town / street centres"), numbers["town_centres"]),
        figure(pgettext_lazy("home", "grassroots centres"), numbers["grassroots_centres"]),
        figure(pgettext_lazy("home", "centres graded"), numbers["centres_graded"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Service centres"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
