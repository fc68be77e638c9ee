"""The one-click reports' menu entry (called from ReportsConfig.ready); its label is the page's h1."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from yipanqi.core import registry
    from yipanqi.reports.access import REPORT_ROLES

    label = _("One-click reports")
    registry.add_nav(registry.NavItem(label, "reports:report_list", REPORT_ROLES, 92, "reports"))
