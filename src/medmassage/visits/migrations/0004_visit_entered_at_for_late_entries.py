"""A visit records when its note was entered, so a late entry shows both times. Existing
notes were entered when they started. The signed-note triggers are lifted for the change
(SQLite rebuilds the table to add a column) and created again after it."""

from importlib import import_module

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F

from medmassage.db_triggers import trigger_operation

_LOCK = import_module("medmassage.visits.migrations.0002_refuse_changes_to_signed_notes")
_REVERSED = {vendor: (drop, create) for vendor, (create, drop) in _LOCK.STATEMENTS.items()}


def entered_when_started(apps, schema_editor):  # noqa: ANN001, ARG001 - Django's signature
    apps.get_model("visits", "Visit")._base_manager.update(entered_at=F("started_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0003_adverse_event_review_note_and_cap_source"),
    ]

    operations = [
        trigger_operation(_REVERSED, purpose="visit-note lock (lifted for the change)"),
        migrations.AddField(
            model_name="visit",
            name="entered_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(entered_when_started, migrations.RunPython.noop),
        trigger_operation(_LOCK.STATEMENTS, purpose="visit-note lock"),
    ]
