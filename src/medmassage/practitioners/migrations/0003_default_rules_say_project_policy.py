"""Stored default credential rules cited the project's own notes; they now say project policy."""

from django.db import migrations

OLD = (
    "FACTS.md §7 Scope of practice: needs a credential beyond the massage licence by default "
    "(project policy; a clinic may change it for its jurisdiction)"
)
NEW = (
    "Project policy: needs training beyond the massage licence by default (lymphatic drainage, "
    "craniosacral, gentle non-thrust joint mobilization, intraoral jaw work); a clinic changes "
    "it for its jurisdiction, naming the regulator's standard"
)


def forward(apps, schema_editor):
    apps.get_model("practitioners", "CredentialRule")._base_manager.filter(source=OLD).update(
        source=NEW
    )


def backward(apps, schema_editor):
    apps.get_model("practitioners", "CredentialRule")._base_manager.filter(source=NEW).update(
        source=OLD
    )


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0002_move_licences_off_practitioner_profile")]

    operations = [migrations.RunPython(forward, backward)]
