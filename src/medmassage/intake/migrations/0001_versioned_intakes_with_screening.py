# The intake table: versioned, never-updated intake documents with their screening.

import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_users_clinics_roles"),
        ("clients", "0001_client_identity"),
    ]

    operations = [
        migrations.CreateModel(
            name="Intake",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(help_text="1, 2, … for each client.")),
                (
                    "document",
                    models.JSONField(
                        help_text="The intake document (medmassage.intake, version 1)."
                    ),
                ),
                (
                    "screening",
                    models.JSONField(help_text="The clinical core's screening of the document."),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("proceed", "proceed"),
                            ("modify", "modify"),
                            ("postpone", "postpone"),
                            ("clearance", "clearance"),
                            ("refer_urgent", "refer_urgent"),
                            ("refer_emergency", "refer_emergency"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("visit_date", models.DateField()),
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
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.membership",
                    ),
                ),
            ],
            options={
                "ordering": ("-version",),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "indexes": [models.Index(fields=["clinic", "decision"], name="intake_by_decision")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "client", "version"), name="intake_version_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)), name="intake_version_gte_1"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "decision__in",
                                [
                                    "proceed",
                                    "modify",
                                    "postpone",
                                    "clearance",
                                    "refer_urgent",
                                    "refer_emergency",
                                ],
                            )
                        ),
                        name="intake_decision_known",
                    ),
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
