"""The people of the Fenghua 2021 demo: the seed's figures from records, valid sealed identities,
scope invariants, the registration queue, and the demo accounts seeing themselves."""

import random
import re

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from yipanqi.accounts.models import User
from yipanqi.core import pii
from yipanqi.core.audit import verify_chain
from yipanqi.core.demo_kit.fenghua import district_plan
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.demo_accounts import DEMO_ACCOUNTS
from yipanqi.organisations.models import Area
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.demo import (
    MAIN_URBAN_HOUSEHOLDS,
    QUEUE,
    household_counts,
    is_main_urban,
    main_urban_households,
)
from yipanqi.people.demo_population import SCALES, Population, age_on
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    HouseholdTag,
    MembershipTransfer,
    PartyMember,
    Person,
)
from yipanqi.people.permissions import (
    members_visible_to,
    people_visible_to,
    registrations_visible_to,
)
from yipanqi.people.validators import check_character, parse_id_number

pytestmark = pytest.mark.django_db

SWEEP_HOUSEHOLDS = 62_178  # the 清楼 sweep (MISSION.md B)
REGISTERED_MEMBERS = 5_500  # in-service members registered with their communities (MISSION.md D)
ID_PATTERN = re.compile(rb"\d{17}[\dX]")
MOBILE_PATTERN = re.compile(rb"1[3-9]\d{9}")


@pytest.fixture(autouse=True)
def demo(fenghua_demo):
    """The demo's counts: the full demo, built once per session (the root conftest's
    `fenghua_demo`)."""
    return fenghua_demo.counts


def _sample(queryset, size: int = 300):
    """A spread-out sample: every n-th row by id, the same on every run."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    chosen = pks[:: max(1, len(pks) // size)][:size]
    return list(queryset.filter(pk__in=chosen).order_by("pk"))


# --- the seed's figures, counted from records ---------------------------------------------------


def test_main_urban_communities_hold_the_sweep_households():
    main = [
        a
        for a in Area.objects.filter(kind=AreaKind.COMMUNITY, code__startswith="330213")
        if is_main_urban(a.code)
    ]
    assert len(main) == 16 + 11  # the 居委会 of 锦屏街道 and 岳林街道
    counted = Household.objects.filter(
        Q(*[Q(scope_path__startswith=a.path) for a in main], _connector=Q.OR)
    ).count()
    assert counted >= SWEEP_HOUSEHOLDS
    assert counted == main_urban_households() == MAIN_URBAN_HOUSEHOLDS


def test_more_than_5500_in_service_members_assigned_to_grids_of_their_communities():
    assigned = CommunityRegistration.objects.filter(
        kind=RegistrationKind.MEMBER, status=RegistrationStatus.ASSIGNED
    ).select_related("member", "community", "grid")
    assert assigned.count() >= REGISTERED_MEMBERS
    for registration in assigned:
        grid, community = registration.grid, registration.community
        assert grid.kind == AreaKind.GRID and grid.path.startswith(community.path)
        assert registration.member.in_service
        assert registration.scope_path == grid.path
        assert registration.confirmed_at.year == registration.assigned_at.year == 2021
        assert registration.submitted_at <= registration.confirmed_at <= registration.assigned_at


def test_members_register_where_they_live():
    registrations = CommunityRegistration.objects.filter(
        kind=RegistrationKind.MEMBER, status=RegistrationStatus.ASSIGNED
    )
    moved = registrations.exclude(grid=F("member__person__area"))
    assert not moved.exists()


def test_every_grid_has_households_and_residents():
    grids = Area.objects.filter(kind=AreaKind.GRID)
    assert grids.count() == 1093
    assert not grids.filter(households__isnull=True).exists()
    assert not grids.filter(people__isnull=True).exists()


def test_household_counts_by_kind_of_community():
    plan = {c.code: c for c in district_plan().communities()}
    by_community: dict[str, int] = {}
    for grid_code, n in Household.objects.values_list("grid__code").annotate(n=Count("id")):
        by_community[grid_code[:12]] = by_community.get(grid_code[:12], 0) + n
    assert set(by_community) == set(plan)
    for code, n in by_community.items():
        if not is_main_urban(code):
            low, high = (300, 1_500) if plan[code].is_urban else (30, 80)
            assert low <= n <= high, (code, n)


def test_household_sizes_and_tags_are_plausible():
    sizes = Household.objects.annotate(n=Count("members")).values_list("n", flat=True)
    assert set(sizes) <= {1, 2, 3, 4, 5}
    assert 2.3 <= Person.objects.count() / Household.objects.count() <= 2.5
    assert HouseholdTag.objects.filter(district_code="330213").count() == 7
    alone = Household.objects.filter(tags__code="elderly_alone").prefetch_related("members")
    assert alone.count() > 1000
    for household in alone[:300]:
        (person,) = household.members.all()
        assert age_on(person.birth_date) >= 65
    for code in ("rented", "disabled", "low_income", "veteran", "special_care", "empty_nest"):
        assert Household.objects.filter(tags__code=code).exists(), code


# --- identities: valid, unique, sealed ----------------------------------------------------------


def test_sampled_id_numbers_decrypt_to_valid_numbers_matching_the_row():
    codes = set()
    for person in _sample(Person.objects.all(), 500):
        number = pii.decrypt(person.id_number_cipher, context=ID_CONTEXT)
        facts = parse_id_number(number)  # shape, real birth date, check character
        assert check_character(number[:17]) == number[17]
        assert (facts.birth_date, facts.sex) == (person.birth_date, person.sex)
        assert person.id_number_digest == pii.digest(number, context=ID_CONTEXT)
        assert person.id_number_masked == pii.mask_id_number(number)
        codes.add(facts.county_code)
        expected = {"330213"} if facts.birth_date.year >= 2017 else None
        assert expected is None or facts.county_code in expected
        if person.phone_cipher:
            phone = pii.decrypt(person.phone_cipher, context=PHONE_CONTEXT)
            assert re.fullmatch(r"1[3-9]\d{9}", phone)
            assert person.phone_digest == pii.digest(phone, context=PHONE_CONTEXT)
            assert person.phone_masked == pii.mask_phone(phone)
    assert "330283" in codes and len(codes) > 3  # the retired 奉化市 code, and others


def test_id_numbers_are_unique_and_most_adults_have_phones():
    people = Person.objects.all()
    assert people.values("id_number_digest").distinct().count() == people.count()
    with_phone = people.exclude(phone_digest="")
    assert with_phone.values("phone_digest").distinct().count() == with_phone.count()
    assert with_phone.count() > 0.6 * people.count()


def test_no_clear_id_number_or_phone_in_the_raw_columns():
    sample = {p.pk: p for p in _sample(Person.objects.all(), 2000)}
    placeholders = ", ".join(["%s"] * len(sample))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM people_person WHERE id IN ({placeholders})",  # noqa: S608
            list(sample),
        )
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == len(sample)
    for row in rows:
        values = dict(zip(names, row, strict=True))
        person = sample[values["id"]]
        clear = [pii.decrypt(person.id_number_cipher, context=ID_CONTEXT).encode()]
        if person.phone_cipher:
            clear.append(pii.decrypt(person.phone_cipher, context=PHONE_CONTEXT).encode())
        for column, value in values.items():
            if column in ("id_number_digest", "phone_digest"):  # keyed hashes, hex
                assert value == "" or re.fullmatch(r"[0-9a-f]{64}", value)
                continue
            raw = bytes(value) if isinstance(value, memoryview | bytes) else str(value).encode()
            assert not any(c in raw for c in clear), column
            assert not ID_PATTERN.search(raw) and not MOBILE_PATTERN.search(raw), column


# --- where rows belong ---------------------------------------------------------------------------


def test_scope_paths_come_from_grid_branch_or_community():
    assert not Household.objects.exclude(scope_path=F("grid__path")).exists()
    assert not Person.objects.exclude(scope_path=F("area__path")).exists()
    assert not Person.objects.exclude(household__grid=F("area")).exists()
    assert not PartyMember.objects.exclude(scope_path=F("branch__scope_path")).exists()
    assert not MembershipTransfer.objects.exclude(scope_path=F("to_branch__scope_path")).exists()
    assigned = CommunityRegistration.objects.filter(status=RegistrationStatus.ASSIGNED)
    assert not assigned.exclude(scope_path=F("grid__path")).exists()
    waiting = CommunityRegistration.objects.exclude(status=RegistrationStatus.ASSIGNED)
    assert not waiting.exclude(scope_path=F("community__path")).exists()
    for model in (Household, Person, PartyMember, CommunityRegistration, MembershipTransfer):
        assert set(model.objects.values_list("district_code", flat=True)) == {"330213"}


def test_members_in_branches():
    members = PartyMember.objects.all()
    adults = sum(1 for p in Person.objects.values_list("birth_date", flat=True) if age_on(p) >= 18)
    assert 0.06 <= members.count() / adults <= 0.08
    # members party life moved to another branch of the district (issue 15) keep their home
    from yipanqi.partylife.models import Transfer

    moved = Transfer.objects.filter(kind="within", status="accepted").values("member_id")
    in_grid = members.filter(in_service=False).exclude(pk__in=moved).select_related("branch__area")
    assert not in_grid.exclude(branch__area__kind=AreaKind.GRID).exists()
    assert not in_grid.exclude(branch__area=F("person__area")).exists()
    in_unit = members.filter(in_service=True).exclude(pk__in=moved)
    assert not in_unit.filter(Q(work_unit__isnull=True) | Q(branch__unit__isnull=True)).exists()
    assert not in_unit.exclude(branch__unit=F("work_unit")).exists()
    assert set(members.values_list("kind", flat=True)) == {"full", "probationary"}
    assert members.filter(status="lost_contact").exists()
    assert not members.filter(kind="full", full_member_on__isnull=True).exists()
    assert not members.filter(kind="probationary", full_member_on__isnull=False).exists()
    # political status is sealed (core.sealed): read every one, then count
    statuses = members.values_list("person__political_status", flat=True)
    assert (
        statuses.count()
        and [str(s) for s in statuses].count("party_member") == members.filter(kind="full").count()
    )
    for member in _sample(members.select_related("person"), 300):
        assert age_on(member.person.birth_date, member.joined_on) >= 18


def test_transfers_recorded_between_branches():
    transfers = MembershipTransfer.objects.select_related("member")
    assert transfers.count() > 20
    for transfer in transfers:
        assert transfer.from_branch_id != transfer.to_branch_id
        assert transfer.member.branch_id == transfer.to_branch_id
        assert transfer.transferred_on >= transfer.member.joined_on


def test_registration_queue_for_the_demo_community_admins():
    for code, (submitted, confirmed) in QUEUE.items():
        queue = CommunityRegistration.objects.filter(community__code=code, kind="member")
        assert queue.filter(status=RegistrationStatus.SUBMITTED).count() == submitted
        assert queue.filter(status=RegistrationStatus.CONFIRMED).count() == confirmed
        for registration in queue.exclude(status=RegistrationStatus.ASSIGNED):
            events = AuditEvent.objects.filter(
                target_type="people.communityregistration", target_id=str(registration.pk)
            )
            assert events.filter(action="people.registration.submitted").exists()
    assert CommunityRegistration.objects.filter(kind=RegistrationKind.UNIT).count() > 10


# --- the demo accounts ---------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["jp_fengzhong_member", "yl_minzhu_member"])
def test_demo_party_member_sees_themselves(username):
    user = User.objects.get(username=username)
    (person,) = people_visible_to(user)
    assert person.user == user and person.name == user.display_name
    grant = user.role_grants.get()
    assert person.area == grant.area
    (member,) = members_visible_to(user)
    assert member.person == person and member.in_service
    (registration,) = registrations_visible_to(user)
    assert registration.status == RegistrationStatus.ASSIGNED and registration.grid == grant.area


@pytest.mark.parametrize("username", ["jp_fengzhong_resident", "yl_minzhu_resident"])
def test_demo_resident_sees_only_themselves(username):
    user = User.objects.get(username=username)
    (person,) = people_visible_to(user)
    assert person.user == user and person.area == user.role_grants.get().area
    assert not members_visible_to(user).exists()


# --- audit ---------------------------------------------------------------------------------------


def _covered(action: str) -> int:
    return sum(e.data["count"] for e in AuditEvent.objects.filter(action=action))


def test_bulk_rows_are_covered_by_audit_events_and_the_chain_verifies(demo):
    assert _covered("people.demo.households_created") == Household.objects.count()
    assert _covered("people.demo.persons_created") == Person.objects.count()
    assert _covered("people.demo.members_created") == PartyMember.objects.count()
    # transfers through people's own action (party life's, issue 15) have an event each
    by_action = AuditEvent.objects.filter(action="people.member.transferred").count()
    transfers = MembershipTransfer.objects.count() - by_action
    assert _covered("people.demo.transfers_created") == transfers
    bulk = CommunityRegistration.objects.exclude(
        kind=RegistrationKind.MEMBER, status__in=[RegistrationStatus.SUBMITTED, "confirmed"]
    )
    assert _covered("people.demo.registrations_created") == bulk.count()
    grid_event = AuditEvent.objects.filter(action="people.demo.households_created").last()
    grid = Area.objects.get(pk=grid_event.target_id)
    first, last = grid_event.data["ids"][0]
    assert set(
        Household.objects.filter(pk__range=(first, last)).values_list("grid", flat=True)
    ) == {grid.pk}
    assert grid_event.scope_path == grid.path
    # The people part links the four demo accounts of its personas (the orders part links the
    # bulk accounts it creates, which hold no role grant).
    linked = AuditEvent.objects.filter(action="people.person.account_linked")
    # (the workforce part links the two community heads' accounts to their people, too)
    names = [a.username for a in DEMO_ACCOUNTS if a.role in ("party_member", "resident")]
    personas = set(User.objects.filter(username__in=names).values_list("pk", flat=True))
    assert (
        sum(changes["user"][1] in personas for changes in linked.values_list("changes", flat=True))
        == 4
    )
    report = verify_chain()
    assert report.ok, report
    assert report.checked == demo["audit events"]


def test_demo_counts_include_the_people(demo):
    assert demo["households"] == Household.objects.count() > 90_000
    assert demo["main urban households"] == MAIN_URBAN_HOUSEHOLDS
    assert demo["residents"] == Person.objects.count()
    assert demo["members assigned to grids"] >= REGISTERED_MEMBERS


# --- the generator -------------------------------------------------------------------------------


def test_generated_identities_are_valid_and_unique():
    population = Population(SCALES["fenghua"])
    rng = random.Random(7)
    seen = set()
    for _ in range(3000):
        plan = population.household(rng, ("1", "1单元", "101"), urban=True)
        for resident in plan.residents:
            facts = parse_id_number(resident.id_number)
            assert (facts.birth_date, facts.sex) == (resident.birth_date, resident.sex)
            assert age_on(resident.birth_date) == resident.age
            assert resident.id_number not in seen
            seen.add(resident.id_number)


def test_district_scale_has_twice_the_households():
    towns = district_plan().towns
    fenghua = household_counts(towns, SCALES["fenghua"].households)
    district = household_counts(towns, SCALES["district"].households)
    main = [code for code in fenghua if is_main_urban(code)]
    assert sum(fenghua[c] for c in main) == MAIN_URBAN_HOUSEHOLDS
    assert sum(district[c] for c in main) == 2 * MAIN_URBAN_HOUSEHOLDS
    assert 190_000 <= sum(district.values()) <= 210_000
