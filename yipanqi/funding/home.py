"""The funding card on the home page (core.home): expenses waiting for the user's approval and
draft allocation runs waiting for a second district administrator; two counts, two queries."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import card, todo, url
from yipanqi.funding import selectors


def work_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    todos = [
        todo(
            pgettext_lazy("home", "expenses to approve"),
            selectors.waiting_expenses(user=user).count(),
            url("funding:overview"),
        ),
        todo(
            pgettext_lazy("home", "allocation runs to approve"),
            selectors.draft_runs(user=user).count(),
            url("funding:run_list"),
        ),
    ]
    return card(pgettext_lazy("home", "Community funds"), todos=todos)
