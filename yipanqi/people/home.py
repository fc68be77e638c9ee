"""The people app's cards on the home page (core.home): registrations and imports waiting for the
community, a member's own service this year, and the 双报到 figures of an administrator's area."""

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, todo, url
from yipanqi.organisations.permissions import widest_area
from yipanqi.people import dashboard, imports, selectors
from yipanqi.people.choices import ImportStatus, RegistrationStatus

REGISTRATIONS = "people:registration_list"


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Registrations (双报到) to confirm and to place in a grid; imports checked and ready."""
    counts = (
        selectors.registration_list(user=user)
        .order_by()
        .aggregate(
            submitted=Count("pk", filter=Q(status=RegistrationStatus.SUBMITTED)),
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        )
    )
    ready = imports.jobs_visible_to(user).filter(status=ImportStatus.VALID).count()
    submitted, confirmed = RegistrationStatus.SUBMITTED, RegistrationStatus.CONFIRMED
    return card(
        pgettext_lazy("home", "Party members' registrations"),
        todos=[
            todo(
                pgettext_lazy("home", "to confirm"),
                counts["submitted"],
                url(REGISTRATIONS, status=submitted),
            ),
            todo(
                pgettext_lazy("home", "to place in a grid"),
                counts["confirmed"],
                url(REGISTRATIONS, status=confirmed),
            ),
            todo(
                pgettext_lazy("home", "imports ready to commit"), ready, url("people:import_start")
            ),
        ],
    )


def member_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """A party member's own participations (参加活动) and hours in the year."""
    own = selectors.participation_list(user=user, year=year).filter(
        registration__member__person__user=user
    )
    totals = own.order_by().aggregate(n=Count("pk"), hours=Sum("hours"))
    return card(
        pgettext_lazy("home", "My service"),
        figures=[
            figure(pgettext_lazy("home", "participations"), totals["n"]),
            figure(pgettext_lazy("home", "hours"), totals["hours"] or 0),
        ],
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "registered members"), numbers["registered_members"]),
        figure(pgettext_lazy("home", "active this year"), numbers["registered_members_active"]),
        figure(pgettext_lazy("home", "participations"), numbers["participations"]),
        figure(pgettext_lazy("home", "service hours"), round(numbers["participation_hours"], 1)),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """The registry's figures of the administrator's area for the year (people.dashboard)."""
    return area_figures_card(
        pgettext_lazy("home", "Party members"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
