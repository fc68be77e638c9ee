"""The grid part of the Fenghua 2021 demo (issue 5, "Demo"): the 2021 epidemic 清楼 sweep of the
main urban communities, an open sweep in 奉中社区's first grid with households still to visit, and
incident reports at every stage.

The seed's figure is not typed in anywhere: the report counts `households_screened` from the visit
records (grid.dashboard; docs/decisions/007). The plan below only decides, deterministically, which
households end the sweep without being screened — nobody home in both rounds, or refused — so that
62,178 of the main urban households are screened.

How it is built. The 2021 campaign is created through `campaign_create` (targets and the automatic
split as in real use). Its ~67,000 visits go straight into their table in batches (core.demo_kit.rows),
each batch followed by one `grid.demo.visits_created` audit event per grid naming its rows by id
ranges (as the people demo does; docs/decisions/005); the targets' latest outcome is then set as
`visit_record` sets it. The current sweep's visits and the incidents go through the actions.
"""

import datetime
import json
import time
from collections import defaultdict
from typing import Any

from django.db import connection
from django.utils import timezone

from yipanqi.core import pii
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter, Table
from yipanqi.core.demo_kit.state import Demo
from yipanqi.grid import actions
from yipanqi.grid.actions import FollowUp, QuestionSpec
from yipanqi.grid.choices import Outcome
from yipanqi.grid.escalation import close_ended_campaigns
from yipanqi.grid.models import Campaign, Incident, Target, Visit
from yipanqi.organisations.choices import AreaKind
from yipanqi.people.demo import is_main_urban
from yipanqi.people.imports.writer import id_ranges

SCREENED_2021 = 62_178  # the seed (MISSION.md B): households the 2021 清楼 sweep screened
SWEEP_DAYS = (datetime.date(2021, 1, 25), datetime.date(2021, 2, 10))
ROUND_TWO = datetime.date(2021, 2, 2)
SECOND_ROUND_SHARE = 0.07  # screened households nobody was home at the first time
REFUSED_SHARE = 0.3  # of the households never screened; the rest were never found at home
FOLLOW_UP_SHARE = 0.012  # screened households that needed follow-up
CURRENT_VISITED_SHARE = 0.25  # of the open sweep's households, already visited
SECONDS: dict[str, float] = {}  # the last build's time after each stage (see the tests)
QUESTIONS = (
    QuestionSpec("家中是否有发热、咳嗽等症状", "yes_no", required=True),
    QuestionSpec("14天内是否有中高风险地区旅居史", "yes_no", required=True),
    QuestionSpec("疫苗接种情况", "choice", ("未接种", "已接种第一剂", "已完成接种")),
    QuestionSpec("家庭常住人数", "number"),
    QuestionSpec("是否需要社区帮助", "yes_no"),
)
VISIT_COLUMNS = (
    "id", "created_at", "updated_at", "scope_path", "district_code", "campaign_id", "target_id",
    "household_id", "round", "outcome", "answers", "note", "visited_at", "visited_by_id",
    "order_id", "incident_id", "idempotency_key",
)  # fmt: skip


def grid_counts() -> dict[str, int]:
    """What the demo command prints about grid work, counted from the records."""
    return {
        "sweep campaigns": Campaign.objects.count(),
        "sweep target households": Target.objects.count(),
        "sweep visits": Visit.objects.count(),
        "incident reports": Incident.objects.count(),
    }


def build_grid(demo: Demo) -> None:
    """The demo step: the 2021 sweep, the open sweep, incidents."""
    started = time.perf_counter()
    campaign = _sweep_2021(demo)
    SECONDS["targets"] = time.perf_counter() - started
    Sweep2021(demo, campaign).write()
    SECONDS["sweep"] = time.perf_counter() - started
    _current_sweep(demo)
    SECONDS["current"] = time.perf_counter() - started
    _incidents(demo)
    # What the periodic job does every day: the 2021 sweep is long over, so it is closed.
    while close_ended_campaigns():
        pass
    SECONDS["total"] = time.perf_counter() - started


def _sweep_2021(demo: Demo) -> Campaign:
    main = [
        a for a in demo.areas.values() if a.kind == AreaKind.COMMUNITY and is_main_urban(a.code)
    ]
    return actions.campaign_create(
        area=demo.areas[demo.plan.code],
        title="2021年春节疫情防控“清楼”行动",
        purpose="逐楼逐户排查主城区常住户的健康状况、旅居史和疫苗接种情况，发现困难及时跟进。",
        starts_on=SWEEP_DAYS[0],
        ends_on=SWEEP_DAYS[1],
        rounds=2,
        target_areas=sorted(main, key=lambda a: a.code),
        questions=QUESTIONS,
        actor=system("demo"),
    )


class Sweep2021:
    """Plans and writes the visits of the 2021 sweep (see the module docstring)."""

    def __init__(self, demo: Demo, campaign: Campaign):
        self.demo, self.campaign = demo, campaign
        self.rng = names.rng_for("grid", "sweep-2021")
        self.local = clock.LOCAL
        self.questions = list(campaign.questions.order_by("position").values_list("pk", flat=True))
        self.rows = RowWriter({"visits": Table(Visit, VISIT_COLUMNS)}, actor=system("demo"))
        self.grid_visits: dict[int, list[int]] = defaultdict(list)
        self.stamps: dict[tuple, Any] = {}
        self.variants = {False: self._variants(False), True: self._variants(True)}

    def write(self) -> None:
        columns = ("pk", "household_id", "grid_id", "assignee_id", "scope_path", "district_code")
        targets = list(self.campaign.targets.order_by("pk").values_list(*columns))
        never = self._never_screened(len(targets))
        for index, target in enumerate(targets):
            self._household(target, never.get(index))
            self.rows.maybe_flush()
        self._events()
        self.rows.finish()
        self._set_latest()

    def _never_screened(self, count: int) -> dict[int, str]:
        """Which households end unscreened, and how: chosen by a seeded draw."""
        if count < SCREENED_2021:
            raise RuntimeError(
                f"{count} main urban households cannot give {SCREENED_2021} screened"
            )
        chosen = self.rng.sample(range(count), count - SCREENED_2021)
        refused = int(len(chosen) * REFUSED_SHARE)
        return {
            i: Outcome.REFUSED if n < refused else Outcome.NOBODY_HOME for n, i in enumerate(chosen)
        }

    def _household(self, target: tuple, never: str | None) -> None:
        rng = self.rng
        if never == Outcome.REFUSED:
            self._visit(target, 1, Outcome.REFUSED)
            return
        if never == Outcome.NOBODY_HOME or rng.random() < SECOND_ROUND_SHARE:
            self._visit(target, 1, Outcome.NOBODY_HOME)
            if never == Outcome.NOBODY_HOME:
                self._visit(target, 2, Outcome.NOBODY_HOME)
                return
            self._visit(target, 2, self._screened())
            return
        self._visit(target, 1, self._screened())

    def _screened(self) -> str:
        return Outcome.FOLLOW_UP if self.rng.random() < FOLLOW_UP_SHARE else Outcome.VISITED

    def _answers(self, outcome: str) -> bytes | None:
        """Sealed as Visit.answers stores them (core.sealed): each visit its own ciphertext."""
        if outcome not in (Outcome.VISITED, Outcome.FOLLOW_UP):
            return None
        sheet = self.rng.choice(self.variants[outcome == Outcome.FOLLOW_UP])
        return pii.encrypt(sheet, context="grid.visit.answers")

    def _variants(self, follow_up: bool, count: int = 64) -> list[str]:
        """A few dozen answer sheets to draw from (drawing each of 60,000 costs seconds)."""
        rng, q, sheets = self.rng, self.questions, []
        for _ in range(count):
            vaccine = rng.choices(["未接种", "已接种第一剂", "已完成接种"], [85, 10, 5])[0]
            values = [rng.random() < 0.01, rng.random() < 0.02, vaccine, float(rng.randint(1, 5))]
            values.append(follow_up)
            answers = {str(pk): v for pk, v in zip(q, values, strict=True)}
            sheets.append(json.dumps(answers, ensure_ascii=False))
        return sheets

    def _when(self, round_no: int) -> Any:
        """A database-ready time in the round's week, between 9:00 and 20:00."""
        rng = self.rng
        key = (round_no, rng.randint(0, 6), rng.randint(9, 19), rng.randrange(0, 60, 5))
        stamp = self.stamps.get(key)
        if stamp is None:
            first = SWEEP_DAYS[0] if round_no == 1 else ROUND_TWO
            day = first + datetime.timedelta(days=key[1])
            at = datetime.datetime.combine(day, datetime.time(key[2], key[3]), tzinfo=self.local)
            stamp = self.stamps[key] = self.rows.stamp(at)
        return stamp

    def _visit(self, target: tuple, round_no: int, outcome: str) -> None:
        pk, household, grid, assignee, path, district = target
        stamp = self._when(round_no)
        visit = self.rows["visits"].add_row(
            (stamp, stamp, path, district, self.campaign.pk, pk, household, round_no, outcome)
            + (self._answers(outcome), None, stamp, assignee, None, None, "")
        )
        self.grid_visits[grid].append(visit)

    def _events(self) -> None:
        areas = {a.pk: a for a in self.demo.areas.values()}
        for grid, visits in self.grid_visits.items():
            self.rows.event(
                action="grid.demo.visits_created",
                target=areas[grid],
                data={"campaign": self.campaign.pk, "count": len(visits), "ids": id_ranges(visits)},
            )

    def _set_latest(self) -> None:
        """Each target's latest outcome, round and time, as `visit_record` keeps them: one
        statement reading each target's last visit (row values: SQLite ≥ 3.15, PostgreSQL)."""
        qn = connection.ops.quote_name
        target, visit = qn(Target._meta.db_table), qn(Visit._meta.db_table)
        sql = (
            f"UPDATE {target} SET (outcome, last_round, visited_at) = ("  # nosec B608
            f"SELECT v.outcome, v.round, v.visited_at FROM {visit} v "
            f"WHERE v.target_id = {target}.id ORDER BY v.round DESC LIMIT 1) "
            f"WHERE campaign_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.campaign.pk])


def _current_sweep(demo: Demo) -> Campaign:
    """An open sweep of 奉中社区第一网格 started two days ago, with part of it visited."""
    community, grid = demo.area_named("奉中社区"), demo.area_named("奉中社区第一网格")
    admin, worker = demo.users["jp_fengzhong_admin"], demo.users["jp_fengzhong_grid"]
    today = timezone.localdate()
    campaign = actions.campaign_create(
        area=community,
        title="奉中社区第一网格入户走访",
        purpose="走访网格内常住户，了解健康状况和生活困难，需要时跟进服务。",
        starts_on=today - datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=12),
        rounds=2,
        target_areas=[grid],
        questions=QUESTIONS,
        actor=admin,
    )
    targets = list(campaign.targets.order_by("pk"))
    done = targets[: int(len(targets) * CURRENT_VISITED_SHARE)]
    ids = list(campaign.questions.order_by("position").values_list("pk", flat=True))
    answers = {str(ids[0]): "no", str(ids[1]): "no", str(ids[2]): "已完成接种", str(ids[3]): "2"}
    rng = names.rng_for("grid", "current")
    for n, target in enumerate(done):
        outcome = rng.choices(["visited", "nobody_home", "refused"], [85, 12, 3])[0]
        follow = n in (3, 17)  # two follow-ups, each opening a service order
        actions.visit_record(
            target=target,
            outcome="follow_up" if follow else outcome,
            answers=answers,
            actor=worker,
            follow_up=FollowUp("order", "独居老人行动不便，需要帮助代购药品和生活用品")
            if follow
            else None,
        )
    return campaign


INCIDENTS = (
    ("environment", "3幢与5幢之间绿化带", "绿化带内堆放大量建筑垃圾，影响通行", "closed"),
    ("safety", "12幢2单元楼道", "楼道内电动车充电，飞线拉到一楼，存在火灾隐患", "handled"),
    ("facilities", "小区东门", "东门路灯损坏两盏，夜间照明不足", "accepted"),
    ("dispute", "8幢401与501", "楼上楼下因漏水发生纠纷，需要社区调解", "escalated"),
    ("environment", "菜场北侧", "垃圾分类桶满溢未清运", "reported"),
    ("epidemic", "9幢1单元", "居家隔离户需要生活物资配送", "closed"),
    ("facilities", "小区中心广场", "健身器材螺丝松动，老人使用有危险", "reported"),
    ("safety", "地下车库入口", "消防通道被私家车占用", "accepted"),
)


def _incidents(demo: Demo) -> None:
    """Incident reports in the two demo communities' first grids, at every stage."""
    places = (
        ("奉中社区第一网格", "jp_fengzhong_grid", "jp_fengzhong_admin", "jp_admin"),
        ("民主社区第一网格", "yl_minzhu_grid", "yl_minzhu_admin", "yl_admin"),
    )
    for grid_name, reporter, admin, town in places:
        grid = demo.area_named(grid_name)
        users = [demo.users[u] for u in (reporter, admin, town)]
        for category, place, description, stage in INCIDENTS:
            incident = actions.incident_report(
                grid=grid, category=category, place=place, description=description, actor=users[0]
            )
            _advance(incident, stage, *users)


def _advance(incident: Incident, stage: str, reporter: Any, admin: Any, town: Any) -> None:
    if stage == "reported":
        return
    if stage == "escalated":
        actions.incident_escalate(incident=incident, reason="涉及多户，需街道协调处理", actor=admin)
        actions.incident_accept(incident=incident, actor=town)
        return
    actions.incident_accept(incident=incident, actor=admin)
    if stage == "accepted":
        return
    actions.incident_handle(incident=incident, note="已联系物业当天处理完毕", actor=admin)
    if stage == "closed":
        actions.incident_close(incident=incident, result="现场核实，已整改到位", actor=reporter)
