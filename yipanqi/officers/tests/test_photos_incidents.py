"""A work log carries photos (stored without their metadata, served only through a log one reaches)
and its issue may become a grid incident report through the grid's own action; a refused photo,
too many photos or both an order and an incident refuse the whole log: nothing is half-saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import tiny_png
from yipanqi.grid import actions as grid_actions
from yipanqi.grid.choices import IncidentStatus
from yipanqi.grid.models import Incident
from yipanqi.officers import actions, dashboard, selectors
from yipanqi.officers.models import WorkLog, WorkLogPhoto
from yipanqi.officers.tests.factories import a_week_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png(name: str = "visit.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def _jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 120, 10)).save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("visit.jpg", out.getvalue(), content_type="image/jpeg")


def _log(world, **extra):
    fields = {"kind": "visit", "occurred_on": a_week_ago(), "summary": "走访沿街商铺"} | extra
    return actions.worklog_record(
        assignment=world.assignments["a_street"], actor=world.personas["officer_a"], **fields
    )


def _files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_photos_are_kept_without_metadata_and_served_only_in_scope(world, media):
    log = _log(world, photos=[_png(), _jpeg_with_gps()])
    photos = list(WorkLogPhoto.objects.filter(log=log).order_by("id"))
    assert [p.content_type for p in photos] == ["image/png", "image/jpeg"]
    assert len(_files(media)) == 2
    with Image.open(media / photos[1].stored_path) as stored:
        assert not stored.getexif()  # the phone's EXIF did not survive
    event = AuditEvent.objects.get(action="officers.worklog.recorded", target_id=str(log.pk))
    assert event.data["photos"] == 2
    expected = {"officer_a": 200, "district_admin": 200, "town_admin_a": 200, "auditor_a": 200,
                "officer_b": 404, "community_admin_a1": 404, "resident_a1": 404}  # fmt: skip
    for persona, status in expected.items():
        client = Client()
        client.force_login(world.personas[persona])
        response = client.get(f"/officers/photos/{photos[0].pk}/")
        assert response.status_code == status, persona
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"


def test_a_refused_photo_saves_nothing(world, media):
    logs, photos = WorkLog.objects.count(), WorkLogPhoto.objects.count()
    fake = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    looks_right = SimpleUploadedFile("y.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)
    for photos_given, code in (([_png(), fake], "photo_type"), ([_png(), looks_right], "photo_type"),
                               ([_png() for _ in range(actions.MAX_PHOTOS + 1)], "too_many_photos")):  # fmt: skip
        with pytest.raises(Invalid) as caught:
            _log(world, photos=photos_given, issue="井盖松动", open_order=True)
        assert caught.value.code == code
    assert (WorkLog.objects.count(), WorkLogPhoto.objects.count()) == (logs, photos)
    assert _files(media) == []
    assert not AuditEvent.objects.filter(action="orders.order.placed").exists()


def test_an_issue_becomes_an_incident_report_and_counts_solved_when_closed(world):
    officer = world.personas["officer_a"]
    log = _log(world, issue="桥东街12号井盖松动", open_incident=True)
    incident = Incident.objects.get(pk=log.incident_id)
    assert log.order_id is None and incident.status == IncidentStatus.REPORTED
    assert incident.reported_by == officer and incident.title == "桥东街12号井盖松动"
    assert incident.grid.path.startswith(world.district.communities[0].path)
    assert AuditEvent.objects.filter(action="grid.incident.reported", target_id=str(incident.pk))
    a1 = world.district.communities[0]
    span = {"path": a1.scope_path, "start": a_week_ago(), "end": a_week_ago()}
    before = dashboard.figures(**span)["officer_issues_solved"]
    community = world.personas["community_admin_a1"]  # the grid's own workflow takes over
    incident = grid_actions.incident_accept(incident=incident, actor=community)
    incident = grid_actions.incident_handle(incident=incident, note="已加固", actor=community)
    assert dashboard.figures(**span)["officer_issues_solved"] == before
    grid_actions.incident_close(incident=incident, result="井盖已更换", actor=officer)
    assert dashboard.figures(**span)["officer_issues_solved"] == before + 1
    board = selectors.board(user=world.personas["district_admin"], today=a_week_ago())
    street = next(c for c in board.by_role if c.label == world.role("street").name)
    assert (street.issues, street.solved) == (1, 1)


def test_an_order_and_an_incident_at_once_are_refused(world):
    before = (WorkLog.objects.count(), Incident.objects.count())
    with pytest.raises(Invalid) as caught:
        _log(world, issue="路灯损坏", open_order=True, open_incident=True)
    assert caught.value.code == "order_or_incident"
    with pytest.raises(Invalid) as caught:
        _log(world, open_incident=True)
    assert caught.value.code == "issue_required"
    assert (WorkLog.objects.count(), Incident.objects.count()) == before


def test_the_page_and_the_api_take_photos(world, media):
    a = world.assignments["a_street"]
    page = Client()
    page.force_login(world.personas["officer_a"])
    posted = page.post(f"/officers/{a.pk}/", {
        "kind": "visit", "occurred_on": a_week_ago().isoformat(), "summary": "巡查",
        "issue": "垃圾堆放", "open_incident": "on", "photos": [_png("a.png"), _png("b.png")]})  # fmt: skip
    assert posted.status_code == 302
    log = WorkLog.objects.filter(assignment=a).latest("id")
    assert log.photos.count() == 2 and log.incident_id is not None
    shown = page.get(f"/officers/{a.pk}/").content.decode()
    assert f'href="/officers/photos/{log.photos.first().pk}/"' in shown
    api = APIClient()
    api.force_authenticate(world.personas["officer_a"])
    made = api.post(f"/api/v1/officers/{a.pk}/logs/", {
        "kind": "service", "occurred_on": a_week_ago().isoformat(), "summary": "代办",
        "photos": [_png()]}, format="multipart")  # fmt: skip
    assert made.status_code == 201, made.content
    assert len(made.json()["photos"]) == 1 and made.json()["incident_id"] is None
    refused = api.post(f"/api/v1/officers/{a.pk}/logs/", {
        "kind": "visit", "occurred_on": a_week_ago().isoformat(), "summary": "走访",
        "photos": [SimpleUploadedFile("x.png", b"GIF89a....", content_type="image/png")]},
        format="multipart")  # fmt: skip
    assert refused.status_code == 400 and refused.json()["code"] == "photo_type"
    listed = api.get(f"/api/v1/officers/{a.pk}/logs/").json()["results"]
    assert sum(len(row["photos"]) for row in listed) == 3
