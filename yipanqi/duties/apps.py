"""Responsibility lists and the duty access system (责任清单 / 准入)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DutiesConfig(AppConfig):
    name = "yipanqi.duties"
    label = "duties"
    verbose_name = "责任清单与准入"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.duties import policies  # noqa: F401  (declares them)
        from yipanqi.duties.models import ADMINS, LEADERS, READERS

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("duties", pgettext_lazy("duties", "Duties"), 49))
        registry.add_nav(nav(_("Responsibility lists"), "duties:list_index", READERS, 88, "duties"))
        registry.add_nav(nav(_("Admitted duties"), "duties:admitted", READERS, 89, "duties"))
        readers = LEADERS | frozenset({"auditor"})
        registry.add_nav(nav(_("Access requests"), "duties:request_list", readers, 90, "duties"))
        registry.add_nav(nav(_("Refused tasks"), "duties:refusals", READERS, 91, "duties"))
        registry.add_nav(nav(_("Burden meter"), "duties:burden", READERS, 92, "duties"))
        _home(registry, ADMINS)


def _home(registry, admins: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.duties import home

    card = registry.HomeCard
    registry.add_home_card(
        card("duties-figures", CARD_TEMPLATE, home.figures_card, admins, 48, FIGURES)
    )
