"""The database cache table that counts failed logins (self-culling, see settings.CACHES)."""

from django.db import migrations

TABLE = "medmassage_cache"


def create_table(apps, schema_editor):
    from django.core.management import call_command

    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_api_tokens_expire_with_password")]
    operations = [migrations.RunPython(create_table, drop_table)]
