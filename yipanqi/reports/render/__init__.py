"""Renderers of a briefing: XLSX (native charts), DOCX and PDF (charts drawn by matplotlib)."""

from collections.abc import Callable

from yipanqi.reports.briefing import Briefing

FORMATS = ("xlsx", "docx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}


def renderer(fmt: str) -> Callable[[Briefing], bytes]:
    if fmt == "xlsx":
        from yipanqi.reports.render.xlsx import render
    elif fmt == "docx":
        from yipanqi.reports.render.docx import render
    elif fmt == "pdf":
        from yipanqi.reports.render.pdf import render
    else:
        raise ValueError(fmt)
    return render
