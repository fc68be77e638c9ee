"""The people of the demo district (DESIGN §4; issue 3, "Demo"): households and residents in every
grid, party members in their branches, and in-service members registered with the communities
they live in (双报到).

Figures from the seed (MISSION.md): the main urban communities, the 居委会 of 锦屏街道 and 岳林街道,
hold more than the 62,178 households the 清楼 sweep screened; more than 5,500 in-service members
are registered with their residence communities and assigned to grids.

How it is built. Each community is generated and sealed on its own (`demo_community`), in worker
processes when the machine has more than one core; this process takes the results in plan order,
hands out ids, resolves the rare ID number or phone drawn twice in different communities, and
writes everything in batches (`core.demo_kit.rows`). The result is the same on every run.

Invariants, as the actions keep them: scope path and district from the owning grid, branch or
community (an assigned registration belongs to its grid); ID numbers and phones only sealed
(ciphertext, keyed digest, masked), never stored in clear. Audit: one event per created row would
add ~350,000 hash-chained events, more than the whole time budget (measured ~0.2 ms each on
SQLite), so the bulk rows are audited as one `people.demo.*_created` event per grid (households,
residents, registrations) or per branch (members, transfers), naming its rows by id ranges, as
the people import does. What the demo then does as people would, goes through the actions: the
demo accounts are linked to their residents, and the registration queue of the two demo
communities is submitted and confirmed.
"""

import datetime
import multiprocessing
import os
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.db import connection

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.fenghua import URBAN, TownPlan
from yipanqi.core.demo_kit.rows import RowWriter, Table, gc_paused, large_page_cache
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.choices import AreaKind, Role
from yipanqi.organisations.demo_accounts import DEMO_ACCOUNTS
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.people import actions
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.demo_community import (
    PREFERENCES,
    SKILLS,
    Context,
    GridOut,
    PersonOut,
    Site,
    UnitOrg,
    community_rows,
    key,
    registration_values,
    seal_id,
    seal_phone,
    set_context,
)
from yipanqi.people.demo_population import SCALES, Forced, mobile, split
from yipanqi.people.imports.writer import id_ranges
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    MembershipTransfer,
    PartyMember,
    Person,
)
from yipanqi.people.validators import check_character

MAIN_STREETS = ("330213001", "330213002")  # 锦屏街道, 岳林街道
MAIN_URBAN_HOUSEHOLDS = 63_000  # a little above the 62,178 households of the 清楼 sweep
OTHER_URBAN_HOUSEHOLDS = (300, 1_500)
VILLAGE_HOUSEHOLDS = (30, 80)
# Registrations left for the demo community admins to confirm and assign: (submitted, confirmed).
QUEUE = {"330213001001": (4, 3), "330213002001": (4, 3)}  # 奉中社区, 民主社区
# Worker processes for generating and sealing, where they can be forked (Linux).
FORKS = "fork" in multiprocessing.get_all_start_methods()
WORKERS = min(2, os.cpu_count() or 1) if FORKS else 1
AHEAD = 4  # communities generated ahead of the writer, so memory stays bounded

COLUMNS = {
    "households": (
        "id", "created_at", "updated_at", "scope_path", "district_code", "grid_id", "building",
        "unit_no", "room", "address",
    ),
    "tags": ("id", "household_id", "householdtag_id"),
    "persons": (
        "id", "created_at", "updated_at", "scope_path", "district_code", "area_id",
        "household_id", "name", "name_initials", "sex", "birth_date", "ethnicity",
        "political_status", "id_number_cipher", "id_number_digest", "id_number_masked",
        "phone_cipher", "phone_digest", "phone_masked", "notes", "moved_out_on", "user_id",
    ),
    "members": (
        "id", "created_at", "updated_at", "scope_path", "district_code", "person_id", "kind",
        "joined_on", "full_member_on", "branch_id", "work_unit_id", "work_unit_name",
        "in_service", "status", "last_contact_on",
    ),
    "transfers": (
        "id", "created_at", "updated_at", "scope_path", "district_code", "member_id",
        "from_branch_id", "to_branch_id", "transferred_on", "reason",
    ),
    "registrations": (
        "id", "created_at", "updated_at", "scope_path", "district_code", "kind", "member_id",
        "unit_id", "community_id", "grid_id", "status", "skills", "preferences",
        "submitted_at", "confirmed_at", "assigned_at",
    ),
}  # fmt: skip
MODELS = {
    "households": Household,
    "tags": Household.tags.through,
    "persons": Person,
    "members": PartyMember,
    "transfers": MembershipTransfer,
    "registrations": CommunityRegistration,
}


def is_main_urban(code: str) -> bool:
    """A 居委会 community (001–199) of 锦屏街道 or 岳林街道: the district's main urban area."""
    return code[:9] in MAIN_STREETS and 1 <= int(code[9:12]) <= 199


def main_urban_households() -> int:
    """Households in the main urban communities, counted from the records."""
    communities = Area.objects.filter(kind=AreaKind.COMMUNITY).values_list("code", "path")
    return sum(
        Household.objects.filter(scope_path__startswith=path).count()
        for code, path in communities
        if is_main_urban(code)
    )


def people_counts() -> dict[str, int]:
    """What the demo command prints about the people part, counted from the records."""
    assigned = CommunityRegistration.objects.filter(
        kind=RegistrationKind.MEMBER, status=RegistrationStatus.ASSIGNED
    )
    return {
        "households": Household.objects.count(),
        "main urban households": main_urban_households(),
        "residents": Person.objects.count(),
        "party members": PartyMember.objects.count(),
        "in-service members": PartyMember.objects.filter(in_service=True).count(),
        "registrations": CommunityRegistration.objects.count(),
        "members assigned to grids": assigned.count(),
    }


def household_counts(towns: tuple[TownPlan, ...], factor: float) -> dict[str, int]:
    """Households per community, by division code; the main urban total is exact."""
    rng = names.rng_for("people", "households")
    main = [c.code for t in towns for c in t.communities if is_main_urban(c.code)]
    total = round(MAIN_URBAN_HOUSEHOLDS * factor)
    counts = dict(zip(main, split(total, len(main), rng, 0.4), strict=True))
    for community in (c for t in towns for c in t.communities if c.code not in counts):
        low, high = OTHER_URBAN_HOUSEHOLDS if community.kind == URBAN else VILLAGE_HOUSEHOLDS
        counts[community.code] = round(rng.randint(low, high) * factor)
    return counts


def _site(row: Any) -> Site:
    return Site(row.pk, row.scope_path, row.district_code, row.name, row._meta.model_name)


def _context(demo: Demo, scale: str) -> Context:
    plan = demo.plan
    towns = {u.pk: code for code, units in demo.units.items() for u in units}
    orgs = PartyOrganisation.objects.filter(unit__isnull=False).select_related("unit")
    forced: dict[str, list[Forced]] = defaultdict(list)
    for account in DEMO_ACCOUNTS:
        if account.role in (Role.PARTY_MEMBER, Role.RESIDENT):
            member = account.role == Role.PARTY_MEMBER
            name = demo.users[account.username].display_name
            forced[demo.area_named(account.scope).code].append(
                Forced(account.username, name, member, member)
            )
    return Context(
        scale=SCALES[scale],
        towns={t.code: t for t in plan.towns},
        grids={g.code: _site(demo.areas[g.code]) for g in plan.grids()},
        communities={c.code: _site(demo.areas[c.code]) for c in plan.communities()},
        branches={g.code: _site(demo.party[g.code]) for g in plan.grids()},
        unit_orgs=[UnitOrg(_site(o.unit), _site(o), towns[o.unit_id]) for o in orgs.order_by("pk")],
        households=household_counts(plan.towns, SCALES[scale].households),
        forced=dict(forced),
        queue=QUEUE,
        adapt_date=connection.ops.adapt_datefield_value,
        adapt_datetime=connection.ops.adapt_datetimefield_value,
    )


def _generated(context: Context, workers: int) -> Iterator[tuple[str, list[GridOut]]]:
    """(community code, its grids) in plan order, generated `AHEAD` at a time by the workers."""
    tasks = [(t.code, c.code) for t in context.towns.values() for c in t.communities]
    set_context(context)
    try:
        if workers < 2:
            for town, community in tasks:
                yield community, community_rows(town, community)
            return
        # Forked workers inherit the context and never touch the database connection.
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=fork) as pool:
            pending: deque = deque()
            for town, community in tasks:
                pending.append((community, pool.submit(community_rows, town, community)))
                if len(pending) > AHEAD:
                    code, future = pending.popleft()
                    yield code, future.result()
            while pending:
                code, future = pending.popleft()
                yield code, future.result()
    finally:
        set_context(None)


class PeopleWriter:
    """Takes generated grids in order and writes them with ids, audit events and fixes."""

    def __init__(self, demo: Demo, context: Context):
        self.demo, self.ctx = demo, context
        tables = {name: Table(MODELS[name], COLUMNS[name]) for name in COLUMNS}
        self.rows = RowWriter(tables, actor=system("demo"))
        self.tags = {
            t.code: t.pk
            for t in actions.household_tags_ensure(
                district_code=demo.plan.code, actor=system("demo")
            )
        }
        self.id_keys: set[int] = set()
        self.phone_keys: set[int] = set()
        self.redraw = names.rng_for("people", "redraw")  # for numbers two communities both drew
        self.redrawn = 0
        self.branch_members: dict[int, list[int]] = defaultdict(list)
        self.branch_transfers: dict[int, list[int]] = defaultdict(list)
        self.branches: dict[int, Site] = {}
        orgs = PartyOrganisation.objects.filter(pk__in=[u.org.pk for u in context.unit_orgs])
        self.targets = {  # the areas and branches events are about, by (model, pk)
            (row._meta.model_name, row.pk): row
            for row in [*demo.areas.values(), *demo.party.values(), *orgs]
        }
        self.accounts: list[tuple[int, str]] = []  # (person id, demo account username)
        self.queue: list[tuple[int, str, str]] = []  # (member id, community code, status)

    def grid(self, community: str, out: GridOut) -> None:
        rows, site = self.rows, self.ctx.grids[out.code]
        head = (rows.now, rows.now, site.scope_path, site.district_code, site.pk)
        households, tag_counts = [], Counter()
        for values, tags in zip(out.households, out.tags, strict=True):
            households.append(rows["households"].add_row((*head, *values)))
            for tag in tags:
                rows["tags"].add_row((households[-1], self.tags[tag]))
                tag_counts[tag] += 1
        persons = [
            rows["persons"].add_row((*head, households[p.household], *self._unique(p)))
            for p in out.persons
        ]
        pairs = zip(persons, out.persons, strict=True)
        self.accounts += [(pk, p.account) for pk, p in pairs if p.account]
        registrations = [
            pk
            for m in out.members
            if (pk := self._member(community, site, persons[m.person], m)) is not None
        ]
        self._event("households", site, households, tags=dict(sorted(tag_counts.items())))
        self._event("persons", site, persons)
        if registrations:
            self._event("registrations", site, registrations, kind=RegistrationKind.MEMBER)
        rows.maybe_flush()

    def _unique(self, person: PersonOut) -> tuple:
        """The person's values, with a new ID number or phone if another community drew it."""
        values = person.values
        if person.id_key in self.id_keys:
            values = values[:6] + self._other_id(person) + values[9:]
        self.id_keys.add(key(values[7]))
        if person.phone_key is not None:
            if person.phone_key in self.phone_keys:
                values = values[:9] + self._other_phone() + values[12:]
            self.phone_keys.add(key(values[10]))
        return values

    def _other_id(self, person: PersonOut) -> tuple:
        self.redrawn += 1
        parity = 1 if person.sex == "male" else 0
        while True:
            body = f"{person.id_prefix}{2 + self.redraw.randrange(499) * 2 + parity:03d}"
            sealed = seal_id(body + check_character(body))
            if key(sealed[1]) not in self.id_keys:
                return sealed

    def _other_phone(self) -> tuple:
        while True:
            sealed = seal_phone(mobile(self.redraw))
            if key(sealed[1]) not in self.phone_keys:
                return sealed

    def _member(self, community: str, grid: Site, person: int, member) -> int | None:
        rows, branch = self.rows, member.branch
        pk = rows["members"].add_row(
            (rows.now, rows.now, branch.scope_path, branch.district_code, person, *member.values)
        )
        self.branches[branch.pk] = branch
        self.branch_members[branch.pk].append(pk)
        if member.transfer:
            transfer = (rows.now, rows.now, branch.scope_path, branch.district_code, pk)
            source, on, reason = member.transfer
            self.branch_transfers[branch.pk].append(
                rows["transfers"].add_row((*transfer, source, branch.pk, on, reason))
            )
        if isinstance(member.registration, str):  # left for the admin: made by the actions
            self.queue.append((pk, community, member.registration))
        elif member.registration:
            place, values = self.ctx.communities[community], member.registration
            return self._registration(RegistrationKind.MEMBER, pk, None, place, grid, values)
        return None

    def _registration(self, kind, member, unit, community: Site, grid: Site, values) -> int:
        """A registration row; `values` are its columns from `status` on."""
        assigned = values[0] == RegistrationStatus.ASSIGNED
        place = grid if assigned else community
        return self.rows["registrations"].add_row(
            (values[3], values[5] or values[4], place.scope_path, place.district_code, kind)
            + (member, unit, community.pk, grid.pk if assigned else None, *values)
        )

    def unit_registrations(self) -> None:
        """Units in the main urban communities register with the community they sit in."""
        rng = names.rng_for("people", "unit-registrations")
        plans = {c.code: c for c in self.demo.plan.communities()}
        done: dict[str, list[int]] = defaultdict(list)
        for unit in (u for units in self.demo.units.values() for u in units):
            area = unit.area
            if area.kind != AreaKind.COMMUNITY or not is_main_urban(area.code):
                continue
            grid = self.ctx.grids[rng.choice(plans[area.code].grids).code]
            month, day = rng.randint(1, 5), rng.randint(1, 28)
            submitted = clock.at(month, day, 10)
            confirmed = submitted + datetime.timedelta(days=rng.randint(2, 10))
            assigned = confirmed + datetime.timedelta(days=3) if rng.random() < 0.7 else None
            values = registration_values(self.ctx, rng, (submitted, confirmed, assigned))
            community = self.ctx.communities[area.code]
            done[area.code].append(
                self._registration(RegistrationKind.UNIT, None, unit.pk, community, grid, values)
            )
        for code, pks in done.items():
            self._event("registrations", self.ctx.communities[code], pks, kind="unit")

    def finish(self) -> None:
        for pk, members in self.branch_members.items():
            self._event("members", self.branches[pk], members)
        for pk, transfers in self.branch_transfers.items():
            self._event("transfers", self.branches[pk], transfers)
        self.rows.finish()

    def _event(self, what: str, site: Site, pks: list[int], **extra: Any) -> None:
        """One event for rows created together, naming them by id ranges (see module doc); its
        target is the grid, community or branch they were created in."""
        self.rows.event(
            action=f"people.demo.{what}_created",
            target=self.targets[site.model, site.pk],
            data={"count": len(pks), "ids": id_ranges(pks), **extra},
        )


def _through_actions(demo: Demo, writer: PeopleWriter) -> None:
    """Link the demo accounts to their residents; submit (and confirm) the queued registrations."""
    for pk, username in writer.accounts:
        actions.person_link_user(
            person=Person.objects.get(pk=pk),
            user=demo.users[username],
            actor=system("demo"),
        )
    rng = names.rng_for("people", "queue")
    for member_pk, code, status in writer.queue:
        member = PartyMember.objects.select_related("person").get(pk=member_pk)
        registration = actions.registration_submit(
            community=demo.areas[code],
            member=member,
            skills=rng.choice(SKILLS),
            preferences=rng.choice(PREFERENCES),
            actor=system("demo"),
        )
        admin = demo.community_admins.get(code)
        if status == RegistrationStatus.CONFIRMED and admin is not None:
            actions.registration_confirm(registration=registration, actor=admin)


def build_people(demo: Demo, scale: str = "fenghua", workers: int = WORKERS) -> None:
    """The demo step: the population of the district built so far (see the module docstring)."""
    context = _context(demo, scale)
    with large_page_cache(), gc_paused():
        writer = PeopleWriter(demo, context)
        for community, grids in _generated(context, workers):
            for grid in grids:
                writer.grid(community, grid)
        writer.unit_registrations()
        writer.finish()
        _through_actions(demo, writer)
