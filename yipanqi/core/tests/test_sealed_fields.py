"""R-PI-5: sensitive values nobody searches by are sealed at rest by core.sealed — a resident's
ethnicity, political status and notes, a visit's answers and note: the columns hold SM4-GCM
ciphertext only, the ORM reads them back, empty stays findable, and a search by value is refused."""

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection

from yipanqi.core import pii
from yipanqi.core.actors import system
from yipanqi.core.sealed import SealedField
from yipanqi.people.actions import person_create
from yipanqi.people.models import Person
from yipanqi.people.tests.factories import make_id_number

SEALED = {
    ("people.person", "ethnicity"),
    ("people.person", "political_status"),
    ("people.person", "notes"),
    ("grid.visit", "answers"),
    ("grid.visit", "note"),
}


def raw(model, pk: int, column: str):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def resident(district, seq: int = 7, **extra) -> Person:
    import datetime

    number = make_id_number(datetime.date(1950, 3, 3), seq)
    return person_create(
        area=district.grids[0], name="马大娘", id_number=number, actor=system("test"), **extra
    )


def test_the_sensitive_fields_that_nobody_searches_by_are_sealed():
    found = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, SealedField)
    }
    assert found == SEALED


def test_a_residents_profile_and_notes_lie_sealed_and_read_back(district):
    person = resident(
        district, ethnicity="回族", political_status="party_member", notes="糖尿病，独居"
    )
    for column, clear in (
        ("ethnicity", "回族"),
        ("political_status", "party_member"),
        ("notes", "糖尿病，独居"),
    ):
        stored = bytes(raw(Person, person.pk, column))
        assert clear.encode() not in stored and stored[:1] == pii.VERSIONS["sm4-gcm"]
        assert pii.decrypt(stored, context=f"people.person.{column}") == clear
    again = Person.objects.get(pk=person.pk)
    assert (again.ethnicity, again.political_status, again.notes) == (
        "回族",
        "party_member",
        "糖尿病，独居",
    )
    assert again.get_political_status_display() == "中共党员"


def test_a_visits_answers_and_note_lie_sealed(district):
    from yipanqi.grid import actions as grid
    from yipanqi.grid.models import Visit
    from yipanqi.grid.tests.factories import build_grid_world

    w = build_grid_world(district)
    visit = grid.visit_record(
        target=w.target(), outcome="visited", answers=w.answers(), note="独居老人",
        actor=w.personas["grid_worker_a1"],
    )  # fmt: skip
    stored = bytes(raw(Visit, visit.pk, "answers"))
    assert b"\xe7\x8b\xac" not in bytes(raw(Visit, visit.pk, "note"))  # 独
    assert pii.decrypt(stored, context="grid.visit.answers").startswith("{")
    assert visit.answers and Visit.objects.get(pk=visit.pk).answers == visit.answers


def test_empty_is_null_and_still_found(district):
    with_notes, without = resident(district, notes="腿脚不便"), resident(district, seq=8)
    assert raw(Person, without.pk, "notes") is None
    empty = set(Person.objects.filter(notes="").values_list("pk", flat=True))
    assert without.pk in empty and with_notes.pk not in empty
    assert with_notes.pk in Person.objects.exclude(notes="").values_list("pk", flat=True)


def test_searching_a_sealed_field_by_value_is_refused(district):
    with pytest.raises(ValueError, match="empty value"):
        Person.objects.filter(political_status="party_member").exists()
    with pytest.raises(FieldError):
        Person.objects.filter(notes__icontains="糖").exists()
