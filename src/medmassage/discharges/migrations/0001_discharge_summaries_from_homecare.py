"""Discharge summaries move from the homecare app to their own: the table, its rows and its
refuse-changes triggers stay where they are (`homecare_dischargesummary`); only Django's idea of
which app owns the model changes."""

import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_remove_practitioner_licence_fields"),
        ("clients", "0003_sqlite_planner_statistics_for_client_search"),
        ("plans", "0002_refuse_changes_to_approved_plans"),
        ("homecare", "0002_keep_home_program_history_and_discharges"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DischargeSummary",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("goals_met", "Goals met"),
                                    ("plateau", "Plateau"),
                                    ("referral", "Referred on"),
                                    ("client_choice", "Client's choice"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        (
                            "measures",
                            models.JSONField(
                                help_text="Per instrument: first and last score, band, date, change and direction."
                            ),
                        ),
                        ("closed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="clients.client",
                            ),
                        ),
                        (
                            "clinic",
                            models.ForeignKey(
                                editable=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.clinic",
                            ),
                        ),
                        (
                            "closed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.membership",
                            ),
                        ),
                        (
                            "plan",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="discharge",
                                to="plans.treatmentplan",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "homecare_dischargesummary",
                        "ordering": ("-closed_at",),
                        "abstract": False,
                        "base_manager_name": "unscoped_objects",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "reason__in",
                                        ["goals_met", "plateau", "referral", "client_choice"],
                                    )
                                ),
                                name="discharge_reason_known",
                            )
                        ],
                    },
                    managers=[
                        ("objects", django.db.models.manager.Manager()),
                        ("unscoped_objects", django.db.models.manager.Manager()),
                    ],
                ),
            ],
            database_operations=[],
        ),
    ]
