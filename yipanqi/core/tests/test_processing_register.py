"""The processing register (R-PI-1): every field that looks personal is classified, the register
names nothing that does not exist, a new unclassified field fails the system check, sensitive
data is marked sensitive, and the audit roles read the register as a page."""

import pytest
from django.core import checks
from django.db import models

from yipanqi.core import processing
from yipanqi.core.checks import check_processing_register


def test_the_project_is_fully_classified():
    assert processing.unclassified() == []
    assert processing.dangling() == []
    assert check_processing_register() == []


def test_an_unclassified_personal_field_fails_the_check(monkeypatch):
    entries = dict(processing._ENTRIES)
    del entries["people.Person.phone_masked"]
    monkeypatch.setattr(processing, "_ENTRIES", entries)
    errors = check_processing_register()
    assert [e.id for e in errors] == ["yipanqi.E006"]
    assert "people.Person.phone_masked" in errors[0].msg


def test_a_register_entry_must_name_a_real_field_and_activity(monkeypatch):
    entries = dict(processing._ENTRIES)
    entries["people.Person.nickname"] = processing.Entry(
        "people.Person.nickname", processing.ORDINARY, "residents"
    )
    entries["people.Person.name"] = processing.Entry("people.Person.name", "secret", "nobody")
    monkeypatch.setattr(processing, "_ENTRIES", entries)
    problems = processing.dangling()
    assert "people.Person.nickname: no such field" in problems
    assert "people.Person.name: unknown class 'secret'" in problems
    assert "people.Person.name: unknown activity 'nobody'" in problems


def test_what_looks_personal():
    assert processing.looks_personal(models.CharField(name="contact_phone"))
    assert processing.looks_personal(models.BinaryField(name="blob"))
    assert not processing.looks_personal(models.CharField(name="status"))
    assert not processing.looks_personal(models.CharField(name="code"))


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("people.Person", "id_number_cipher"),
        ("people.Person", "ethnicity"),
        ("people.Person", "political_status"),
        ("people.PartyMember", "joined_on"),
        ("grid.Visit", "answers"),
    ],
)
def test_sensitive_information_is_registered_as_sensitive(model, field):
    from django.apps import apps

    processing.load()
    entry = processing.classification(apps.get_model(model), field)
    assert entry is not None and entry.pi_class == processing.SENSITIVE


@pytest.mark.django_db
def test_the_audit_roles_read_the_register(client_as):
    page = client_as("audit_admin").get("/audit/processing/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "个人信息处理活动记录" in text and "为履行法定职责所必需" in text and "双报到" in text
    assert text.count("text-bg-danger") >= 5  # sensitive fields marked
    assert client_as("community_admin_a1").get("/audit/processing/").status_code == 403


def test_checks_are_registered():
    assert check_processing_register in checks.registry.registry.get_checks()
