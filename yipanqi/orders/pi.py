"""Processing register (core.processing): service orders (三单制)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "service_orders",
            _(
                "A resident's request for help, its dispatch to party members and its rating "
                "(群众点单、组织派单、党员接单)"
            ),
            "consent",
            _("5 years after the order is closed, then anonymised"),
            ("district_admin", "town_admin", "community_admin", "party_member", "resident"),
        ),
    ),
    {
        "orders.OrderCategory.name": (NOT_PERSONAL, "a category's name"),
        # What residents write may name themselves, their health or their home: free text is
        # masked (core.pii.mask_free_text) wherever others read it.
        "orders.ServiceOrder.description": (ORDINARY, "service_orders"),
        "orders.OrderEvent.note": (ORDINARY, "service_orders"),
        "orders.OrderRating.comment": (ORDINARY, "service_orders"),
    },
)
