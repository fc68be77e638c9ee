"""The notices' cards on the home page (core.home): one's unread notices and those still
waiting for one's answer; the notice figures of an administrator's area."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, percent, todo, url
from yipanqi.notices import dashboard, selectors
from yipanqi.organisations.permissions import widest_area


def unread(user: Any) -> int:
    return selectors.unread_count(user=user)


def inbox_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """Everyone who has received a notice: unread ones (one query; no card without any)."""
    count = selectors.unread_count(user=user)
    if not count:
        return None
    return card(
        pgettext_lazy("home", "Notices"),
        todos=[todo(pgettext_lazy("home", "unread notices"), count, url("notices:inbox"))],
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "notices sent"), numbers["notices_sent"]),
        figure(pgettext_lazy("home", "notice read rate"), percent(numbers["notice_read_rate"])),
        figure(pgettext_lazy("home", "notice reply rate"), percent(numbers["notice_reply_rate"])),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Notices"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
