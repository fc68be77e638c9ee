"""Ethnicity, political status and notes sealed at rest (core.sealed, R-PI-5): each clear column
is copied, sealed, into a new binary column, which then takes the old one's name."""

from django.db import migrations

from yipanqi.core.sealed import SealedTextField, seal_existing, sealing_operations

FIELDS = {
    "ethnicity": dict(default="汉族", max_length=20, verbose_name="ethnicity"),
    "notes": dict(max_length=500, verbose_name="notes"),
    "political_status": dict(
        choices=[
            ("party_member", "CPC member"),
            ("probationary", "Probationary CPC member"),
            ("league_member", "Communist Youth League member"),
            ("other_party", "Member of another party"),
            ("masses", "Ordinary citizen"),
        ],
        default="masses",
        max_length=16,
        verbose_name="political status",
    ),
}


def seal(apps, schema_editor):
    person = apps.get_model("people", "Person")
    for name in FIELDS:
        seal_existing(person, name, f"{name}_sealed", context=f"people.person.{name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_notes_max_length")]
    operations = sealing_operations(
        "person",
        {n: SealedTextField(blank=True, editable=True, null=True, **o) for n, o in FIELDS.items()},
        seal,
    )
