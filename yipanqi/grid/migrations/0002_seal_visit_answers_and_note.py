"""A visit's answers and note sealed at rest (core.sealed, R-PI-5): each clear column is copied,
sealed, into a new binary column, which then takes the old one's name."""

from django.db import migrations

from yipanqi.core.sealed import (
    SealedJSONField,
    SealedTextField,
    seal_existing,
    sealing_operations,
)


def seal(apps, schema_editor):
    visit = apps.get_model("grid", "Visit")
    seal_existing(visit, "answers", "answers_sealed", context="grid.visit.answers", is_json=True)
    seal_existing(visit, "note", "note_sealed", context="grid.visit.note")


FIELDS = {
    "answers": SealedJSONField(
        blank=True, default=dict, editable=True, null=True, verbose_name="answers"
    ),
    "note": SealedTextField(
        blank=True, editable=True, max_length=500, null=True, verbose_name="note"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]
    operations = sealing_operations("visit", FIELDS, seal)
