from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "yipanqi.orders"
    label = "orders"
    verbose_name = "三单制"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.orders.escalation import escalate_overdue
        from yipanqi.orders.models import STAFF
        from yipanqi.orders.permissions import ADMINS

        registry.add_periodic("orders.escalate_overdue", escalate_overdue)
        nav = registry.NavItem
        residents = frozenset({"resident", "party_member"})
        registry.add_nav(nav(_("Place an order"), "orders:new", residents | {"grid_worker"}, 50))
        registry.add_nav(nav(_("My orders"), "orders:mine", residents, 51))
        registry.add_nav(nav(_("Claim orders"), "orders:claim", frozenset({"party_member"}), 52))
        registry.add_nav(nav(_("Dispatch board"), "orders:board", ADMINS, 53))
        registry.add_nav(nav(_("Service orders"), "orders:list", STAFF, 54))
        registry.add_nav(
            nav(
                _("Orders overview"),
                "orders:overview",
                frozenset({"district_admin", "town_admin"}),
                55,
            )
        )
