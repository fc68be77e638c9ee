"""Co-building's card on the home page: claims waiting for one's answer, open commitments."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.cobuilding import selectors
from yipanqi.core.home import card, todo, url


def work_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    waiting = selectors.claims_to_decide(user=user).count()
    open_commitments = selectors.my_open_commitments(user=user).count()
    if not waiting and not open_commitments:
        return None
    return card(
        pgettext_lazy("home", "Co-building"),
        todos=[
            todo(pgettext_lazy("home", "claims to answer"), waiting, url("cobuilding:board")),
            todo(
                pgettext_lazy("home", "open commitments"),
                open_commitments,
                url("cobuilding:problem_list"),
            ),
        ],
    )
