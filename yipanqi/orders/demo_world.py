"""What the orders demo reads from the district built so far, and the accounts it adds.

Per community (`Place`): its grids and household count, its registered in-service members
(`Worker`, with the time their registration was confirmed), the residents who use the platform,
the demo staff who act there, and the units or social organisations its orders may go to.

Accounts. Every step of an order is signed by someone: the resident who places and rates it, the
member who takes and completes it. The people demo links accounts only to the demo personas, so
the residents and members who appear in the year of orders get public accounts here, through the
owning apps' bulk actions: `accounts.actions.users_create_bulk` (with an unusable password: nobody
signs in as them) and `people.actions.persons_link_users_bulk`. They hold no role grant, so the
printed account table stays the list of demo accounts.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, F

from yipanqi.accounts.actions import NewUser, users_create_bulk
from yipanqi.accounts.models import AccountKind, User
from yipanqi.core.actors import system
from yipanqi.core.demo_kit.state import Demo
from yipanqi.orders.demo_flow import Worker
from yipanqi.organisations.choices import AreaKind, Role, UnitKind
from yipanqi.organisations.models import Area, RoleGrant, Unit
from yipanqi.people.actions import persons_link_users_bulk
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration, Household, PartyMember, Person

REGISTERED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)
ADULT_BORN_BY = datetime.date(1998, 1, 1)
RESIDENT_SAMPLE = 23  # one adult resident in this many is a candidate platform user
MIN_PER_GRID = 3


@dataclass(frozen=True)
class Resident:
    person_id: int
    grid_id: int
    household_id: int | None
    address: str
    name: str
    user_id: int | None = None


@dataclass
class Place:
    """One community as the orders demo sees it."""

    community: Area
    grids: list[Area]
    households: int = 0
    workers: list[Worker] = field(default_factory=list)  # registered members, by confirmation
    takers: list[Worker] = field(default_factory=list)  # those who take orders (with accounts)
    placers: list[Resident] = field(default_factory=list)  # residents who order (with accounts)
    walk_ins: dict[int, list[Resident]] = field(default_factory=dict)  # grid → no account
    admin: int | None = None  # the community admin's account, where there is a demo one
    grid_workers: dict[int, int] = field(default_factory=dict)  # grid → grid worker's account
    units: list[int] = field(default_factory=list)  # units a liaison takes orders for
    liaison: int | None = None
    social_orgs: list[int] = field(default_factory=list)
    social_staff: int | None = None
    unit_staff: dict[int, list[Worker]] = field(default_factory=dict)  # unit → its members
    resident_persona: Resident | None = None
    member_persona: Worker | None = None

    @property
    def code(self) -> str:
        return self.community.code

    def grid(self, pk: int) -> Area:
        return next(g for g in self.grids if g.pk == pk)


def _grants(role: str) -> list[RoleGrant]:
    return list(RoleGrant.objects.active().filter(role=role).select_related("area"))


def load_places(demo: Demo) -> dict[str, Place]:
    """Every community of the district with what its orders need, by division code."""
    places = {
        a.code: Place(community=a, grids=[])
        for a in sorted(demo.areas.values(), key=lambda a: a.path)
        if a.kind == AreaKind.COMMUNITY
    }
    by_pk = {p.community.pk: p for p in places.values()}
    grid_place: dict[int, Place] = {}
    for area in sorted(demo.areas.values(), key=lambda a: a.path):
        if area.kind == AreaKind.GRID:
            place = places[area.code[:12]]
            place.grids.append(area)
            grid_place[area.pk] = place
    households = Household.objects.values_list("grid_id").annotate(n=Count("id")).order_by()
    for grid_id, count in households:
        if grid_id in grid_place:
            grid_place[grid_id].households += count
    _workers(by_pk)
    _residents(grid_place)
    _staff(places, by_pk, demo)
    return places


def _workers(by_pk: dict[int, Place]) -> None:
    rows = (
        CommunityRegistration.objects.filter(kind=RegistrationKind.MEMBER, status__in=REGISTERED)
        .order_by("confirmed_at", "id")
        .values_list(
            "id",
            "member_id",
            "community_id",
            "grid_id",
            "confirmed_at",
            "scope_path",
            "member__scope_path",
            "member__district_code",
            "member__person__user_id",
            "member__person_id",
            "member__person__name",
        )
    )
    for pk, member, community, grid, confirmed, scope, m_scope, district, *person in rows:
        place = by_pk.get(community)
        if place is not None and confirmed is not None:
            user, person_id, name = person
            place.workers.append(
                Worker(member, m_scope, district, pk, scope, confirmed, grid, user, person_id, name)
            )


def _residents(grid_place: dict[int, Place]) -> None:
    """A sample of adult residents who are not party members: the platform's ordering public
    (every grid gets a few, however small)."""
    public = Person.objects.filter(
        party_member__isnull=True, user__isnull=True, birth_date__lte=ADULT_BORN_BY
    ).order_by("id")
    columns = ("id", "area_id", "household_id", "household__address", "name")
    sample = public.alias(bucket=F("id") % RESIDENT_SAMPLE).filter(bucket=0)
    pools: dict[int, list[Resident]] = defaultdict(list)
    for pk, grid, household, address, name in sample.values_list(*columns):
        pools[grid].append(Resident(pk, grid, household, address or "", name))
    short = [g for g in grid_place if len(pools[g]) < MIN_PER_GRID]
    for pk, grid, household, address, name in public.filter(area_id__in=short).values_list(
        *columns
    ):
        if len(pools[grid]) < MIN_PER_GRID and all(r.person_id != pk for r in pools[grid]):
            pools[grid].append(Resident(pk, grid, household, address or "", name))
    for grid, residents in pools.items():
        if grid in grid_place:
            grid_place[grid].walk_ins[grid] = residents


def _staff(places: dict[str, Place], by_pk: dict[int, Place], demo: Demo) -> None:
    """Demo accounts that act in communities: admins, grid workers, liaisons, organisation
    staff; and the resident and member personas."""
    for code, user in demo.community_admins.items():
        places[code].admin = user.pk
    for grant in _grants(Role.GRID_WORKER):
        places[grant.area.code[:12]].grid_workers[grant.area.pk] = grant.user_id
    units = Unit.objects.select_related("area").order_by("pk")
    for grant in _grants(Role.UNIT_LIAISON) + _grants(Role.SOCIAL_ORG_STAFF):
        social = grant.role == Role.SOCIAL_ORG_STAFF
        for place in places.values():
            if not place.community.path.startswith(grant.area.path):
                continue
            # orders.actions._target_unit: a unit in the community (or inside it) serves it.
            serving = [
                u.pk
                for u in units
                if (u.kind == UnitKind.SOCIAL_ORGANISATION) == social
                and u.area.path.startswith(place.community.path)
            ]
            if serving and social:
                place.social_orgs, place.social_staff = serving, grant.user_id
            elif serving:
                place.units, place.liaison = serving, grant.user_id
    _unit_staff(places)
    accounts = [u.pk for u in demo.users.values()]
    linked = Person.objects.filter(user_id__in=accounts).values_list(
        "id", "area_id", "household_id", "household__address", "name", "user_id"
    )
    for pk, grid, household, address, name, user in linked:
        place = next((p for p in places.values() if any(g.pk == grid for g in p.grids)), None)
        if place is None:
            continue
        worker = next((w for w in place.workers if w.user_id == user), None)
        if worker is not None:
            place.member_persona = worker
        elif not PartyMember.objects.filter(person_id=pk).exists():
            place.resident_persona = Resident(pk, grid, household, address or "", name, user)


def _unit_staff(places: dict[str, Place]) -> None:
    """Members working at the units orders may be sent to (they may help on those orders)."""
    wanted = {u for p in places.values() for u in p.units + p.social_orgs}
    if not wanted:
        return
    registered = {(w.member_id, p.community.pk): w for p in places.values() for w in p.workers}
    rows = PartyMember.objects.filter(work_unit_id__in=wanted).order_by("id")
    for pk, unit, scope, district, person, name in rows.values_list(
        "id", "work_unit_id", "scope_path", "district_code", "person_id", "person__name"
    ):
        for place in places.values():
            if unit in place.units or unit in place.social_orgs:
                worker = registered.get((pk, place.community.pk)) or Worker(
                    pk, scope, district, None, "", None, None, None, person, name
                )
                place.unit_staff.setdefault(unit, []).append(worker)


def choose_pools(places: dict[str, Place], rng: random.Random) -> None:
    """Who in each community orders (residents) and who takes orders (members)."""
    for place in places.values():
        workers = place.workers
        size = min(len(workers), 2 + len(workers) // 6, 16)
        pool = workers[:1] + rng.sample(workers[1:], max(0, size - 1)) if workers else []
        if place.member_persona is not None and place.member_persona not in pool:
            pool.append(place.member_persona)
        place.takers = sorted(pool, key=lambda w: (w.confirmed_at, w.member_id))
        residents = [r for grid in place.grids for r in place.walk_ins.get(grid.pk, [])]
        count = min(len(residents), 2 + place.households // 200, 14)
        place.placers = rng.sample(residents, count)
        chosen = {r.person_id for r in place.placers}
        for grid, walk_ins in place.walk_ins.items():
            place.walk_ins[grid] = [r for r in walk_ins if r.person_id not in chosen]
        if place.resident_persona is not None:
            place.placers.append(place.resident_persona)


def create_accounts(places: dict[str, Place]) -> dict[int, User]:
    """Public accounts for the pools' people who have none; returns every account by id."""
    wanted: dict[int, tuple[str, str]] = {}  # person id → (username, display name)
    for place in places.values():
        for w in place.takers:
            if w.user_id is None:
                wanted[w.person_id] = (f"member{w.person_id}", w.name)
        for r in place.placers:
            if r.user_id is None:
                wanted[r.person_id] = (f"resident{r.person_id}", r.name)
    people, actor = sorted(wanted), system("demo")
    users = users_create_bulk(
        users=[NewUser(*wanted[p], kind=AccountKind.PUBLIC) for p in people],
        password=None,
        actor=actor,
    )
    persons_link_users_bulk(links=dict(zip(people, users, strict=True)), actor=actor)
    user_of = {p: u.pk for p, u in zip(people, users, strict=True)}
    for place in places.values():
        place.takers = [
            w if w.user_id else replace(w, user_id=user_of[w.person_id]) for w in place.takers
        ]
        place.placers = [
            r if r.user_id else replace(r, user_id=user_of[r.person_id]) for r in place.placers
        ]
    ids = {u for p in places.values() for u in _place_users(p)}
    return {
        **User.objects.in_bulk([i for i in ids if i not in user_of]),
        **{u.pk: u for u in users},
    }


def _place_users(place: Place) -> list[int]:
    ids = [place.admin, place.liaison, place.social_staff, *place.grid_workers.values()]
    ids += [w.user_id for w in place.takers] + [r.user_id for r in place.placers]
    return [i for i in ids if i]
