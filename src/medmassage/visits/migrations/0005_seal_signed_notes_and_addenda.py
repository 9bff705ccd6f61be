"""Seal the notes signed and the addenda written before seals existed, with the current key."""

from django.db import migrations
from django.utils import timezone


def seal_existing(apps, schema_editor):
    from medmassage.audit.seals import digest_of
    from medmassage.integrity.keys import keyring
    from medmassage.visits.sealing import addendum_content, note_content

    Seal = apps.get_model("audit", "Seal")
    Visit = apps.get_model("visits", "Visit")
    Addendum = apps.get_model("visits", "Addendum")
    parts = {
        name: apps.get_model("visits", model)
        for name, model in (
            ("treatments", "TreatmentGiven"),
            ("feedback", "FeedbackEvent"),
            ("overrides", "SafetyOverride"),
        )
    }
    orders = {"treatments": "position", "feedback": "sequence", "overrides": "id"}
    rows = [
        (
            visit,
            "visits.visit",
            note_content(
                visit,
                **{
                    name: model.objects.filter(visit_id=visit.pk).order_by(orders[name])
                    for name, model in parts.items()
                },
            ),
        )
        for visit in Visit.objects.filter(status="signed")
    ]
    rows += [(a, "visits.addendum", addendum_content(a)) for a in Addendum.objects.all()]
    if not rows:
        return
    key = keyring().current
    for record, label, content in rows:
        Seal.objects.get_or_create(
            subject_type=label,
            subject_id=str(record.pk),
            defaults={
                "clinic_id": record.clinic_id,
                "key_id": key.key_id,
                "digest": digest_of(record, content, key),
                "sealed_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0004_visit_entered_at_for_late_entries"),
        ("audit", "0004_keyed_chain_and_seals"),
    ]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
