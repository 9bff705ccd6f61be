"""Chart stamps: database triggers draw a client's stamp anew whenever a row their chart reads
changes, so a chart computed once can be kept under (client, stamp, day) and shown again
without reading its dozen tables, and can never be shown once anything in it has changed.

The triggers run in the database, in the transaction of the change, for every writer (the
services, the admin, a data migration, the practice generator's COPY). `INPUTS` lists every
table the chart reads; `tests/charts/test_chart_copies.py` fails when the chart reads a table
that is not listed, and checks that every listed table has its triggers after `migrate`.

Two kinds of input:
- a row that belongs to one client (a consent, a visit, a treatment row through its visit):
  a change draws that client's stamp anew (both clients', if a row moves);
- a row whose columns the chart shows for many clients (a therapist's or provider's name,
  a consent form's title): a change to those columns draws every stamp of the clinic anew.

A stamp is a random 63-bit number, not a count: a transaction that changes a chart, keeps a
copy under the new stamp and then rolls back leaves a stamp no later change will draw, so the
copy is never shown (a count would come round to the same number for a different state).

A table rebuilt by a later migration (SQLite rebuilds a table to alter a column) loses its
triggers; they are installed again after every `migrate` (`charts.apps`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

STAMPS = "charts_chartstamp"
# Every trigger's name is this, a digest of its SQL, and its table: installing keeps what
# exists by name, so a trigger whose SQL changed gets a new name and replaces the old one.
PREFIX = "chart_stamp_"


@dataclass(frozen=True)
class Input:
    """A table the chart reads, and which charts a change to one of its rows shows on."""

    table: str
    # SQL naming the row's client, `{row}` standing for NEW or OLD; None for a table whose
    # rows are shown on many charts (then `clinics` names the clinics to draw anew).
    client: str | None = "{row}.client_id"
    clinics: str = "SELECT {row}.clinic_id"
    # For a many-chart table: only changes to these columns count (empty: any change).
    columns: tuple[str, ...] = ()


_VISIT_CLIENT = "(SELECT client_id FROM visits_visit WHERE id = {row}.visit_id)"

INPUTS: tuple[Input, ...] = (
    Input("clients_client", client="{row}.id"),
    Input("clients_consent"),
    Input("intake_intake"),
    Input("plans_treatmentplan"),
    Input("visits_visit"),
    Input("visits_treatmentgiven", client=_VISIT_CLIENT),
    Input("visits_safetyoverride", client=_VISIT_CLIENT),
    Input("visits_adverseevent"),
    Input("outcomes_measurement"),
    Input("homecare_homeprogramlog"),
    Input("homecare_dischargesummary"),
    Input("referrals_referral"),
    Input("careteam_careteammember"),
    # Shown on many charts: a provider on care teams and referrals, a consent form's title,
    # a member's name (the therapist of a visit, who recorded an intake or a measure).
    Input("careteam_provider", client=None),
    Input("clients_consenttemplate", client=None),
    Input(
        "accounts_user",
        client=None,
        clinics="SELECT clinic_id FROM accounts_membership WHERE user_id = {row}.id",
        columns=("full_name", "email"),
    ),
    # Read only to reach the user: a membership's own columns are not shown.
    Input("accounts_membership", client=None, columns=("user_id",)),
)


# A random 63-bit integer, drawn per row: SQLite's random() is one; PostgreSQL's is a fraction.
RANDOM = {
    "sqlite": "random()",
    "postgresql": "floor(random() * 9223372036854775807)::bigint",
}


def _statements(item: Input, row: str, vendor: str) -> str:
    drawn = RANDOM[vendor]
    if item.client is None:
        clinics = item.clinics.format(row=row)
        # Table and column names from INPUTS above, never from input: no parameters to bind.
        return f"UPDATE {STAMPS} SET stamp = {drawn} WHERE clinic_id IN ({clinics});"  # noqa: S608
    client = item.client.format(row=row)
    return (
        f"INSERT INTO {STAMPS} (client_id, clinic_id, stamp) "  # noqa: S608 - as above
        f"SELECT changed, {row}.clinic_id, {drawn} FROM (SELECT {client} AS changed) AS changes "
        "WHERE changed IS NOT NULL "
        f"ON CONFLICT (client_id) DO UPDATE SET stamp = excluded.stamp;"
    )


def _changed(item: Input, distinct: str) -> str:
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in item.columns)


def _operations(item: Input) -> tuple[str, ...]:
    return ("INSERT", "UPDATE", "DELETE") if item.client is not None else ("UPDATE",)


def _named(template: str, table: str, function: str = "") -> tuple[str, str]:
    """A trigger's name from its SQL (`{name}` in it) and its function's, and the SQL with the
    name in place."""
    digest = hashlib.sha256(f"{template}\n{function}".encode()).hexdigest()[:10]
    name = f"{PREFIX}{digest}_{table}"
    return name, template.replace("{name}", name)


def sqlite_triggers(item: Input) -> dict[str, str]:
    """The table's triggers on SQLite, by name."""
    triggers = {}
    for operation in _operations(item):
        rows = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}[operation]
        if item.client is None:
            rows = ("NEW",)
        when = f" WHEN {_changed(item, 'IS NOT')}" if item.columns else ""
        body = " ".join(_statements(item, row, "sqlite") for row in rows)
        name, sql = _named(
            f'CREATE TRIGGER IF NOT EXISTS "{{name}}" AFTER {operation} ON "{item.table}" '
            f"FOR EACH ROW{when} BEGIN {body} END",
            item.table,
        )
        triggers[name] = sql
    return triggers


def postgresql_trigger(item: Input) -> tuple[str, str, str]:
    """The table's trigger on PostgreSQL: (its name, its function's SQL, the trigger's SQL)."""
    function = f"{PREFIX}{item.table}"
    if item.client is None:
        body = _statements(item, "NEW", "postgresql")
    else:
        body = (
            f"IF TG_OP <> 'INSERT' THEN {_statements(item, 'OLD', 'postgresql')} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_statements(item, 'NEW', 'postgresql')} END IF;"
        )
    function_sql = (
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$"
    )
    when = ""
    if item.client is None:
        when = (
            f" WHEN ({_changed(item, 'IS DISTINCT FROM')})"
            if item.columns
            else (" WHEN (OLD.* IS DISTINCT FROM NEW.*)")
        )
    name, trigger_sql = _named(
        f'CREATE TRIGGER "{{name}}" AFTER {" OR ".join(_operations(item))} ON "{item.table}" '
        f"FOR EACH ROW{when} EXECUTE FUNCTION {function}()",
        item.table,
        function_sql,
    )
    return name, function_sql, trigger_sql


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Put every input's triggers in place, keep those already there, drop older generations.

    Returns the tables given triggers now. Tables not created yet (a migration run up to an
    earlier state) are left for the next `migrate`.
    """
    tables = set(connection.introspection.table_names())
    if STAMPS not in tables:  # migrated back before the stamps: no trigger may name them
        uninstall(connection)
        return []
    present = [item for item in INPUTS if item.table in tables]
    if connection.vendor == "postgresql":
        return _install_postgresql(connection, present)
    return _install_sqlite(connection, present)


def _install_sqlite(connection: BaseDatabaseWrapper, inputs: list[Input]) -> list[str]:
    wanted = {name: (item, sql) for item in inputs for name, sql in sqlite_triggers(item).items()}
    with connection.cursor() as cursor:
        existing = _present(cursor, "sqlite")
        for name, table in existing:
            if name not in wanted:
                _drop(cursor, "sqlite", name, table)
        added = set()
        for name, (item, sql) in wanted.items():
            if (name, item.table) not in existing:
                cursor.execute(sql)
                added.add(item.table)
    return sorted(added)


def _install_postgresql(connection: BaseDatabaseWrapper, inputs: list[Input]) -> list[str]:
    added = []
    with connection.cursor() as cursor:
        existing = _present(cursor, "postgresql")
        current = {(postgresql_trigger(item)[0], item.table) for item in inputs}
        for name, table in existing - current:
            _drop(cursor, "postgresql", name, table)
        for item in inputs:
            name, function_sql, trigger_sql = postgresql_trigger(item)
            cursor.execute(function_sql)  # replaced in place: no lock on the table
            if (name, item.table) not in existing:
                cursor.execute(trigger_sql)
                added.append(item.table)
    return added


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop every stamp trigger (and, on PostgreSQL, their functions)."""
    with connection.cursor() as cursor:
        for name, table in _present(cursor, connection.vendor):
            _drop(cursor, connection.vendor, name, table)
        if connection.vendor == "postgresql":
            for item in INPUTS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}{item.table}()")


def installed(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """How many stamp triggers each table has (read by the tests)."""
    with connection.cursor() as cursor:
        return dict(Counter(table for _name, table in _present(cursor, connection.vendor)))


def _present(cursor: CursorWrapper, vendor: str) -> set[tuple[str, str]]:
    """The stamp triggers in the database: (name, table) pairs."""
    if vendor == "postgresql":
        sql = "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s"
    else:
        sql = "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    cursor.execute(sql, [f"{PREFIX}%"])
    return {(name, table.strip('"')) for name, table in cursor.fetchall()}


def _drop(cursor: CursorWrapper, vendor: str, name: str, table: str) -> None:
    on = f' ON "{table}"' if vendor == "postgresql" else ""  # SQLite's names are its own
    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"{on}')
