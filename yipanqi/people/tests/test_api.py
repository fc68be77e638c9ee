"""The people API under /api/v1/people/: masked output, validated input, stable error codes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.core.models import PersonalDataAccess
from yipanqi.people.models import CommunityRegistration, PartyMember
from yipanqi.people.tests.factories import add_registered_members, make_id_number

API = "/api/v1/people"
SECRET_KEYS = {
    "id_number",
    "phone",
    "id_number_cipher",
    "id_number_digest",
    "phone_cipher",
    "phone_digest",
}


def keys_of(body) -> set[str]:
    if isinstance(body, dict):
        return set(body) | set().union(*(keys_of(v) for v in body.values()))
    if isinstance(body, list):
        return set().union(*(keys_of(v) for v in body)) if body else set()
    return set()


# --- households and persons --------------------------------------------------------------------


def test_household_list_and_detail(shared, shared_api):
    api = shared_api("grid_worker_a1")

    listing = api.get(f"{API}/households/").json()
    detail = api.get(f"{API}/households/{shared.households[1].pk}/").json()

    assert listing["count"] == 2
    assert {t["code"] for t in detail["tags"]} == {"low_income", "rented"}


def test_household_create(shared, shared_api):
    response = shared_api("community_admin_a1").post(
        f"{API}/households/",
        {
            "grid_id": shared.district.grids[1].pk,
            "building": "7",
            "room": "302",
            "tag_codes": ["veteran"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert [t["code"] for t in response.json()["tags"]] == ["veteran"]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"grid": 4, "tag_codes": []}, 404, "not_found"),  # B1's grid: out of scope
        ({"grid": 0, "tag_codes": ["nonsense"]}, 400, "unknown_tag"),
    ],
)
def test_household_create_errors(shared, shared_api, payload, status, code):
    body = {"grid_id": shared.district.grids[payload["grid"]].pk, "building": "1", "room": "1"}

    response = shared_api("community_admin_a1").post(
        f"{API}/households/", {**body, "tag_codes": payload["tag_codes"]}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (status, code)


def test_person_list_search_parameters(shared, shared_api):
    api = shared_api("district_admin")
    person = shared.persons[7]
    number, phone = shared.plain[person.pk]

    by_id = api.post(f"{API}/persons/search/", {"q": number}, format="json").json()
    by_phone = api.post(f"{API}/persons/search/", {"q": phone}, format="json").json()
    by_tag = api.get(f"{API}/persons/", {"tag": ["rented", "low_income"]}).json()
    by_household = api.get(f"{API}/persons/", {"household": shared.households[0].pk}).json()

    assert [r["id"] for r in by_id["results"]] == [person.pk]
    assert [r["id"] for r in by_phone["results"]] == [person.pk]
    assert by_tag["count"] == 2 and by_household["count"] == 2


def test_a_full_number_in_the_url_is_refused(shared, shared_api):
    number, _ = shared.plain[shared.persons[7].pk]

    response = shared_api("district_admin").get(f"{API}/persons/", {"q": number})

    assert (response.status_code, response.json()["code"]) == (400, "exact_search_in_url")


def test_person_output_is_masked_and_carries_no_secrets(shared, shared_api):
    person = shared.persons[2]

    body = shared_api("community_admin_a1").get(f"{API}/persons/{person.pk}/").json()

    assert body["id_number_masked"] == person.id_number_masked
    assert body["phone_masked"] == person.phone_masked
    assert not keys_of(body) & SECRET_KEYS


def test_person_create_validates_and_answers_masked(shared, shared_api):
    number = make_id_number(datetime.date(1988, 8, 8), 42, female=True)

    response = shared_api("community_admin_a1").post(
        f"{API}/persons/",
        {
            "household_id": shared.households[0].pk,
            "name": "新居民",
            "id_number": number,
            "phone": "13912340000",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sex"] == "female" and body["birth_date"] == "1988-08-08"
    assert (
        number not in response.content.decode() and "13912340000" not in response.content.decode()
    )
    assert not keys_of(body) & SECRET_KEYS


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"id_number": "360426199101010072"}, 400, "bad_id_number"),
        ({"phone": "12345678901"}, 400, "bad_phone"),
        ({"birth_date": "1991-01-02"}, 400, "id_birth_mismatch"),
        ({"sex": "female"}, 400, "id_sex_mismatch"),
        ({"id_number": "DUPLICATE"}, 409, "duplicate_id_number"),
        ({"household_id": None}, 400, "validation_error"),  # neither household nor grid
    ],
)
def test_person_create_errors(shared, shared_api, changes, status, code):
    payload = {
        "household_id": shared.households[0].pk,
        "name": "测试",
        "id_number": "360426199101010071",
        **changes,
    }
    if payload["id_number"] == "DUPLICATE":
        payload["id_number"] = shared.plain[shared.persons[0].pk][0]

    response = shared_api("community_admin_a1").post(f"{API}/persons/", payload, format="json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert "360426199101010071" not in response.content.decode()


def test_person_create_in_another_community_is_not_found(shared, shared_api):
    response = shared_api("community_admin_a1").post(
        f"{API}/persons/",
        {"grid_id": shared.district.grids[4].pk, "name": "测试", "id_number": "360426199101010071"},
        format="json",
    )

    assert response.status_code == 404


# --- unmasking ---------------------------------------------------------------------------------


def test_unmask_returns_the_value_and_logs_one_row(shared, shared_api):
    person = shared.persons[2]

    response = shared_api("community_admin_a1").post(
        f"{API}/persons/{person.pk}/unmask/",
        {"field": "id_number", "purpose": "核对低保申请"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"field": "id_number", "value": shared.plain[person.pk][0]}
    assert "no-store" in response["Cache-Control"]
    assert PersonalDataAccess.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "index", "field", "status"),
    [
        ("grid_worker_a1", 1, "id_number", 403),  # in scope, field not allowed
        ("party_member_a1", 1, "phone", 403),  # their own record: still not an unmasking role
        ("community_admin_a1", 10, "phone", 404),  # B1: out of scope
        ("no_role", 2, "phone", 404),
    ],
)
def test_unmask_refused(shared, shared_api, persona, index, field, status):
    person = shared.persons[index]

    response = shared_api(persona).post(
        f"{API}/persons/{person.pk}/unmask/", {"field": field, "purpose": "核对信息"}, format="json"
    )

    assert response.status_code == status
    assert response.json()["code"] == {403: "permission_denied", 404: "not_found"}[status]
    assert PersonalDataAccess.objects.count() == 0


def test_unmask_needs_a_purpose(shared, shared_api):
    response = shared_api("community_admin_a1").post(
        f"{API}/persons/{shared.persons[2].pk}/unmask/",
        {"field": "phone", "purpose": "看"},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (400, "purpose_required")
    assert PersonalDataAccess.objects.count() == 0


# --- members -----------------------------------------------------------------------------------


def test_member_create_transfer_and_status(shared, shared_api):
    api = shared_api("community_admin_a1")
    person = shared.persons[3]

    created = api.post(
        f"{API}/members/",
        {
            "person_id": person.pk,
            "kind": "probationary",
            "joined_on": "2021-07-01",
            "branch_id": shared.branches["a1"].pk,
            "in_service": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    member_id = created.json()["id"]

    moved = api.post(
        f"{API}/members/{member_id}/transfer/",
        {"to_branch_id": shared.branches["a2"].pk, "transferred_on": "2021-09-01"},
        format="json",
    )
    assert moved.json()["branch_id"] == shared.branches["a2"].pk

    # the member now belongs to A2's branch: A1's admin no longer sees them, A2's admin does
    assert api.get(f"{API}/members/{member_id}/").status_code == 404
    status = shared_api("community_admin_a2").post(
        f"{API}/members/{member_id}/status/", {"status": "lost_contact"}, format="json"
    )
    assert status.json()["status"] == "lost_contact"


def test_member_list_filters(shared, shared_api):
    api = shared_api("district_admin")

    in_branch = api.get(f"{API}/members/", {"branch": shared.branches["b1"].pk}).json()
    not_in_service = api.get(f"{API}/members/", {"in_service": "0"}).json()

    assert in_branch["count"] == 2
    assert [r["id"] for r in not_in_service["results"]] == [shared.members["b1_retired"].pk]


def test_member_create_in_a_branch_out_of_scope_is_not_found(shared, shared_api):
    response = shared_api("community_admin_a1").post(
        f"{API}/members/",
        {
            "person_id": shared.persons[3].pk,
            "kind": "full",
            "joined_on": "2001-07-01",
            "branch_id": shared.branches["b1"].pk,
        },
        format="json",
    )

    assert response.status_code == 404
    assert not PartyMember.objects.filter(person=shared.persons[3]).exists()


def test_member_create_for_a_person_already_a_member_is_a_conflict(shared, shared_api):
    """Found by the API fuzz: the second membership of one person was a 500 (IntegrityError)."""
    member = shared.members["b1"]
    response = shared_api("district_admin").post(
        f"{API}/members/",
        {
            "person_id": member.person_id,
            "kind": "full",
            "joined_on": "2001-07-01",
            "branch_id": member.branch_id,
        },
        format="json",
    )

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "already_member"
    assert PartyMember.objects.filter(person_id=member.person_id).count() == 1


# --- registrations -----------------------------------------------------------------------------


def test_member_submits_own_registration(shared, shared_api):
    response = shared_api("party_member_a1").post(
        f"{API}/registrations/",
        {
            "community_id": shared.district.communities[1].pk,
            "member_id": shared.members["self"].pk,
            "skills": "摄影",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted"


def test_duplicate_registration_conflicts(shared, shared_api):
    response = shared_api("party_member_a1").post(
        f"{API}/registrations/",
        {"community_id": shared.district.communities[0].pk, "member_id": shared.members["self"].pk},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (409, "duplicate_registration")


def test_registration_needs_a_member_or_a_unit(shared, shared_api):
    response = shared_api("community_admin_a1").post(
        f"{API}/registrations/", {"community_id": shared.district.communities[0].pk}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")


def test_registration_confirm_then_assign(shared, shared_api):
    api = shared_api("community_admin_a1")
    registration = shared.registrations["a1_submitted"]
    grid = shared.district.grids[1]

    confirmed = api.post(f"{API}/registrations/{registration.pk}/confirm/")
    assigned = api.post(
        f"{API}/registrations/{registration.pk}/assign/", {"grid_id": grid.pk}, format="json"
    )

    assert confirmed.json()["status"] == "confirmed"
    assert (assigned.json()["status"], assigned.json()["grid_id"]) == ("assigned", grid.pk)


@pytest.mark.parametrize(
    ("key", "step", "body"),
    [
        ("a1_submitted", "assign", "grid0"),
        ("self_assigned", "confirm", None),
        ("unit_declined", "confirm", None),
        ("self_assigned", "decline", {"reason": "不需要"}),
    ],
)
def test_illegal_transitions_answer_409(shared, shared_api, key, step, body):
    if body == "grid0":
        body = {"grid_id": shared.district.grids[0].pk}
    registration = shared.registrations[key]

    response = shared_api("community_admin_a1").post(
        f"{API}/registrations/{registration.pk}/{step}/", body, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")


def test_decline_with_reason(shared, shared_api):
    registration = shared.registrations["a1_submitted"]

    response = shared_api("community_admin_a1").post(
        f"{API}/registrations/{registration.pk}/decline/", {"reason": "非本社区"}, format="json"
    )

    assert response.json()["status"] == "declined"


def test_grid_worker_cannot_decide(shared, shared_api):
    registration = shared.registrations["self_assigned"]

    response = shared_api("grid_worker_a1").post(
        f"{API}/registrations/{registration.pk}/assign/",
        {"grid_id": shared.district.grids[0].pk},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_registration_list_by_status(shared, shared_api):
    body = (
        shared_api("district_admin")
        .get(f"{API}/registrations/", {"status": "submitted,confirmed"})
        .json()
    )

    assert {r["status"] for r in body["results"]} == {"submitted", "confirmed"}
    assert body["count"] == 2


def test_participations_and_branch_feedback(shared, shared_api):
    api = shared_api("community_admin_a1")
    registration = shared.registrations["self_assigned"]

    participations = api.get(
        f"{API}/participations/", {"registration": registration.pk, "year": 2021}
    ).json()
    feedback = api.get(
        f"{API}/branches/{shared.branches['a1'].pk}/feedback/", {"year": 2021}
    ).json()

    assert participations["count"] == 3
    rows = {r["name"]: r for r in feedback["rows"]}
    assert (rows["王芳"]["count"], rows["王芳"]["hours"], rows["王芳"]["solved"]) == (3, "6.5", 1)
    assert rows["王芳"]["registrations"][0]["grid_name"] == shared.district.grids[0].name


def test_branch_feedback_out_of_scope_is_not_found(shared, shared_api):
    response = shared_api("community_admin_a1").get(
        f"{API}/branches/{shared.branches['b1'].pk}/feedback/"
    )

    assert response.status_code == 404


# --- query counts ------------------------------------------------------------------------------

LISTS = [
    "persons/",
    "persons/?q=张",
    "households/",
    "members/",
    "registrations/",
    "participations/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_endpoints_cost_the_same_queries_with_more_rows(
    shared, shared_api, url, django_assert_max_num_queries
):
    api = shared_api("community_admin_a1")
    with CaptureQueriesContext(connection) as before:
        assert api.get(f"{API}/{url}").status_code == 200

    add_registered_members(shared, 12)

    with django_assert_max_num_queries(len(before)):
        response = api.get(f"{API}/{url}")
    assert response.status_code == 200


def test_assigned_registration_rows_follow_their_grid(shared, shared_api):
    registration = shared.registrations["a1_submitted"]
    admin = shared_api("community_admin_a1")
    admin.post(f"{API}/registrations/{registration.pk}/confirm/")
    admin.post(
        f"{API}/registrations/{registration.pk}/assign/",
        {"grid_id": shared.district.grids[0].pk},
        format="json",
    )

    seen = shared_api("grid_worker_a1").get(f"{API}/registrations/{registration.pk}/")

    assert seen.status_code == 200
    assert CommunityRegistration.objects.get(pk=registration.pk).grid == shared.district.grids[0]


def test_a_note_longer_than_the_model_allows_is_refused(shared, shared_api):
    number = make_id_number(datetime.date(1990, 2, 2), 43)

    response = shared_api("community_admin_a1").post(
        f"{API}/persons/",
        {
            "household_id": shared.households[0].pk,
            "name": "长备注",
            "id_number": number,
            "notes": "备" * 501,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and "notes" in response.json()["fields"]
