"""四方议事厅 and councils: topics, meetings, votes, resolutions, follow-ups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "yipanqi.deliberation"
    label = "deliberation"
    verbose_name = "四方议事"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.deliberation import (
            my_data,
            policies,  # noqa: F401  (declares the policy settings)
        )
        from yipanqi.deliberation.models import ADMINS, STAFF
        from yipanqi.deliberation.permissions import READERS, RESIDENTS

        nav = registry.NavItem
        group = "deliberation"
        registry.add_nav_group(registry.NavGroup(group, _("Deliberation"), 40))
        registry.add_nav(
            nav(_("Raise a topic"), "deliberation:topic_new", RESIDENTS, 60, "mine", 40)
        )
        registry.add_nav(nav(_("Public notices"), "deliberation:notices", READERS, 61, group, 50))
        registry.add_nav(nav(_("Deliberation hall"), "deliberation:index", STAFF, 62, group, 40))
        registry.add_nav(nav(_("Follow-up tasks"), "deliberation:followups", ADMINS, 63, group))
        registry.add_my_data(
            registry.MyDataSection("topics", _("Topics raised"), my_data.topics, 40)
        )
        _home_cards(registry, ADMINS)


def _home_cards(registry, admins: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.deliberation import home

    card = registry.HomeCard
    registry.add_home_card(card("deliberation-admin", CARD_TEMPLATE, home.admin_card, admins, 40))
    registry.add_home_card(
        card("deliberation-figures", CARD_TEMPLATE, home.figures_card, admins, 40, FIGURES)
    )
