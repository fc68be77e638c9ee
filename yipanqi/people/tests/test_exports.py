"""Resident list export (导出): masked, formula-safe, scoped like the list page, audited, capped."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yipanqi.core import pii
from yipanqi.core.models import AuditEvent
from yipanqi.people import exports
from yipanqi.people.models import Person
from yipanqi.people.tests.test_imports import io_urls  # noqa: F401  (mounts the export URL)

ID_PATTERN = re.compile(r"\d{17}[\dXx]")
MOBILE_PATTERN = re.compile(r"1[3-9]\d{9}")
FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]


def sheet_of(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def xml_of(response) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))


def export_as(client_as, persona: str, **params):
    return client_as(persona).get(reverse("people:export"), params)


@pytest.fixture
def people(district):
    from yipanqi.people.tests.factories import build_people

    return build_people(district)


@pytest.fixture
def hostile(people):
    """Residents whose name and notes would run as formulas, or carry full numbers, if exported raw."""
    first, second = people.persons[0], people.persons[2]
    Person.objects.filter(pk=first.pk).update(name=FORMULAS[0], notes=FORMULAS[1])
    id_number, phone = people.plain[second.pk][0], "13957000099"
    Person.objects.filter(pk=second.pk).update(
        notes=f"{FORMULAS[2]} 身份证 {id_number} 电话 {phone}"
    )
    return people


def test_export_holds_the_visible_residents_masked(client_as, people):
    response = export_as(client_as, "community_admin_a1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store, private"
    rows = list(sheet_of(response).iter_rows(values_only=True))
    assert rows[0] == exports.HEADERS
    a1 = {
        p.name
        for p in people.persons
        if p.scope_path.startswith(people.district.communities[0].path)
    }
    assert {r[0] for r in rows[1:]} == a1
    masked = {p.id_number_masked for p in people.persons if p.name in a1}
    assert {r[3] for r in rows[1:]} == masked


def test_export_has_no_full_id_number_or_mobile(client_as, hostile):
    text = xml_of(export_as(client_as, "district_admin"))
    assert not ID_PATTERN.search(text) and not MOBILE_PATTERN.search(text)
    for id_number, phone in hostile.plain.values():
        assert id_number not in text and (not phone or phone not in text)


def test_export_neutralises_formulas(client_as, hostile):
    sheet = sheet_of(export_as(client_as, "community_admin_a1"))
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value for c in cells}
    assert "'" + FORMULAS[0] in values and "'" + FORMULAS[1] in values
    assert not values & set(FORMULAS)
    notes = next(v for v in values if isinstance(v, str) and "身份证" in v)
    assert notes.startswith("'-2+3") and "**********" in notes and "****" in notes


def test_export_follows_the_list_filters_and_is_audited(client_as, people):
    name = people.persons[0].name
    response = export_as(client_as, "community_admin_a1", q=name)
    rows = list(sheet_of(response).iter_rows(values_only=True))[1:]
    assert [r[0] for r in rows] == [name]
    event = AuditEvent.objects.get(action="people.person.exported")
    assert event.actor == people.personas["community_admin_a1"]
    assert event.data["rows"] == 1 and event.data["filters"]["q"] == name
    assert event.scope_path == people.district.communities[0].path


def test_a_search_by_full_id_number_is_exported_but_audited_masked(client_as, people):
    person = people.persons[0]
    id_number = people.plain[person.pk][0]
    rows = list(sheet_of(export_as(client_as, "community_admin_a1", q=id_number)).iter_rows())
    assert [c.value for c in rows[1]][:1] == [person.name] and len(rows) == 2
    event = AuditEvent.objects.get(action="people.person.exported")
    assert event.data["filters"]["q"] == pii.mask_id_number(id_number)
    assert id_number not in repr(event.data)


def test_export_filters_by_tag_and_area(client_as, people):
    grid = people.district.grids[0]
    response = export_as(client_as, "district_admin", area=grid.pk, tag="elderly_alone")
    rows = list(sheet_of(response).iter_rows(values_only=True))[1:]
    expected = Person.objects.filter(area=grid, household__tags__code="elderly_alone")
    assert sorted(r[0] for r in rows) == sorted(expected.values_list("name", flat=True))
    assert all("独居老人" in r[9] for r in rows)


@pytest.mark.parametrize("persona", ["grid_worker_a1", "party_member_a1", "resident_a1", "no_role"])
def test_export_is_for_administrators(client_as, people, persona):
    assert export_as(client_as, persona).status_code == 403
    assert not AuditEvent.objects.filter(action="people.person.exported").exists()


def test_export_over_the_cap_is_refused_with_a_message(client_as, people, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    response = export_as(client_as, "community_admin_a1", q="")
    assert response.status_code == 302 and response.url.startswith(reverse("people:person_list"))
    page = client_as("community_admin_a1").get(response.url).content.decode()
    count = exports.selectors.person_list(user=people.personas["community_admin_a1"]).count()
    with translation.override("zh-hans"):
        message = _(
            "%(count)s residents match; an export holds at most %(max)s. Narrow the filters."
        ) % {"count": count, "max": 2}
    assert message in page
    assert not AuditEvent.objects.filter(action="people.person.exported").exists()
