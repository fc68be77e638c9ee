"""Photos of a council meeting (issue #22): kept by whoever keeps the minutes, through core.uploads
(a non-image refused, EXIF and GPS stripped), served only in scope and as an attachment."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.deliberation import actions
from yipanqi.deliberation.models import MeetingPhoto
from yipanqi.deliberation.tests.factories import admin_of, open_meeting

GPS_IFD, MAKE = 0x8825, 0x010F


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _jpeg_with_gps(name: str = "现场.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (29.0, 39.0, 36.0), 3: "E", 4: (121.0, 24.0, 0.0)})
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 120, 200)).save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg")


def _stored_files(media) -> list:
    folder = media / "deliberation"
    return list(folder.iterdir()) if folder.is_dir() else []


def test_the_admin_adds_a_photo_on_the_page_and_it_is_audited(world, client_as, media):
    meeting = open_meeting(world)
    admin = client_as("community_admin_a1")
    url = f"/deliberation/meetings/{meeting.pk}/photos/"
    assert admin.post(url, {"photo": _jpeg_with_gps()}).status_code == 302
    photo = MeetingPhoto.objects.get(meeting=meeting)
    assert photo.uploaded_by == world.personas["community_admin_a1"]
    assert photo.scope_path == meeting.scope_path and photo.content_type == "image/jpeg"
    event = AuditEvent.objects.get(action="deliberation.meeting.photo_added")
    assert event.target_id == str(meeting.pk) and event.changes == {"photo": [None, photo.pk]}
    page = admin.get(f"/deliberation/meetings/{meeting.pk}/").content.decode()
    assert f"/deliberation/photos/{photo.pk}/" in page and 'id="meeting-photo"' in page


def test_a_seat_holder_sees_photos_but_may_not_add_them(world, client_as):
    meeting = open_meeting(world)
    worker = world.personas["grid_worker_a1"]  # holds the grid leader's seat of the a1 hall
    with pytest.raises(Forbidden):
        actions.meeting_photo_add(meeting=meeting, upload=_jpeg_with_gps(), actor=worker)
    page = client_as("grid_worker_a1").get(f"/deliberation/meetings/{meeting.pk}/")
    assert page.status_code == 200 and 'id="meeting-photo"' not in page.content.decode()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_kept(world, client_as, media):
    meeting = open_meeting(world)
    admin = admin_of(world, "a1")
    with pytest.raises(Invalid) as refused:
        actions.meeting_photo_add(meeting=meeting, upload=_not_an_image(), actor=admin)
    assert refused.value.code == "photo_type"
    answer = client_as("community_admin_a1").post(
        f"/deliberation/meetings/{meeting.pk}/photos/", {"photo": _not_an_image()}, follow=True
    )
    assert "JPEG" in answer.content.decode() or "照片" in answer.content.decode()
    assert not MeetingPhoto.objects.exists() and _stored_files(media) == []
    assert not AuditEvent.objects.filter(action="deliberation.meeting.photo_added").exists()


def test_another_communitys_admin_gets_404_for_the_photo_and_the_upload(
    world, client_as, api_client_for
):
    meeting = open_meeting(world)
    photo = actions.meeting_photo_add(
        meeting=meeting, upload=_jpeg_with_gps(), actor=admin_of(world, "a1")
    )
    other = client_as("community_admin_b1")
    assert other.get(f"/deliberation/photos/{photo.pk}/").status_code == 404
    assert other.get(f"/deliberation/photos/{photo.pk + 1000}/").status_code == 404  # missing
    upload = {"photo": _jpeg_with_gps()}
    assert other.post(f"/deliberation/meetings/{meeting.pk}/photos/", upload).status_code == 404
    assert other.post(f"/deliberation/photos/{photo.pk}/remove/").status_code == 404
    api = api_client_for(world, "community_admin_b1")
    answer = api.post(
        f"/api/v1/deliberation/meetings/{meeting.pk}/photos/",
        {"photo": _jpeg_with_gps()},
        format="multipart",
    )
    assert answer.status_code == 404
    assert MeetingPhoto.objects.count() == 1


def test_the_served_photo_has_no_exif_and_is_an_attachment(world, client_as):
    meeting = open_meeting(world)
    upload = _jpeg_with_gps()
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the phone's position is in the upload
    upload.seek(0)
    photo = actions.meeting_photo_add(meeting=meeting, upload=upload, actor=admin_of(world, "a1"))
    answer = client_as("grid_worker_a1").get(f"/deliberation/photos/{photo.pk}/")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["X-Content-Type-Options"] == "nosniff"
    data = b"".join(answer.streaming_content)
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as served:
        assert served.size == (40, 20) and not served.getexif()


def test_the_api_adds_a_photo_through_the_meeting_step(world, api_client_for):
    meeting = open_meeting(world)
    api = api_client_for(world, "community_admin_a1")
    url = f"/api/v1/deliberation/meetings/{meeting.pk}/photos/"
    answer = api.post(url, {"photo": _jpeg_with_gps()}, format="multipart")
    assert answer.status_code == 201, answer.content
    assert answer.json()["meeting_id"] == meeting.pk
    refused = api.post(url, {"photo": _not_an_image()}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "photo_type"
    detail = api.get(f"/api/v1/deliberation/meetings/{meeting.pk}/").json()
    assert [p["id"] for p in detail["photos"]] == [answer.json()["id"]]


def test_removing_a_photo_deletes_the_row_and_the_file_and_is_audited(
    world, client_as, media, django_capture_on_commit_callbacks
):
    meeting = open_meeting(world)
    photo = actions.meeting_photo_add(
        meeting=meeting, upload=_jpeg_with_gps(), actor=admin_of(world, "a1")
    )
    assert len(_stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_as("community_admin_a1").post(f"/deliberation/photos/{photo.pk}/remove/")
    assert answer.status_code == 302
    assert not MeetingPhoto.objects.exists() and _stored_files(media) == []
    event = AuditEvent.objects.get(action="deliberation.meeting.photo_removed")
    assert event.changes == {"photo": [photo.pk, None]}


def test_photos_are_kept_once_the_meeting_is_open_and_after_it_closed(world):
    from yipanqi.core.errors import Conflict

    meeting = open_meeting(world)
    admin = admin_of(world, "a1")
    actions.meeting_close(meeting=meeting, actor=admin)
    photo = actions.meeting_photo_add(meeting=meeting, upload=_jpeg_with_gps(), actor=admin)
    assert photo.meeting_id == meeting.pk
    scheduled = actions.meeting_schedule(
        body=meeting.body, kind=meeting.kind, title="下次议事", starts_at=meeting.starts_at,
        actor=admin,
    )  # fmt: skip
    with pytest.raises(Conflict):
        actions.meeting_photo_add(meeting=scheduled, upload=_jpeg_with_gps(), actor=admin)
