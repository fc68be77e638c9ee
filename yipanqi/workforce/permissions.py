"""Who may do what with community workers, derived from role grants on the area tree.

A community's administrators keep its workers' records, appraisals and attendance; the town's and
the district's administrators do too, and they alone are workforce administrators: pay tables
(district), pay runs (town or district), pay lines and their export (a permission of its own,
audited like unmasking). A worker sees their own record and pay lines and signs in to courses.
"""

from typing import Any

from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants
from yipanqi.workforce.models import ADMINS, PAY_ADMINS, Course, PayRun, PayTable, Worker

DISTRICT = frozenset({Role.DISTRICT_ADMIN})


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def can_manage_workers_in(user: Any, area: Area) -> bool:
    """Appoint, transfer, appraise, record moves: administrators of the area or above."""
    return _covers(user, ADMINS, area.path)


def can_manage_worker(user: Any, worker: Worker) -> bool:
    return _covers(user, ADMINS, worker.scope_path)


def can_set_pay_table(user: Any, district: Area) -> bool:
    return _covers(user, DISTRICT, district.path)


def can_edit_pay_table(user: Any, table: PayTable) -> bool:
    return _covers(user, DISTRICT, table.scope_path)


def can_compute_pay(user: Any, area: Area) -> bool:
    """Compute a pay run for a town or the district: its workforce administrators."""
    return _covers(user, PAY_ADMINS, area.path)


def can_approve_pay(user: Any, run: PayRun) -> bool:
    """Approve a draft run: another workforce administrator covering its area (four eyes are
    checked by the action, which knows who computed it)."""
    return _covers(user, PAY_ADMINS, run.scope_path)


def can_export_pay(user: Any, run: PayRun) -> bool:
    """Export a run's pay lines (names and pay): its workforce administrators only."""
    return _covers(user, PAY_ADMINS, run.scope_path)


def can_run_course(user: Any, course: Course) -> bool:
    """Enrol workers and keep the attendance list: administrators of the course's area or above."""
    return _covers(user, ADMINS, course.scope_path)


def can_plan_course_in(user: Any, area: Area) -> bool:
    """District key training by the district, town training by the town."""
    return _covers(user, PAY_ADMINS, area.path)


def is_the_worker(user: Any, worker: Worker) -> bool:
    return worker.person.user_id is not None and worker.person.user_id == getattr(user, "pk", None)


def can_enrol(user: Any, course: Course, worker: Worker) -> bool:
    """Whoever runs the course, or the worker's own community's administrators."""
    return can_run_course(user, course) or can_manage_worker(user, worker)


def can_sign_in(user: Any, course: Course, worker: Worker) -> bool:
    """The worker on their phone (with the day's code), or an administrator keeping the list."""
    return is_the_worker(user, worker) or can_enrol(user, course, worker)


def can_show_sign_in_code(user: Any, course: Course) -> bool:
    """The QR code and the day's code are shown to whoever keeps the course's list."""
    return can_run_course(user, course)


def is_pay_admin(user: Any) -> bool:
    """Holds a workforce administrator's role somewhere (the pay pages are offered)."""
    return any(g.role in PAY_ADMINS for g in active_grants(user))
