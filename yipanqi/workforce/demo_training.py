"""The demo's training year (区级重点培训 + 镇街全员培训, 小班化、专题化): heads and deputies take one
three-day district course and two 2.5-day town courses, other staff three 2.5-day town courses,
in classes of at most 30 (town) or 40 (district). In 2021 one of 奉中社区's staff misses a course
(five days: flagged), and a December district course has 奉中社区's head enrolled but not yet
signed in (the phone sign-in of the browser test)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from yipanqi.core.demo_kit.clock import replay
from yipanqi.workforce import actions
from yipanqi.workforce.choices import Post
from yipanqi.workforce.demo_plan import local
from yipanqi.workforce.models import Worker

TOWN_CLASS, DISTRICT_CLASS = 30, 40
TOWN_DAYS = Decimal("2.5")
THEMES = (
    "基层党建",
    "社区治理",
    "群众工作",
    "应急管理",
    "为民服务",
    "数字化应用",
    "政策法规",
    "心理疏导",
)
SHORT_COMMUNITY = "奉中社区"


def _chunks(rows: list[Worker], size: int) -> list[list[Worker]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _course(area: Any, year: int, month: int, n: int, days: Decimal, size: int, group, absent):
    start = datetime.date(year, month, 5 + (n * 3) % 20)
    theme = THEMES[n % len(THEMES)]
    return actions.NewCourse(
        area=area,
        title=f"{year}年{area.name}{theme}专题培训班（第{n + 1}期）",
        theme=theme,
        start=start,
        end=start + datetime.timedelta(days=int(days + Decimal("0.5")) - 1),
        days=days,
        class_size=size,
        attended=[w for w in group if w.pk not in absent],
        absent=[w for w in group if w.pk in absent],
        place=f"{area.name}党群服务中心",
    )


def build_training(demo: Any, workers: list[Worker], year: int, actor: Any) -> None:
    district = demo.areas[demo.plan.code]
    leaders = [w for w in workers if w.post in (Post.HEAD, Post.DEPUTY)]
    short = _short_worker(workers) if year == 2021 else None
    courses = [
        _course(district, year, 3 + n % 8, n, Decimal(3), DISTRICT_CLASS, group, set())
        for n, group in enumerate(_chunks(leaders, DISTRICT_CLASS))
    ]
    by_town: dict[str, list[Worker]] = defaultdict(list)
    for w in workers:
        by_town[w.scope_path[: len(w.community.path) - 4]].append(w)
    towns = {a.path: a for a in demo.areas.values()}
    for town_path, staff in by_town.items():
        n = 0
        for slot in range(3):
            takers = [w for w in staff if slot < (2 if w.post != Post.OTHER else 3)]
            for group in _chunks(takers, TOWN_CLASS):
                absent = {short.pk} if short is not None and slot == 2 else set()
                month = 4 + slot * 2
                courses.append(
                    _course(towns[town_path], year, month, n, TOWN_DAYS, TOWN_CLASS, group, absent)
                )
                n += 1
    with replay(local(year, 1, 15)):
        actions.training_record_bulk(courses=courses, actor=actor)
    if year == 2021:
        _december_course(district, workers, actor)


def _short_worker(workers: list[Worker]) -> Worker | None:
    return next(
        (w for w in workers if w.community.name == SHORT_COMMUNITY and w.post == Post.OTHER),
        None,
    )


def _december_course(district: Any, workers: list[Worker], actor: Any) -> None:
    head = next(w for w in workers if w.community.name == SHORT_COMMUNITY and w.post == Post.HEAD)
    with replay(local(2021, 12, 1)):
        course = actions.course_create(
            area=district,
            title="2021年社区书记年终述职与能力提升班",
            theme="基层党建",
            start=datetime.date(2021, 12, 27),
            end=datetime.date(2021, 12, 28),
            days=2,
            class_size=DISTRICT_CLASS,
            place="奉化区委党校",
            actor=actor,
        )
        actions.course_enrol(course=course, workers=[head], actor=actor)
