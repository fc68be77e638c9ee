"""Community funding (社区经费保障): rules, allocation runs, budget and spend, venue construction."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "yipanqi.funding"
    label = "funding"
    verbose_name = "社区经费"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.core.home import CARD_TEMPLATE
        from yipanqi.funding import home, pi, policies  # noqa: F401  (declarations)
        from yipanqi.funding.models import ADMINS, DISTRICT

        nav, group = registry.NavItem, "funding"
        registry.add_nav_group(registry.NavGroup(group, _("Funding"), 48))
        registry.add_nav(nav(_("Community funds"), "funding:overview", ADMINS, 85, group))
        registry.add_nav(nav(_("Allocation runs"), "funding:run_list", DISTRICT, 86, group))
        registry.add_nav(nav(_("Construction projects"), "funding:project_list", ADMINS, 87, group))
        registry.add_home_card(
            registry.HomeCard("funding", CARD_TEMPLATE, home.work_card, ADMINS, 48)
        )
