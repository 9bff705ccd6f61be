"""An adverse event's review keeps its note; a visit records what sets today's pressure cap.

SQLite adds a column by rebuilding the table, which the signed-note triggers (0002) would
refuse: they are dropped for the change and created again after it."""

from importlib import import_module

from django.db import migrations, models

from medmassage.db_triggers import trigger_operation

_LOCK = import_module("medmassage.visits.migrations.0002_refuse_changes_to_signed_notes")
_REVERSED = {vendor: (drop, create) for vendor, (create, drop) in _LOCK.STATEMENTS.items()}


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_refuse_changes_to_signed_notes"),
    ]

    operations = [
        trigger_operation(_REVERSED, purpose="visit-note lock (lifted for the change)"),
        migrations.AddField(
            model_name="adverseevent",
            name="review_note",
            field=models.TextField(blank=True, help_text="What the review found and decided."),
        ),
        migrations.AddField(
            model_name="visit",
            name="pressure_cap_source",
            field=models.CharField(blank=True, default="plan", max_length=80),
        ),
        trigger_operation(_LOCK.STATEMENTS, purpose="visit-note lock"),
    ]
