"""A measurement no longer names its assessment: the assessments app keeps that link now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_scored_measurements"),
        ("assessments", "0002_questionnaires_link_measurements"),
    ]

    operations = [
        migrations.RemoveField(model_name="measurement", name="assessment"),
    ]
