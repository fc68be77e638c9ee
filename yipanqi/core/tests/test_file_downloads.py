"""Every stored file (photos, evidence, notice attachments) is served by one function,
`core.uploads.served`: through a selector from the user's scope, always as a download that no
browser runs as a page, and kept by no shared cache (R-IO-5)."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from yipanqi.core import uploads
from yipanqi.core.testing import tiny_png

PACKAGE = Path(uploads.__file__).resolve().parents[1]


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    relative, _path = uploads.write("photos", SimpleUploadedFile("a.png", tiny_png()))
    return SimpleNamespace(pk=7, stored_path=relative, content_type="image/png")


def _name(row) -> str:
    return f"photo-{row.pk}.png"


def test_a_file_in_scope_is_a_download_no_page_runs(stored):
    response = uploads.served(lambda photo_id: stored, "photos", _name, photo_id=7)

    assert response["Content-Disposition"] == 'attachment; filename="photo-7.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == tiny_png()


def test_missing_out_of_scope_and_gone_are_one_404(stored):
    def out_of_scope():
        raise ObjectDoesNotExist

    gone = SimpleNamespace(**{**vars(stored), "stored_path": "photos/no-such-file"})
    for read in (out_of_scope, lambda: gone):
        with pytest.raises(Http404):
            uploads.served(read, "photos", _name)


def test_no_other_module_builds_a_file_response():
    """A view that served a file itself could forget the scope, the disposition or nosniff."""
    builders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "uploads.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        if "FileResponse" in names | attrs and "FileResponse(" in path.read_text(encoding="utf-8"):
            builders.append(str(path.relative_to(PACKAGE.parent)))
    assert builders == []
