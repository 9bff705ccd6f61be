"""Copy each practitioner profile's licence into practitioners.Licence, and back on reversal.

A profile whose licence expiry was never recorded gets an expiry of the day before the
migration: an unknown expiry must not pass for a valid licence, so that practitioner is blocked
until someone records the real date.
"""

import datetime

from django.db import migrations
from django.utils import timezone


def copy_licences_out(apps, schema_editor):
    Practitioner = apps.get_model("accounts", "Practitioner")
    Licence = apps.get_model("practitioners", "Licence")
    unknown_expiry = timezone.localdate() - datetime.timedelta(days=1)
    for profile in Practitioner.objects.all().order_by("pk"):
        if not profile.licence_number:
            continue
        Licence.objects.create(
            clinic_id=profile.clinic_id,
            practitioner_id=profile.pk,
            jurisdiction=profile.jurisdiction,
            number=profile.licence_number,
            expires_on=profile.licence_expires_on or unknown_expiry,
        )


def copy_licences_back(apps, schema_editor):
    Practitioner = apps.get_model("accounts", "Practitioner")
    Licence = apps.get_model("practitioners", "Licence")
    for profile in Practitioner.objects.all().order_by("pk"):
        latest = Licence.objects.filter(practitioner_id=profile.pk).order_by("-expires_on").first()
        if latest is None:
            # The old table insisted on a unique number per clinic and jurisdiction.
            profile.licence_number = f"unrecorded-{profile.pk}"
            profile.jurisdiction = ""
            profile.licence_expires_on = None
        else:
            profile.licence_number = latest.number
            profile.jurisdiction = latest.jurisdiction
            profile.licence_expires_on = latest.expires_on
        profile.save(update_fields=["licence_number", "jurisdiction", "licence_expires_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_practitioner_profile_clinic_owned"),
        ("practitioners", "0001_licences_certifications_education_rules"),
    ]

    operations = [
        migrations.RunPython(copy_licences_out, copy_licences_back),
    ]
