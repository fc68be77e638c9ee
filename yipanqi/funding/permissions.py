"""Who may do what with community funding, derived from role grants on the area tree.

The district's administrators (finance) set the yearly rules and compute allocation runs; another
district administrator approves a run (four eyes, checked by the action). A community's
administrators record its expenses, evidence and own income; the expense is approved by another
administrator covering it — an overspend only by the street's or district's. Construction projects
are planned by the street or district; the community reports progress.
"""

import os
from typing import Any

from yipanqi.funding.models import ADMINS, DISTRICT, FINANCE, AllocationRun, Expense, Project
from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def can_set_rules(user: Any, district: Area) -> bool:
    return _covers(user, DISTRICT, district.path)


def can_compute_run(user: Any, district: Area) -> bool:
    return _covers(user, DISTRICT, district.path)


def can_approve_run(user: Any, run: AllocationRun) -> bool:
    return _covers(user, DISTRICT, run.scope_path)


def can_credit_duty_money(user: Any, request_path: str) -> bool:
    """Credit the money of an admitted duty (费随事转): the district's finance."""
    return _covers(user, DISTRICT, request_path)


def can_keep_books(user: Any, community: Area) -> bool:
    """Record expenses, evidence and own income: administrators of the community or above."""
    return _covers(user, ADMINS, community.path)


def can_approve_expense(user: Any, expense: Expense) -> bool:
    return _covers(user, ADMINS, expense.scope_path)


def can_approve_overspend(user: Any, expense: Expense) -> bool:
    return _covers(user, FINANCE, expense.scope_path)


def can_plan_project(user: Any, community: Area) -> bool:
    return _covers(user, FINANCE, community.path)


def can_report_progress(user: Any, project: Project) -> bool:
    return _covers(user, ADMINS, project.scope_path)


def can_complete_project(user: Any, project: Project) -> bool:
    return _covers(user, FINANCE, project.scope_path)


def is_finance(user: Any) -> bool:
    return any(g.role in FINANCE for g in active_grants(user))


def is_district(user: Any) -> bool:
    return any(g.role in DISTRICT for g in active_grants(user))


def is_admin(user: Any) -> bool:
    """Sees some community's funds (and so may export the overview of what it sees)."""
    return any(g.role in ADMINS for g in active_grants(user))


def can_oversee_town(user: Any, town: Area) -> bool:
    """The town's overview: its own administrators and the district's (not a community's)."""
    return _covers(user, FINANCE, town.path)


def own_town_path(user: Any) -> str:
    """The path of the one town a town administrator's overview opens on, or "" when the user
    administers a district, several towns, or no town (then the overview is not one town's)."""
    grants = [g for g in active_grants(user) if g.role in ADMINS]
    towns = {g.area.path for g in grants if g.role == Role.TOWN_ADMIN}
    if len(towns) != 1 or any(g.role == Role.DISTRICT_ADMIN for g in grants):
        return ""
    town = next(iter(towns))
    return town if all(g.area.path.startswith(town) for g in grants) else ""


def audit_scope(user: Any) -> tuple[str, str]:
    """Where an export of the overview is filed: the narrowest area covering every funding grant
    of the user, so auditors above it see the event."""
    areas = [g.area for g in active_grants(user) if g.role in ADMINS]
    if not areas:
        return "", ""
    common = os.path.commonprefix([a.path for a in areas])
    return common[: len(common) // Area.steplen * Area.steplen], areas[0].district_code
