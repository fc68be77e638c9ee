"""Notice attachments (附件): photos as core.uploads accepts them, and PDF documents; the type is
recognised from the first bytes (never the client's claim), the size capped, the file stored under
MEDIA_ROOT/notices/<uuid> with no user-chosen name, and served only through views that check
scope (the notice in the reader's scope, or the reader's own receipt)."""

import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

FOLDER = "notices"
MAX_BYTES = 10 * 1024 * 1024  # a scanned circular of a few pages is larger than a photo
MAX_PER_NOTICE = 5
PDF = "application/pdf"
EXTENSIONS = {**uploads.EXTENSIONS, PDF: "pdf"}
TYPES = tuple(EXTENSIONS)
# What a shown file name may keep: letters (any script), digits, spaces and a few marks.
_UNSAFE = re.compile(r"[^\w\s.\-()（）·]", re.UNICODE)


def check(upload: Any) -> str:
    """The sniffed content type of an acceptable attachment; otherwise Invalid."""
    if upload.size > MAX_BYTES:
        message = _("An attachment may be at most 10 MB.")
        raise Invalid(message, code="file_too_large", fields={"file": [message]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = PDF if head.startswith(b"%PDF-") else uploads.sniff(head)
    if content_type is None:
        message = _("Only JPEG, PNG, WebP or PDF files can be attached.")
        raise Invalid(message, code="file_type", fields={"file": [message]})
    return content_type


def shown_name(upload: Any, content_type: str) -> str:
    """The name shown in the list: the client's base name cleaned, never used on disk."""
    raw = Path(str(getattr(upload, "name", "") or "")).name
    stem = _UNSAFE.sub("", raw.rsplit(".", 1)[0]).strip()[:80] or _("attachment")
    return f"{stem}.{extension(content_type)}"


def store(upload: Any) -> tuple[str, Path]:
    return uploads.write(FOLDER, upload)


def remove(stored_path: str) -> None:
    try:
        uploads.stored_file(FOLDER, stored_path).unlink(missing_ok=True)
    except FileNotFoundError:
        pass


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "bin")
