"""The briefing as a workbook: one sheet per section, native Excel charts, formula-safe text."""

import io
from typing import Any

import xlsxwriter

from yipanqi.reports.briefing import Briefing, Chart, Row, display_change

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Text a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Book:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer, {"in_memory": True, "strings_to_formulas": False}
        )
        self.bold = self.book.add_format({"bold": True})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.names: set[str] = set()

    def sheet(self, name: str):
        name = name[:31]
        while name in self.names:
            name = name[:29] + str(len(self.names))
        self.names.add(name)
        sheet = self.book.add_worksheet(name)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 5, 16)
        return sheet

    def write_row(self, sheet, r: int, values: list, fmt=None) -> None:
        for c, value in enumerate(values):
            value = safe(value)
            if value is None:
                sheet.write_blank(r, c, None, fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value, fmt)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value, fmt)
            else:
                sheet.write_string(r, c, str(value), fmt)

    def chart(self, sheet, chart: Chart, r: int, column: str) -> int:
        """Write the chart's data at row r and a native bar chart over it; returns the next row."""
        self.write_row(sheet, r, [chart.title, chart.unit], self.bold)
        for i, (category, value) in enumerate(zip(chart.categories, chart.values, strict=True)):
            self.write_row(sheet, r + 1 + i, [category, value])
        last, name = r + len(chart.categories), sheet.name
        bars = self.book.add_chart({"type": "bar"})
        bars.add_series(
            {
                "name": chart.title,
                "categories": [name, r + 1, 0, last, 0],
                "values": [name, r + 1, 1, last, 1],
            }
        )
        bars.set_title({"name": f"{chart.title}（{chart.unit}）"})
        bars.set_legend({"none": True})
        sheet.insert_chart(f"{column}{r + 1}", bars)
        return max(last + 2, r + 16)  # the chart is about 15 rows high

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _rows(book: Book, sheet, r: int, rows: list[Row]) -> int:
    book.write_row(sheet, r, ["指标 Figure", "本期", "上期", "变化", "单位", "键"], book.bold)
    for i, row in enumerate(rows, start=1):
        d = row.definition
        values = [d.zh, row.value, row.previous, display_change(row), d.unit, d.key]
        book.write_row(sheet, r + i, values)
    return r + len(rows) + 2


def render(briefing: Briefing) -> bytes:
    book = Book()
    cover = book.sheet("封面")
    cover.write_string(0, 0, safe(briefing.title), book.title)
    book.write_row(cover, 1, ["节点", briefing.area.name, briefing.area.code])
    book.write_row(
        cover, 2, ["期间", briefing.period.start.isoformat(), briefing.period.end.isoformat()]
    )
    book.write_row(
        cover,
        3,
        ["对比期间", briefing.previous.start.isoformat(), briefing.previous.end.isoformat()],
    )
    _rows(book, cover, 5, briefing.key_rows)
    for section in briefing.sections:
        sheet = book.sheet(section.title)
        r = _rows(book, sheet, 0, section.rows)
        for chart in section.charts:
            r = book.chart(sheet, chart, r, "H")
    if briefing.children:
        _comparison(book, briefing)
    _appendix(book, briefing)
    return book.close()


def _comparison(book: Book, briefing: Briefing) -> None:
    sheet = book.sheet("下级对比")
    r = 0
    for chart in briefing.comparison_charts():
        r = book.chart(sheet, chart, r, "E")


def _appendix(book: Book, briefing: Briefing) -> None:
    sheet = book.sheet("附录 指标定义")
    book.write_row(sheet, 0, ["键", "名称", "Name", "单位", "定义", "来源"], book.bold)
    for i, d in enumerate(briefing.appendix, start=1):
        book.write_row(sheet, i, [d.key, d.zh, d.en, d.unit, d.definition, d.app])
