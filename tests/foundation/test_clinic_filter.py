"""Every query on a clinical table names its clinic: the SQL of the whole URL walk, captured.

A clinic's rows can then live together (one shard per clinic group, e.g. Citus distributed by
clinic) without a query that has to ask every shard. Joined tables are reached through a row
of the clinic already; each table a query reads FROM must be filtered by its clinic column.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medmassage.tenancy import ClinicOwned
from tests.cast import Cast, logged_in
from tests.foundation.clinic_records import RecordBook
from tests.foundation.url_patterns import NAMED_DEFAULTS, endpoints

CLINICAL_TABLES = frozenset(
    model._meta.db_table for model in apps.get_models() if issubclass(model, ClinicOwned)
)
_READS = re.compile(r'(?:FROM|UPDATE)\s+"(\w+)"(?:\s+(?:AS\s+)?(\w+))?', re.IGNORECASE)
_KEYWORDS = {"WHERE", "INNER", "LEFT", "ORDER", "GROUP", "LIMIT", "SET", "ON", "JOIN"}


def unfiltered_tables(sql: str) -> list[str]:
    """Clinical tables the statement reads (or changes) without a condition on their clinic."""
    if sql.lstrip().upper().startswith(("INSERT", "BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")):
        return []
    found = []
    for table, alias in _READS.findall(sql):
        if table not in CLINICAL_TABLES:
            continue
        names = [f'"{table}"']
        if alias and alias.upper() not in _KEYWORDS:
            names.append(alias)
        if not any(f'{name}."clinic_id"' in sql for name in names):
            found.append(table)
    return found


def test_the_check_reads_sql_as_meant() -> None:
    good = (
        'SELECT "clients_client"."id" FROM "clients_client" WHERE "clients_client"."clinic_id" = 1'
    )
    aliased = (
        'SELECT COUNT(*) FROM (SELECT U0."id" FROM "visits_visit" U0 WHERE U0."clinic_id" = 1)'
    )
    bad = 'SELECT "clients_client"."id" FROM "clients_client" WHERE "clients_client"."id" = 7'
    assert unfiltered_tables(good) == []
    assert unfiltered_tables(aliased) == []
    assert unfiltered_tables(bad) == ["clients_client"]
    assert unfiltered_tables('SELECT 1 FROM "accounts_user" WHERE "accounts_user"."id" = 1') == []


# The walk: every page and API endpoint a member opens (GET), with this clinic's own records.
WALKED = [e for e in endpoints() if not e.is_admin and not e.name.startswith("portal:")]


@pytest.fixture
def mine(cast: Cast) -> RecordBook:
    return RecordBook(cast.clinic, cast.therapist, token_holder=cast.owner, mark="Harbourside")


def _path(endpoint: object, book: RecordBook) -> str | None:
    from tests.foundation.test_tenancy import record_kind  # one definition of a path's kinds

    values = {}
    for name, _converter in endpoint.parameters:  # type: ignore[attr-defined]
        if name in NAMED_DEFAULTS:
            continue
        kind = record_kind(endpoint, name)  # type: ignore[arg-type]
        if kind not in book:
            return None
        values[name] = book[kind]
    return endpoint.path(values)  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk"])
def test_every_query_of_the_walk_on_a_clinical_table_names_its_clinic(
    cast: Cast, mine: RecordBook, role: str
) -> None:
    browser = logged_in(getattr(cast, role))
    failures: dict[tuple[str, str], str] = {}
    for endpoint in WALKED:
        path = _path(endpoint, mine)
        if path is None:
            continue
        with CaptureQueriesContext(connection) as captured:
            browser.get(path)
        for query in captured.captured_queries:
            for table in unfiltered_tables(query["sql"]):
                failures.setdefault((endpoint.name, table), query["sql"][:400])
    listing = "\n".join(
        f"{page} reads {table} unfiltered:\n    {sql}" for (page, table), sql in failures.items()
    )
    assert not failures, f"{len(failures)} queries without a clinic filter:\n{listing}"
