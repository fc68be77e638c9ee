"""The links the reports app offers on a node's page (organisations' area page, through
core.registry.NodeLink): its dashboard and its one-click report, each only where the user's
grants reach the node (a grid has a dashboard but no report: too small to brief on)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.reports import access
from yipanqi.reports.dashboards.access import reader_paths


def _within(area: Any, paths: tuple[str, ...]) -> bool:
    return any(area.path.startswith(p) for p in paths)


def dashboard_href(user: Any, area: Any) -> str | None:
    if not _within(area, reader_paths(user)):
        return None
    return reverse("reports:dash_node", args=[area.code])


def report_href(user: Any, area: Any) -> str | None:
    if area.kind == "grid" or not _within(area, access.report_paths(user)):
        return None
    year = timezone.localdate().year - 1  # the last whole year, what a briefing is usually of
    return f"{reverse('reports:report_list')}?area={area.code}&year={year}"


def register() -> None:
    from yipanqi.core import registry

    dashboard = pgettext_lazy("dashboard", "Dashboard")
    registry.add_node_link(registry.NodeLink(dashboard, dashboard_href, 10))
    registry.add_node_link(registry.NodeLink(_("One-click reports"), report_href, 20))
