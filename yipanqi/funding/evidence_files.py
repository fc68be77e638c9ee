"""Evidence files of expenses (报销凭证): photos as core.uploads accepts them, and PDF documents;
the type is recognised from the first bytes (never the client's claim), the size capped, the file
stored under MEDIA_ROOT/funding/<uuid> and served only through a view that checks scope."""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

FOLDER = "funding"
MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
EXTENSIONS = {**uploads.EXTENSIONS, PDF: "pdf"}


def check(upload: Any) -> str:
    if upload.size > MAX_BYTES:
        raise Invalid(_("An evidence file may be at most 10 MB."), code="file_too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = PDF if head.startswith(b"%PDF-") else uploads.sniff(head)
    if content_type is None:
        raise Invalid(_("Only JPEG, PNG, WebP or PDF files are accepted."), code="file_type")
    return content_type


def store(upload: Any) -> tuple[str, Path]:
    return uploads.write(FOLDER, upload)


def opened(stored_path: str) -> Any:
    return uploads.stored_file(FOLDER, stored_path).open("rb")


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "bin")
