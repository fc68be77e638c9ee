"""Build the Fenghua 2021 demo district (DESIGN §4) into an empty database, in one transaction.

This package only orchestrates: each app's demo content lives in that app (`<app>/demo.py`) and
writes only its own tables, through the kit in `yipanqi.core.demo_kit` and, for other apps' rows,
through their bulk actions (docs/decisions/010). The steps run in the order below; the state
they hand on is `core.demo_kit.state.Demo`.
"""

import time
from dataclasses import dataclass, field
from functools import partial

from django.db import connection, transaction
from django.db.models import Count

from yipanqi.accounts.models import User
from yipanqi.centres.demo import build_centres, centres_counts
from yipanqi.cobuilding.demo import build_cobuilding, cobuilding_counts
from yipanqi.core.demo_kit.fenghua import district_plan
from yipanqi.core.demo_kit.state import Demo
from yipanqi.core.models import AuditEvent
from yipanqi.deliberation.demo import build_deliberation, deliberation_counts
from yipanqi.duties.demo import build_duties, duties_counts
from yipanqi.funding.demo import build_funding, funding_counts
from yipanqi.grid.demo import build_grid, grid_counts
from yipanqi.notices.demo import build_notices, notices_counts
from yipanqi.officers.demo import build_officers, officers_counts
from yipanqi.orders.demo import build_orders, orders_counts
from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole
from yipanqi.organisations.demo import build_areas, build_party
from yipanqi.organisations.demo_accounts import build_accounts
from yipanqi.organisations.demo_bodies import build_bodies
from yipanqi.organisations.demo_units import build_units
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)
from yipanqi.partylife.demo import build_partylife, partylife_counts
from yipanqi.people.demo import build_people, people_counts
from yipanqi.people.demo_activities import build_activities
from yipanqi.socialorgs.demo import build_socialorgs, socialorgs_counts
from yipanqi.venues.demo import build_venues, venues_counts
from yipanqi.workforce.demo import build_workforce, workforce_counts

STEPS = (build_areas, build_units, build_party, build_accounts, build_bodies)
SCALES = ("fenghua", "district")  # the population: the Fenghua demo, or a whole district


@dataclass
class BuildResult:
    counts: dict[str, int]
    seconds: float
    parts: dict[str, float] = field(default_factory=dict)  # seconds per part


def town_part_time_members() -> int:
    """兼职委员 of the towns' and streets' 大党(工)委, counted from the seats."""
    return BodyMembership.objects.filter(
        role=MemberRole.PART_TIME_MEMBER,
        body__kind=BodyKind.BIG_COMMITTEE,
        body__area__kind=AreaKind.TOWN,
    ).count()


def demo_counts() -> dict[str, int]:
    by_kind = dict(Area.objects.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "towns/streets": by_kind.get(AreaKind.TOWN, 0),
        "communities/villages": by_kind.get(AreaKind.COMMUNITY, 0),
        "grids": by_kind.get(AreaKind.GRID, 0),
        "party organisations": PartyOrganisation.objects.count(),
        "units": Unit.objects.count(),
        "bodies": Body.objects.count(),
        "body seats": BodyMembership.objects.count(),
        "town part-time members": town_part_time_members(),
        "accounts": User.objects.count(),
        "role grants": RoleGrant.objects.count(),
        **people_counts(),
        **orders_counts(),
        **grid_counts(),
        **deliberation_counts(),
        **venues_counts(),
        **partylife_counts(),
        **socialorgs_counts(),
        **workforce_counts(),
        **notices_counts(),
        **officers_counts(),
        **duties_counts(),
        **centres_counts(),
        **funding_counts(),
        **cobuilding_counts(),
        "audit events": AuditEvent.objects.count(),
    }


def _analyze() -> None:
    """Fresh planner statistics after the bulk load: without them PostgreSQL plans the demo's
    first hours of queries from empty-table guesses (e.g. 145 rows for 1,443 areas)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build_demo(*, scale: str = "fenghua", people: bool = True) -> BuildResult:
    """The organisations, then (unless `people` is false) the population at `scale` and its
    year of service orders and activities, sweeps and incidents, and deliberation."""
    parts = {"organisations": STEPS}
    if people:
        parts["people"] = (partial(build_people, scale=scale),)
        # A year of service orders, then the activities members took part in (people's rows,
        # after the orders' credits as always).
        parts["orders"] = (build_orders, build_activities)
        parts["grid"] = (build_grid,)  # the 2021 清楼 sweep and incident reports
        parts["deliberation"] = (build_deliberation,)  # a year of 四方议事 and council sessions
        parts["venues"] = (build_venues,)  # shared venues and a year of bookings
        parts["partylife"] = (build_partylife,)  # 三会一课, dues and transfers of 锦屏街道
        parts["workforce"] = (build_workforce,)  # community workers, pay runs, training
        parts["notices"] = (build_notices,)  # a year of notices with receipts (一呼百应)
        parts["officers"] = (build_officers,)  # the five-role officers, their year of work
        parts["duties"] = (build_duties,)  # responsibility lists, 准入 requests, refusals
        parts["centres"] = (build_centres,)  # the 1+12+X network and its 5A rounds
        parts["socialorgs"] = (build_socialorgs,)  # social organisations and 公益创投 rounds
        parts["funding"] = (build_funding,)  # funding 2018–2021: allocations, spend, 18 venues
        parts["cobuilding"] = (build_cobuilding,)  # three lists, claims, projects, 难题会办, 评议
    started, seconds = time.perf_counter(), {}
    with transaction.atomic():
        demo = Demo(plan=district_plan())
        for part, steps in parts.items():
            begun = time.perf_counter()
            for step in steps:
                step(demo)
            seconds[part] = time.perf_counter() - begun
    _analyze()
    return BuildResult(counts=demo_counts(), seconds=time.perf_counter() - started, parts=seconds)
