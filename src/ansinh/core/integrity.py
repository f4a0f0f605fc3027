"""Is the database sound? `ansinh check --database` runs these checks after Django's own (not as a
registered system check: `migrate` runs those, and reading every page of a large database there would
slow each migration).

SQLite: `PRAGMA integrity_check` reads every page, index and constraint; a file copied while the server
was writing (instead of `ansinh backup`) typically fails it. PostgreSQL: a connection, the catalogue
(every model's table is there), and, where the `amcheck` extension is installed, the B-tree indexes.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import DatabaseError, connections

INTEGRITY_PROBLEMS_SHOWN = 10


def sqlite_problems(connection: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA quick_check")
        quick = [row[0] for row in cursor.fetchall()]
        if quick != ["ok"]:
            return quick[:INTEGRITY_PROBLEMS_SHOWN]
        cursor.execute("PRAGMA integrity_check")
        full = [row[0] for row in cursor.fetchall()]
        return [] if full == ["ok"] else full[:INTEGRITY_PROBLEMS_SHOWN]


def postgresql_problems(connection: Any) -> list[str]:
    problems: list[str] = []
    with connection.cursor() as cursor:
        # The catalogue answers (a broken one fails here), then the optional deep check.
        cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        )
        cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'amcheck'")
        if cursor.fetchone() is None:
            return problems
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_catalog.pg_index i"
            " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_catalog.pg_am a ON a.oid = c.relam"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE a.amname = 'btree' AND n.nspname = current_schema() AND c.relpersistence <> 't'"
        )
        for (index,) in cursor.fetchall():
            try:
                cursor.execute("SELECT bt_index_check(%s::regclass)", [index])
            except DatabaseError as exc:
                problems.append(f"{index}: {exc}".strip())
    return problems


def missing_tables(connection: Any) -> list[str]:
    present = set(connection.introspection.table_names())
    wanted = {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    }
    return sorted(wanted - present)


def integrity_problems(alias: str = "default") -> list[str]:
    """What is wrong with the database `alias`; empty when it is sound."""
    connection = connections[alias]
    try:
        if connection.vendor == "sqlite":
            return sqlite_problems(connection)
        if connection.vendor == "postgresql":
            return postgresql_problems(connection)
        return []
    except DatabaseError as exc:
        # A corrupt SQLite file often cannot even be read ("database disk image is malformed").
        return [str(exc)]
