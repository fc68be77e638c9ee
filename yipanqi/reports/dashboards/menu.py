"""The dashboards' menu entries (called from ReportsConfig.ready)."""

from django.utils.translation import pgettext_lazy


def register() -> None:
    from yipanqi.core import registry
    from yipanqi.reports.dashboards.access import DASHBOARD_ROLES

    registry.add_nav_group(registry.NavGroup("reports", pgettext_lazy("dashboard", "Reports"), 65))
    nav = registry.NavItem
    label = pgettext_lazy("dashboard", "Dashboard")
    screen = pgettext_lazy("dashboard", "Big screen")
    registry.add_nav(nav(label, "reports:dash_home", DASHBOARD_ROLES, 90, "reports"))
    registry.add_nav(nav(screen, "reports:dash_screen_home", DASHBOARD_ROLES, 91, "reports"))
