"""The grid pages through the test client: the phone visit list order, the few-tap visit form with
a follow-up that opens an order, a double-submitted form, sweep creation, the coverage partial."""

import re

from yipanqi.grid.models import Campaign, Visit
from yipanqi.orders.models import ServiceOrder


def _rows(html: str) -> list[str]:
    return re.findall(r'<span class="addr">([^<]+)</span>', html)


def test_the_visit_list_is_in_walking_order_with_pending_first(world, client_as):
    client = client_as("grid_worker_a1")
    url = f"/grid/campaigns/{world.sweep.pk}/visits/"
    assert _rows(client.get(url).content.decode()) == [
        "2幢1单元101", "2幢1单元201", "2幢2单元101", "3幢1单元101", "3幢1单元102", "10幢1单元101",
    ]  # fmt: skip
    target = next(
        t
        for t in world.sweep.targets.select_related("household")
        if t.household.building == "2"
        and t.household.room == "101"
        and t.household.unit_no == "1单元"
    )
    client.post(f"{url}{target.pk}/", {"outcome": "refused", "idempotency_key": "r1"})
    assert _rows(client.get(url).content.decode())[-1] == "2幢1单元101"


def test_the_visit_form_records_a_follow_up_order_once_even_if_sent_twice(world, client_as):
    client, target = client_as("grid_worker_a1"), world.target()
    ids = world.question_ids()
    form = {
        "outcome": "follow_up",
        f"q_{ids[0]}": "no",
        f"q_{ids[1]}": "已完成",
        "follow_up_kind": "order",
        "follow_up_category": "order:elderly_care",
        "follow_up_description": "老人独居，需要代购",
        "idempotency_key": "form-key-1",
    }
    url = f"/grid/campaigns/{world.sweep.pk}/visits/{target.pk}/"
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    visit = Visit.objects.get(target=target)
    assert visit.order.category.code == "elderly_care" and ServiceOrder.objects.count() == 1
    page = client.get(url).content.decode()
    assert f"/orders/{visit.order_id}/" in page


def test_a_missing_required_answer_is_shown_on_the_form(world, client_as):
    client, target = client_as("grid_worker_a1"), world.target()
    url = f"/grid/campaigns/{world.sweep.pk}/visits/{target.pk}/"
    response = client.post(url, {"outcome": "visited", "idempotency_key": "x"})
    assert response.status_code == 200 and "发热" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_community_admin_creates_a_sweep(world, client_as):
    client = client_as("community_admin_a1")
    assert client.get("/grid/campaigns/new/").status_code == 200
    a1 = world.district.communities[0]
    data = {
        "area": a1.pk, "title": "独居老人走访", "starts_on": "2021-03-01", "ends_on": "2021-03-10",
        "rounds": 1, "target_areas": [world.district.grids[1].pk],
        "q-TOTAL_FORMS": 2, "q-INITIAL_FORMS": 0, "q-MIN_NUM_FORMS": 0, "q-MAX_NUM_FORMS": 20,
        "q-0-text": "是否需要帮助", "q-0-kind": "yes_no", "q-0-required": "on",
        "q-1-text": "", "q-1-kind": "text",
    }  # fmt: skip
    response = client.post("/grid/campaigns/new/", data)
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="独居老人走访")
    assert campaign.targets.count() == 2 and campaign.questions.count() == 1


def test_the_coverage_partial_is_polled_by_htmx(world, client_as):
    client = client_as("district_admin")
    page = client.get(f"/grid/coverage/?campaign={world.sweep.pk}").content.decode()
    assert 'hx-trigger="every' in page and "/grid/coverage/figures/" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    partial = client.get(f"/grid/coverage/figures/?campaign={world.sweep.pk}").content.decode()
    assert 'data-figure="targeted">12<' in partial and "<html" not in partial


def test_incident_steps_on_the_pages(world, client_as):
    incident = world.report()
    admin = client_as("community_admin_a1")
    assert admin.post(f"/grid/incidents/{incident.pk}/accept/").status_code == 302
    admin.post(f"/grid/incidents/{incident.pk}/handle/", {"note": "已处理"})
    incident.refresh_from_db()
    assert incident.status == "handled"


def test_the_visit_form_only_reads_even_for_a_district_without_categories(world, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yipanqi.orders.models import OrderCategory

    OrderCategory.objects.all().delete()
    client, target = client_as("grid_worker_a1"), world.target()
    url = f"/grid/campaigns/{world.sweep.pk}/visits/{target.pk}/"

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)

    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert page.status_code == 200 and writes == []
    assert "order:elderly_care" in page.content.decode()  # the defaults, created on recording
    assert not OrderCategory.objects.exists()
