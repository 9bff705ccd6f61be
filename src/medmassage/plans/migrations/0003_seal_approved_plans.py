"""Seal the plans approved before seals existed (approved, superseded or closed)."""

from django.db import migrations
from django.utils import timezone


def seal_existing(apps, schema_editor):
    from medmassage.audit.seals import digest_of
    from medmassage.integrity.keys import keyring
    from medmassage.plans.sealing import plan_content

    Seal = apps.get_model("audit", "Seal")
    TreatmentPlan = apps.get_model("plans", "TreatmentPlan")
    PlanOverride = apps.get_model("plans", "PlanOverride")
    plans = list(TreatmentPlan.objects.filter(status__in=["approved", "superseded", "closed"]))
    if not plans:
        return
    key = keyring().current
    for plan in plans:
        overrides = PlanOverride.objects.filter(plan_id=plan.pk).order_by("id")
        Seal.objects.get_or_create(
            subject_type="plans.treatmentplan",
            subject_id=str(plan.pk),
            defaults={
                "clinic_id": plan.clinic_id,
                "key_id": key.key_id,
                "digest": digest_of(plan, plan_content(plan, overrides=overrides), key),
                "sealed_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_refuse_changes_to_approved_plans"),
        ("audit", "0004_keyed_chain_and_seals"),
    ]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
