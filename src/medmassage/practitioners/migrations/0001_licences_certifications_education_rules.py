"""Licences, certifications, continuing education and the clinic's credential rules."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_practitioner_profile_clinic_owned"),
    ]

    operations = [
        migrations.CreateModel(
            name="Certification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("issuer", models.CharField(max_length=200)),
                ("credentials", models.JSONField(default=list)),
                ("issued_on", models.DateField()),
                (
                    "expires_on",
                    models.DateField(
                        blank=True, help_text="Empty if it does not expire.", null=True
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
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
                    "practitioner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certifications",
                        to="accounts.practitioner",
                    ),
                ),
            ],
            options={
                "ordering": ("name", "id"),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("expires_on__isnull", True),
                            ("expires_on__gt", models.F("issued_on")),
                            _connector="OR",
                        ),
                        name="certification_expires_after_issue",
                    )
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="ContinuingEducation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("course", models.CharField(max_length=200)),
                ("provider", models.CharField(blank=True, max_length=200)),
                (
                    "hours",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.25"))],
                    ),
                ),
                ("completed_on", models.DateField()),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
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
                    "practitioner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="education",
                        to="accounts.practitioner",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "continuing education",
                "ordering": ("-completed_on", "id"),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("hours__gt", 0)), name="education_hours_positive"
                    )
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="CredentialRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "technique",
                    models.CharField(
                        choices=[
                            ("swedish", "Swedish"),
                            ("deep_tissue", "Deep tissue"),
                            ("trigger_point", "Trigger point"),
                            ("myofascial_release", "Myofascial release"),
                            ("neuromuscular", "Neuromuscular"),
                            ("lymphatic_drainage", "Lymphatic drainage"),
                            ("joint_mobilization", "Joint mobilization"),
                            ("stretching", "Stretching"),
                            ("orthopedic", "Orthopedic"),
                            ("craniosacral", "Craniosacral"),
                            ("sports", "Sports"),
                            ("reflexology", "Reflexology"),
                            ("acupressure", "Acupressure"),
                            ("intraoral_jaw", "Intraoral jaw work"),
                        ],
                        max_length=40,
                    ),
                ),
                (
                    "credential",
                    models.CharField(
                        blank=True,
                        choices=[
                            (
                                "lymphatic_drainage",
                                "Manual lymphatic drainage / lymphoedema training",
                            ),
                            ("craniosacral", "Craniosacral therapy training"),
                            (
                                "joint_mobilization",
                                "Joint mobilization training (gentle, non-thrust grades only)",
                            ),
                            ("intraoral_jaw", "Intraoral jaw work training"),
                        ],
                        max_length=40,
                    ),
                ),
                (
                    "source",
                    models.CharField(help_text="Where the rule comes from.", max_length=300),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
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
            ],
            options={
                "ordering": ("technique",),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "technique"), name="one_rule_per_technique"
                    )
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="Licence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jurisdiction", models.CharField(max_length=100)),
                ("number", models.CharField(max_length=60, verbose_name="licence number")),
                ("issued_on", models.DateField(blank=True, null=True)),
                ("expires_on", models.DateField()),
                ("renewal_period_start", models.DateField(blank=True, null=True)),
                (
                    "ce_hours_required",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0"),
                        max_digits=6,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="CE hours required per renewal period",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
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
                    "practitioner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="licences",
                        to="accounts.practitioner",
                    ),
                ),
            ],
            options={
                "ordering": ("-expires_on", "id"),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "indexes": [models.Index(fields=["clinic", "expires_on"], name="licence_expiry")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "jurisdiction", "number"), name="licence_number_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("issued_on__isnull", True),
                            ("expires_on__gt", models.F("issued_on")),
                            _connector="OR",
                        ),
                        name="licence_expires_after_issue",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("renewal_period_start__isnull", True),
                            ("expires_on__gt", models.F("renewal_period_start")),
                            _connector="OR",
                        ),
                        name="licence_period_starts_before_expiry",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("ce_hours_required__gte", 0)),
                        name="licence_ce_hours_not_negative",
                    ),
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
