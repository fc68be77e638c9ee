"""The personal-data access log (R-PI-4) as a page and an API for the audit roles (issue 23, item 6).

Who unmasked whose field and why: the audit admin sees every row, an auditor the rows of their
scope, every other role is refused (403). Names and numbers typed into the purpose stay masked.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.core import audit
from yipanqi.core.models import PersonalDataAccess

PAGE = "/audit/access-log/"
API = "/api/v1/audit/access-log/"
PHONE = "13957000001"


def _at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, hour, tzinfo=timezone.get_current_timezone())


def _access(area, actor, *, subject_id: int, name: str, field: str, purpose: str, when):
    return PersonalDataAccess.objects.create(
        created_at=when,
        actor=actor,
        subject_type="people.person",
        subject_id=str(subject_id),
        subject_repr=name,
        field=field,
        purpose=purpose,
        scope_path=area.scope_path,
        district_code=area.district_code,
    )


@pytest.fixture
def accesses(district, personas):
    """Three unmaskings: two in community A1 (town A), one in B1 (town B), on 10, 12, 15 Jan."""
    a1, b1 = district.communities[0], district.communities[2]
    return {
        "a1_phone": _access(
            a1,
            personas["community_admin_a1"],
            subject_id=101,
            name="张三丰",
            field="phone",
            purpose=f"上门走访前电话核对 {PHONE}",
            when=_at(10),
        ),
        "a1_id": _access(
            district.grids[0],
            personas["grid_worker_a1"],
            subject_id=102,
            name="李四",
            field="id_number",
            purpose="办理低保核实身份",
            when=_at(12),
        ),
        "b1_phone": _access(
            b1,
            personas["community_admin_b1"],
            subject_id=103,
            name="王小五",
            field="phone",
            purpose="电话回访",
            when=_at(15),
        ),
    }


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _page_ids(response) -> list[int]:
    return [entry["access"].pk for entry in response.context["entries"]]


def _api_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- what the audit admin sees ---------------------------------------------------------------


def test_audit_admin_sees_each_access_with_field_and_masked_purpose(
    client_as, accesses, compiled_messages
):
    response = client_as("audit_admin").get(PAGE)

    assert response.status_code == 200
    newest_first = [accesses[k].pk for k in ("b1_phone", "a1_id", "a1_phone")]
    assert _page_ids(response) == newest_first
    html = response.content.decode()
    assert "上门走访前电话核对 139****0001" in html and PHONE not in html
    assert "办理低保核实身份" in html and "公民身份号码" in html  # the field by its label
    assert "张*丰" in html and "张三丰" not in html  # the subject's name is masked too
    assert "community_admin_a1" in html and "#101" in html


def test_audit_admin_reads_the_access_log_through_the_api(personas, accesses):
    response = _api(personas["audit_admin"]).get(API)

    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [accesses[k].pk for k in ("b1_phone", "a1_id", "a1_phone")]
    oldest = rows[-1]
    assert oldest == {
        "id": accesses["a1_phone"].pk,
        "created_at": oldest["created_at"],
        "actor_id": personas["community_admin_a1"].pk,
        "actor_username": "community_admin_a1",
        "subject_type": "people.person",
        "subject_id": "101",
        "subject": "张*丰",
        "field": "phone",
        "purpose": "上门走访前电话核对 139****0001",
        "request_id": "",
    }
    detail = _api(personas["audit_admin"]).get(f"{API}{accesses['a1_id'].pk}/")
    assert detail.status_code == 200 and detail.json()["field"] == "id_number"


FILTERS = [
    ({"person": "101"}, ["a1_phone"]),
    ({"actor": "grid_worker_a1"}, ["a1_id"]),
    ({"since": "2026-01-12"}, ["b1_phone", "a1_id"]),
    ({"until": "2026-01-12"}, ["a1_id", "a1_phone"]),
    ({"since": "2026-01-12", "until": "2026-01-12"}, ["a1_id"]),
    ({"since": "2026-01-11", "actor": "community_admin_b1"}, ["b1_phone"]),
    ({"person": "101", "since": "2026-01-11"}, []),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_filters_on_the_page_and_the_api(client_as, personas, accesses, params, expected):
    wanted = [accesses[k].pk for k in expected]

    assert _page_ids(client_as("audit_admin").get(PAGE, params)) == wanted
    assert _api_ids(_api(personas["audit_admin"]).get(API, params)) == wanted


def test_a_bad_filter_is_a_400_in_the_api_and_ignored_on_the_page(client_as, personas, accesses):
    response = _api(personas["audit_admin"]).get(API, {"since": "yesterday"})
    assert response.status_code == 400 and response.json()["code"] == "validation_error"

    page = client_as("audit_admin").get(PAGE, {"since": "yesterday", "actor": "grid_worker_a1"})
    assert page.status_code == 200
    assert _page_ids(page) == [accesses["a1_id"].pk]  # the valid filter still applies


def test_pages_keep_their_filters(client_as, district, personas):
    for day in range(1, 56):
        _access(
            district.communities[0],
            personas["community_admin_a1"],
            subject_id=7,
            name="赵六",
            field="phone",
            purpose="走访",
            when=_at(1) + datetime.timedelta(hours=day),
        )

    first = client_as("audit_admin").get(PAGE, {"person": "7"})

    assert len(first.context["entries"]) == 50
    assert 'href="?person=7&page=2"' in first.content.decode()
    second = client_as("audit_admin").get(PAGE, {"person": "7", "page": "2"})
    assert len(second.context["entries"]) == 5


# --- who may read it -------------------------------------------------------------------------


def test_an_auditor_sees_only_the_accesses_of_their_scope(client_as, personas, accesses):
    in_town_a = [accesses["a1_id"].pk, accesses["a1_phone"].pk]

    assert _page_ids(client_as("auditor_a").get(PAGE)) == in_town_a
    api = _api(personas["auditor_a"])
    assert _api_ids(api.get(API)) == in_town_a
    assert api.get(f"{API}{accesses['b1_phone'].pk}/").status_code == 404  # out of scope
    assert api.get(f"{API}{accesses['b1_phone'].pk + 1000}/").status_code == 404  # missing


@pytest.mark.parametrize(
    "persona",
    [
        "district_admin",
        "community_admin_a1",
        "grid_worker_a1",
        "system_admin",
        "security_admin",
        "resident_a1",
        "no_role",
    ],
)
def test_other_roles_are_refused(client_as, personas, accesses, persona):
    assert client_as(persona).get(PAGE).status_code == 403
    api = _api(personas[persona])
    for url in (API, f"{API}{accesses['a1_phone'].pk}/"):
        response = api.get(url)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_anonymous_callers_sign_in_first(client, accesses):
    assert client.get(PAGE).status_code == 302
    assert APIClient().get(API).status_code == 401


def test_the_audit_page_links_to_the_access_log_for_its_readers(client_as):
    assert 'href="/audit/access-log/"' in client_as("audit_admin").get("/audit/").content.decode()
    assert 'href="/audit/access-log/"' in client_as("auditor_a").get("/audit/").content.decode()
    assert 'href="/audit/access-log/"' not in (
        client_as("district_admin").get("/audit/").content.decode()
    )


def test_the_audit_page_and_api_show_an_events_data(client_as, personas, district):
    """An unmask event carries field and purpose (people.actions.person_unmask) in its data."""
    with transaction.atomic():
        event = audit.record(
            actor=personas["community_admin_a1"],
            action="people.person.unmasked",
            target=district.communities[0],
            data={"field": "phone", "purpose": "上门走访核对", "access": 1},
        )

    html = client_as("audit_admin").get("/audit/").content.decode()
    assert "上门走访核对" in html and "phone" in html
    body = _api(personas["audit_admin"]).get(f"/api/v1/audit/events/{event.pk}/").json()
    assert body["data"] == {"field": "phone", "purpose": "上门走访核对", "access": 1}


# --- cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, API])
def test_query_count_does_not_grow_with_rows(
    client, district, personas, accesses, django_assert_num_queries, url
):
    user = personas["audit_admin"]
    if url.startswith("/api/"):
        browser = _api(user)
    else:
        client.force_login(user)
        browser = client
    browser.get(url)  # warm up anything cached once per process
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        assert browser.get(url).status_code == 200
    for n in range(8):  # more rows, by different actors
        _access(
            district.communities[n % 4],
            personas[["community_admin_a1", "community_admin_a2", "community_admin_b1"][n % 3]],
            subject_id=200 + n,
            name="钱七",
            field="phone",
            purpose="走访",
            when=_at(20),
        )

    with django_assert_num_queries(len(three.captured_queries)):
        response = browser.get(url)
    assert response.status_code == 200
    assert len(_api_ids(response) if url == API else _page_ids(response)) == 11
