"""Ethnicity, political status and notes sealed at rest (core.sealed, R-PI-5): each clear column
is copied, sealed, into a new binary column, which then takes the old one's name."""

from django.db import migrations

from yipanqi.core.sealed import SealedTextField, seal_existing

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


def steps():
    for name, options in FIELDS.items():
        field = SealedTextField(blank=True, editable=True, null=True, **options)
        yield migrations.AddField("person", f"{name}_sealed", field)
    yield migrations.RunPython(seal, migrations.RunPython.noop)
    for name in FIELDS:
        yield migrations.RemoveField("person", name)
        yield migrations.RenameField("person", f"{name}_sealed", name)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_notes_max_length")]
    operations = list(steps())
