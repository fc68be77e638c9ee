"""People test data on top of organisations' build_district(), built through the people actions.

Every row records where it lives (community and grid index in `district.grids`) and whose it is,
so tests can compute who may see it without asking the permission code (see test_scope_matrix).

grids: 0,1 → A1   2,3 → A2   4,5 → B1   6,7 → B2  (community index = grid index // 2)
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from yipanqi.core.actors import system
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.organisations.tests.factories import District, build_district
from yipanqi.people import actions
from yipanqi.people.choices import MembershipKind, ParticipationKind
from yipanqi.people.models import CommunityRegistration, Household, PartyMember, Person
from yipanqi.people.validators import check_character

NAMES = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "黄敏", "赵强",
    "周杰", "吴婷", "徐明", "孙丽", "马超", "朱琳", "胡斌", "郭燕",
    "何平", "林峰", "罗霞", "高翔",
]  # fmt: skip
HOUSEHOLD_GRIDS = (0, 0, 1, 2, 2, 4, 4, 5)  # households in grids of A1, A2 and B1; none in B2
TAGS_BY_HOUSEHOLD = {
    0: ["elderly_alone"],
    1: ["low_income", "rented"],
    3: ["rented"],
    5: ["disabled"],
}


def make_id_number(
    birth: datetime.date, seq: int, *, female: bool = False, area: str = "330213"
) -> str:
    """A checksum-correct synthetic 公民身份号码 (the sex digit is odd for men, even for women)."""
    sex_digit = (seq * 2 + (0 if female else 1)) % 10
    body = f"{area}{birth:%Y%m%d}{seq % 100:02d}{sex_digit}"
    return body + check_character(body)


def make_phone(n: int) -> str:
    return f"139{57000000 + n:08d}"


@dataclass
class Row:
    """Where a test row lives and whose it is (the independent truth the scope tests compare to)."""

    pk: int
    community: int
    grid: int | None = None
    owner: str = ""


@dataclass
class PeopleData:
    district: District
    households: list[Household] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    plain: dict[int, tuple[str, str]] = field(default_factory=dict)  # person pk → (ID, phone)
    branches: dict[str, PartyOrganisation] = field(default_factory=dict)
    members: dict[str, PartyMember] = field(default_factory=dict)
    registrations: dict[str, CommunityRegistration] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)  # kind → rows

    @property
    def personas(self):
        return self.district.personas

    def row(self, kind: str, pk: int, community: int, grid: int | None = None, owner: str = ""):
        self.rows.setdefault(kind, []).append(Row(pk, community, grid, owner))


def _branch(d: District, community_index: int, name: str) -> PartyOrganisation:
    community = d.communities[community_index]
    return org_actions.party_organisation_create(
        parent=d.party[community.name],
        name=name,
        kind=PartyOrganisationKind.BRANCH,
        area=community,
        actor=system("test"),
    )


def _households(p: PeopleData, tags: dict) -> None:
    d = p.district
    for index, grid_index in enumerate(HOUSEHOLD_GRIDS):
        household = actions.household_create(
            grid=d.grids[grid_index],
            building=str(index + 1),
            unit_no="1单元",
            room=f"{101 + index}室",
            tags=[tags[code] for code in TAGS_BY_HOUSEHOLD.get(index, [])],
            actor=system("test"),
        )
        p.households.append(household)
        p.row("households", household.pk, grid_index // 2, grid_index)


def _persons(p: PeopleData) -> None:
    """Two residents per household: an older man and a younger woman (phones on most)."""
    for index, household in enumerate(p.households):
        grid_index = HOUSEHOLD_GRIDS[index]
        for k, (birth, female) in enumerate(
            [
                (datetime.date(1950 + index, 3, 1 + index), False),
                (datetime.date(1985 + index, 7, 9), True),
            ]
        ):
            n = index * 2 + k
            id_number = make_id_number(
                birth, n, female=female, area="330283" if n == 3 else "330213"
            )
            phone = make_phone(n) if n % 5 else ""
            person = actions.person_create(
                area=household.grid,
                household=household,
                name=NAMES[n],
                id_number=id_number,
                phone=phone,
                actor=system("test"),
            )
            p.persons.append(person)
            p.plain[person.pk] = (id_number, phone)
            p.row("persons", person.pk, grid_index // 2, grid_index)


# (key, person index, branch key, in service); person index → grid via HOUSEHOLD_GRIDS[index // 2]
MEMBERS = (
    ("self", 1, "a1", True),  # grid 0, linked to the party_member_a1 account
    ("a1_other_branch", 4, "a2", True),  # lives in grid 1, membership in A2's branch
    ("a2", 6, "a1", True),  # lives in grid 2 (A2), membership in A1's branch
    ("b1", 10, "b1", True),  # grid 4 (B1)
    ("b1_retired", 14, "b1", False),  # grid 5, not in service
)
BRANCH_COMMUNITY = {"a1": 0, "a2": 1, "b1": 2}


def _members(p: PeopleData) -> None:
    d = p.district
    for key, index in BRANCH_COMMUNITY.items():
        p.branches[key] = _branch(d, index, f"{d.communities[index].name}第一党支部")
    for key, person_index, branch_key, in_service in MEMBERS:
        member = actions.member_create(
            person=p.persons[person_index],
            kind=MembershipKind.FULL,
            joined_on=datetime.date(2010, 7, 1),
            branch=p.branches[branch_key],
            in_service=in_service,
            work_unit_name="区税务局" if in_service else "",
            actor=system("test"),
        )
        p.members[key] = member
        owner = "party_member_a1" if key == "self" else ""
        p.row("members", member.pk, BRANCH_COMMUNITY[branch_key], owner=owner)
    actions.person_link_user(
        person=p.persons[1], user=d.personas["party_member_a1"], actor=system("test")
    )


def _participate(p: PeopleData, registration, year: int, hours: list[str], solved: int) -> None:
    for i, h in enumerate(hours):
        actions.participation_record(
            registration=registration,
            kind=ParticipationKind.VOLUNTEER,
            occurred_on=datetime.date(year, 3 + i, 5),
            hours=Decimal(h),
            problem_solved=i < solved,
            actor=system("test"),
        )


def _registrations(p: PeopleData) -> None:
    d, m = p.district, p.members

    def submit(key, member, community_index, unit=None):
        registration = actions.registration_submit(
            community=d.communities[community_index],
            member=member,
            unit=unit,
            skills="法律咨询",
            preferences="助老",
            actor=system("test"),
        )
        p.registrations[key] = registration
        return registration

    admin = d.personas["district_admin"]
    assigned = submit("self_assigned", m["self"], 0)
    actions.registration_confirm(registration=assigned, actor=admin)
    assigned = actions.registration_assign(registration=assigned, grid=d.grids[0], actor=admin)
    p.registrations["self_assigned"] = assigned
    _participate(p, assigned, 2021, ["2.0", "3.5", "1.0"], solved=1)
    _participate(p, assigned, 2020, ["4.0"], solved=0)
    submit("a1_submitted", m["a1_other_branch"], 0)
    confirmed = submit("a2_confirmed", m["a2"], 1)
    p.registrations["a2_confirmed"] = actions.registration_confirm(
        registration=confirmed, actor=admin
    )
    b1 = submit("b1_assigned", m["b1"], 2)
    actions.registration_confirm(registration=b1, actor=admin)
    b1 = actions.registration_assign(registration=b1, grid=d.grids[4], actor=admin)
    p.registrations["b1_assigned"] = b1
    _participate(p, b1, 2021, ["6.0"], solved=1)
    declined = submit("unit_declined", None, 0, unit=d.units[0])
    p.registrations["unit_declined"] = actions.registration_decline(
        registration=declined, reason="重复报到", actor=admin
    )
    where = {
        "self_assigned": (0, 0, "party_member_a1"),
        "a1_submitted": (0, None, ""),
        "a2_confirmed": (1, None, ""),
        "b1_assigned": (2, 4, ""),
        "unit_declined": (0, None, ""),
    }
    for key, (community, grid, owner) in where.items():
        registration = p.registrations[key]
        p.row("registrations", registration.pk, community, grid, owner)
        for participation in registration.participations.all():
            p.row("participations", participation.pk, community, grid, owner)


def _owned_person_rows(p: PeopleData) -> None:
    """The party member's own person and household rows belong to them too."""
    own = p.persons[1]
    for row in p.rows["persons"]:
        if row.pk == own.pk:
            row.owner = "party_member_a1"
    for row in p.rows["households"]:
        if row.pk == own.household_id:
            row.owner = "party_member_a1"


@transaction.atomic
def build_people(d: District | None = None) -> PeopleData:
    d = d or build_district()
    p = PeopleData(district=d)
    tags = {
        t.code: t
        for t in actions.household_tags_ensure(district_code=d.district.code[:6], actor=None)
    }
    _households(p, tags)
    _persons(p)
    _members(p)
    _registrations(p)
    _owned_person_rows(p)
    return p


def add_registered_members(
    p: PeopleData, count: int, *, start: int = 500
) -> list[CommunityRegistration]:
    """More of everything in A1 (a household, residents, members, submitted registrations, one
    participation each), to show that list pages cost the same number of queries at any size."""
    d = p.district
    household = actions.household_create(
        grid=d.grids[0], building="99", room=f"{start}室", actor=system("test")
    )
    added = []
    for n in range(start, start + count):
        person = actions.person_create(
            area=d.grids[0],
            household=household,
            name=f"{NAMES[n % len(NAMES)]}{n}",
            id_number=make_id_number(datetime.date(1970, 1, 1 + n % 28), n),
            phone=make_phone(n),
            actor=system("test"),
        )
        member = actions.member_create(
            person=person,
            kind=MembershipKind.FULL,
            joined_on=datetime.date(2015, 7, 1),
            branch=p.branches["a1"],
            in_service=True,
            actor=system("test"),
        )
        registration = actions.registration_submit(
            community=d.communities[0], member=member, actor=system("test")
        )
        _participate(p, registration, 2021, ["1.5"], solved=1)
        added.append(registration)
    return added
