"""Discharge summaries now belong to the discharges app (same table): forget them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("homecare", "0002_keep_home_program_history_and_discharges"),
        ("discharges", "0001_discharge_summaries_from_homecare"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DischargeSummary")],
            database_operations=[],
        ),
    ]
