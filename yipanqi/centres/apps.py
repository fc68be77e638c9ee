"""The "1+12+X" party-mass service centre network and its 5A rating rounds."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "yipanqi.centres"
    label = "centres"
    verbose_name = "党群服务中心"

    def ready(self) -> None:
        from yipanqi.centres.models import ADMINS, VIEW_ROLES
        from yipanqi.core import registry

        nav = registry.NavItem
        group = "centres"
        registry.add_nav_group(registry.NavGroup(group, _("Service centres"), 45))
        registry.add_nav(nav(_("Centre network"), "centres:network", VIEW_ROLES, 70, group))
        registry.add_nav(nav(_("Centre ranking"), "centres:ranking", VIEW_ROLES, 71, group))
        registry.add_nav(nav(_("5A rating rounds"), "centres:round_list", ADMINS, 72, group))
        registry.add_nav(nav(_("Rating scheme"), "centres:scheme", ADMINS, 73, group))
        _home_cards(registry, ADMINS)


def _home_cards(registry, admins: frozenset[str]) -> None:
    from yipanqi.centres import home
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES

    card = registry.HomeCard
    registry.add_home_card(card("centres-admin", CARD_TEMPLATE, home.admin_card, admins, 45))
    registry.add_home_card(
        card("centres-figures", CARD_TEMPLATE, home.figures_card, admins, 45, FIGURES)
    )
