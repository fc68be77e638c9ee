"""Uploaded photos lose their metadata (EXIF GPS position, device, time; PNG text) and keep their
picture, upright; a file that only starts like an image is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def _photo(fmt: str, **extra) -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, format=fmt, **extra)
    return SimpleUploadedFile("photo", out.getvalue())


def _exif_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (29.0, 39.0, 36.0), 3: "E", 4: (121.0, 24.0, 0.0)})
    return exif.tobytes()


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_exif_and_gps_are_dropped(fmt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = _photo(fmt, exif=_exif_with_gps())
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the phone's position is in the upload
    upload.seek(0)
    _name, path = uploads.write("test", upload)
    data = path.read_bytes()
    assert b"PhoneMaker" not in data
    with Image.open(path) as stored:
        assert stored.format == fmt and stored.size == (40, 20)
        assert not stored.getexif() and "exif" not in stored.info


def test_the_orientation_is_applied_before_it_is_dropped(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _name, path = uploads.write("test", _photo("JPEG", exif=_exif_with_gps(orientation=6)))
    with Image.open(path) as stored:
        assert stored.size == (20, 40)  # rotated upright, as the phone showed it


def test_png_text_chunks_are_dropped(settings, tmp_path):
    from PIL.PngImagePlugin import PngInfo

    settings.MEDIA_ROOT = tmp_path
    info = PngInfo()
    info.add_text("Comment", "幸福小区3幢2单元501")
    _name, path = uploads.write("test", _photo("PNG", pnginfo=info))
    assert "幸福小区".encode() not in path.read_bytes()


def test_a_file_that_only_starts_like_a_jpeg_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("photo", b"\xff\xd8\xff" + b"not really a picture" * 10)
    assert uploads.check_upload(fake) == "image/jpeg"
    with pytest.raises(Invalid) as refused:
        uploads.write("test", fake)
    assert refused.value.code == "photo_type"
    assert not any(tmp_path.rglob("*"))  # nothing was stored
