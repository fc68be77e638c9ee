"""Uploads never attached are removed by the periodic job once a day old (issue 18): a photo
whose step was refused leaves no file behind; attached files, young files and files that are not
ours stay."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from yipanqi.core import uploads, uploads_sweep
from yipanqi.core.testing import tiny_png

pytestmark = pytest.mark.django_db


def _age(path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def _orphan(folder: str = "photos") -> object:
    """A file `uploads.write` stored inside a transaction that then rolled back."""
    try:
        with transaction.atomic():
            _relative, path = uploads.write(folder, SimpleUploadedFile("a.png", tiny_png()))
            raise RuntimeError("the step was refused")
    except RuntimeError:
        pass
    return path


def test_an_old_unattached_upload_is_removed_and_the_rest_stay(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    old, young = _orphan(), _orphan()
    _age(old, 2)
    attached_rel, attached = uploads.write("photos", SimpleUploadedFile("b.png", tiny_png()))
    _age(attached, 2)
    not_ours = tmp_path / "photos" / "README.txt"
    not_ours.write_text("kept")
    _age(not_ours, 2)
    monkeypatch.setattr(uploads_sweep, "attached", lambda: {attached_rel})
    assert uploads_sweep.orphans() == [old]
    assert uploads_sweep.sweep() == 1
    assert not old.exists() and young.exists() and attached.exists() and not_ours.exists()
    assert uploads_sweep.sweep() == 0


def test_attached_paths_come_from_every_model_that_keeps_files(settings, tmp_path):
    from yipanqi.venues.tests.factories import build_venue_world

    settings.MEDIA_ROOT = tmp_path
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.venues import actions

    world = build_venue_world(build_district())
    venue = world.venues["community"]
    photo = actions.venue_photo_add(
        venue=venue,
        upload=SimpleUploadedFile("c.png", tiny_png()),
        actor=world.personas["district_admin"],
    )
    assert photo.stored_path in uploads_sweep.attached()
    _age(tmp_path / photo.stored_path, 3)
    call_command("run_periodic")
    assert (tmp_path / photo.stored_path).exists()
