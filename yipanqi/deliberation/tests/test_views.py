"""The pages end to end through the test client, and constant query counts on the hall and
meeting pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.deliberation.models import Topic
from yipanqi.deliberation.tests.factories import open_meeting, raise_topic


def test_resident_raises_a_topic_from_the_phone_page(world, client_as):
    browser = client_as("resident_a1")
    page = browser.get("/deliberation/topics/new/")
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {
        "body": world.halls["a1"].body.pk,
        "title": "垃圾分类点太远",
        "description": "希望在5号楼旁加一个。",
        "idempotency_key": key,
    }
    assert browser.post("/deliberation/topics/new/", data).status_code == 302
    assert browser.post("/deliberation/topics/new/", data).status_code == 302  # double tap
    assert Topic.objects.filter(title="垃圾分类点太远").count() == 1


def test_meeting_held_on_the_page(world, client_as, personas):
    admin = client_as("community_admin_a1")
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    url = f"/deliberation/meetings/{meeting.pk}/"
    admin.post(url + "attendance/", {"present": [s.pk for s in seats]})
    topic = meeting.agenda.get()
    admin.post(url + "resolutions/", {"topic": topic.pk, "text": "同意增设车位"})
    resolution = topic.__class__.objects.get(pk=topic.pk).resolution
    votes = {f"vote-{s.pk}": "for" for s in seats}
    admin.post(f"/deliberation/resolutions/{resolution.pk}/votes/", votes)
    admin.post(f"/deliberation/resolutions/{resolution.pk}/resolve/")
    admin.post(f"/deliberation/resolutions/{resolution.pk}/publish/")
    resolution.refresh_from_db()
    assert resolution.status == "published" and resolution.outcome == "passed"
    page = admin.get(url)
    assert "text-bg-success" in page.content.decode()


def test_grid_worker_sees_the_meeting_but_cannot_record(world, client_as):
    meeting = open_meeting(world)
    worker = client_as("grid_worker_a1")
    assert worker.get(f"/deliberation/meetings/{meeting.pk}/").status_code == 200
    assert worker.post(f"/deliberation/meetings/{meeting.pk}/close/").status_code == 403


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_hall_page_query_count_does_not_grow(world, client_as):
    admin = client_as("community_admin_a1")
    url = f"/deliberation/bodies/{world.halls['a1'].body.pk}/"
    raise_topic(world)
    before = _count(admin, url)
    for i in range(4):
        raise_topic(world, title=f"更多{i}")
    open_meeting(world, topics=2)
    assert _count(admin, url) == before


def test_meeting_page_query_count_does_not_grow(
    world, client_as, personas, django_assert_num_queries
):
    admin = client_as("community_admin_a1")
    small = open_meeting(world, topics=1)
    large = open_meeting(world, topics=4)
    assert _count(admin, f"/deliberation/meetings/{small.pk}/") == _count(
        admin, f"/deliberation/meetings/{large.pk}/"
    )
    with django_assert_num_queries(_count(admin, f"/deliberation/meetings/{large.pk}/")):
        admin.get(f"/deliberation/meetings/{large.pk}/")


pytestmark = pytest.mark.django_db
