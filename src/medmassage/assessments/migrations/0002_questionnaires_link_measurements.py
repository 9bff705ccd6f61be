"""The link between an assessment and the questionnaires answered at it moves here from the
measurement (outcomes), so that outcomes no longer depend on assessments."""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Measurement = apps.get_model("outcomes", "Measurement")
    Link = apps.get_model("assessments", "AssessmentQuestionnaire")
    Link.objects.bulk_create(
        Link(clinic_id=m.clinic_id, assessment_id=m.assessment_id, measurement_id=m.pk)
        for m in Measurement._base_manager.exclude(assessment=None).only(
            "clinic_id", "assessment_id"
        )
    )


def copy_links_back(apps, schema_editor):
    Measurement = apps.get_model("outcomes", "Measurement")
    Link = apps.get_model("assessments", "AssessmentQuestionnaire")
    for link in Link._base_manager.all():
        Measurement._base_manager.filter(pk=link.measurement_id).update(
            assessment_id=link.assessment_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_remove_practitioner_licence_fields"),
        ("assessments", "0001_assessments_with_findings"),
        ("outcomes", "0001_scored_measurements"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentQuestionnaire",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questionnaires",
                        to="assessments.assessment",
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
                    "measurement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="outcomes.measurement",
                    ),
                ),
            ],
            options={
                "ordering": ("assessment", "measurement"),
                "abstract": False,
                "base_manager_name": "unscoped_objects",
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
