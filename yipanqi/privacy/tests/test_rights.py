"""Personal-information rights (R-PI-7, PIPL arts. 44-47): a resident sees and downloads what the
platform holds about them (masked numbers), asks for a correction, and the community answers it
within the district's days; nobody else sees the request; every step is audited."""

import datetime
import json

import pytest
from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.people import actions as people
from yipanqi.people.tests.factories import make_id_number, make_phone
from yipanqi.privacy import actions
from yipanqi.privacy.models import DataRequest

pytestmark = pytest.mark.django_db

ME = "/privacy/me/"


@pytest.fixture
def resident(district):
    user = district.personas["resident_a1"]
    id_number = make_id_number(datetime.date(1950, 3, 8), 7)
    person = people.person_create(
        area=district.grids[1],
        name="王秀英",
        id_number=id_number,
        phone=make_phone(42),
        actor=system("test"),
    )
    people.person_link_user(person=person, user=user, actor=system("test"))
    return user, id_number


def test_a_resident_sees_their_own_record_masked(client, resident):
    user, id_number = resident
    client.force_login(user)
    page = client.get(ME).content.decode()
    assert "王秀英" in page and id_number not in page
    assert f"{id_number[0]}" in page and "139****0042" in page


def test_the_download_is_their_own_data_and_is_audited(client, resident, personas):
    user, id_number = resident
    client.force_login(user)
    assert client.get(ME + "download/").status_code == 405  # a POST: the download is an export
    response = client.post(ME + "download/")
    assert response["Content-Disposition"].startswith("attachment;")
    body = json.loads(response.content)
    assert body["account"] == user.username
    flat = json.dumps(body, ensure_ascii=False)
    assert "王秀英" in flat and id_number not in flat
    assert AuditEvent.objects.filter(action="privacy.my_data.exported", actor=user).count() == 1


def test_a_correction_is_asked_answered_and_told(client, resident, personas):
    user, _id = resident
    client.force_login(user)
    client.post(ME, {"kind": "correct", "details": "出生日期应为1950年3月9日"})
    request = DataRequest.objects.get()
    assert request.due_on == timezone.localdate() + datetime.timedelta(days=15)
    assert AuditEvent.objects.filter(action="privacy.request.submitted").exists()

    other = personas["community_admin_b1"]
    with pytest.raises(Forbidden):
        actions.request_answer(request=request, done=True, answer="已更正", actor=other)
    admin = personas["community_admin_a1"]
    client.force_login(admin)
    assert f"/privacy/requests/{request.pk}/" in client.get("/privacy/requests/").content.decode()
    assert client.get(f"/privacy/requests/{request.pk}/").status_code == 200
    client.post(f"/privacy/requests/{request.pk}/", {"outcome": "done", "answer": "已更正"})
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == admin
    event = AuditEvent.objects.get(action="privacy.request.answered")
    assert event.changes["status"] == ["open", "done"]
    assert Notification.objects.filter(user=user, url=f"/privacy/requests/{request.pk}/").exists()


def test_requests_are_seen_only_by_their_requester_and_handlers(client, resident, personas):
    user, _id = resident
    request = actions.request_submit(kind="delete", details="删除电话", actor=user)
    url = f"/privacy/requests/{request.pk}/"
    for name, status in [
        ("resident_a1", 200),
        ("community_admin_a1", 200),
        ("town_admin_a", 200),
        ("community_admin_b1", 404),
        ("grid_worker_a1", 404),
        ("party_member_a1", 404),
    ]:
        client.force_login(personas[name])
        assert client.get(url).status_code == status, name


def test_bad_requests_are_refused_with_reasons(resident, personas):
    user, _id = resident
    with pytest.raises(Invalid) as empty:
        actions.request_submit(kind="correct", details="  ", actor=user)
    assert empty.value.code == "details_required"
    request = actions.request_submit(kind="copy", details="", actor=user)
    with pytest.raises(Invalid) as bare:
        actions.request_answer(
            request=request, done=False, answer="", actor=personas["community_admin_a1"]
        )
    assert bare.value.code == "reason_required"
    actions.request_answer(
        request=request,
        done=False,
        answer="请到社区服务中心办理",
        actor=personas["community_admin_a1"],
    )
    with pytest.raises(Exception) as again:
        actions.request_answer(
            request=request, done=True, answer="", actor=personas["community_admin_a1"]
        )
    assert getattr(again.value, "code", "") == "illegal_transition"


def test_the_staff_queue_marks_overdue_requests(client, resident, personas):
    user, _id = resident
    request = actions.request_submit(kind="copy", details="", actor=user)
    DataRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(personas["community_admin_a1"])
    page = client.get("/privacy/requests/").content.decode()
    assert "text-bg-danger" in page
