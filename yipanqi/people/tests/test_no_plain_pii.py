"""No clear ID number or phone anywhere it should not be (R-PI-3, R-PI-5, R-AC-4, R-AU-7).

- the database holds only ciphertext, digests and masked text (every table, read raw);
- no page, API response or export shows an 18-digit ID number or an 11-digit mobile to anyone
  who has not just unmasked it, for every persona;
- the logs written meanwhile, unmasking included, carry neither.
"""

import io
import logging
import re
import zipfile

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.people.tests.factories import BRANCH_COMMUNITY
from yipanqi.people.tests.test_scope_matrix import PERSONAS

ID_PATTERN = re.compile(r"\d{17}[\dXx]")
MOBILE_PATTERN = re.compile(r"1[3-9]\d{9}")
TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def clear_values(data) -> list[str]:
    return [v for pair in data.plain.values() for v in pair if v]


def assert_no_plain_pii(data, text: str, where: str) -> None:
    text = TOKENS.sub("token", text)  # per-request random tokens are not personal data
    assert not ID_PATTERN.search(text), f"ID-number pattern in {where}: {ID_PATTERN.search(text)}"
    assert not MOBILE_PATTERN.search(text), (
        f"mobile pattern in {where}: {MOBILE_PATTERN.search(text)}"
    )
    for value in clear_values(data):
        assert value not in text, f"a clear value in {where}"


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))


def body_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        return xlsx_text(response.content)
    return response.content.decode()


# --- the database ------------------------------------------------------------------------------


def raw_rows() -> list[tuple[str, tuple]]:
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            rows.extend((table, row) for row in cursor.fetchall())
    return rows


def as_bytes(value) -> bytes:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value)
    return str(value).encode()


def test_person_table_holds_only_ciphertext_digests_and_masks(shared):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, id_number_cipher, id_number_digest, id_number_masked, phone_cipher, "
            "phone_digest, phone_masked FROM people_person"
        )
        rows = cursor.fetchall()

    assert len(rows) == len(shared.persons)
    for pk, id_cipher, id_digest, id_masked, phone_cipher, phone_digest, phone_masked in rows:
        number, phone = shared.plain[pk]
        assert number.encode() not in as_bytes(id_cipher) and number not in id_digest
        assert "*" in id_masked and number != id_masked
        if phone:
            assert phone.encode() not in as_bytes(phone_cipher) and phone not in phone_digest
            assert phone_masked == phone[:3] + "****" + phone[-4:]


def test_no_table_holds_a_clear_value_even_after_unmasking(shared, shared_client, shared_api):
    person = shared.persons[2]
    shared_client("community_admin_a1").post(
        f"/people/{person.pk}/unmask/", {"field": "id_number", "purpose": "核对身份"}
    )
    shared_api("community_admin_a1").post(
        f"/api/v1/people/persons/{person.pk}/unmask/",
        {"field": "phone", "purpose": "联系本人"},
        format="json",
    )

    values = [v.encode() for v in clear_values(shared)]
    for table, row in raw_rows():
        for cell in row:
            blob = as_bytes(cell)
            assert not any(v in blob for v in values), f"clear value in {table}"


# --- every response, for every persona ---------------------------------------------------------

API = "/api/v1/people"


def people_urls(data) -> list[str]:
    """Every people page and GET endpoint, for every row (those out of scope answer 404)."""
    urls = [
        "/people/",
        "/people/?q=1单元",
        "/people/?tag=rented",
        "/people/members/",
        "/people/registrations/",
        "/people/registrations/?status=all",
        f"{API}/persons/",
        f"{API}/persons/?q=张",
        f"{API}/households/",
        f"{API}/members/",
        f"{API}/registrations/",
        f"{API}/participations/",
    ]
    for row in data.rows["persons"]:
        urls += [f"/people/{row.pk}/", f"{API}/persons/{row.pk}/"]
    for row in data.rows["households"]:
        urls += [f"/people/households/{row.pk}/", f"{API}/households/{row.pk}/"]
    for row in data.rows["members"]:
        urls += [f"/people/members/{row.pk}/", f"{API}/members/{row.pk}/"]
    for row in data.rows["registrations"]:
        urls += [f"/people/registrations/{row.pk}/", f"{API}/registrations/{row.pk}/"]
    for key in BRANCH_COMMUNITY:
        pk = data.branches[key].pk
        urls += [
            f"/people/branches/{pk}/feedback/?year=2021",
            f"/people/branches/{pk}/feedback/export/?year=2021",
            f"{API}/branches/{pk}/feedback/?year=2021",
        ]
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_response_shows_a_clear_id_number_or_phone(shared, persona):
    browser = Client()
    browser.force_login(shared.personas[persona])
    api = APIClient()
    api.force_authenticate(shared.personas[persona])
    pages_seen = 0

    for url in people_urls(shared):
        response = (api if url.startswith(API) else browser).get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        pages_seen += response.status_code == 200
        assert_no_plain_pii(shared, body_text(response), f"{url} as {persona}")

    assert pages_seen >= 6  # every persona at least gets the (possibly empty) lists


def test_queue_row_responses_show_no_clear_values(shared, shared_client):
    browser = shared_client("community_admin_a1")
    registration = shared.registrations["a1_submitted"]

    confirmed = browser.post(
        f"/people/registrations/{registration.pk}/confirm/", HTTP_HX_REQUEST="true"
    )
    assigned = browser.post(
        f"/people/registrations/{registration.pk}/assign/",
        {"grid": shared.district.grids[0].pk},
        HTTP_HX_REQUEST="true",
    )

    for response in (confirmed, assigned):
        assert_no_plain_pii(shared, response.content.decode(), "queue row")


def test_api_error_responses_do_not_echo_the_number(shared, shared_api):
    number = shared.plain[shared.persons[0].pk][0]

    response = shared_api("community_admin_a1").post(
        f"{API}/persons/",
        {
            "grid_id": shared.district.grids[0].pk,
            "name": "重复",
            "id_number": number,
            "phone": "139x",
        },
        format="json",
    )

    assert response.status_code in (400, 409)
    assert_no_plain_pii(shared, response.content.decode(), "error response")


# --- logs --------------------------------------------------------------------------------------


def test_logs_carry_no_clear_values(shared, shared_client, shared_api, caplog):
    caplog.set_level(logging.DEBUG)
    person = shared.persons[2]
    number, phone = shared.plain[person.pk]
    admin = shared_client("community_admin_a1")
    api = shared_api("community_admin_a1")

    admin.post(f"/people/{person.pk}/unmask/", {"field": "id_number", "purpose": "核对身份"})
    api.post(
        f"{API}/persons/{person.pk}/unmask/",
        {"field": "phone", "purpose": "联系本人"},
        format="json",
    )
    api.get(f"{API}/persons/?q={number}")
    api.get(f"{API}/persons/?q={phone}")
    admin.get(f"/people/?q={number}")
    api.post(
        f"{API}/persons/",
        {"grid_id": shared.district.grids[0].pk, "name": "重复", "id_number": number},
        format="json",
    )
    shared_api("grid_worker_a1").post(
        f"{API}/persons/{person.pk}/unmask/",
        {"field": "id_number", "purpose": "想看"},
        format="json",
    )

    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert number not in logged and phone not in logged
