import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


def stamp_every_client(apps, schema_editor):
    """Every client starts with a stamp (a clinic-wide change draws anew existing rows only),
    then the triggers draw them anew at every change."""
    schema_editor.execute(
        "INSERT INTO charts_chartstamp (client_id, clinic_id, stamp) "
        "SELECT id, clinic_id, 0 FROM clients_client"
    )
    from medmassage.charts.stamps import install

    install(schema_editor.connection)


def drop_the_triggers(apps, schema_editor):
    """Back before the stamps: no trigger may write to the table about to go."""
    from medmassage.charts.stamps import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0008_login_throttle_cache_table"),
        ("careteam", "0002_refuse_changes_to_recorded_clearances"),
        ("clients", "0004_consents_signed_in_the_portal"),
        ("discharges", "0002_seal_discharge_summaries"),
        ("homecare", "0004_home_program_sessions_logged_by_clients"),
        ("intake", "0002_portal_intakes_and_their_review"),
        ("outcomes", "0003_questionnaires_answered_in_the_portal"),
        ("plans", "0003_seal_approved_plans"),
        ("referrals", "0003_seal_signed_letters_and_reports"),
        ("visits", "0006_index_draft_notes_and_treatment_rows_by_visit"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChartStamp",
            fields=[
                ("client_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField(default=0)),
                (
                    "clinic",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.clinic",
                    ),
                ),
            ],
            options={
                "abstract": False,
                "base_manager_name": "unscoped_objects",
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(stamp_every_client, drop_the_triggers),
    ]
