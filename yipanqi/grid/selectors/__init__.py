"""Reads of grid work; every one starts from the user's scope (`*_visible_to` / `for_user`).

Lists select their relations up front, so a page costs the same number of queries for 5 rows or
500 (asserted in tests/test_queries.py).
"""

from yipanqi.grid.selectors.coverage import Coverage, coverage, coverage_node, default_node, rate
from yipanqi.grid.selectors.incidents import (
    STEPS,
    grids_for_reporting,
    incident_events,
    incident_get,
    incident_list,
    incident_photo_get,
    incident_photos,
    incident_steps,
)
from yipanqi.grid.selectors.sweeps import (
    AssignmentRow,
    areas_for_campaigns,
    areas_for_targets,
    assignable_people,
    assignee_choices,
    assignments,
    campaign_brief,
    campaign_get,
    campaign_list,
    open_campaigns,
    pending_condition,
    target_get,
    target_visits,
    visit_grids,
    visit_list,
)
from yipanqi.grid.selectors.visits import (
    VisitCounts,
    next_pending,
    offline_targets,
    visit_counts,
)

__all__ = [
    "STEPS",
    "AssignmentRow",
    "Coverage",
    "VisitCounts",
    "areas_for_campaigns",
    "areas_for_targets",
    "assignable_people",
    "assignee_choices",
    "assignments",
    "campaign_brief",
    "campaign_get",
    "campaign_list",
    "coverage",
    "coverage_node",
    "default_node",
    "grids_for_reporting",
    "incident_events",
    "incident_get",
    "incident_list",
    "incident_photo_get",
    "incident_photos",
    "incident_steps",
    "next_pending",
    "offline_targets",
    "open_campaigns",
    "pending_condition",
    "rate",
    "target_get",
    "target_visits",
    "visit_counts",
    "visit_grids",
    "visit_list",
]
