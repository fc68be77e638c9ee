from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "yipanqi.orders"
    label = "orders"
    verbose_name = "三单制"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.orders import my_data
        from yipanqi.orders.actions import category_ensure_defaults
        from yipanqi.orders.escalation import escalate_overdue
        from yipanqi.orders.models import STAFF
        from yipanqi.orders.permissions import ADMINS

        registry.add_periodic("orders.escalate_overdue", escalate_overdue)
        registry.add_district_setup("orders.categories", category_ensure_defaults)
        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("orders", _("Service orders"), 20))
        residents = frozenset({"resident", "party_member"})
        towns = frozenset({"district_admin", "town_admin"})
        placers = residents | {"grid_worker"}
        # (label, url name, roles, order, group, place in the phone's bottom bar)
        registry.add_nav(nav(_("Place an order"), "orders:new", placers, 50, "mine", 20))
        registry.add_nav(nav(_("My orders"), "orders:mine", residents, 51, "mine", 21))
        registry.add_nav(
            nav(_("Claim orders"), "orders:claim", frozenset({"party_member"}), 52, "mine", 10)
        )
        registry.add_nav(nav(_("Dispatch board"), "orders:board", ADMINS, 53, "orders", 10))
        registry.add_nav(nav(_("Service orders"), "orders:list", STAFF, 54, "orders", 30))
        registry.add_nav(nav(_("Orders overview"), "orders:overview", towns, 55, "orders", 5))
        registry.add_my_data(
            registry.MyDataSection("orders", _("Service orders"), my_data.orders, 30)
        )
        _home_cards(registry, ADMINS, placers)
        # The simple home's big buttons (长辈模式, core.home.simple_home_links).
        simple = registry.SimpleHomeLink
        registry.add_simple_home_link(
            simple(_("Place an order"), "orders:new", residents, 10, "order")
        )
        registry.add_simple_home_link(simple(_("My orders"), "orders:mine", residents, 20, "list"))


def _home_cards(registry, admins: frozenset[str], placers: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.orders import home
    from yipanqi.orders.models import TAKER_ROLES

    card = registry.HomeCard
    organisations = frozenset(TAKER_ROLES.values())
    member = frozenset({"party_member"})
    registry.add_home_card(card("orders-admin", CARD_TEMPLATE, home.admin_card, admins, 10))
    registry.add_home_card(card("orders-member", CARD_TEMPLATE, home.member_card, member, 12))
    registry.add_home_card(card("orders-mine", CARD_TEMPLATE, home.mine_card, placers, 14))
    registry.add_home_card(
        card("orders-organisation", CARD_TEMPLATE, home.organisation_card, organisations, 16)
    )
    registry.add_home_card(
        card("orders-figures", CARD_TEMPLATE, home.figures_card, admins, 10, FIGURES)
    )
