"""Uploaded images (R-IO-5), shared by every app that keeps photos (orders, grid incidents).

An allow-list of image types recognised by their first bytes (never the client's claim), a size cap,
files stored under MEDIA_ROOT/<folder>/<uuid> (outside the web root, no user-chosen name or
extension). Each app keeps its own photo rows; `served` hands any stored file out, through a
selector of the user's scope.
"""

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from yipanqi.core.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024
FORM_OVERHEAD = 1024 * 1024  # the other fields and the multipart framing of an upload form
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
# Re-encoding settings per format: good quality, no metadata carried over.
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}
# A 5 MB file may still decode to a huge bitmap (a decompression bomb): refuse beyond 40 MP.
Image.MAX_IMAGE_PIXELS = 40_000_000


def body_limit(files: int, per_file: int = MAX_BYTES) -> int:
    """The largest request body of a form with `files` uploads of at most `per_file` bytes."""
    return files * per_file + FORM_OVERHEAD


def max_body_size(limit: int) -> Callable:
    """Declare the largest request body an upload view takes (R-IO-5).

    core.middleware.RequestGuardMiddleware refuses a larger one from its Content-Length, with
    413, before the CSRF check or the view reads a byte of it (else a 60 MB photo is spooled to
    disk in full before check_upload refuses it). Views without a declaration take at most
    DATA_UPLOAD_MAX_MEMORY_SIZE.
    """

    def decorate(view: Callable) -> Callable:
        view.max_body_bytes = limit  # type: ignore[attr-defined]
        return view

    return decorate


def sniff(head: bytes) -> str | None:
    """The image type the bytes really are, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(upload: Any) -> str:
    """The sniffed content type of an acceptable upload; otherwise Invalid."""
    if upload.size > MAX_BYTES:
        raise Invalid(_("A photo may be at most 5 MB."), code="photo_too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise Invalid(_("Only JPEG, PNG or WebP photos are accepted."), code="photo_type")
    return content_type


def storage_root(folder: str) -> Path:
    return Path(settings.MEDIA_ROOT) / folder


def stored_file(folder: str, stored_path: str) -> Path:
    """The file behind a stored path; refuses any path that would leave the folder."""
    root = storage_root(folder).resolve()
    path = (Path(settings.MEDIA_ROOT) / stored_path).resolve()
    if root not in path.parents:
        raise FileNotFoundError(stored_path)
    return path


def write(folder: str, upload: Any) -> tuple[str, Path]:
    """Store the upload under a fresh name; returns (path relative to MEDIA_ROOT, absolute path).
    A photo is stored without its metadata (`without_metadata`); other files the caller has
    accepted (a PDF of evidence) are stored as they came."""
    upload.seek(0)
    is_image = sniff(upload.read(16)) in EXTENSIONS
    upload.seek(0)
    chunks = [without_metadata(upload)] if is_image else upload.chunks()  # refused: nothing stored
    root = storage_root(folder)
    root.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    path = root / name
    with path.open("xb") as out:
        for chunk in chunks:
            out.write(chunk)
    refuse_if_infected(path)
    return f"{folder}/{name}", path


def refuse_if_infected(path: Path) -> None:
    """The deployer's virus scanner (R-IO-5; ClamAV at the deployer): `YIPANQI_UPLOAD_SCANNER`
    names a callable taking the stored file's path and returning False for an infected file. An
    infected file is deleted before anything refers to it; no scanner set means none to call."""
    scanner = getattr(settings, "YIPANQI_UPLOAD_SCANNER", "")
    if scanner and not import_string(scanner)(path):
        path.unlink(missing_ok=True)
        raise Invalid(_("The file was refused by the virus scanner."), code="file_infected")


def without_metadata(upload: Any) -> bytes:
    """The image drawn again from its pixels alone: a phone's EXIF (GPS position, device, time),
    XMP and text chunks do not survive (R-PI: a photo of a broken lamp must not say where the
    resident lives). The EXIF orientation is applied first, so the photo still stands upright.
    A file that only looks like an image, or one too large to decode safely, is refused."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            pixels = ImageOps.exif_transpose(image).copy()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Invalid(_("Only JPEG, PNG or WebP photos are accepted."), code="photo_type") from exc
    pixels.info = {}  # nothing read from the file is written back
    out = io.BytesIO()
    pixels.save(out, format=kind, exif=b"", **SAVE_OPTIONS.get(kind or "", {}))
    return out.getvalue()


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "bin")


def served(
    read: Callable[..., Any],
    folder: str,
    name: Callable[[Any], str],
    /,
    *,
    cache: str = "private, no-store",
    **kwargs: Any,
) -> FileResponse:
    """The stored file of the row `read(**kwargs)` returns (a photo, an evidence file, a notice's
    attachment; it has `stored_path` and `content_type`), named `name(row)`. `read` is a selector
    from the user's scope, so a missing row, one out of scope and a file gone are one 404. Always
    a download, never run as a page (nosniff, a sandbox policy: R-IO-5), and kept by no shared
    cache; `cache` lets an image shown on a page be kept by the browser that may see it."""
    try:
        row = read(**kwargs)
        handle = stored_file(folder, row.stored_path).open("rb")
    except (ObjectDoesNotExist, FileNotFoundError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=name(row), content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache
    return response
