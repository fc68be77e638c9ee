"""How the audit page names the orders app's actions and rows (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "orders.order.placed": pgettext_lazy("audit", "Service order placed"),
    "orders.order.accepted": pgettext_lazy("audit", "Service order accepted"),
    "orders.order.declined": pgettext_lazy("audit", "Service order declined"),
    "orders.order.dispatched": pgettext_lazy("audit", "Service order dispatched"),
    "orders.order.reassigned": pgettext_lazy("audit", "Service order reassigned"),
    "orders.order.taken": pgettext_lazy("audit", "Service order taken"),
    "orders.order.take_undone": pgettext_lazy("audit", "Taking of a service order undone"),
    "orders.order.completed": pgettext_lazy("audit", "Service order completed"),
    "orders.order.rated": pgettext_lazy("audit", "Service order rated"),
    "orders.order.reopened": pgettext_lazy("audit", "Service order reopened after rating"),
    "orders.order.cancelled": pgettext_lazy("audit", "Service order cancelled"),
    "orders.order.escalated": pgettext_lazy("audit", "Overdue service order escalated"),
    "orders.photo.added": pgettext_lazy("audit", "Photo added to a service order"),
    "orders.categories.created": pgettext_lazy("audit", "Service categories set up"),
    "orders.team.created": pgettext_lazy("audit", "Service team set up"),
    "orders.team.edited": pgettext_lazy("audit", "Service team changed"),
    "orders.team_member.added": pgettext_lazy("audit", "Member added to a service team"),
    "orders.team_member.removed": pgettext_lazy("audit", "Member left a service team"),
}
PARTS = {
    "orders.ordercandidate": "order",
    "orders.orderevent": "order",
    "orders.orderparticipant": "order",
    "orders.orderrating": "order",
    "orders.orderphoto": "order",
    "orders.serviceteammember": "team",
}
SYSTEM = {"orders.escalation": pgettext_lazy("audit", "overdue escalation")}
DATA = {
    "score": pgettext_lazy("audit", "score"),
    "solved": pgettext_lazy("audit", "solved"),
    "hours": pgettext_lazy("audit", "hours"),
    "participants": pgettext_lazy("audit", "participants"),
}
