"""The briefing as a Word document (python-docx); charts as PNG images drawn by matplotlib."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from yipanqi.reports.briefing import Briefing, Row, display, display_change
from yipanqi.reports.render.charts import png

FONT = "Noto Sans CJK SC"  # the system font (fonts-noto-cjk); Word falls back where it lacks it


def _fonts(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _table(document, rows: list[Row]) -> None:
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "本期", "上期", "变化"), strict=True):
        cell.text = text
    for row in rows:
        unit = row.definition.unit
        cells = table.add_row().cells
        cells[0].text = f"{row.definition.zh}（{unit}）"
        cells[1].text = display(row.value, unit)
        cells[2].text = display(row.previous, unit)
        cells[3].text = display_change(row)


def _chart(document, chart) -> None:
    document.add_picture(io.BytesIO(png(chart)), width=Cm(15))


def render(briefing: Briefing) -> bytes:
    document = Document()
    _fonts(document)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.8)
    document.add_heading(briefing.title, level=0)
    document.add_paragraph(
        f"节点：{briefing.area.name}（{briefing.area.code}）　期间：{briefing.period.label}"
        f"　对比：{briefing.previous.label}"
    )
    document.add_heading("关键数据", level=1)
    _table(document, briefing.key_rows)
    document.add_page_break()
    for part in briefing.sections:
        document.add_heading(part.title, level=1)
        _table(document, part.rows)
        for chart in part.charts:
            _chart(document, chart)
    if briefing.children:
        document.add_page_break()
        document.add_heading("下级节点对比", level=1)
        for chart in briefing.comparison_charts():
            _chart(document, chart)
    document.add_page_break()
    document.add_heading("附录：指标定义", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "单位", "定义"), strict=True):
        cell.text = text
    for d in briefing.appendix:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = f"{d.zh} {d.en}", d.unit, d.definition
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
