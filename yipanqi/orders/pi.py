"""Processing register (core.processing): service orders (三单制)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare
from yipanqi.core.retention import ANONYMISED, Related, Rule, retain
from yipanqi.orders.policies import RETENTION_DAYS

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
        "orders.ServiceTeam.name": (NOT_PERSONAL, "a service team's name (组团式服务团队)"),
        # What residents write may name themselves, their health or their home: free text is
        # masked (core.pii.mask_free_text) wherever others read it.
        "orders.ServiceOrder.description": (ORDINARY, "service_orders"),
        "orders.OrderEvent.note": (ORDINARY, "service_orders"),
        "orders.OrderRating.comment": (ORDINARY, "service_orders"),
    },
)

# R-PI-8: five years after closing, the order keeps what it was (category, place, dates, points)
# but no longer who asked or what they wrote.
retain(
    Rule(
        "orders.closed_orders",
        "service_orders",
        "orders.ServiceOrder",
        "closed_at",
        RETENTION_DAYS,
        {"title": ANONYMISED, "description": "", "household": None, "resident": None},
        (
            Related("orders.OrderEvent", "order", {"note": ""}),
            Related("orders.OrderRating", "order", {"comment": ""}),
        ),
        owner="resident__user",  # the resident the order was for, by their account
    )
)
