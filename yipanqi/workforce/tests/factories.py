"""Test data on the factory district (towns A, B; communities A1, A2, B1, B2), built through the
workforce actions. Every worker records where it is and whose account it is, so the scope tests
compute who may see it without asking the permission code.

workers: "a1_head" (community_admin_a1's own record), "a1_other" (grid_worker_a1's own record),
"a2_deputy", "b1_head", "b2_other"; "b2_moved" moved into a civil-service post in 2020.
The 2021 pay table; town A's 2021 run computed by town_admin_a and approved by district_admin;
town B's 2021 run a draft computed by district_admin. A town A course (A1's two enrolled, the
head attended) and a district course (nobody enrolled).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yipanqi.core.actors import system
from yipanqi.people import actions as people
from yipanqi.people.tests.factories import make_id_number, make_phone
from yipanqi.workforce import actions
from yipanqi.workforce.choices import AppraisalResult, MoveKind, Post
from yipanqi.workforce.models import Course, PayRun, PayTable, Worker

TEST = system("test")
BASE = Decimal("60000")
# key → (community index, post, started, education, qualification, linked persona)
WORKERS = {
    "a1_head": (0, Post.HEAD, 2006, "bachelor", "intermediate", "community_admin_a1"),
    "a1_other": (0, Post.OTHER, 2015, "college", "none", "grid_worker_a1"),
    "a2_deputy": (1, Post.DEPUTY, 2012, "master", "assistant", ""),
    "b1_head": (2, Post.HEAD, 2003, "college", "senior", ""),
    "b2_other": (3, Post.OTHER, 2019, "secondary", "none", ""),
    "b2_moved": (3, Post.OTHER, 2010, "bachelor", "assistant", ""),
}
COMMUNITY_OF = {k: v[0] for k, v in WORKERS.items()}  # A1=0, A2=1, B1=2, B2=3


@dataclass
class WorkforceWorld:
    district: Any
    table: PayTable
    workers: dict[str, Worker] = field(default_factory=dict)
    runs: dict[str, PayRun] = field(default_factory=dict)  # "A" approved, "B" draft
    courses: dict[str, Course] = field(default_factory=dict)  # "town_a", "district"

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas


_seq = [0]


def make_person(d: Any, community_index: int, name: str, user: Any = None) -> Any:
    _seq[0] += 1
    n = _seq[0]
    grid = d.grids[community_index * 2]
    person = people.person_create(
        area=grid,
        name=name,
        id_number=make_id_number(datetime.date(1977, 1 + n % 12, 1 + n % 28), 500 + n),
        phone=make_phone(900 + n),
        actor=TEST,
    )
    if user is not None:
        people.person_link_user(person=person, user=user, actor=TEST)
    return person


def appoint(d: Any, key: str, index: int, post: str, started: int, edu: str, qual: str, user=None):
    person = make_person(d, index, f"工作者{key}", user)
    return actions.worker_appoint(
        person=person,
        community=d.communities[index],
        post=post,
        started_on=datetime.date(started, 3, 1),
        education=edu,
        qualification=qual,
        actor=TEST,
    )


def build_workforce_world(d: Any, *, runs: bool = True) -> WorkforceWorld:
    table = actions.pay_table_create(district=d.district, year=2021, base_amount=BASE, actor=TEST)
    w = WorkforceWorld(district=d, table=table)
    for key, (index, post, started, edu, qual, persona) in WORKERS.items():
        user = d.personas[persona] if persona else None
        w.workers[key] = appoint(d, key, index, post, started, edu, qual, user)
    actions.career_move_record(
        worker=w.workers["b2_moved"],
        moved_on=datetime.date(2020, 6, 1),
        kind=MoveKind.CIVIL_SERVICE,
        destination="奉化区民政局",
        actor=TEST,
    )
    actions.appraisal_record(
        worker=w.workers["a1_head"], year=2021, result=AppraisalResult.EXCELLENT, actor=TEST
    )
    _courses(w)
    if runs:
        _runs(w)
    return w


def _courses(w: WorkforceWorld) -> None:
    d = w.district
    town = actions.course_create(
        area=d.towns[0], title="社区治理专题培训", theme="社区治理",
        start=datetime.date(2021, 4, 6), end=datetime.date(2021, 4, 9), days=4,
        class_size=30, actor=TEST,
    )  # fmt: skip
    actions.course_enrol(
        course=town, workers=[w.workers["a1_head"], w.workers["a1_other"]], actor=TEST
    )
    actions.attendance_sign_in(course=town, worker=w.workers["a1_head"], actor=TEST)
    district = actions.course_create(
        area=d.district, title="区级重点培训", theme="基层党建",
        start=datetime.date(2021, 5, 10), end=datetime.date(2021, 5, 12), days=3,
        class_size=40, actor=TEST,
    )  # fmt: skip
    w.courses = {"town_a": town, "district": district}


def _runs(w: WorkforceWorld) -> None:
    d, p = w.district, w.personas
    run_a = actions.pay_run_compute(area=d.towns[0], year=2021, actor=p["town_admin_a"])
    actions.pay_run_approve(run=run_a, actor=p["district_admin"])
    run_b = actions.pay_run_compute(area=d.towns[1], year=2021, actor=p["district_admin"])
    w.runs = {"A": run_a, "B": run_b}
