"""Tell SQLite's query planner the shape of a large client table, until ANALYZE measures it.

Without statistics SQLite assumes that an equality on an index's first column leaves about ten
rows. Every index here begins with the clinic, so it takes `clinic_id = ?` for a near-unique
match and scans a whole clinic in name order instead of using the search-key indexes (0.5 s
instead of 3 ms on 100,000 clients). SQLite documents writing sqlite_stat1 by hand for this
("Manual Control Of Query Plans Using SQLITE_STAT Tables", https://sqlite.org/optoverview.html);
a real ANALYZE later replaces these figures, and they are never written over real ones.
An index added to the client table later needs its columns below, or an ANALYZE.
"""

from django.db import migrations

TABLE = "clients_client"
ROWS = 100_000
# Rows sharing one value of the column: a clinic holds many clients, a phone number one.
ROWS_PER_VALUE = {
    "clinic_id": 10_000,
    "primary_therapist_id": 1_000,
    "preferred_key": 5_000,
    "given_name": 50,
    "given_key": 50,
    "family_name": 5,
    "family_key": 5,
    "date_of_birth": 3,
    "phone_key": 1,
    "id": 1,
}


def _stat(columns):
    figures, matching = [ROWS], ROWS
    for column in columns:
        matching = min(matching, ROWS_PER_VALUE.get(column, 5))
        figures.append(matching)
    return " ".join(str(figure) for figure in figures)


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
        indexes = [row[1] for row in cursor.fetchall()]
        for index in indexes:
            cursor.execute(f'PRAGMA index_info("{index}")')
            columns = [row[2] for row in sorted(cursor.fetchall())]
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                [TABLE, index, _stat(columns)],
            )
        cursor.execute("ANALYZE sqlite_schema")  # reload the statistics


def remove_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
            cursor.execute("ANALYZE sqlite_schema")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_client_record_search_keys_and_consent"),
    ]

    operations = [
        migrations.RunPython(write_statistics, remove_statistics, elidable=False),
    ]
