"""Seal the discharge summaries written before seals existed."""

from django.db import migrations
from django.utils import timezone


def seal_existing(apps, schema_editor):
    from medmassage.audit.seals import digest_of
    from medmassage.discharges.sealing import summary_content
    from medmassage.integrity.keys import keyring

    Seal = apps.get_model("audit", "Seal")
    DischargeSummary = apps.get_model("discharges", "DischargeSummary")
    summaries = list(DischargeSummary.objects.all())
    if not summaries:
        return
    key = keyring().current
    for summary in summaries:
        Seal.objects.get_or_create(
            subject_type="discharges.dischargesummary",
            subject_id=str(summary.pk),
            defaults={
                "clinic_id": summary.clinic_id,
                "key_id": key.key_id,
                "digest": digest_of(summary, summary_content(summary), key),
                "sealed_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discharges", "0001_discharge_summaries_from_homecare"),
        ("audit", "0004_keyed_chain_and_seals"),
    ]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
