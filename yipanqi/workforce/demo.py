"""The Fenghua demo's community workers (社区工作者): in every community a head, one or two deputies
and three to five other staff, chosen from the community's residents (demo_plan); the 2020 and
2021 pay tables from the district's policy; appraisals for 2020 and 2021; district key training and
town training in small themed classes for 2020 and 2021 (everyone at least 7 days in 2020; in
2021 one of 奉中社区's staff is short, so the flag shows); eight moves into civil-service or
public-institution posts by the end of 2020 and two in 2021, a few transfers and exits; and an
approved pay run per town and year. 奉中社区's and 民主社区's heads are the demo community
administrators themselves (their accounts are linked to their residents' records).

Every record goes through this app's actions or bulk actions, replayed at the time it happened.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.people.actions import person_link_user
from yipanqi.people.models import Person
from yipanqi.workforce import actions, pay
from yipanqi.workforce.choices import MoveKind, Post
from yipanqi.workforce.demo_plan import COMMENTS, Planned, calibrate, local, plan_worker
from yipanqi.workforce.demo_training import build_training
from yipanqi.workforce.models import PayTable, Worker

BASE_2020 = Decimal("72000")  # 年度薪酬基数 (not sourced; docs/decisions/013)
GROWTH = Decimal("1.05")  # the base rises 5 % a year ("动态调整、正常增长")
WORKER_ADMINS = {"奉中社区": "jp_fengzhong_admin", "民主社区": "yl_minzhu_admin"}
DESTINATIONS = (
    (MoveKind.CIVIL_SERVICE, "锦屏街道办事处"),
    (MoveKind.PUBLIC_INSTITUTION, "奉化区社会治理中心"),
    (MoveKind.CIVIL_SERVICE, "奉化区民政局"),
    (MoveKind.PUBLIC_INSTITUTION, "岳林街道便民服务中心"),
    (MoveKind.CIVIL_SERVICE, "溪口镇人民政府"),
    (MoveKind.PUBLIC_INSTITUTION, "奉化区退役军人服务中心"),
    (MoveKind.CIVIL_SERVICE, "江口街道办事处"),
    (MoveKind.PUBLIC_INSTITUTION, "西坞街道综合服务中心"),
    (MoveKind.CIVIL_SERVICE, "奉化区委组织部"),
    (MoveKind.PUBLIC_INSTITUTION, "莼湖街道社会事务服务中心"),
)
MOVE_DATES = (
    (2019, 4, 1), (2019, 9, 1), (2019, 12, 1), (2020, 3, 1), (2020, 6, 1),
    (2020, 8, 1), (2020, 10, 1), (2020, 12, 1), (2021, 5, 1), (2021, 9, 1),
)  # fmt: skip  # eight by the end of 2020 (the seed), two in 2021
EARLY_MOVES = sum(1 for y, _m, _d in MOVE_DATES if y <= 2020)  # appointed only to move


def _residents(demo: Any) -> dict[str, list[tuple[int, int]]]:
    """Residents of working age without an account, per community path, in id order."""
    communities = [demo.areas[c.code] for c in demo.plan.communities()]
    width = len(communities[0].path)
    rows = Person.objects.filter(
        district_code=demo.plan.code,
        birth_date__range=(datetime.date(1962, 1, 1), datetime.date(1996, 12, 31)),
        user__isnull=True,
    ).order_by("pk")
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, path, born in rows.values_list("pk", "scope_path", "birth_date").iterator():
        found[path[:width]].append((pk, born.year))
    return found


def _plan(demo: Any, rules: pay.Rules) -> tuple[list[Planned], list[Planned]]:
    """The workers in post, and the ten who move into public posts (appointed earlier)."""
    residents, workers, movers = _residents(demo), [], []
    for index, community_plan in enumerate(demo.plan.communities()):
        community = demo.areas[community_plan.code]
        rng = names.rng_for("workforce", community.code)
        people = iter(residents[community.path])
        posts = [Post.HEAD] + [Post.DEPUTY] * rng.randint(1, 2) + [Post.OTHER] * rng.randint(3, 5)
        workers += [plan_worker(rng, next(people), community, post) for post in posts]
        if index % 40 == 7 and len(movers) < EARLY_MOVES:  # spread over the district
            mover = plan_worker(rng, next(people), community, Post.OTHER)
            mover.started_year, mover.appraisals = min(mover.started_year, 2012), {}
            movers.append(mover)
    calibrate(workers, rules, BASE_2020, names.rng_for("workforce", "calibrate"))
    return workers, movers


def _appoint(planned: list[Planned], actor: Any) -> list[Worker]:
    rows = [
        actions.NewWorker(
            person_id=p.person_id,
            community=p.community,
            post=p.post,
            started_on=p.started_on,
            education=p.education,
            qualification=p.qualification,
        )
        for p in planned
    ]
    return actions.workers_appoint_bulk(rows=rows, actor=actor)


def _appraise(planned: list[Planned], workers: list[Worker], actor: Any, year: int) -> None:
    rows = [
        (w, year, p.appraisals[year], COMMENTS[p.appraisals[year]])
        for p, w in zip(planned, workers, strict=True)
        if year in p.appraisals and w.status == "active"
    ]
    with replay(local(year, 12, 20)):
        actions.appraisals_record_bulk(rows=rows, actor=actor)


def _link_admins(demo: Any, workers: list[Worker]) -> None:
    heads = {w.community.name: w for w in workers if w.post == Post.HEAD}
    for community, username in WORKER_ADMINS.items():
        person = Person.objects.get(pk=heads[community].person_id)
        person_link_user(person=person, user=demo.users[username], actor=system("demo"))


def _moves(movers: list[Worker], years: tuple[int, ...], actor: Any) -> None:
    for worker, (kind, place), (y, m, d) in zip(movers, DESTINATIONS, MOVE_DATES, strict=False):
        if y in years:
            with replay(local(y, m, d)):
                actions.career_move_record(
                    worker=worker, moved_on=datetime.date(y, m, d), kind=kind,
                    destination=place, actor=actor,
                )  # fmt: skip


def _pay_runs(demo: Any, year: int, at: tuple[int, int, int]) -> None:
    """One run per town: computed by its administrator (or the system), approved by the
    district's (a second pair of eyes)."""
    approver = system("demo", on_behalf_of=demo.users["district_admin"])
    town_admins = {"锦屏街道": "jp_admin", "岳林街道": "yl_admin"}
    for town_plan in demo.plan.towns:
        town = demo.areas[town_plan.code]
        username = town_admins.get(town.name)
        # Towns without a demo administrator: the import computes (no person), never the approver.
        who = system("demo", on_behalf_of=demo.users[username]) if username else system("demo")
        with replay(local(*at)):
            run = actions.pay_run_compute(area=town, year=year, actor=who)
        with replay(local(*at) + datetime.timedelta(days=5)):
            actions.pay_run_approve(run=run, actor=approver)


def _changes_2021(workers: list[Worker], demo: Any, actor: Any) -> None:
    """2021: two transfers between communities of a town and three exits."""
    others = [w for w in workers if w.post == Post.OTHER and w.community.name not in WORKER_ADMINS]
    by_town: dict[str, list[Worker]] = defaultdict(list)
    for w in others:
        by_town[w.scope_path[: len(w.community.path) - 4]].append(w)
    towns = [ws for ws in by_town.values() if len({w.community_id for w in ws}) > 1][:2]
    for i, group in enumerate(towns):
        mover = group[0]
        target = next(w.community for w in group if w.community_id != mover.community_id)
        with replay(local(2021, 4 + i, 1)):
            actions.worker_transfer(
                worker=mover, community=target, on=datetime.date(2021, 4 + i, 1), actor=actor
            )
    for i, w in enumerate(others[-3:]):
        with replay(local(2021, 6 + i, 30)):
            actions.worker_exit(
                worker=w, on=datetime.date(2021, 6 + i, 30), reason="个人原因辞职", actor=actor
            )


def build_workforce(demo: Any) -> None:
    district = demo.areas[demo.plan.code]
    actor = system("demo", on_behalf_of=demo.users["district_admin"])
    with replay(local(2020, 1, 10)):
        table = actions.pay_table_create(
            district=district, year=2020, base_amount=BASE_2020, actor=actor
        )
    with replay(local(2021, 1, 10)):
        actions.pay_table_create(
            district=district, year=2021, base_amount=BASE_2020 * GROWTH, actor=actor
        )
    planned, planned_movers = _plan(demo, pay.Rules.of(table.rules))
    with replay(local(2019, 1, 5)):
        workers = _appoint(planned, actor)
        movers = _appoint(planned_movers, actor)
    _link_admins(demo, workers)
    _appraise(planned, workers, actor, 2020)
    _moves(movers, (2019, 2020), actor)
    build_training(demo, workers, 2020, actor)
    _pay_runs(demo, 2020, (2021, 1, 15))
    others = [w for w in workers if w.post == Post.OTHER and w.community.name not in WORKER_ADMINS]
    _moves([*movers, others[len(others) // 2], others[len(others) // 2 + 7]], (2021,), actor)
    _changes_2021(workers, demo, actor)
    # as the 2021 changes left them (status, community); bulk-created in plan order, ids ascending
    ids = [w.pk for w in workers]
    workers = list(Worker.objects.filter(pk__in=ids).select_related("person", "community"))
    workers.sort(key=lambda w: w.pk)
    _appraise(planned, workers, actor, 2021)
    build_training(demo, [w for w in workers if w.status == "active"], 2021, actor)
    _pay_runs(demo, 2021, (2021, 12, 22))


def workforce_counts() -> dict[str, int]:
    return {
        "community workers": Worker.objects.count(),
        "pay tables": PayTable.objects.count(),
    }
