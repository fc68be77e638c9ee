"""The grid app's cards on the home page (core.home): households still to visit in open sweeps,
incidents waiting for a step, and the grid-work figures of an administrator's area."""

from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, todo, url
from yipanqi.grid import dashboard, permissions, selectors
from yipanqi.grid.choices import CampaignStatus, IncidentStatus, Outcome
from yipanqi.organisations.permissions import widest_area

INCIDENTS = "grid:incident_list"
MAX_SWEEPS = 3  # open sweeps listed one by one on the card; more link to the sweep list

# selectors.sweeps.pending_condition, for targets of several campaigns at once
PENDING = Q(outcome="") | Q(
    outcome=Outcome.NOBODY_HOME, last_round__lt=F("campaign__current_round")
)


def _sweep_todos(user: Any) -> list[dict[str, Any]]:
    """One to-do per open sweep with households still to visit (one query)."""
    rows = list(
        permissions.targets_visible_to(user)
        .filter(PENDING, campaign__status=CampaignStatus.OPEN)
        .values("campaign_id", "campaign__title")
        .annotate(n=Count("pk"))
        .order_by("campaign_id")
    )
    if not rows or len(rows) > MAX_SWEEPS:
        total = sum(r["n"] for r in rows)
        link = url("grid:campaign_list")
        return [todo(pgettext_lazy("home", "households to visit in open sweeps"), total, link)]
    label = pgettext_lazy("home", "households to visit: %(sweep)s")
    return [
        todo(
            label % {"sweep": r["campaign__title"]},
            r["n"],
            url("grid:visit_list", r["campaign_id"]),
        )
        for r in rows
    ]


def _incident_counts(user: Any) -> dict[str, int]:
    return (
        selectors.incident_list(user=user)
        .order_by()
        .aggregate(
            **{s: Count("pk", filter=Q(status=s)) for s in IncidentStatus.values},
        )
    )


def worker_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Grid workers: households to visit, incidents waiting above, handled ones to close."""
    counts = _incident_counts(user)
    reported, handled = IncidentStatus.REPORTED, IncidentStatus.HANDLED
    return card(
        pgettext_lazy("home", "Grid work"),
        todos=[
            *_sweep_todos(user),
            todo(
                pgettext_lazy("home", "incidents waiting for acceptance"),
                counts[reported],
                _incidents(reported),
            ),
            todo(
                pgettext_lazy("home", "incidents handled, to close"),
                counts[handled],
                _incidents(handled),
            ),
        ],
        more=(pgettext_lazy("home", "Report an incident"), url("grid:incident_new")),
    )


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Administrators: incidents to accept and in handling in their area."""
    counts = _incident_counts(user)
    reported, accepted = IncidentStatus.REPORTED, IncidentStatus.ACCEPTED
    return card(
        pgettext_lazy("home", "Incidents"),
        todos=[
            todo(pgettext_lazy("home", "to accept"), counts[reported], _incidents(reported)),
            todo(pgettext_lazy("home", "being handled"), counts[accepted], _incidents(accepted)),
        ],
        more=(pgettext_lazy("home", "Sweeps"), url("grid:campaign_list")),
    )


def _incidents(status: str) -> str:
    return url(INCIDENTS, status=status)


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "households screened"), numbers["households_screened"]),
        figure(pgettext_lazy("home", "visits"), numbers["sweep_visits"]),
        figure(pgettext_lazy("home", "incidents reported"), numbers["incidents_reported"]),
        figure(pgettext_lazy("home", "incidents closed"), numbers["incidents_closed"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """Grid work of the administrator's area for the year (grid.dashboard)."""
    return area_figures_card(
        pgettext_lazy("home", "Grid work"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
