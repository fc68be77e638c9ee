"""Evidence files (佐证材料, 报销凭证), shared by every app that keeps them (centres, funding,
duties): photos as core.uploads accepts them (metadata stripped) and PDF documents. The type is
recognised from the first bytes (never the client's claim), the size capped, the file stored
under MEDIA_ROOT/<folder>/<uuid> and served only through a view that checks scope (`download`).
Each app keeps its own evidence rows (stored_path, content_type) and names its folder once."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from django.http import FileResponse
from django.utils.translation import gettext as _

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024  # a scanned ledger page set is larger than a photo
PDF = "application/pdf"
EXTENSIONS = {**uploads.EXTENSIONS, PDF: "pdf"}


@dataclass(frozen=True)
class EvidenceFiles:
    """One app's evidence files: its folder under MEDIA_ROOT, and the form field a refusal names
    (None: the refusal names no field)."""

    folder: str
    field: str | None = None
    max_bytes: ClassVar[int] = MAX_BYTES

    def check(self, upload: Any) -> str:
        """The sniffed content type of an acceptable evidence file; otherwise Invalid."""
        if upload.size > self.max_bytes:
            raise self._refusal(_("An evidence file may be at most 10 MB."), "file_too_large")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = PDF if head.startswith(b"%PDF-") else uploads.sniff(head)
        if content_type is None:
            raise self._refusal(_("Only JPEG, PNG, WebP or PDF files are accepted."), "file_type")
        return content_type

    def _refusal(self, message: str, code: str) -> Invalid:
        return Invalid(message, code=code, fields={self.field: [message]} if self.field else None)

    def store(self, upload: Any) -> tuple[str, Path]:
        """(path relative to MEDIA_ROOT, absolute path) of the upload stored under a fresh name."""
        return uploads.write(self.folder, upload)

    def extension(self, content_type: str) -> str:
        return EXTENSIONS.get(content_type, "bin")

    def download(self, read: Callable[..., Any], /, **kwargs: Any) -> FileResponse:
        """The file of the evidence row `read(**kwargs)` returns, always as a download. `read` is
        a selector from the user's scope (as with core.pages.found), so missing, out of scope and
        a file gone are one 404."""
        return uploads.served(read, self.folder, self._name, **kwargs)

    def _name(self, evidence: Any) -> str:
        return f"evidence-{evidence.pk}.{self.extension(evidence.content_type)}"
