"""R-IO-5: the virus-scan hook. Every stored upload (photos of every app, evidence and notice
files, people imports) goes through `core.uploads.refuse_if_infected`, which calls the deployer's
scanner named by `YIPANQI_UPLOAD_SCANNER`; here a scanner that knows the EICAR test string."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid
from yipanqi.people.imports import files

# The industry's harmless test signature every scanner reports as a virus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SCANNED: list[Path] = []


def eicar_scanner(path: Path) -> bool:
    """False (infected) when the file holds the EICAR string; records what it was asked."""
    SCANNED.append(path)
    return EICAR not in path.read_bytes()


def refuse_all(path: Path) -> bool:
    SCANNED.append(path)
    return False


@pytest.fixture
def scanner(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.YIPANQI_UPLOAD_SCANNER = f"{__name__}.eicar_scanner"
    SCANNED.clear()
    return settings


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue())


def _stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_an_infected_file_is_refused_and_nothing_is_kept(scanner, tmp_path):
    evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n" + EICAR)
    with pytest.raises(Invalid) as refused:
        uploads.write("evidence", evidence)
    assert refused.value.code == "file_infected"
    assert _stored(tmp_path) == []
    assert len(SCANNED) == 1


def test_a_clean_file_is_scanned_and_kept(scanner, tmp_path):
    relative, path = uploads.write("evidence", SimpleUploadedFile("e.pdf", b"%PDF-1.4\nclean"))
    assert SCANNED == [path] and path.exists() and relative.startswith("evidence/")


def test_photos_are_scanned_after_they_are_drawn_again(scanner, tmp_path):
    scanner.YIPANQI_UPLOAD_SCANNER = f"{__name__}.refuse_all"
    with pytest.raises(Invalid) as refused:
        uploads.write("photos", _photo())
    assert refused.value.code == "file_infected"
    assert _stored(tmp_path) == [] and len(SCANNED) == 1


def test_no_scanner_means_none_is_called(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.YIPANQI_UPLOAD_SCANNER = ""
    SCANNED.clear()
    uploads.write("evidence", SimpleUploadedFile("e.pdf", b"%PDF-1.4\n" + EICAR))
    assert SCANNED == [] and len(_stored(tmp_path)) == 1


def test_an_infected_import_file_is_refused_and_discarded(scanner, tmp_path):
    stored = files.store(SimpleUploadedFile("people.csv", "姓名,身份证号\n".encode() + EICAR))
    with pytest.raises(Invalid) as refused:
        files.check_content(stored, "csv")
    assert refused.value.code == "file_infected"
    assert not files.absolute(stored).exists()
