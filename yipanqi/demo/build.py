"""Build the Fenghua 2021 demo district (DESIGN §4) into an empty database, in one transaction.

The bootstrap has no actor: rows are written as the actions write them with actor=None and no
permission check, through the bulk path in `yipanqi.demo.bulk` (role grants through the action).
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from yipanqi.accounts.models import User
from yipanqi.core.models import AuditEvent
from yipanqi.demo.accounts import build_accounts
from yipanqi.demo.areas import build_areas
from yipanqi.demo.bodies import build_bodies
from yipanqi.demo.fenghua import district_plan
from yipanqi.demo.party import build_party
from yipanqi.demo.state import Demo
from yipanqi.demo.units import build_units
from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)

STEPS = (build_areas, build_units, build_party, build_accounts, build_bodies)


@dataclass
class BuildResult:
    counts: dict[str, int]
    seconds: float


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
        "audit events": AuditEvent.objects.count(),
    }


def build_demo() -> BuildResult:
    started = time.perf_counter()
    with transaction.atomic():
        demo = Demo(plan=district_plan())
        for step in STEPS:
            step(demo)
    return BuildResult(counts=demo_counts(), seconds=time.perf_counter() - started)
