"""One-click reports: asked for on the page, built in the background with progress, downloaded
(audited); the documents show the figures of node_figures, are formula-safe and hold no personal
data; a street user cannot reach another street's report (page, API, command)."""

import io
import re
import subprocess
import zipfile
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from yipanqi.core.models import AuditEvent
from yipanqi.reports import briefing, periods
from yipanqi.reports.briefing import display
from yipanqi.reports.choices import ReportStatus
from yipanqi.reports.figures import catalogue, node_figures
from yipanqi.reports.models import Report
from yipanqi.reports.render import renderer
from yipanqi.reports.render.xlsx import safe
from yipanqi.reports.tests.factories import YEAR, ready_report

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def texts_of(data: bytes, fmt: str) -> str:
    """Every text a document holds (the XML parts of XLSX/DOCX, the text layer of a PDF)."""
    if fmt == "pdf":
        run = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
        return run.stdout.decode()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(
            z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
        )


def assert_no_personal_data(text: str) -> None:
    assert not ID_NUMBER.search(text), ID_NUMBER.search(text).group()
    assert not MOBILE.search(text), MOBILE.search(text).group()


def test_the_page_asks_for_a_report_and_the_worker_builds_it(client_as, district):
    client = client_as("district_admin")
    page = client.get(reverse("reports:report_list"))
    assert page.status_code == 200 and "一键报表" in page.content.decode()
    posted = client.post(
        reverse("reports:report_list"),
        {
            "area": district.towns[0].code,
            "period_kind": "year",
            "year": YEAR.start.year,
            "format": "xlsx",
        },
    )
    report = Report.objects.get()
    assert posted.status_code == 302 and posted["Location"].endswith(f"/reports/{report.pk}/")
    assert (
        report.status == ReportStatus.QUEUED
        and report.requested_by == district.personas["district_admin"]
    )
    progress = client.get(reverse("reports:report_progress", args=[report.pk]))
    assert progress.status_code == 200 and 'hx-trigger="every 2s"' in progress.content.decode()
    from yipanqi.reports.actions import report_build

    report = report_build(report_id=report.pk)
    assert report.status == ReportStatus.READY and report.progress == 100
    assert (
        report.figures["registered_members"]
        == node_figures(area=district.towns[0], start=YEAR.start, end=YEAR.end)[
            "registered_members"
        ]
    )
    done = client.get(reverse("reports:report_progress", args=[report.pk]))
    assert done.status_code == 286 and done["HX-Refresh"] == "true"
    file = client.get(reverse("reports:report_download", args=[report.pk]))
    assert file.status_code == 200 and file.content[:2] == b"PK"
    event = AuditEvent.objects.get(action="reports.report.downloaded")
    assert event.actor_username == "district_admin" and event.data["format"] == "xlsx"


def test_a_period_that_cannot_be_is_a_form_error(client_as, district):
    posted = client_as("district_admin").post(
        reverse("reports:report_list"),
        {"area": district.district.code, "period_kind": "quarter", "year": 2021, "format": "pdf"},
    )
    assert posted.status_code == 200 and not Report.objects.exists()


def test_a_street_user_cannot_reach_another_streets_report(client_as, api_as, district):
    other = ready_report(district.towns[1], district.personas["district_admin"])
    client = client_as("town_admin_a")
    for name in ("report_detail", "report_progress", "report_download"):
        assert client.get(reverse(f"reports:{name}", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("reports:report_list"), {"area": district.towns[1].code}).status_code
        == 404
    )
    data = {"area": district.towns[1].code, "period_kind": "year", "year": 2021, "format": "pdf"}
    assert client.post(reverse("reports:report_list"), data).status_code == 404
    api = api_as("town_admin_a")
    assert api.get(f"/api/v1/reports/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/reports/{other.pk}/download/").status_code == 404
    body = {"area": district.towns[1].code, "year": 2021, "format": "pdf"}
    assert api.post("/api/v1/reports/", body, format="json").status_code == 404
    with pytest.raises(CommandError, match="no area with code"):
        call_command("report", "--year", "2021", "--format", "json", "--area",
                     district.towns[1].code, "--as", "town_admin_a", stdout=StringIO())  # fmt: skip
    out = StringIO()
    call_command("report", "--year", "2021", "--format", "json", "--area",
                 district.towns[0].code, "--as", "town_admin_a", stdout=out)  # fmt: skip
    assert '"registered_members"' in out.getvalue()


def test_the_api_asks_lists_reads_and_downloads(api_as, district):
    api = api_as("town_admin_a")
    body = {
        "area": district.towns[0].code,
        "period": "month",
        "year": 2021,
        "month": 3,
        "format": "docx",
    }
    made = api.post("/api/v1/reports/", body, format="json")
    assert made.status_code == 201 and made.json()["status"] == "queued"
    assert made.json()["start"] == "2021-03-01" and made.json()["end"] == "2021-03-31"
    pk = made.json()["id"]
    assert api.get(f"/api/v1/reports/{pk}/download/").json()["code"] == "report_not_ready"
    from yipanqi.reports.actions import report_build

    report_build(report_id=pk)
    assert [r["id"] for r in api.get("/api/v1/reports/").json()["results"]] == [pk]
    assert api.get(f"/api/v1/reports/{pk}/").json()["status"] == "ready"
    file = api.get(f"/api/v1/reports/{pk}/download/")
    assert file.status_code == 200 and docx.Document(io.BytesIO(file.content)).tables
    bad = api.post("/api/v1/reports/", {**body, "period": "range"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_period"


def test_text_that_looks_like_a_formula_is_escaped():
    assert [safe(v) for v in ("=1+1", "+86", "-3", "@x", "ok", 5)] == [
        "'=1+1",
        "'+86",
        "'-3",
        "'@x",
        "ok",
        5,
    ]


@pytest.fixture
def made(district):
    return briefing.build(area=district.district, period=periods.year(2021))


def test_the_xlsx_has_native_charts_and_the_figures_of_node_figures(made):
    book = openpyxl.load_workbook(io.BytesIO(renderer("xlsx")(made)))
    assert {"封面", "下级对比", "附录 指标定义"} <= set(book.sheetnames)
    assert len(book["下级对比"]._charts) == len(briefing.COMPARED)
    cover = {
        row[5]: row[1] for row in book["封面"].iter_rows(min_row=7, values_only=True) if row[5]
    }
    assert cover and all(cover[k] == made.figures[k] for k in cover)
    appendix = [row[0] for row in book["附录 指标定义"].iter_rows(min_row=2, values_only=True)]
    assert appendix == list(catalogue())


def test_the_docx_opens_and_its_first_table_shows_the_key_figures(made):
    document = docx.Document(io.BytesIO(renderer("docx")(made)))
    first = document.tables[0]
    shown = {row.cells[0].text: row.cells[1].text for row in first.rows[1:]}
    for row in made.key_rows:
        d = row.definition
        assert shown[f"{d.zh}（{d.unit}）"] == display(made.figures[d.key], d.unit)


def test_the_pdf_converts_and_no_document_holds_personal_data(made, tmp_path):
    for fmt in ("xlsx", "docx", "pdf"):
        data = renderer(fmt)(made)
        assert_no_personal_data(texts_of(data, fmt))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(renderer("pdf")(made))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    assert list(tmp_path.glob("p*.png"))
    text = texts_of(pdf.read_bytes(), "pdf")
    assert made.title in text.replace("\n", "") and "关键数据" in text
