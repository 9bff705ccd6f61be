"""Seal the letters and reports signed before they had seals."""

from django.db import migrations
from django.utils import timezone


def seal_existing(apps, schema_editor):
    from medmassage.audit.seals import digest_of
    from medmassage.integrity.keys import keyring
    from medmassage.referrals.sealing import letter_content, report_content

    Seal = apps.get_model("audit", "Seal")
    signed = [
        (record, letter_content, "referrals.referral")
        for record in apps.get_model("referrals", "Referral").objects.filter(
            direction="out", signed_at__isnull=False
        )
    ] + [
        (record, report_content, "referrals.progressreport")
        for record in apps.get_model("referrals", "ProgressReport").objects.filter(
            signed_at__isnull=False
        )
    ]
    if not signed:
        return
    key = keyring().current
    for record, content, subject_type in signed:
        Seal.objects.get_or_create(
            subject_type=subject_type,
            subject_id=str(record.pk),
            defaults={
                "clinic_id": record.clinic_id,
                "key_id": key.key_id,
                "digest": digest_of(record, content(record), key),
                "sealed_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_refuse_changes_to_signed_letters_and_reports"),
        ("audit", "0004_keyed_chain_and_seals"),
    ]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
