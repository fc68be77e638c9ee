"""The downloadable import templates (导入模板): XLSX and CSV with the Chinese headers.

The XLSX template formats every column as text: typed into a General cell, an 18-digit ID number
becomes 3.30283E+17 and loses its last digits, which no later check can repair.
"""

import io

import xlsxwriter

from yipanqi.core import exports
from yipanqi.people.imports.rows import COLUMNS, HEADERS, POLITICAL_CHOICES

NOTES = (
    (
        "填写方式",
        "每行一位居民；同一网格、楼幢、单元、室的居民归为同一户。必填列：网格编码、楼幢、室、姓名、公民身份号码。",
    ),
    ("网格编码", "本社区网格的编码（见组织架构页面），只能导入到上传时选择的社区。"),
    (
        "公民身份号码",
        "18 位，末位可为 X；出生日期与校验位会逐行核对，文件内与已登记居民均不得重复。",
    ),
    ("手机号码", "可不填；填写时为 11 位手机号。"),
    ("政治面貌", f"可不填（视为群众），或填：{POLITICAL_CHOICES}。"),
    ("户标签", "可不填；多个标签用逗号分隔，须为本区已设置的标签，如 独居老人,低保户。"),
    ("导入规则", "整份文件全部校验通过后才能导入；任何一行有错误都不会写入任何数据。"),
)
_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, _OPTIONS) as workbook:
        text = workbook.add_format({"num_format": "@"})
        bold = workbook.add_format({"bold": True, "num_format": "@"})
        sheet = workbook.add_worksheet("居民")
        for column, (header, _attr, _max, _required) in enumerate(COLUMNS):
            sheet.set_column(column, column, 22 if header == "公民身份号码" else 14, text)
            sheet.write_string(0, column, header, bold)
        sheet.freeze_panes(1, 0)
        notes = workbook.add_worksheet("填写说明")
        notes.set_column(0, 0, 16)
        notes.set_column(1, 1, 80)
        for row, (name, rule) in enumerate(NOTES):
            notes.write_string(row, 0, exports.neutralise(name))
            notes.write_string(row, 1, exports.neutralise(rule))
    return buffer.getvalue()


def template_csv() -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese headers correctly."""
    return ("\ufeff" + exports.csv_text(HEADERS, [])).encode("utf-8")
