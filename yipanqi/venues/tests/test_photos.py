"""Photos of a venue: its owner adds and removes them (audited, metadata stripped, at most six);
everyone who may see the venue gets them (as an attachment, like every upload); nobody else gets them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import tiny_png
from yipanqi.venues import actions
from yipanqi.venues.actions.venues import MAX_PHOTOS
from yipanqi.venues.models import VenuePhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("room.png", tiny_png(), content_type="image/png")


def test_the_owner_adds_a_photo_everyone_who_sees_the_venue_sees_it(world, client, media):
    venue, admin = world.venues["community"], world.personas["community_admin_a1"]
    client.force_login(admin)
    client.post(f"/venues/{venue.pk}/photos/", {"photo": _png()})
    photo = VenuePhoto.objects.get(venue=venue)
    assert AuditEvent.objects.filter(action="venues.photo.added", target_id=str(venue.pk)).exists()

    client.force_login(world.personas["resident_a1"])  # the venue is bookable in the town
    assert f"/venues/photos/{photo.pk}/" in client.get(f"/venues/{venue.pk}/").content.decode()
    shown = client.get(f"/venues/photos/{photo.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("attachment;")
    assert (
        shown["X-Content-Type-Options"] == "nosniff"
        and "sandbox" in shown["Content-Security-Policy"]
    )
    assert b"".join(shown.streaming_content) == tiny_png()

    client.force_login(world.personas["community_admin_b1"])  # another town: venue out of reach
    assert client.get(f"/venues/photos/{photo.pk}/").status_code == 404


def test_only_the_owner_adds_or_removes_and_at_most_six(world, media):
    venue = world.venues["community"]
    admin, other = world.personas["community_admin_a1"], world.personas["resident_a1"]
    with pytest.raises(Forbidden):
        actions.venue_photo_add(venue=venue, upload=_png(), actor=other)
    photos = [
        actions.venue_photo_add(venue=venue, upload=_png(), actor=admin) for _ in range(MAX_PHOTOS)
    ]
    with pytest.raises(Invalid) as full:
        actions.venue_photo_add(venue=venue, upload=_png(), actor=admin)
    assert full.value.code == "too_many_photos"
    with pytest.raises(Forbidden):
        actions.venue_photo_remove(photo=photos[0], actor=other)
    actions.venue_photo_remove(photo=photos[0], actor=admin)
    assert venue.photos.count() == MAX_PHOTOS - 1
    assert AuditEvent.objects.filter(action="venues.photo.removed").count() == 1


def test_a_file_that_is_not_an_image_is_refused_with_a_message(world, client, media):
    venue = world.venues["community"]
    client.force_login(world.personas["community_admin_a1"])
    fake = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")
    page = client.post(f"/venues/{venue.pk}/photos/", {"photo": fake}, follow=True)
    assert "JPEG" in page.content.decode() and not VenuePhoto.objects.exists()
