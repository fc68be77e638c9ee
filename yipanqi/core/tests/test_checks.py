"""The fail-closed system check: scoped models carry indexed scope columns (R-AC-1)."""

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from yipanqi.core.checks import scope_errors
from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet


def _ids(errors) -> list[str]:
    return sorted(e.id for e in errors)


@isolate_apps("yipanqi.core")
def test_scoped_model_without_scope_columns_is_an_error():
    # given: a model that says it is scoped but has no scope columns and a plain manager
    class Ledger(models.Model):  # noqa: DJ008
        scoped = True

        class Meta:
            app_label = "core"

    # when
    errors = scope_errors([Ledger])

    # then: one error per missing column, one for the missing for_user()
    assert _ids(errors) == ["yipanqi.E002", "yipanqi.E002", "yipanqi.E003"]
    assert all(e.obj is Ledger for e in errors)


@isolate_apps("yipanqi.core")
def test_scoped_model_with_unindexed_scope_path_is_an_error():
    class Ledger(models.Model):  # noqa: DJ008
        scope_path = models.CharField(max_length=255)
        district_code = models.CharField(max_length=6, db_index=True)
        scoped = True
        objects = ScopedQuerySet.as_manager()

        class Meta:
            app_label = "core"

    errors = scope_errors([Ledger])

    assert _ids(errors) == ["yipanqi.E002"]
    assert "scope_path" in errors[0].msg


@isolate_apps("yipanqi.core")
def test_yipanqi_model_that_does_not_declare_scoped_is_an_error():
    class Note(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "core"

    assert _ids(scope_errors([Note])) == ["yipanqi.E001"]


@isolate_apps("yipanqi.core")
def test_base_model_subclass_inherits_no_declaration_and_is_an_error():
    class Note(BaseModel):
        class Meta:
            app_label = "core"

    assert _ids(scope_errors([Note])) == ["yipanqi.E001"]


@isolate_apps("yipanqi.core")
def test_empty_or_non_string_reason_is_not_a_declaration():
    class Blank(models.Model):  # noqa: DJ008
        scoped = "  "

        class Meta:
            app_label = "core"

    class Truthy(models.Model):  # noqa: DJ008
        scoped = 1

        class Meta:
            app_label = "core"

    assert _ids(scope_errors([Blank, Truthy])) == ["yipanqi.E001", "yipanqi.E001"]


@isolate_apps("yipanqi.core")
def test_unscoped_model_with_a_reason_passes():
    class Setting(models.Model):  # noqa: DJ008
        scoped = "platform configuration, read by system admins only"

        class Meta:
            app_label = "core"

    assert scope_errors([Setting]) == []


@isolate_apps("yipanqi.core")
def test_scoped_model_subclass_passes():
    class Ledger(ScopedModel):
        class Meta:
            app_label = "core"

    assert scope_errors([Ledger]) == []


@isolate_apps("django.contrib.contenttypes")
def test_models_outside_yipanqi_apps_are_not_checked():
    class Foreign(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "contenttypes"

    assert scope_errors([Foreign]) == []


def test_every_installed_yipanqi_model_passes_the_check():
    assert scope_errors(apps.get_models()) == []
