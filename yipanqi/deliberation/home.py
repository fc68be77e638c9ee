"""The deliberation app's cards on the home page (core.home): topics raised and waiting for the
community, follow-up tasks still open, and the deliberation figures of an administrator's area."""

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, todo, url
from yipanqi.deliberation import dashboard, permissions, selectors
from yipanqi.deliberation.choices import TopicStatus
from yipanqi.organisations.permissions import widest_area


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Topics to accept (议题受理) in the bodies the user manages; follow-ups to carry out."""
    raised = (
        permissions.topics_visible_to(user)
        .order_by()
        .aggregate(n=Count("pk", filter=Q(status=TopicStatus.RAISED)))["n"]
    )
    follow_ups = selectors.follow_up_list(user=user, status="open").count()
    return card(
        pgettext_lazy("home", "Deliberation"),
        todos=[
            todo(pgettext_lazy("home", "topics to accept"), raised, url("deliberation:index")),
            todo(
                pgettext_lazy("home", "follow-up tasks open"),
                follow_ups,
                url("deliberation:followups"),
            ),
        ],
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "topics raised"), numbers["topics_raised"]),
        figure(pgettext_lazy("home", "resolutions"), numbers["resolutions_decided"]),
        figure(pgettext_lazy("home", "follow-ups done"), numbers["follow_ups_done"]),
        figure(pgettext_lazy("home", "satisfaction (of 5)"), numbers["deliberation_satisfaction"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Deliberation"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
