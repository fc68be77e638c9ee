"""One community's people as ready-to-write row values: generated and sealed, without the database.

This is the part of the demo build that runs in worker processes (see `demo.py`): it reads only
the `Context` prepared before the workers were forked, and returns plain tuples. Everything it
draws comes from generators seeded by grid code, so the result does not depend on which worker
ran it or when. Ids are not known here; rows refer to each other by position in their grid.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from yipanqi.core import pii
from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.clock import LOCAL
from yipanqi.core.demo_kit.fenghua import URBAN, CommunityPlan, TownPlan
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.demo_population import (
    Addresses,
    Forced,
    Population,
    Resident,
    Scale,
    name_initials,
    split,
)
from yipanqi.people.imports.writer import household_address

SKILLS = (
    "法律咨询", "医疗保健", "心理疏导", "文艺宣传", "电脑维修", "家电维修", "教育辅导",
    "财务会计", "摄影摄像", "书法绘画", "驾驶", "理发",
)  # fmt: skip
PREFERENCES = (
    "疫情防控", "垃圾分类督导", "助老服务", "助残服务", "青少年辅导", "文明劝导", "平安巡防",
    "政策宣传", "环境整治", "矛盾调解",
)  # fmt: skip


@dataclass(frozen=True)
class Site:
    """An area or party organisation as rows refer to it: id, scope and name."""

    pk: int
    scope_path: str
    district_code: str
    name: str = ""
    model: str = ""  # "area", "partyorganisation" or "unit"


@dataclass(frozen=True)
class UnitOrg:
    """A unit with its own party organisation, where in-service members hold membership."""

    unit: Site
    org: Site
    town_code: str


@dataclass
class Context:
    """What every community needs to know, prepared once before the workers start."""

    scale: Scale
    towns: dict[str, TownPlan]  # by code
    grids: dict[str, Site]  # grid areas by code
    communities: dict[str, Site]
    branches: dict[str, Site]  # the 网格党支部 leading each grid, by grid code
    unit_orgs: list[UnitOrg]
    households: dict[str, int]  # households per community code
    forced: dict[str, list[Forced]]  # the demo accounts' residents, by grid code
    queue: dict[str, tuple[int, int]]  # community code → registrations left (submitted, confirmed)
    adapt_date: Callable[[Any], Any]
    adapt_datetime: Callable[[Any], Any]


# Results travel back from the workers pickled: named tuples pickle several times faster than
# dataclasses.
class PersonOut(NamedTuple):
    household: int  # position in the grid's households
    values: tuple  # the person columns after household_id, sealed
    id_key: int  # from the keyed digest: equal numbers give equal keys
    id_prefix: str  # area code + birth date, to draw another sequence on a clash
    sex: str
    phone_key: int | None
    account: str = ""  # the username of the demo account this resident is behind


class MemberOut(NamedTuple):
    person: int  # position in the grid's persons
    branch: Site
    values: tuple  # the member columns after person_id
    transfer: tuple | None = None  # (from branch id, transferred on, reason)
    # The registration columns from `status` on, or the status a queued one is to be left in.
    registration: tuple | str | None = None


@dataclass
class GridOut:
    code: str
    households: list[tuple] = field(default_factory=list)  # (building, unit, room, address)
    tags: list[list[str]] = field(default_factory=list)  # tag codes per household
    persons: list[PersonOut] = field(default_factory=list)
    members: list[MemberOut] = field(default_factory=list)


_context: Context | None = None


def set_context(context: Context | None) -> None:
    """Called before the workers are forked: they inherit it and read nothing else."""
    global _context
    _context = context


def key(digest: str) -> int:
    return int(digest[:16], 16)


def seal_id(number: str) -> tuple[bytes, str, str]:
    """As `actions.sealed_id_number` seals: ciphertext, keyed digest, masked text."""
    digest = pii.digest(number, context=ID_CONTEXT)
    return pii.encrypt(number, context=ID_CONTEXT), digest, pii.mask_id_number(number)


def seal_phone(phone: str) -> tuple[bytes | None, str, str]:
    """As `actions.sealed_phone` seals; no phone is stored as NULL / "" / ""."""
    if not phone:
        return None, "", ""
    digest = pii.digest(phone, context=PHONE_CONTEXT)
    return pii.encrypt(phone, context=PHONE_CONTEXT), digest, pii.mask_phone(phone)


def sealed(value: str, field: str) -> bytes | None:
    """As the sealed field stores it (core.sealed): SM4-GCM under its column, empty as NULL."""
    return pii.encrypt(value, context=f"people.person.{field}") if value else None


def community_rows(town_code: str, community_code: str) -> list[GridOut]:
    """The households, residents, members and registrations of one community, grid by grid."""
    ctx = _context
    assert ctx is not None, "set_context() first"
    town = ctx.towns[town_code]
    community = next(c for c in town.communities if c.code == community_code)
    builder = _CommunityBuilder(ctx, town, community)
    shares = split(
        ctx.households[community.code],
        len(community.grids),
        names.rng_for("people", "grids", community.code),
    )
    return [builder.grid(g.code, count) for g, count in zip(community.grids, shares, strict=True)]


class _CommunityBuilder:
    def __init__(self, ctx: Context, town: TownPlan, community: CommunityPlan):
        self.ctx, self.town, self.community = ctx, town, community
        self.population = Population(ctx.scale)
        self.urban = community.kind == URBAN
        self.queue_left = list(ctx.queue.get(community.code, (0, 0)))
        self.town_grids = [g.code for c in town.communities for g in c.grids]
        self.local_units = [u for u in ctx.unit_orgs if u.town_code == town.code]
        self.unit_branches = {u.org.pk for u in ctx.unit_orgs}

    def grid(self, code: str, count: int) -> GridOut:
        rng, out, site = names.rng_for("people", code), GridOut(code), self.ctx.grids[code]
        addresses, forced = Addresses(rng, self.urban), self.ctx.forced.get(code, [])
        for index in range(max(count, len(forced))):
            who = forced[index] if index < len(forced) else None
            plan = self.population.household(rng, addresses.next(), self.urban, who)
            address = household_address(site, plan.building, plan.unit_no, plan.room)
            out.households.append((plan.building, plan.unit_no, plan.room, address))
            out.tags.append(plan.tags)
            for position, resident in enumerate(plan.residents):
                account = who.username if who is not None and position == 0 else ""
                out.persons.append(self._person(len(out.households) - 1, resident, account))
                if resident.member is not None:
                    person = len(out.persons) - 1
                    out.members.append(self._member(rng, code, person, resident, bool(account)))
        return out

    def _person(self, household: int, resident: Resident, account: str) -> PersonOut:
        id_cipher, id_digest, id_masked = seal_id(resident.id_number)
        phone_cipher, phone_digest, phone_masked = seal_phone(resident.phone)
        values = (
            resident.name,
            name_initials(resident.name),
            resident.sex,
            self.ctx.adapt_date(resident.birth_date),
            sealed(resident.ethnicity, "ethnicity"),
            sealed(resident.political_status, "political_status"),
            id_cipher,
            id_digest,
            id_masked,
            phone_cipher,
            phone_digest,
            phone_masked,
            None,  # notes (empty)
            None,  # moved out on: everyone lives in the district
            None,  # user: linked afterwards through person_link_user
        )
        return PersonOut(
            household=household,
            values=values,
            id_key=key(id_digest),
            id_prefix=resident.id_number[:14],
            sex=resident.sex,
            phone_key=key(phone_digest) if phone_digest else None,
            account=account,
        )

    def _member(
        self, rng: random.Random, grid: str, person: int, resident: Resident, account: bool
    ) -> MemberOut:
        facts, date = resident.member, self.ctx.adapt_date
        unit_org = self._work_unit(rng) if facts.in_service else None
        branch = unit_org.org if unit_org else self.ctx.branches[grid]
        values = (
            facts.kind,
            date(facts.joined_on),
            None if facts.full_member_on is None else date(facts.full_member_on),
            branch.pk,
            unit_org.unit.pk if unit_org else None,
            unit_org.unit.name if unit_org else "",
            facts.in_service,
            facts.status,
            None if facts.last_contact_on is None else date(facts.last_contact_on),
        )
        transfer = registration = None
        if facts.transferred_on:
            transfer = self._transfer(rng, grid, branch, facts.transferred_on)
        if facts.in_service:
            registration = self._registration(rng, account)
        return MemberOut(person, branch, values, transfer, registration)

    def _work_unit(self, rng: random.Random) -> UnitOrg:
        """Half work in their own town where it has such units, the rest anywhere."""
        local = self.local_units
        return rng.choice(local if local and rng.random() < 0.5 else self.ctx.unit_orgs)

    def _transfer(self, rng: random.Random, grid: str, branch: Site, on: datetime.date) -> tuple:
        """组织关系转接 into `branch`: from another unit (a new job) or grid (a move in the town)."""
        if branch.pk in self.unit_branches:
            others = [u.org for u in self.ctx.unit_orgs if u.org.pk != branch.pk]
            source, reason = rng.choice(others), "工作调动"
        else:
            code = rng.choice([g for g in self.town_grids if g != grid] or self.town_grids)
            source, reason = self.ctx.branches[code], "居住地变更"
        return source.pk, self.ctx.adapt_date(on), reason

    def _registration(self, rng: random.Random, account: bool) -> tuple | str:
        """报到 with the home community, confirmed and assigned to the home grid during 2021;
        a few in the demo communities are left in the queue for their admins."""
        left = self.queue_left
        if not account and (left[0] or left[1]):
            waiting = 0 if left[0] else 1
            left[waiting] -= 1
            return (RegistrationStatus.SUBMITTED, RegistrationStatus.CONFIRMED)[waiting]
        submitted = datetime.datetime(
            2021, rng.randint(1, 6), rng.randint(1, 28), rng.randint(8, 20), rng.randint(0, 59),
            tzinfo=LOCAL,
        )  # fmt: skip
        confirmed = submitted + datetime.timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 8))
        assigned = confirmed + datetime.timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 8))
        return registration_values(self.ctx, rng, (submitted, confirmed, assigned))


def registration_values(ctx: Context, rng: random.Random, times: tuple) -> tuple:
    """The registration columns from `status` on: confirmed, or assigned when it has a time."""
    submitted, confirmed, assigned = times
    stamp = ctx.adapt_datetime
    status = RegistrationStatus.ASSIGNED if assigned else RegistrationStatus.CONFIRMED
    return (
        status,
        "、".join(rng.sample(SKILLS, rng.randint(0, 2))),
        "、".join(rng.sample(PREFERENCES, rng.randint(1, 3))),
        stamp(submitted),
        stamp(confirmed),
        stamp(assigned) if assigned else None,
    )
