"""Social organisations (社会组织): registry, incubation, services and matching, 公益创投."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialOrgsConfig(AppConfig):
    name = "yipanqi.socialorgs"
    label = "socialorgs"
    verbose_name = "社会组织"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.socialorgs import pi, policies  # noqa: F401  (processing register, policies)
        from yipanqi.socialorgs.permissions import (
            BOARD_ROLES,
            FUNDER_ROLES,
            REGISTRY_ROLES,
            REVIEWER_ROLES,
            ROUND_ROLES,
        )

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("socialorgs", _("Social organisations"), 47))
        add = registry.add_nav
        add(
            nav(
                _("Organisation directory"), "socialorgs:org_list", REGISTRY_ROLES, 90, "socialorgs"
            )
        )
        add(nav(_("Needs and offers"), "socialorgs:board", BOARD_ROLES, 91, "socialorgs", 40))
        add(nav(_("Venture rounds"), "socialorgs:round_list", ROUND_ROLES, 92, "socialorgs"))
        add(nav(_("My reviews"), "socialorgs:my_reviews", REVIEWER_ROLES, 93, "socialorgs"))
        add(nav(_("Grant payments"), "socialorgs:tranches", FUNDER_ROLES, 94, "socialorgs"))
        from yipanqi.core.home import CARD_TEMPLATE, FIGURES
        from yipanqi.socialorgs import home, my_data
        from yipanqi.socialorgs.models import ADMINS

        card = registry.HomeCard
        registry.add_home_card(
            card("socialorgs", CARD_TEMPLATE, home.work_card, REVIEWER_ROLES, 47)
        )
        registry.add_home_card(
            card("socialorgs-figures", CARD_TEMPLATE, home.figures_card, ADMINS, 47, FIGURES)
        )

        registry.add_my_data(
            registry.MyDataSection("socialorgs", _("Social organisations"), my_data.build, 60)
        )
