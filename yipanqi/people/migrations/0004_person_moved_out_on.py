"""A resident's moved-out date (迁出日期), from which the retention job counts (R-PI-8), with a
partial index per district for that job: only the residents who moved out are in it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0003_seal_political_profile_and_notes")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="moved_out_on",
            field=models.DateField(blank=True, null=True, verbose_name="moved out on"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("moved_out_on__isnull", False)),
                fields=["district_code", "moved_out_on"],
                name="person_moved_out",
            ),
        ),
    ]
