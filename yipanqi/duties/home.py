"""The duties' card on the home page (core.home): admitted duties carried, requests waiting and
tasks refused in an administrator's area."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, figure
from yipanqi.duties import dashboard
from yipanqi.organisations.permissions import widest_area


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "admitted duties carried"), numbers["duties_admitted"]),
        figure(
            pgettext_lazy("home", "access requests waiting"), numbers["duties_requests_submitted"]
        ),
        figure(pgettext_lazy("home", "tasks refused"), numbers["duties_refusals"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Duties and access"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
