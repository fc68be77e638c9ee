"""Writes to the people registry: sealing, unmasking with its log, registration transitions, exports."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent, PersonalDataAccess
from yipanqi.people import actions
from yipanqi.people.choices import MemberStatus, RegistrationStatus
from yipanqi.people.models import (
    CommunityRegistration,
    HouseholdTag,
    MembershipTransfer,
    Participation,
    PartyMember,
    Person,
)
from yipanqi.people.tests.factories import make_id_number, make_phone


def fresh(obj):
    """Tests share one data set (rolled back per test): always act on a row read again."""
    return type(obj).objects.get(pk=obj.pk)


def events(action: str):
    return AuditEvent.objects.filter(action=action)


# --- residents ---------------------------------------------------------------------------------


def test_person_create_seals_id_number_and_phone(shared):
    admin = shared.personas["community_admin_a1"]
    number = make_id_number(datetime.date(1990, 5, 4), 77)

    person = actions.person_create(
        household=shared.households[0],
        area=shared.district.grids[0],
        name="钱多多",
        id_number=number,
        phone="139 0000 1111",
        actor=admin,
    )

    assert person.id_number_masked == number[:4] + "**********" + number[-4:]
    assert person.phone_masked == "139****1111"
    assert person.birth_date == datetime.date(1990, 5, 4) and person.sex == "male"
    assert person.name_initials == "qdd"
    assert events("people.person.created").filter(target_id=str(person.pk)).count() == 1


def test_person_create_refuses_a_duplicate_id_number(shared):
    number = shared.plain[shared.persons[0].pk][0]

    with pytest.raises(Conflict) as error:
        actions.person_create(
            area=shared.district.grids[0],
            name="重复",
            id_number=number,
            actor=shared.personas["community_admin_a1"],
        )

    assert error.value.code == "duplicate_id_number"


@pytest.mark.parametrize("persona", ["community_admin_b1", "grid_worker_a1", "party_member_a1"])
def test_person_create_outside_ones_area_is_refused(shared, persona):
    with pytest.raises(Forbidden):
        actions.person_create(
            area=shared.district.grids[1],  # A1 grid 2: outside B1 and the grid worker's grid
            name="无权",
            id_number=make_id_number(datetime.date(1990, 1, 1), 55),
            actor=shared.personas[persona],
        )


def test_person_create_rejects_bad_phone_without_saving(shared):
    with pytest.raises(Invalid) as error:
        actions.person_create(
            area=shared.district.grids[0],
            name="错号",
            id_number=make_id_number(datetime.date(1990, 1, 1), 56),
            phone="12345",
            actor=shared.personas["community_admin_a1"],
        )

    assert error.value.code == "bad_phone"
    assert not Person.objects.filter(name="错号").exists()


def test_household_tags_ensure_is_idempotent(shared):
    code = shared.district.district.code
    before = events("people.household_tags.created").count()

    again = actions.household_tags_ensure(district_code=code, actor=None)

    assert len(again) == HouseholdTag.objects.filter(district_code=code).count() == 7
    assert events("people.household_tags.created").count() == before == 1


def test_person_link_user_gives_one_account_one_person(shared):
    with pytest.raises(Conflict) as error:
        actions.person_link_user(
            person=fresh(shared.persons[0]),
            user=shared.personas["party_member_a1"],  # already linked to persons[1]
            actor=shared.personas["community_admin_a1"],
        )

    assert error.value.code == "account_taken"


# --- unmasking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "field"),
    [
        ("grid_worker_a1", "id_number"),  # grid workers may see phones, not ID numbers
        ("party_member_a1", "phone"),
        ("community_admin_b1", "phone"),  # another community
        ("auditor_a", "id_number"),
        ("no_role", "phone"),
    ],
)
def test_unmask_without_permission_is_refused_and_logs_nothing(shared, persona, field):
    person = fresh(shared.persons[2])  # grid 1 of A1, has a phone

    with pytest.raises(Forbidden):
        actions.person_unmask(
            person=person, field=field, purpose="核实身份信息", actor=shared.personas[persona]
        )

    assert PersonalDataAccess.objects.count() == 0
    assert not events("people.person.unmasked").exists()


@pytest.mark.parametrize(
    ("persona", "field", "index"),
    [
        ("community_admin_a1", "id_number", 2),
        ("community_admin_a1", "phone", 2),
        ("district_admin", "id_number", 11),
        ("grid_worker_a1", "phone", 1),  # own grid
    ],
)
def test_unmask_with_permission_returns_the_value_and_logs_it_once(shared, persona, field, index):
    person = fresh(shared.persons[index])
    actor = shared.personas[persona]
    expected = shared.plain[person.pk][0 if field == "id_number" else 1]

    value = actions.person_unmask(person=person, field=field, purpose="上门走访核对", actor=actor)

    assert value == expected
    log = PersonalDataAccess.objects.get()  # exactly one row
    assert (log.actor_id, log.subject_id, log.field, log.purpose) == (
        actor.pk,
        str(person.pk),
        field,
        "上门走访核对",
    )
    event = events("people.person.unmasked").get()
    assert event.data == {"field": field, "purpose": "上门走访核对", "access": log.pk}
    assert expected not in str(event.changes) and expected not in str(event.data)


def test_unmask_event_keeps_numbers_in_the_purpose_masked(shared):
    """The audit event says why; an ID number or phone typed into the purpose is kept masked."""
    person = fresh(shared.persons[2])
    id_number, phone = shared.plain[person.pk]
    purpose = f"核对 {id_number} 与来电 {phone}"

    actions.person_unmask(
        person=person, field="phone", purpose=purpose, actor=shared.personas["community_admin_a1"]
    )

    event = events("people.person.unmasked").get()
    assert event.data["field"] == "phone"
    assert event.data["purpose"].startswith("核对 ") and "*" in event.data["purpose"]
    assert id_number not in event.data["purpose"] and phone not in event.data["purpose"]
    assert PersonalDataAccess.objects.get().purpose == purpose  # the access log keeps it whole


def test_unmask_needs_a_purpose(shared):
    with pytest.raises(Invalid) as error:
        actions.person_unmask(
            person=fresh(shared.persons[2]),
            field="phone",
            purpose="  ",
            actor=shared.personas["community_admin_a1"],
        )

    assert error.value.code == "purpose_required"
    assert PersonalDataAccess.objects.count() == 0


# --- party members -----------------------------------------------------------------------------


def test_member_transfer_moves_the_row_and_keeps_the_event(shared):
    member = fresh(shared.members["a2"])  # in A1's branch
    to_branch = shared.branches["a2"]

    moved = actions.member_transfer(
        member=member,
        to_branch=to_branch,
        transferred_on=datetime.date(2021, 5, 1),
        reason="工作调动",
        actor=shared.personas["community_admin_a1"],
    )

    assert moved.branch == to_branch and moved.scope_path == to_branch.scope_path
    transfer = MembershipTransfer.objects.get(member=member)
    assert transfer.from_branch == shared.branches["a1"]
    assert events("people.member.transferred").filter(target_id=str(member.pk)).exists()


def test_member_transfer_to_the_same_branch_is_invalid(shared):
    with pytest.raises(Invalid):
        actions.member_transfer(
            member=fresh(shared.members["a2"]),
            to_branch=shared.branches["a1"],
            transferred_on=datetime.date(2021, 5, 1),
            actor=shared.personas["community_admin_a1"],
        )


def test_member_status_needs_a_manager_of_the_branch(shared):
    with pytest.raises(Forbidden):
        actions.member_set_status(
            member=fresh(shared.members["b1"]),
            status=MemberStatus.LOST_CONTACT,
            actor=shared.personas["community_admin_a1"],
        )
    member = actions.member_set_status(
        member=fresh(shared.members["b1"]),
        status=MemberStatus.LOST_CONTACT,
        actor=shared.personas["community_admin_b1"],
    )
    assert PartyMember.objects.get(pk=member.pk).status == MemberStatus.LOST_CONTACT


# --- registrations -----------------------------------------------------------------------------


def test_registration_confirm_then_assign(shared):
    admin = shared.personas["community_admin_a1"]
    registration = fresh(shared.registrations["a1_submitted"])

    confirmed = actions.registration_confirm(registration=registration, actor=admin)
    assigned = actions.registration_assign(
        registration=confirmed, grid=shared.district.grids[1], actor=admin
    )

    row = CommunityRegistration.objects.get(pk=registration.pk)
    assert row.status == RegistrationStatus.ASSIGNED and row.grid == shared.district.grids[1]
    assert row.scope_path == shared.district.grids[1].scope_path
    assert assigned.confirmed_at and assigned.assigned_at
    codes = set(
        AuditEvent.objects.filter(
            target_id=str(row.pk), action__startswith="people.registration"
        ).values_list("action", flat=True)
    )
    assert {"people.registration.confirmed", "people.registration.assigned"} <= codes


@pytest.mark.parametrize(
    ("key", "step"),
    [
        ("a1_submitted", "assign"),  # not confirmed yet
        ("a2_confirmed", "confirm"),  # already confirmed
        ("a2_confirmed", "decline"),  # confirmed registrations are not declined
        ("unit_declined", "confirm"),  # declined is final
        ("self_assigned", "confirm"),
    ],
)
def test_illegal_registration_transitions_conflict(shared, key, step):
    registration = fresh(shared.registrations[key])
    community_index = shared.district.communities.index(registration.community)
    grid = shared.district.grids[community_index * 2]
    call = {
        "confirm": lambda: actions.registration_confirm(registration=registration, actor=admin),
        "decline": lambda: actions.registration_decline(
            registration=registration, reason="不符合", actor=admin
        ),
        "assign": lambda: actions.registration_assign(
            registration=registration, grid=grid, actor=admin
        ),
    }[step]
    admin = shared.personas["district_admin"]

    with pytest.raises(Conflict) as error:
        call()

    assert error.value.code == "illegal_transition"


def test_assign_to_a_grid_of_another_community_is_invalid(shared):
    with pytest.raises(Invalid) as error:
        actions.registration_assign(
            registration=fresh(shared.registrations["a2_confirmed"]),
            grid=shared.district.grids[0],  # A1's grid; the registration is with A2
            actor=shared.personas["district_admin"],
        )

    assert error.value.code == "grid_outside_community"


@pytest.mark.parametrize("persona", ["community_admin_a2", "grid_worker_a1", "party_member_a1"])
def test_only_the_communitys_admins_decide(shared, persona):
    with pytest.raises(Forbidden):
        actions.registration_confirm(
            registration=fresh(shared.registrations["a1_submitted"]),
            actor=shared.personas[persona],
        )


def test_a_member_registers_themselves_once(shared):
    member = fresh(shared.members["self"])
    me = shared.personas["party_member_a1"]

    with pytest.raises(Conflict) as error:  # already active with A1
        actions.registration_submit(
            community=shared.district.communities[0], member=member, actor=me
        )
    assert error.value.code == "duplicate_registration"

    other = actions.registration_submit(
        community=shared.district.communities[1], member=member, actor=me
    )
    assert other.status == RegistrationStatus.SUBMITTED


def test_members_not_in_service_do_not_register(shared):
    with pytest.raises(Invalid) as error:
        actions.registration_submit(
            community=shared.district.communities[2],
            member=fresh(shared.members["b1_retired"]),
            actor=shared.personas["community_admin_b1"],
        )

    assert error.value.code == "not_in_service"


# --- branch feedback export --------------------------------------------------------------------


def _sheet_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(
            book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
        )


def test_branch_feedback_export_is_masked_and_audited(shared):
    admin = shared.personas["community_admin_a1"]
    branch = shared.branches["a1"]

    content = actions.branch_feedback_export(branch=branch, year=2021, actor=admin)

    text = _sheet_text(content)
    assert "王芳" in text  # persons[1], the member linked to party_member_a1
    for id_number, phone in shared.plain.values():
        assert id_number not in text and (not phone or phone not in text)
    assert shared.persons[1].phone_masked in text
    event = events("people.branch_feedback.exported").get()
    assert event.target_id == str(branch.pk) and event.data == {"year": 2021, "rows": 2}


@pytest.mark.parametrize("persona", ["grid_worker_a1", "community_admin_b1", "party_member_a1"])
def test_branch_feedback_export_needs_the_branchs_manager(shared, persona):
    with pytest.raises(Forbidden):
        actions.branch_feedback_export(
            branch=shared.branches["a1"], year=2021, actor=shared.personas[persona]
        )
    assert not events("people.branch_feedback.exported").exists()


def test_make_phone_is_a_valid_mobile():
    assert make_phone(7) == "13957000007"


# --- bulk participations ------------------------------------------------------------------------


def test_participations_record_bulk_keeps_order_scope_and_audits_each_row(shared):
    a, b = shared.registrations["self_assigned"], shared.registrations["b1_assigned"]
    at = datetime.datetime(2021, 6, 1, 18, tzinfo=datetime.UTC)
    rows = [
        actions.NewParticipation(b.pk, "service_order", datetime.date(2021, 6, 1), Decimal("2"),
                                 problem_solved=True, source="orders.serviceorder:9:0", recorded_at=at),
        actions.NewParticipation(a.pk, "service_order", datetime.date(2021, 6, 1), Decimal("1.5"),
                                 source="orders.serviceorder:9:0"),
    ]  # fmt: skip

    made = actions.participations_record_bulk(rows=rows, actor=system("demo"))

    assert [p.registration_id for p in made] == [b.pk, a.pk] and made[0].pk < made[1].pk
    assert [p.scope_path for p in made] == [b.scope_path, a.scope_path]
    assert Participation.objects.get(pk=made[0].pk).created_at == at
    recorded = events("people.participation.recorded").filter(
        target_id__in=[made[0].pk, made[1].pk]
    )
    assert recorded.count() == 2 and {e.actor_username for e in recorded} == {"system:demo"}
    # A source already recorded on a registration is not recorded again (participation_record).
    assert actions.participations_record_bulk(rows=rows, actor=system("demo")) == []


def test_participations_record_bulk_refuses_an_actor_outside_the_scope(shared):
    registration = shared.registrations["b1_assigned"]
    row = actions.NewParticipation(
        registration.pk, "volunteer", datetime.date(2021, 6, 1), Decimal("1")
    )
    with pytest.raises(Forbidden):
        actions.participations_record_bulk(rows=[row], actor=shared.personas["community_admin_a1"])
