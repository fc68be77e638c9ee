"""The people pages: rendering, purpose-bound unmasking, the registration queue, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.models import AuditEvent, PersonalDataAccess
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.models import CommunityRegistration
from yipanqi.people.tests.factories import add_registered_members

HX = {"HTTP_HX_REQUEST": "true"}


def pages(p) -> list[str]:
    return [
        "/people/",
        "/people/?q=wf",
        "/people/?tag=rented",
        f"/people/?area={p.district.grids[0].pk}",
        f"/people/{p.persons[2].pk}/",
        f"/people/households/{p.households[0].pk}/",
        "/people/members/",
        f"/people/members/{p.members['self'].pk}/",
        "/people/registrations/",
        "/people/registrations/?status=all",
        f"/people/registrations/{p.registrations['self_assigned'].pk}/",
        f"/people/branches/{p.branches['a1'].pk}/feedback/?year=2021",
    ]


def test_every_page_renders_for_a_community_admin(shared, shared_client):
    browser = shared_client("community_admin_a1")

    for url in pages(shared):
        response = browser.get(url)
        assert response.status_code == 200, url


def test_people_pages_are_in_the_navigation(shared, shared_client):
    html = shared_client("community_admin_a1").get("/").content.decode()

    for url in ("/people/", "/people/members/", "/people/registrations/"):
        assert f'href="{url}"' in html


def test_person_list_shows_masked_phone_and_tags(shared, shared_client):
    html = shared_client("community_admin_a1").get("/people/").content.decode()

    assert shared.persons[2].phone_masked in html
    assert "独居老人" in html  # household 0's tag


def test_person_detail_offers_show_only_where_allowed(shared, shared_client):
    person = shared.persons[2]  # grid 1 of A1

    admin_page = shared_client("community_admin_a1").get(f"/people/{person.pk}/").content.decode()
    assert admin_page.count('name="field"') == 2  # ID number and phone

    worker = shared.persons[1]  # grid 0: the grid worker's own grid
    worker_page = shared_client("grid_worker_a1").get(f"/people/{worker.pk}/").content.decode()
    assert 'value="phone"' in worker_page and 'value="id_number"' not in worker_page
    assert worker.id_number_masked in worker_page


def test_unmask_page_shows_the_value_once_and_logs_it(shared, shared_client):
    person = shared.persons[2]
    number = shared.plain[person.pk][0]

    response = shared_client("community_admin_a1").post(
        f"/people/{person.pk}/unmask/", {"field": "id_number", "purpose": "办理低保核对身份"}
    )

    assert response.status_code == 200
    assert number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log = PersonalDataAccess.objects.get()
    assert (log.field, log.purpose, log.subject_id) == (
        "id_number",
        "办理低保核对身份",
        str(person.pk),
    )
    again = shared_client("community_admin_a1").get(f"/people/{person.pk}/").content.decode()
    assert number not in again


def test_unmask_page_without_permission_is_forbidden(shared, shared_client):
    person = shared.persons[1]

    response = shared_client("grid_worker_a1").post(
        f"/people/{person.pk}/unmask/", {"field": "id_number", "purpose": "想看看号码"}
    )

    assert response.status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def test_unmask_page_out_of_scope_is_not_found(shared, shared_client):
    response = shared_client("community_admin_a1").post(
        f"/people/{shared.persons[10].pk}/unmask/", {"field": "phone", "purpose": "核对信息"}
    )

    assert response.status_code == 404
    assert PersonalDataAccess.objects.count() == 0


def test_unmask_page_without_purpose_asks_again(shared, shared_client):
    person = shared.persons[2]

    response = shared_client("community_admin_a1").post(
        f"/people/{person.pk}/unmask/", {"field": "phone", "purpose": ""}
    )

    assert response.status_code == 400
    assert shared.plain[person.pk][1] not in response.content.decode()
    assert PersonalDataAccess.objects.count() == 0


# --- registration queue ------------------------------------------------------------------------


def test_queue_confirm_without_javascript_redirects_back(shared, shared_client):
    registration = shared.registrations["a1_submitted"]

    response = shared_client("community_admin_a1").post(
        f"/people/registrations/{registration.pk}/confirm/", {"next": "/people/registrations/"}
    )

    assert response.status_code == 302 and response["Location"] == "/people/registrations/"
    assert CommunityRegistration.objects.get(pk=registration.pk).status == "confirmed"


def test_queue_confirm_then_assign_with_htmx_returns_the_row(shared, shared_client):
    registration = shared.registrations["a1_submitted"]
    browser = shared_client("community_admin_a1")
    grid = shared.district.grids[1]

    confirmed = browser.post(f"/people/registrations/{registration.pk}/confirm/", **HX)
    assert confirmed.status_code == 200
    assert f'id="reg-{registration.pk}"' in confirmed.content.decode()
    assert f'<option value="{grid.pk}"' in confirmed.content.decode()  # the assign select

    assigned = browser.post(
        f"/people/registrations/{registration.pk}/assign/", {"grid": grid.pk}, **HX
    )
    assert 'data-status="assigned"' in assigned.content.decode()
    row = CommunityRegistration.objects.get(pk=registration.pk)
    assert (row.status, row.grid_id) == (RegistrationStatus.ASSIGNED, grid.pk)


def test_queue_assign_to_a_grid_of_another_community_is_refused(shared, shared_client):
    registration = shared.registrations["a2_confirmed"]

    response = shared_client("district_admin").post(
        f"/people/registrations/{registration.pk}/assign/",
        {"grid": shared.district.grids[0].pk},
        **HX,
    )

    assert 'role="alert"' in response.content.decode()
    assert CommunityRegistration.objects.get(pk=registration.pk).status == "confirmed"


def test_queue_illegal_transition_is_a_message_not_an_error_page(shared, shared_client):
    registration = shared.registrations["a2_confirmed"]

    response = shared_client("community_admin_a2").post(
        f"/people/registrations/{registration.pk}/confirm/", follow=True
    )

    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_queue_decline_needs_a_reason(shared, shared_client):
    registration = shared.registrations["a1_submitted"]
    browser = shared_client("community_admin_a1")

    browser.post(f"/people/registrations/{registration.pk}/decline/", {"reason": ""}, **HX)
    assert CommunityRegistration.objects.get(pk=registration.pk).status == "submitted"

    browser.post(
        f"/people/registrations/{registration.pk}/decline/", {"reason": "非本社区居民"}, **HX
    )
    assert CommunityRegistration.objects.get(pk=registration.pk).status == "declined"
    event = AuditEvent.objects.get(
        action="people.registration.declined", target_id=str(registration.pk)
    )
    assert event.data == {"reason": "非本社区居民"}


def test_queue_actions_by_a_grid_worker_are_forbidden(shared, shared_client):
    registration = shared.registrations["self_assigned"]  # visible to the grid worker (grid 0)

    response = shared_client("grid_worker_a1").post(
        f"/people/registrations/{registration.pk}/assign/", {"grid": shared.district.grids[1].pk}
    )

    assert response.status_code == 403


def test_queue_actions_out_of_scope_are_not_found(shared, shared_client):
    registration = shared.registrations["a1_submitted"]

    response = shared_client("community_admin_b1").post(
        f"/people/registrations/{registration.pk}/confirm/"
    )

    assert response.status_code == 404
    assert CommunityRegistration.objects.get(pk=registration.pk).status == "submitted"


def test_queue_shows_no_buttons_to_those_who_cannot_decide(shared, shared_client):
    html = shared_client("grid_worker_a1").get("/people/registrations/?status=all").content.decode()

    assert f'id="reg-{shared.registrations["self_assigned"].pk}"' in html
    assert "/assign/" not in html and "/confirm/" not in html


# --- branch feedback ---------------------------------------------------------------------------


def test_branch_feedback_page_totals(shared, shared_client):
    response = shared_client("community_admin_a1").get(
        f"/people/branches/{shared.branches['a1'].pk}/feedback/?year=2021"
    )

    assert (response.context["total_count"], response.context["total_solved"]) == (3, 1)
    assert "王芳" in response.content.decode()


def test_branch_feedback_export_downloads_and_is_audited(shared, shared_client):
    branch = shared.branches["a1"]

    response = shared_client("community_admin_a1").get(
        f"/people/branches/{branch.pk}/feedback/export/?year=2021"
    )

    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="people.branch_feedback.exported").count() == 1


def test_branch_feedback_of_another_community_is_not_found(shared, shared_client):
    branch = shared.branches["b1"]
    browser = shared_client("community_admin_a1")

    assert browser.get(f"/people/branches/{branch.pk}/feedback/").status_code == 404
    assert browser.get(f"/people/branches/{branch.pk}/feedback/export/").status_code == 404
    assert not AuditEvent.objects.filter(action="people.branch_feedback.exported").exists()


# --- query counts ------------------------------------------------------------------------------

LIST_PAGES = [
    "/people/",
    "/people/?q=张",
    "/people/members/",
    "/people/registrations/",
    "/people/registrations/?status=all",
    "BRANCH",
]


def _count(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_cost_the_same_queries_with_more_rows(
    shared, shared_client, url, django_assert_max_num_queries
):
    url = url.replace("BRANCH", f"/people/branches/{shared.branches['a1'].pk}/feedback/?year=2021")
    browser = shared_client("community_admin_a1")
    before = _count(browser, url)

    add_registered_members(shared, 12)

    with django_assert_max_num_queries(before):
        browser.get(url)


def test_page_search_by_full_id_number_posts_and_never_echoes_it(shared, shared_client):
    person = shared.persons[2]
    number = shared.plain[person.pk][0]

    response = shared_client("community_admin_a1").post("/people/", {"q": number})

    html = response.content.decode()
    assert [p.pk for p in response.context["page_obj"]] == [person.pk]
    assert number not in html and person.id_number_masked in html
    assert f"q={number}" not in response.context["query"]


def test_page_search_by_phone(shared, shared_client):
    person = shared.persons[2]
    phone = shared.plain[person.pk][1]

    response = shared_client("community_admin_a1").post("/people/", {"q": phone})

    assert [p.pk for p in response.context["page_obj"]] == [person.pk]
    assert phone not in response.content.decode()


def test_person_list_links_to_import_and_filtered_export_for_admins(shared, shared_client):
    admin_page = shared_client("community_admin_a1").get("/people/?tag=rented&q=张")
    worker_page = shared_client("grid_worker_a1").get("/people/?tag=rented")

    assert admin_page.context["import_url"] == "/people/import/"
    assert admin_page.context["export_url"] == "/people/export/?q=%E5%BC%A0&tag=rented"
    assert (worker_page.context["import_url"], worker_page.context["export_url"]) == ("", "")


def test_export_link_never_carries_a_full_id_number(shared, shared_client):
    number = shared.plain[shared.persons[2].pk][0]

    response = shared_client("community_admin_a1").post("/people/", {"q": number})

    assert response.context["export_url"] == "/people/export/"
