"""The practitioner profile becomes clinic-owned; its licence fields are about to move out.

The unique licence constraint goes first so that putting the fields back on reversal (before
the licences are copied back) cannot trip over it.
"""

import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_users_clinics_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="practitioner",
            options={
                "base_manager_name": "unscoped_objects",
                "ordering": ("membership__user__full_name", "id"),
            },
        ),
        migrations.AlterModelManagers(
            name="practitioner",
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.RemoveConstraint(
            model_name="practitioner",
            name="licence_unique_in_clinic_jurisdiction",
        ),
        migrations.AddField(
            model_name="practitioner",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name="practitioner",
            name="clinic",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.clinic",
            ),
        ),
    ]
