"""Reads of service orders; every one starts from the user's scope (orders_visible_to / for_user).

Lists select their relations up front, so a page costs the same number of queries for 5 orders or
500 (asserted in tests/test_queries.py).
"""

from yipanqi.orders.selectors.board import (
    Board,
    DispatchTargets,
    board_communities,
    board_grids,
    completion_participants,
    creditable_members,
    dispatch_board,
    dispatch_targets,
    manageable_orders,
    member_suggestions,
    registered_members,
    serving_teams,
)
from yipanqi.orders.selectors.orders import (
    BOARD_TABS,
    ESCALATED_FROM,
    categories_for,
    claimable_orders,
    grids_for_placing,
    my_orders,
    order_candidates,
    order_events,
    order_get,
    order_get_to_take,
    order_list,
    order_photos,
    order_steps,
    photo_get,
    resident_person,
    taken_orders,
    user_district_codes,
)
from yipanqi.orders.selectors.overview import Overview, overview

__all__ = [
    "BOARD_TABS",
    "ESCALATED_FROM",
    "Board",
    "DispatchTargets",
    "Overview",
    "board_communities",
    "board_grids",
    "categories_for",
    "claimable_orders",
    "completion_participants",
    "creditable_members",
    "dispatch_board",
    "dispatch_targets",
    "grids_for_placing",
    "manageable_orders",
    "member_suggestions",
    "my_orders",
    "order_candidates",
    "order_events",
    "order_get",
    "order_get_to_take",
    "order_list",
    "order_photos",
    "order_steps",
    "overview",
    "photo_get",
    "registered_members",
    "resident_person",
    "serving_teams",
    "taken_orders",
    "user_district_codes",
]
