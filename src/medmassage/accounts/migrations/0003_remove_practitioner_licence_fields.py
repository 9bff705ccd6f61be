"""Licences now live in practitioners.Licence (copied there by practitioners 0002).

The text fields get a default first so that reversing puts them back on existing rows before
practitioners 0002 copies the licences back into them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_practitioner_profile_clinic_owned"),
        ("practitioners", "0002_move_licences_off_practitioner_profile"),
    ]

    operations = [
        migrations.AlterField(
            model_name="practitioner",
            name="licence_number",
            field=models.CharField(default="", max_length=60),
        ),
        migrations.AlterField(
            model_name="practitioner",
            name="jurisdiction",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.RemoveField(
            model_name="practitioner",
            name="jurisdiction",
        ),
        migrations.RemoveField(
            model_name="practitioner",
            name="licence_expires_on",
        ),
        migrations.RemoveField(
            model_name="practitioner",
            name="licence_number",
        ),
    ]
