"""Uploaded import files: allow-list by extension and content, private storage, row reading.

Files live under MEDIA_ROOT/imports/<uuid> (outside the web root, never served) and are removed
once their job is committed. Content is sniffed rather than trusted from the name: a renamed text
file is not an .xlsx, and an .xlsx is a zip holding a workbook, within a size that rules out zip
bombs.
"""

import csv
import datetime
import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yipanqi.core import uploads
from yipanqi.core.errors import Invalid

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
KINDS = {".xlsx": "xlsx", ".csv": "csv"}
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel on Chinese Windows saves CSV as GBK
_XLSX_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
TOO_LARGE = gettext_lazy("The file is larger than 20 MB.")


def kind_from_name(file_name: str) -> str:
    kind = KINDS.get(Path(file_name or "").suffix.lower())
    if kind is None:
        raise Invalid(_("Only .xlsx and .csv files can be imported."), code="bad_file_type")
    return kind


def check_size(size: int | None) -> None:
    if size is not None and size > MAX_BYTES:
        raise Invalid(TOO_LARGE, code="file_too_large")


def absolute(stored_path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_path


def store(file) -> str:
    """Write the upload to a private file, counting bytes (the declared size is not trusted)."""
    relative = f"imports/{uuid.uuid4().hex}"
    target = absolute(relative)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = 0
    with target.open("xb") as out:
        target.chmod(0o600)
        for chunk in file.chunks():
            written += len(chunk)
            if written > MAX_BYTES:
                out.close()
                discard(relative)
                check_size(written)
            out.write(chunk)
    return relative


def discard(stored_path: str, *, keep_preview: bool = False) -> None:
    """Delete an upload (and its masked preview unless kept): files are kept no longer than needed."""
    absolute(stored_path).unlink(missing_ok=True)
    if not keep_preview:
        absolute(stored_path + ".preview.json").unlink(missing_ok=True)


def _is_xlsx(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return False
    names = {i.filename for i in infos}
    unzipped = sum(i.file_size for i in infos)
    encrypted = any(i.flag_bits & 0x1 for i in infos)
    return _XLSX_PARTS <= names and unzipped <= MAX_UNZIPPED_BYTES and not encrypted


def _decode(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff(path: Path) -> str | None:
    """ "xlsx", "csv" or None, from the bytes alone."""
    if _is_xlsx(path):
        return "xlsx"
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        return None  # some other zip (a .docx, an .xls renamed …)
    return "csv" if _decode(path.read_bytes()) is not None else None


def check_content(stored_path: str, expected: str) -> None:
    if sniff(absolute(stored_path)) != expected:
        discard(stored_path)
        raise Invalid(
            _("The file's content is not a valid %(kind)s file.") % {"kind": "." + expected},
            code="bad_file_content",
        )
    try:
        uploads.refuse_if_infected(absolute(stored_path))
    except Invalid:
        discard(stored_path)
        raise


def cell_text(value) -> str:
    """A cell as the text the user typed (numbers without ".0", dates as YYYY-MM-DD)."""
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    # A file object, not the path: stored uploads have no extension for openpyxl to check.
    with path.open("rb") as handle:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield [cell_text(v) for v in row]
        finally:
            workbook.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    text = _decode(path.read_bytes()) or ""
    for row in csv.reader(io.StringIO(text, newline="")):
        yield [cell_text(v) for v in row]


def read_rows(stored_path: str) -> Iterator[tuple[int, list[str]]]:
    """(row number as the spreadsheet shows it, cells); the header is row 1."""
    path = absolute(stored_path)
    rows = _xlsx_rows(path) if sniff(path) == "xlsx" else _csv_rows(path)
    return enumerate(rows, start=1)


def count_data_rows(stored_path: str) -> int:
    return sum(1 for number, cells in read_rows(stored_path) if number > 1 and any(cells))
