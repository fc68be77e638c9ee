"""The briefing as PDF: an HTML template rendered by WeasyPrint with the system Noto CJK font."""

import base64

from django.template.loader import render_to_string

from yipanqi.reports.briefing import Briefing, display, display_change
from yipanqi.reports.render.charts import cjk_font_path, png


def _rows(rows) -> list[dict]:
    return [
        {
            "label": r.definition.zh,
            "unit": r.definition.unit,
            "value": display(r.value, r.definition.unit),
            "previous": display(r.previous, r.definition.unit),
            "change": display_change(r),
        }
        for r in rows
    ]


def _image(chart) -> str:
    return "data:image/png;base64," + base64.b64encode(png(chart, width=6.5)).decode()


def html(briefing: Briefing) -> str:
    sections = [
        {"title": s.title, "rows": _rows(s.rows), "charts": [_image(c) for c in s.charts]}
        for s in briefing.sections
    ]
    context = {
        "b": briefing,
        "font_path": cjk_font_path(),
        "key_rows": _rows(briefing.key_rows),
        "sections": sections,
        "comparison": [_image(c) for c in briefing.comparison_charts()]
        if briefing.children
        else [],
    }
    return render_to_string("reports/report_document.html", context)


def render(briefing: Briefing) -> bytes:
    from weasyprint import HTML

    # base_url "/": the only resources are the local font file and inline images; no fetches
    return HTML(string=html(briefing), base_url="/").write_pdf()
