"""Client search reads one index range per word typed: a table of the words of every client's
names, indexed by (clinic, word). Filled here from the stored search keys; SQLite is told the
table's shape (as 0003 did for the client table) until ANALYZE measures it, so that it looks
the word up first instead of walking the clinic's clients."""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models

import medmassage.clients.search

TABLE = "clients_clientnameword"
# Rows of 100,000 clients (about 2.5 words each), then rows sharing a value of each column.
ROWS = 250_000
ROWS_PER_VALUE = {"clinic_id": 25_000, "word": 50, "client_id": 3, "id": 1}


def fill_words(apps, schema_editor):
    """Every client's words, from the keys stored on the client (derived from the names)."""
    Client = apps.get_model("clients", "Client")
    ClientNameWord = apps.get_model("clients", "ClientNameWord")
    rows = Client._base_manager.order_by("pk").values_list(
        "pk", "clinic_id", "given_key", "family_key", "preferred_key"
    )
    batch = []
    for pk, clinic_id, *keys in rows.iterator(chunk_size=2000):
        words = {word[:100] for key in keys for word in key.split()}
        batch.extend(
            ClientNameWord(client_id=pk, clinic_id=clinic_id, word=w) for w in sorted(words)
        )
        if len(batch) >= 5000:
            ClientNameWord._base_manager.bulk_create(batch)
            batch = []
    ClientNameWord._base_manager.bulk_create(batch)


def write_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # creates sqlite_stat1 without measuring
        cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        if cursor.fetchone():
            return
        cursor.execute(f"PRAGMA index_list({TABLE})")
        for index in [row[1] for row in cursor.fetchall()]:
            cursor.execute(f'PRAGMA index_info("{index}")')
            figures, matching = [ROWS], ROWS
            for column in [row[2] for row in sorted(cursor.fetchall())]:
                matching = min(matching, ROWS_PER_VALUE.get(column, 5))
                figures.append(matching)
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                [TABLE, index, " ".join(str(figure) for figure in figures)],
            )
        cursor.execute("ANALYZE sqlite_schema")  # reload the statistics


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_login_throttle_cache_table"),
        ("clients", "0004_consents_signed_in_the_portal"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClientNameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", medmassage.clients.search.SearchKeyField(max_length=100)),
                (
                    "client",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="clients.client",
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
            ],
            options={
                "abstract": False,
                "base_manager_name": "unscoped_objects",
                "indexes": [
                    models.Index(
                        fields=["clinic", "word", "client"],
                        name="client_name_word",
                        opclasses=("int8_ops", "varchar_pattern_ops", "int8_ops"),
                    ),
                    models.Index(fields=["client"], name="client_name_word_client"),
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("unscoped_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
        migrations.RunPython(write_statistics, migrations.RunPython.noop, elidable=False),
    ]
