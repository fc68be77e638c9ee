"""Spreadsheet output that is safe to open: cells that a spreadsheet would run as formulas are
neutralised (R-IO-6), and every export goes through an audited action in the owning app."""

import io
from collections.abc import Iterable, Sequence

import xlsxwriter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # OWASP CSV-injection list
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Prefix text that starts like a formula with an apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas off: even unneutralised text is never written as a formula.
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with xlsxwriter.Workbook(buffer, options) as workbook:
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        worksheet.write_row(0, 0, [neutralise(h) for h in headers], bold)
        for index, row in enumerate(rows, start=1):
            worksheet.write_row(index, 0, [neutralise(v) for v in row])
        worksheet.freeze_panes(1, 0)
    return buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()
