"""The socialorgs cards on the home page (core.home): a reviewer's projects to score and an
organisation's open calls; the social-organisation figures of an administrator's area."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, percent, todo, url
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import dashboard, selectors


def work_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """Reviews to score (reviewers) and open needs (community staff): two counts, two queries."""
    to_score = selectors.my_reviews(user=user).filter(submitted_at__isnull=True, conflict=False)
    todos = [todo(pgettext_lazy("home", "projects to score"), to_score.count(),
                  url("socialorgs:my_reviews"))]  # fmt: skip
    needs = selectors.need_list(user=user, status="open").count()
    todos.append(
        todo(pgettext_lazy("home", "needs waiting for a match"), needs, url("socialorgs:board"))
    )
    return card(pgettext_lazy("home", "Social organisations"), todos=todos)


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "social organisations"), numbers["social_organisations"]),
        figure(pgettext_lazy("home", "service engagements"), numbers["engagements"]),
        figure(pgettext_lazy("home", "venture projects funded"), numbers["venture_projects"]),
        figure(
            pgettext_lazy("home", "on community governance"),
            percent(numbers["venture_governance_share"]),
        ),  # fmt: skip
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Social organisations"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
