"""The workforce pages: list pages read in a constant number of queries, the steps an
administrator takes on a worker's record, the pay run page (approve, export), the reminder and the
phone sign-in."""

import io

import openpyxl
import pytest
from django.utils import timezone

from yipanqi.core.models import Notification
from yipanqi.workforce.actions._common import sign_in_code
from yipanqi.workforce.models import Appraisal

pytestmark = pytest.mark.django_db


def _add_workers(world, n: int) -> None:
    from yipanqi.workforce.tests.factories import appoint

    for i in range(n):
        appoint(world.district, f"extra{i}", 0, "other", 2018, "college", "none")


@pytest.mark.parametrize(
    "url",
    ["/workforce/", "/workforce/?flag=short&year=2021", "/workforce/training/?year=2021",
     "/workforce/pay/"],
)  # fmt: skip
def test_list_pages_read_in_constant_queries(world, client, django_assert_max_num_queries, url):
    client.force_login(world.personas["district_admin"])
    client.get(url)  # warm caches (session, grants)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _add_workers(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_run_page_reads_in_constant_queries(world, client, django_assert_max_num_queries):
    client.force_login(world.personas["district_admin"])
    url = f"/workforce/pay/{world.runs['A'].pk}/"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) < 40


def test_record_an_appraisal_from_the_workers_page(world, client):
    worker = world.workers["a2_deputy"]
    client.force_login(world.personas["community_admin_a2"])
    response = client.post(
        f"/workforce/{worker.pk}/appraise/", {"year": 2021, "result": "basic", "comment": "x"}
    )
    assert response.status_code == 302
    assert Appraisal.objects.get(worker=worker, year=2021).result == "basic"
    bad = client.post(f"/workforce/{worker.pk}/grade/", {"grade": 2}, follow=True)
    assert "4" in bad.content.decode() and bad.status_code == 200
    worker.refresh_from_db()
    assert worker.grade_set is None


def test_approve_and_export_on_the_run_page(world, client):
    run = world.runs["B"]  # computed by district_admin
    client.force_login(world.personas["district_admin"])
    page = client.post(f"/workforce/pay/{run.pk}/approve/", follow=True).content.decode()
    run.refresh_from_db()
    assert run.status == "draft" and "alert-danger" in page
    response = client.post(f"/workforce/pay/{run.pk}/export/", {"purpose": "核对"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + run.workers


def test_reminder_reaches_the_short_workers_with_accounts(world, client):
    client.force_login(world.personas["town_admin_a"])
    town = world.district.towns[0]
    client.post(f"/workforce/?area={town.pk}&year=2021")
    users = set(Notification.objects.values_list("user__username", flat=True))
    assert {"community_admin_a1", "grid_worker_a1"} <= users


def test_the_worker_signs_in_on_the_course_page(world, client):
    course = world.courses["town_a"]
    client.force_login(world.personas["grid_worker_a1"])
    page = client.get(f"/workforce/training/{course.pk}/").content.decode()
    assert 'id="my-sign-in"' in page and 'id="course-qr"' not in page
    url = f"/workforce/training/{course.pk}/sign-in/"
    wrong = client.post(url, {"code": "000000x"})
    assert wrong.status_code == 200 and "invalid-feedback" in wrong.content.decode()
    assert not course.enrolments.get(worker=world.workers["a1_other"]).attended
    code = sign_in_code(course, timezone.localdate())
    confirm = client.get(f"{url}?code={code}").content.decode()  # what the QR code opens
    assert f'value="{code}"' in confirm
    assert client.post(url, {"code": code}).status_code == 302
    assert course.enrolments.get(worker=world.workers["a1_other"]).attended
