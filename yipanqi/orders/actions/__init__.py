"""Every write to service orders (三单制): each step guarded, locked, evented, audited and notified.

`from yipanqi.orders.actions import order_place` keeps working: the steps live in the modules of
this package and are re-exported here.
"""

from yipanqi.orders.actions._common import ORDER_FLOW, due_at
from yipanqi.orders.actions.complete import NOT_A_PARTICIPANT, order_complete, order_rate
from yipanqi.orders.actions.escalate import order_escalate_overdue
from yipanqi.orders.actions.flow import (
    ALREADY_TAKEN,
    UNDO_EXPIRED,
    order_accept,
    order_cancel,
    order_decline,
    order_dispatch,
    order_reassign,
    order_take,
    order_take_undo,
)
from yipanqi.orders.actions.ledger import ledger_credit_participants
from yipanqi.orders.actions.photos import photo_attach
from yipanqi.orders.actions.place import PURPOSE, category_ensure_defaults, order_place
from yipanqi.orders.actions.teams import team_create, team_edit, team_member_add, team_member_remove

__all__ = [
    "ALREADY_TAKEN",
    "NOT_A_PARTICIPANT",
    "ORDER_FLOW",
    "PURPOSE",
    "UNDO_EXPIRED",
    "category_ensure_defaults",
    "due_at",
    "ledger_credit_participants",
    "order_accept",
    "order_cancel",
    "order_complete",
    "order_decline",
    "order_dispatch",
    "order_escalate_overdue",
    "order_place",
    "order_rate",
    "order_reassign",
    "order_take",
    "order_take_undo",
    "photo_attach",
    "team_create",
    "team_edit",
    "team_member_add",
    "team_member_remove",
]
