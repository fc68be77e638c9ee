"""The one-click report of the demo district (`yipanqi report` on a copy of the demo database):
every figure key has its definition, the seed's part-time members are 27 by an independent query,
the XLSX, DOCX and PDF open, show the seed figures on their first page and hold no ID number or
mobile number, and a street admin cannot report on another street (`--as`)."""

import io
import json
import sqlite3
import subprocess

import docx
import openpyxl
import pytest

from yipanqi.core.testing import copy_demo_database, demo_env, demo_report, yipanqi_bin
from yipanqi.reports.briefing import KEY_FIGURES
from yipanqi.reports.figures import HEADER_KEYS, catalogue
from yipanqi.reports.tests.test_documents import assert_no_personal_data, texts_of

pytestmark = pytest.mark.sqlite_demo

PART_TIME = """
    SELECT COUNT(*) FROM organisations_bodymembership m
    JOIN organisations_body b ON b.id = m.body_id
    JOIN organisations_area a ON a.id = b.area_id
    WHERE m.role = 'part_time_member' AND b.kind = 'big_committee' AND a.kind = 'town'
"""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return copy_demo_database(tmp_path_factory.mktemp("reports") / "demo.sqlite3")


def _report(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [yipanqi_bin(), "report", "--year", "2021", *args],
        env=demo_env(db), capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def figures():
    return demo_report(2021)


@pytest.fixture(scope="module")
def files(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    made = {}
    for fmt in ("xlsx", "docx", "pdf"):
        out = folder / f"district.{fmt}"
        result = _report(demo_db, "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        made[fmt] = out.read_bytes()
    return made


def test_every_demo_figure_has_a_definition_and_vice_versa(figures):
    assert set(figures) - set(HEADER_KEYS) == set(catalogue())


def test_the_part_time_committee_members_are_the_seeds_27(figures, demo_db):
    with sqlite3.connect(demo_db) as db:
        (count,) = db.execute(PART_TIME).fetchone()
    assert figures["part_time_committee_members"] == count == 27


def test_no_generated_file_holds_an_id_or_mobile_number(files):
    for fmt, data in files.items():
        assert_no_personal_data(texts_of(data, fmt))


def test_the_xlsx_has_charts_and_the_figures(files, figures):
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    assert sum(len(sheet._charts) for sheet in book.worksheets) >= 10
    cover = {r[5]: r[1] for r in book["封面"].iter_rows(min_row=7, values_only=True) if r[5]}
    assert list(cover) == list(KEY_FIGURES)
    assert all(cover[k] == figures[k] for k in KEY_FIGURES)


def test_the_docx_and_pdf_show_the_seed_figures_first(files, figures, tmp_path):
    from yipanqi.reports.briefing import display

    cat = catalogue()
    first = docx.Document(io.BytesIO(files["docx"])).tables[0]
    shown = {row.cells[0].text: row.cells[1].text for row in first.rows[1:]}
    expected = {
        f"{cat[k].zh}（{cat[k].unit}）": display(figures[k], cat[k].unit) for k in KEY_FIGURES
    }
    assert shown == expected
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(files["pdf"])
    page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    for k in KEY_FIGURES:
        assert cat[k].zh in page and display(figures[k], cat[k].unit) in page, k
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    assert list(tmp_path.glob("p*.png"))


def test_a_street_admin_cannot_report_on_another_street(demo_db):
    other = _report(demo_db, "--format", "json", "--area", "330213002000", "--as", "jp_admin")
    assert other.returncode != 0 and "no area with code 330213002000" in other.stderr
    own = _report(demo_db, "--format", "json", "--area", "330213001000", "--as", "jp_admin")
    assert own.returncode == 0 and json.loads(own.stdout)["area"]["code"] == "330213001000"
