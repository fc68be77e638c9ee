"""Open venues shared across units (阵地共享): venues, bookings, co-building credit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "yipanqi.venues"
    label = "venues"
    verbose_name = "阵地共享"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.venues import policies  # noqa: F401  (declares the policies)
        from yipanqi.venues.reach import ADMINS, BOOKER_ROLES

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("venues", _("Venues"), 45))
        registry.add_nav(
            nav(_("Venue calendar"), "venues:venue_list", BOOKER_ROLES, 80, "venues", 30)
        )
        registry.add_nav(nav(_("My bookings"), "venues:my_bookings", BOOKER_ROLES, 81, "venues"))
        approvers = ADMINS | frozenset({"unit_liaison", "social_org_staff", "grid_worker"})
        registry.add_nav(nav(_("Booking approvals"), "venues:approvals", approvers, 82, "venues"))
        readers = ADMINS | frozenset({"auditor"})
        registry.add_nav(nav(_("Co-building credit"), "venues:credit", readers, 83, "venues"))
        _home_cards(registry, BOOKER_ROLES, ADMINS)


def _home_cards(registry, bookers: frozenset[str], admins: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.venues import home

    card = registry.HomeCard
    registry.add_home_card(card("venues", CARD_TEMPLATE, home.bookings_card, bookers, 40))
    registry.add_home_card(
        card("venues-figures", CARD_TEMPLATE, home.figures_card, admins, 40, FIGURES)
    )
