"""The activities registered in-service members took part in during 2021 (MISSION D: "epidemic
control, volunteer service, waste-sorting supervision …"), recorded as participations on their
双报到 registrations, as `people.actions.participation_record` writes them.

Each community holds the district's 2021 calendar of sessions below. Every member registered with
the community before a session joins it with the session's chance times their own readiness (some
members come often, some rarely). Nothing is counted here: the reports count the rows.

The step runs after the orders demo, so that the activities' participations follow the orders'
credits, as they always have; its seed keeps the name it had when the orders demo wrote them.
Audit: one `people.demo.participations_created` event per community session, naming its rows by
id ranges (docs/decisions/005).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from yipanqi.core import audit
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import YEAR
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.choices import AreaKind
from yipanqi.people.choices import ParticipationKind, RegistrationKind, RegistrationStatus
from yipanqi.people.imports.writer import id_ranges
from yipanqi.people.models import CommunityRegistration, Participation

REGISTERED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)
DEMO = system("demo")
EPIDEMIC, VOLUNTEER, WASTE = (
    ParticipationKind.EPIDEMIC,
    ParticipationKind.VOLUNTEER,
    ParticipationKind.WASTE_SORTING,
)
# kind → chance that a registered member joins one session, and the hours a session takes.
CHANCE = {EPIDEMIC: 0.07, VOLUNTEER: 0.075, WASTE: 0.022}
HOURS = {
    EPIDEMIC: tuple(Decimal(h) for h in ("2", "3", "3", "4", "4", "6")),
    VOLUNTEER: tuple(Decimal(h) for h in ("1.5", "2", "2", "3")),
    WASTE: tuple(Decimal(h) for h in ("1", "1", "1.5", "2")),
}


def _saturdays() -> list[tuple[int, int]]:
    day = datetime.date(YEAR, 1, 2)  # the first Saturday of 2021
    days = []
    while day.year == YEAR:
        days.append((day.month, day.day))
        day += datetime.timedelta(days=7)
    return days


# (kind, title, [(month, day), …]) — the 2021 calendar of every community.
CALENDAR = (
    (EPIDEMIC, "疫情防控：春节返乡人员排查", [(1, 18), (1, 25), (2, 1), (2, 8)]),
    (EPIDEMIC, "疫情防控：春节期间小区卡口值守", [(2, 11), (2, 14), (2, 18)]),
    (
        EPIDEMIC,
        "疫情防控：新冠疫苗接种点引导服务",
        [(4, 10), (4, 24), (5, 8), (5, 22), (6, 5), (6, 19)],
    ),
    (EPIDEMIC, "疫情防控：中高风险地区来甬人员排查", [(8, 3), (8, 10), (8, 17)]),
    (EPIDEMIC, "疫情防控：核酸检测点秩序维护", [(12, 8), (12, 11), (12, 15), (12, 19)]),
    (VOLUNTEER, "社区志愿服务：学雷锋志愿服务日", [(3, 5)]),
    (
        VOLUNTEER,
        "社区志愿服务：在职党员进社区志愿服务日",
        [(m, 5) for m in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12)],
    ),
    (VOLUNTEER, "社区志愿服务：庆祝建党100周年为民服务", [(7, 1)]),
    (VOLUNTEER, "社区志愿服务：重阳节敬老服务", [(10, 14)]),
    (VOLUNTEER, "社区志愿服务：文明城市创建环境整治", [(4, 17), (9, 18), (11, 20)]),
    (WASTE, "垃圾分类桶边督导", _saturdays()),
)


@dataclass(frozen=True)
class Registered:
    """A member's confirmed registration with a community."""

    registration_id: int
    confirmed_on: datetime.date  # local day
    scope_path: str
    district_code: str


def registered_members() -> dict[int, list[Registered]]:
    """Confirmed member registrations by community id, each in order of confirmation."""
    rows = (
        CommunityRegistration.objects.filter(
            kind=RegistrationKind.MEMBER, status__in=REGISTERED, confirmed_at__isnull=False
        )
        .order_by("confirmed_at", "id")
        .values_list("id", "community_id", "confirmed_at", "scope_path", "district_code")
    )
    by_community: dict[int, list[Registered]] = defaultdict(list)
    for pk, community, confirmed, scope, district in rows:
        on = confirmed.astimezone(clock.LOCAL).date()
        by_community[community].append(Registered(pk, on, scope, district))
    return by_community


def build_activities(demo: Demo) -> None:
    """The demo step: every registered member's participations in their community's sessions."""
    rng = names.rng_for("orders", "activities")
    communities = sorted(
        (a for a in demo.areas.values() if a.kind == AreaKind.COMMUNITY), key=lambda a: a.path
    )
    members = registered_members()
    rows = RowWriter.of(Participation, actor=DEMO)
    stamp, day_value = rows.stamp, rows.day
    sessions: dict[tuple, list[int]] = defaultdict(list)
    count = 0
    for community in communities:
        workers = members.get(community.pk, [])
        ready = {w.registration_id: rng.lognormvariate(0, 0.5) / 1.13 for w in workers}
        for kind, title, days in CALENDAR:
            for month, day in days:
                on = datetime.date(YEAR, month, day)
                common = {
                    "created_at": stamp(clock.at(month, day, 18)),
                    "updated_at": rows.now,
                    "occurred_on": day_value(on),
                    "problem_solved": False,
                    "note": title,
                }
                for w in workers:
                    if w.confirmed_on >= on:
                        continue
                    if rng.random() >= CHANCE[kind] * ready[w.registration_id]:
                        continue
                    count += 1
                    pk = rows.add(
                        Participation,
                        **common,
                        registration_id=w.registration_id,
                        kind=kind,
                        hours=rng.choice(HOURS[kind]),
                        source=f"demo.activity:{count}",
                        scope_path=w.scope_path,
                        district_code=w.district_code,
                    )
                    sessions[community, kind, title, on].append(pk)
    rows.finish()
    audit.record_many(
        audit.new_event(
            actor=DEMO,
            action="people.demo.participations_created",
            target=community,
            data={
                "kind": kind,
                "activity": title,
                "on": on.isoformat(),
                "count": len(done),
                "ids": id_ranges(done),
            },
        )
        for (community, kind, title, on), done in sessions.items()
    )
