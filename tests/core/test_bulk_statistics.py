"""After a bulk load the planner must know the tables' sizes (else PostgreSQL scans the registry)."""

from __future__ import annotations

import pytest
from django.db import connection

from ansinh.core.bulk import refresh_statistics

pytestmark = pytest.mark.django_db


def _analysed_rows(table: str) -> float | None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            tuples = cursor.fetchone()[0]
            return None if tuples < 0 else tuples  # -1: never analysed
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else None


def test_refresh_statistics_tells_the_planner_how_many_rows_there_are(make_person):
    for _ in range(3):
        make_person()
    refresh_statistics("registry_person")
    assert _analysed_rows("registry_person") == 3
