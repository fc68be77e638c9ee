"""Evidence files of progress (佐证材料): photos as core.uploads accepts them (metadata stripped)
and PDF documents, recognised from their first bytes, capped in size, stored under
MEDIA_ROOT/duties/<uuid> and served only through a view that checks the item's scope."""

from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

FOLDER = "duties"
MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
EXTENSIONS = {**uploads.EXTENSIONS, PDF: "pdf"}


def check(upload: Any) -> str:
    """The sniffed content type of an acceptable evidence file; otherwise Invalid."""
    if upload.size > MAX_BYTES:
        message = _("An evidence file may be at most 10 MB.")
        raise Invalid(message, code="file_too_large", fields={"evidence": [message]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = PDF if head.startswith(b"%PDF-") else uploads.sniff(head)
    if content_type is None:
        message = _("Only JPEG, PNG, WebP or PDF files are accepted.")
        raise Invalid(message, code="file_type", fields={"evidence": [message]})
    return content_type


def store(upload: Any) -> str:
    return uploads.write(FOLDER, upload)[0]


def opened(stored_path: str) -> Any:
    return uploads.stored_file(FOLDER, stored_path).open("rb")


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "bin")
