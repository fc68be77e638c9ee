"""Import of households and residents (批量导入): upload checks, row report, all-or-nothing commit."""

import csv
import datetime
import importlib
import io
import re
from types import ModuleType

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from yipanqi.core import audit, pii
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.models import Area
from yipanqi.people import imports
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT, person_create
from yipanqi.people.choices import ImportStatus
from yipanqi.people.imports import files, jobs, rows
from yipanqi.people.models import Household, ImportJob, Person
from yipanqi.people.tests.factories import make_id_number

FULL_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
AUDIT_MIGRATION = importlib.import_module("yipanqi.core.migrations.0001_initial")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _urlconf_with_io() -> ModuleType:
    from config import urls as root
    from yipanqi.people import urls as people_urls
    from yipanqi.people.urls_io import urlpatterns_io

    people = path("people/", include((people_urls.urlpatterns + urlpatterns_io, "people")))
    others = [p for p in root.urlpatterns if str(p.pattern) != "people/"]
    urlconf = ModuleType("urlconf_with_io")
    urlconf.urlpatterns = [people, *others]
    return urlconf


@pytest.fixture(autouse=True)
def io_urls(settings):
    """Mount urlpatterns_io for these tests until people/urls.py includes them itself."""
    try:
        reverse("people:import_start")
    except NoReverseMatch:
        settings.ROOT_URLCONF = _urlconf_with_io()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def id_number(i: int) -> str:
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=i // 100)
    return make_id_number(birth, i % 100, area="330283")


def phone(i: int) -> str:
    return f"138{i:08d}"


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def resident(i: int, grid, **changes) -> dict:
    """Resident i; residents 2k and 2k+1 share a household (given the same grid)."""
    household = i // 2
    row = {
        "网格编码": grid.code,
        "楼幢": str(1 + household // 20),
        "单元": f"{1 + household // 10 % 2}单元",
        "室": f"{101 + household % 10}",
        "姓名": f"居民{i}",
        "公民身份号码": id_number(i),
        "手机号码": phone(i),
        "民族": "汉族",
        "政治面貌": "群众",
        "户标签": "",
        "备注": "",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict], headers=imports.HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([[r.get(h, "") for h in headers] for r in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(imports.HEADERS))
    for r in rows:
        sheet.append([r.get(h, "") for h in imports.HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "居民.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def checked(district, rows, *, persona="community_admin_a1", fmt="csv", community=0):
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    job = imports.import_upload(
        community=district.communities[community],
        file=upload(content, f"居民.{fmt}"),
        actor=district.personas[persona],
        enqueue=False,
    )
    return imports.import_validate(job_id=job.pk)


def committed(district, job, persona="community_admin_a1"):
    actor = district.personas[persona]
    imports.import_commit_request(job=job, actor=actor, enqueue=False)
    return imports.import_commit(job_id=job.pk, actor_id=actor.pk)


def test_one_bad_row_among_200_commits_nothing_and_names_that_row(district):
    grid = district.grids[0]
    rows = [resident(i, grid) for i in range(200)]
    rows[55]["公民身份号码"] = wrong_check(rows[55]["公民身份号码"])  # spreadsheet row 57

    job = checked(district, rows)

    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": 57, "field": "公民身份号码", "message": "校验位错误"}]
    assert (job.total_rows, job.processed_rows, job.error_count) == (200, 200, 1)
    assert not files.absolute(job.stored_path).exists()  # the clear upload is not kept
    with pytest.raises(Conflict):
        imports.import_commit_request(job=job, actor=district.personas["community_admin_a1"])
    assert Person.objects.count() == Household.objects.count() == 0


def test_good_file_commits_every_row(district, media_root):
    a, b = district.grids[0], district.grids[1]
    rows = [resident(i, a if i < 120 else b) for i in range(200)]
    rows[0]["户标签"] = "独居老人，低保户"

    job = committed(district, checked(district, rows))

    assert job.status == ImportStatus.COMMITTED and job.created_count == 200
    assert Person.objects.count() == 200
    assert Household.objects.count() == len(
        {(r["网格编码"], r["楼幢"], r["单元"], r["室"]) for r in rows}
    )
    for grid in (a, b):
        assert set(Person.objects.filter(area=grid).values_list("scope_path", flat=True)) == {
            grid.path
        }
        assert set(Household.objects.filter(grid=grid).values_list("scope_path", flat=True)) == {
            grid.path
        }
    first = Person.objects.get(id_number_digest=pii.digest(id_number(0), context=ID_CONTEXT))
    assert first.name == "居民0" and first.district_code == "330213"
    assert pii.decrypt(first.id_number_cipher, context=ID_CONTEXT) == id_number(0)
    assert pii.decrypt(first.phone_cipher, context=PHONE_CONTEXT) == phone(0)
    assert sorted(first.household.tags.values_list("name", flat=True)) == ["低保户", "独居老人"]
    assert not list((media_root / "imports").iterdir())  # the upload is gone once imported


def test_committed_numbers_are_only_ciphertext_in_the_database(district):
    committed(district, checked(district, [resident(i, district.grids[0]) for i in range(5)]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_person")
        dump = repr(cursor.fetchall())
    for i in range(5):
        assert id_number(i) not in dump and phone(i) not in dump
        assert id_number(i)[6:14] not in dump  # not even the birth date part


def test_commit_is_audited_as_one_event_naming_every_row_it_created(district):
    job = committed(
        district, checked(district, [resident(i, district.grids[0]) for i in range(10)])
    )
    event = AuditEvent.objects.get(action="people.import.committed", target_id=str(job.pk))
    assert event.actor == district.personas["community_admin_a1"]
    assert event.scope_path == district.communities[0].path
    assert event.data["persons_created"] == 10
    named = {pk for first, last in event.data["person_ids"] for pk in range(first, last + 1)}
    assert named == set(Person.objects.values_list("pk", flat=True))
    named = {pk for first, last in event.data["household_ids"] for pk in range(first, last + 1)}
    assert named == set(Household.objects.values_list("pk", flat=True))
    mine = AuditEvent.objects.filter(target_type="people.importjob", target_id=str(job.pk))
    actions = mine.values_list("action", flat=True)
    assert sorted(actions) == [
        "people.import.checked",
        "people.import.commit_requested",
        "people.import.committed",
        "people.import.uploaded",
    ]
    assert audit.verify_chain().ok
    written = AuditEvent.objects.values_list("changes", "data", "target_repr")  # not the hashes
    assert not FULL_ID.search(repr(list(written)))


def test_xlsx_file_with_numbers_typed_as_numbers(district):
    rows = [resident(i, district.grids[0]) for i in range(3)]
    rows[1]["手机号码"] = int(phone(1))
    job = committed(district, checked(district, rows, fmt="xlsx"))
    assert job.status == ImportStatus.COMMITTED and job.created_count == 3


def test_every_kind_of_row_error_is_reported_in_chinese(district):
    a1, a2 = district.grids[0], district.grids[2]
    person_create(area=a1, name="已登记", id_number=id_number(9), actor=system("test"))
    rows = [
        resident(0, a1),
        resident(1, a1, 公民身份号码=id_number(0)),
        resident(2, a1, 姓名=""),
        resident(3, a1, 手机号码="12345"),
        resident(4, a1, 户标签="独居老人,有钱人"),
        resident(5, a1, 政治面貌="无党派"),
        resident(6, a2),
        resident(7, a1, 网格编码="330213999999001"),
        resident(8, a1, 公民身份号码="33028319991331001X"),
        resident(9, a1),
        resident(10, a1, 公民身份号码="3302831990"),
    ]
    job = checked(district, rows)
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["field"], e["message"]) for e in job.errors] == [
        (3, "公民身份号码", "与第 2 行重复"),
        (4, "姓名", "姓名不能为空"),
        (5, "手机号码", "手机号码格式错误：应为 11 位，以 13–19 开头"),
        (6, "户标签", "未知的户标签：有钱人"),
        (7, "政治面貌", "无法识别“无党派”，可填：中共党员、中共预备党员、共青团员、民主党派、群众"),
        (8, "网格编码", "该网格不属于奉中社区"),
        (9, "网格编码", "网格编码不存在"),
        (10, "公民身份号码", "号码中的出生日期无效"),
        (11, "公民身份号码", "该居民已登记，不能重复导入"),
        (12, "公民身份号码", "格式错误：应为 17 位数字加 1 位数字或 X"),
    ]


def test_a_retired_grid_takes_no_residents(district):
    grid = district.grids[1]
    Area.objects.filter(pk=grid.pk).update(valid_to=datetime.date(2020, 12, 31))
    job = checked(district, [resident(0, grid)])
    assert job.errors == [{"row": 2, "field": "网格编码", "message": "该网格已撤销"}]


def test_numbers_typed_into_other_cells_or_the_file_name_are_masked(district):
    rows = [resident(0, district.grids[0], 户标签=phone(7), 政治面貌=id_number(8))]
    content = csv_bytes(rows)
    job = imports.import_upload(
        community=district.communities[0],
        file=upload(content, f"{id_number(9)}.csv"),
        actor=district.personas["community_admin_a1"],
        enqueue=False,
    )
    job = imports.import_validate(job_id=job.pk)
    stored = repr([job.file_name, job.errors, imports.preview(job)])
    assert len(job.errors) == 2
    assert not FULL_ID.search(stored) and not MOBILE.search(stored)


def test_missing_columns_are_reported_on_the_header_row(district):
    content = csv_bytes([resident(0, district.grids[0])], headers=imports.HEADERS[:-2])
    job = imports.import_upload(
        community=district.communities[0],
        file=upload(content),
        actor=district.personas["community_admin_a1"],
        enqueue=False,
    )
    job = imports.import_validate(job_id=job.pk)
    assert job.status == ImportStatus.INVALID
    assert {(e["row"], e["field"]) for e in job.errors} == {(1, "户标签"), (1, "备注")}


def test_a_registration_between_check_and_commit_fails_the_whole_import(district):
    rows = [resident(i, district.grids[0]) for i in range(20)]
    job = checked(district, rows)
    assert job.status == ImportStatus.VALID
    person_create(
        area=district.grids[1],
        name="抢先",
        id_number=id_number(15),
        actor=system("test"),
    )
    job = committed(district, job)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["row"] == 17
    assert Person.objects.count() == 1 and Household.objects.count() == 0


def test_a_database_refusal_during_the_write_leaves_nothing_behind(district, monkeypatch):
    job = checked(district, [resident(i, district.grids[0], 户标签="独居老人") for i in range(20)])
    person_create(
        area=district.grids[1],
        name="抢先",
        id_number=id_number(15),
        actor=system("test"),
    )
    # as if the registration landed after the commit's own check: the unique index refuses it
    monkeypatch.setattr(rows.RowChecker, "registered", lambda self, digests: set())
    job = committed(district, job)
    assert job.status == ImportStatus.FAILED and "未写入任何数据" in job.errors[0]["message"]
    assert Person.objects.count() == 1 and Household.objects.count() == 0
    assert not Household.tags.through.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("居民.xls", b"anything", "bad_file_type"),
        ("居民.txt", "网格编码,楼幢\n".encode(), "bad_file_type"),
        ("居民.xlsx", "网格编码,楼幢,单元\n1,2,3\n".encode(), "bad_file_content"),
        ("居民.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad_file_content"),
        ("居民.csv", b"PK\x03\x04" + b"\x00" * 40, "bad_file_content"),
        ("居民.csv", b"a" * (imports.MAX_BYTES + 1), "file_too_large"),
    ],
)
def test_uploads_outside_the_allow_list_are_refused(district, media_root, name, content, code):
    with pytest.raises(Invalid) as refused:
        imports.import_upload(
            community=district.communities[0],
            file=upload(content, name),
            actor=district.personas["community_admin_a1"],
            enqueue=False,
        )
    assert refused.value.code == code
    assert ImportJob.objects.count() == 0
    assert not (media_root / "imports").exists() or not list((media_root / "imports").iterdir())


@pytest.mark.parametrize(
    "persona", ["grid_worker_a1", "community_admin_a2", "resident_a1", "town_admin_a"]
)
def test_only_admins_over_the_community_may_upload(district, persona):
    with pytest.raises(Forbidden):
        checked(district, [resident(0, district.grids[0])], persona=persona)


def test_the_import_command_runs_the_same_import(district, tmp_path):
    path = tmp_path / "居民.csv"
    path.write_bytes(csv_bytes([resident(i, district.grids[0]) for i in range(5)]))
    code = district.communities[0].code
    call_command("import_people", str(path), "--community", code, "--as", "community_admin_a1")
    assert Person.objects.count() == 5

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([resident(10, district.grids[0], 姓名="")]))
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_people", str(bad), "--community", code, "--as", "community_admin_a1")
    assert Person.objects.count() == 5


def test_progress_is_saved_every_500_rows(district, monkeypatch):
    seen = []
    original = jobs.save_progress
    monkeypatch.setattr(
        jobs, "save_progress", lambda job_id, n: (seen.append(n), original(job_id, n))
    )
    checked(district, [resident(i, district.grids[i // 2 % 2]) for i in range(1200)])
    assert seen == [500, 1000, 1200]


# Pages ---------------------------------------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def test_pages_upload_check_preview_and_commit(
    district, client_as, immediate_tasks, django_capture_on_commit_callbacks
):
    client = client_as("community_admin_a1")
    rows = [resident(i, district.grids[0], 备注='=HYPERLINK("http://x","y")') for i in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import_start"),
            {"community": district.communities[0].pk, "file": upload(csv_bytes(rows))},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "people:import_detail", args=[job.pk]
    )
    page = client.get(response.url).content.decode()
    assert job.file_name in page and "居民0" in page
    assert not FULL_ID.search(page) and not MOBILE.search(page)
    assert reverse("people:import_commit", args=[job.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and Person.objects.count() == 30


def test_the_page_shows_errors_with_masked_rows(district, client_as):
    rows = [resident(i, district.grids[0]) for i in range(5)]
    rows[3]["公民身份号码"] = wrong_check(rows[3]["公民身份号码"])
    job = checked(district, rows)
    page = client_as("community_admin_a1").get(reverse("people:import_detail", args=[job.pk]))
    text = page.content.decode()
    assert "校验位错误" in text and pii.mask_id_number(rows[3]["公民身份号码"]) in text
    assert not FULL_ID.search(text) and not MOBILE.search(text)
    assert reverse("people:import_commit", args=[job.pk]) not in text


def test_refused_upload_shows_a_clear_message(district, client_as, media_root):
    response = client_as("community_admin_a1").post(
        reverse("people:import_start"),
        {"community": district.communities[0].pk, "file": upload(b"plain text", "居民.xlsx")},
    )
    with translation.override("zh-hans"):
        message = _("The file's content is not a valid %(kind)s file.") % {"kind": ".xlsx"}
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_an_oversized_upload_is_not_taken_in(district, client_as, media_root):
    big = upload(b"a" * (imports.MAX_BYTES + 1))
    response = client_as("community_admin_a1").post(
        reverse("people:import_start"), {"community": district.communities[0].pk, "file": big}
    )
    with translation.override("zh-hans"):
        message = _("The file is larger than 20 MB.")
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert ImportJob.objects.count() == 0 and not (media_root / "imports").exists()


def test_the_upload_page_still_checks_csrf(district, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["community_admin_a1"])
    content = csv_bytes([resident(0, district.grids[0])])
    response = client.post(
        reverse("people:import_start"),
        {"community": district.communities[0].pk, "file": upload(content)},
    )
    assert response.status_code == 403 and ImportJob.objects.count() == 0


def test_progress_partial_polls_while_running_and_stops_when_done(district, client_as):
    job = checked(district, [resident(0, district.grids[0])])
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, processed_rows=0)
    client = client_as("community_admin_a1")
    url = reverse("people:import_progress", args=[job.pk])
    running = client.get(url, HTTP_HX_REQUEST="true")
    assert running.status_code == 200 and 'hx-trigger="every 1s"' in running.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALID, processed_rows=1)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 286 and done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("community_admin_a1", True), ("town_admin_a", True), ("district_admin", True),
     ("community_admin_a2", False), ("community_admin_b1", False), ("grid_worker_a1", False)],
)  # fmt: skip
def test_job_pages_are_404_outside_the_community(district, client_as, persona, visible):
    job = checked(district, [resident(0, district.grids[0])])
    client = client_as(persona)
    detail = client.get(reverse("people:import_detail", args=[job.pk]))
    progress = client.get(reverse("people:import_progress", args=[job.pk]))
    assert (detail.status_code, progress.status_code) == ((200, 286) if visible else (404, 404))
    response = client.post(reverse("people:import_commit", args=[job.pk]))
    commits = visible and persona != "town_admin_a"  # sees the job, may not import (decision 009)
    assert response.status_code == (302 if commits else 403 if visible else 404)
    job.refresh_from_db()
    assert job.status == (ImportStatus.COMMITTING if commits else ImportStatus.VALID)


def test_templates_download_with_the_chinese_headers(client_as, district):
    client = client_as("community_admin_a1")
    xlsx = client.get(reverse("people:import_template"), {"format": "xlsx"})
    assert xlsx["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(imports.HEADERS)
    assert sheet.column_dimensions["F"].number_format == "@"  # ID numbers stay text in Excel
    content = client.get(reverse("people:import_template"), {"format": "csv"}).content
    assert content.startswith(b"\xef\xbb\xbf") and content.decode("utf-8-sig").strip() == ",".join(
        imports.HEADERS
    )


# Background work through the real database backend and worker --------------------------------


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def audit_rows_removed_afterwards(transactional_db):
    """The flush after a transactional test deletes rows; audit rows refuse that (append-only)."""
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # PostgreSQL's flush truncates, which no row trigger sees
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
            cursor.execute("DELETE FROM core_auditevent")
            cursor.execute(AUDIT_MIGRATION.SQLITE_UP[1])


@pytest.mark.django_db(transaction=True)
def test_50000_rows_import_in_the_background_with_progress(
    audit_rows_removed_afterwards, district, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    seen: list[int] = []
    original = jobs.save_progress
    monkeypatch.setattr(
        jobs, "save_progress", lambda job_id, n: (seen.append(n), original(job_id, n))
    )
    admin = district.personas["community_admin_a1"]
    rows = [resident(i, district.grids[i // 2 % 2]) for i in range(50_000)]

    job = imports.import_upload(
        community=district.communities[0], file=upload(csv_bytes(rows)), actor=admin
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # enqueued on commit
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.error_count) == (ImportStatus.VALID, 50_000, 0)

    imports.import_commit_request(job=job, actor=admin)
    run_worker()
    job.refresh_from_db()

    assert job.status == ImportStatus.COMMITTED
    assert job.processed_rows == job.total_rows == job.created_count == 50_000
    assert Person.objects.count() == 50_000 and Household.objects.count() == 25_000
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    # progress was saved every 500 rows in both passes, so the page's bar moved in between
    checking, committing = seen[: seen.index(50_000) + 1], seen[seen.index(50_000) + 1 :]
    assert checking == list(range(500, 50_001, 500))
    assert committing == [0, *range(500, 50_001, 500)]


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u061c"])
def test_a_name_with_hidden_characters_is_a_row_error(district, hidden):
    """Issue 23/9c: the import checks names as person_create does (core.text)."""
    grid = district.grids[0]
    rows = [resident(0, grid, 姓名="阿依古丽·买买提"), resident(1, grid, 姓名=f"张{hidden}三")]

    job = checked(district, rows)

    assert job.status == ImportStatus.INVALID
    code = f"U+{ord(hidden):04X}"
    assert job.errors == [
        {"row": 3, "field": "姓名", "message": f"含有不可见字符或文字方向控制符（{code}），请删除"}
    ]
    assert Person.objects.count() == 0
