"""Set-based INSERT of prepared rows: what `bulk_create` does, without its per-value cost.

`bulk_create` spends tens of microseconds per row preparing values field by field, and psycopg needs
seconds to parse its multi-thousand-parameter statements, which caps a load at a few thousand rows a
second. Here the rows come as tuples of prepared values for `columns` (dates adapted by the caller);
every other column takes its field default computed once (`auto_now` / `auto_now_add`: `now`; JSON
defaults serialised). Primary keys are reserved first — from the table's sequence on PostgreSQL, above
the highest key (and recorded in `sqlite_sequence`) on SQLite, which is safe because the writing
transaction holds SQLite's write lock (transactions begin IMMEDIATE) — so rows of several tables can
point at each other before any is written, and go in with COPY on PostgreSQL and multi-row INSERTs on
SQLite. Used by the demo loaders and the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


class BulkInsert:
    def __init__(self, model: type[models.Model], columns: list[str], now: dt.datetime) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        rest = [f for name, f in fields.items() if name not in columns]
        stamp = connection.ops.adapt_datetimefield_value(now)
        tail: list[Any] = []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                tail.append(stamp)
            elif f.has_default():
                default = f.get_default()
                tail.append(
                    json.dumps(default)
                    if isinstance(f, models.JSONField)
                    else f.get_db_prep_save(default, connection)
                )
            else:
                tail.append(None)
        self.tail = tuple(tail)
        self.table = model._meta.db_table
        self.pk = str(model._meta.pk.column)
        self.columns = [self.pk] + [str(fields[c].column) for c in columns] + [str(f.column) for f in rest]

    def run(self, rows: list[tuple]) -> list[int]:
        """Insert the rows (values for `columns`, no key); returns their new primary keys, in order."""
        ids = self.reserve(len(rows))
        self.write((pk, *row) for pk, row in zip(ids, rows, strict=True))
        return ids

    def reserve(self, n: int) -> list[int]:
        """`n` new primary keys, which no other insert will take."""
        if n == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.pk, n],
                )
                return [row[0] for row in cursor.fetchall()]
            q = connection.ops.quote_name
            # sqlite_sequence: AUTOINCREMENT never reuses a key, even one whose row was deleted.
            cursor.execute(
                f"SELECT max(coalesce((SELECT max({q(self.pk)}) FROM {q(self.table)}), 0),"  # noqa: S608
                " coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [self.table],
            )
            top = cursor.fetchone()[0]
            # Recorded there too, so a second reservation before these rows are written starts above them.
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top + n, self.table])
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [self.table, top + n]
                )
            return list(range(top + 1, top + 1 + n))

    def write(self, rows: Iterable[tuple]) -> None:
        """Insert rows that start with their reserved primary key."""
        tail = self.tail
        values = [(*row, *tail) for row in rows]
        if not values:
            return
        q = connection.ops.quote_name
        columns = ", ".join(q(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # django.db's exceptions (IntegrityError, …), as Django's cursor raises them.
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {q(self.table)} ({columns}) FROM STDIN") as copy,
                ):
                    for row in values:
                        copy.write_row(row)
                return
            # Multi-row VALUES: with the FTS5 trigger on persons this is several times faster than
            # `executemany` of one-row statements.
            # The statements are written with SQLite's own "?" placeholders and given to the sqlite3
            # cursor: Django's wrapper would rewrite every "%s" of every statement with a regex first.
            import sqlite3

            one = "(" + ", ".join(["?"] * len(self.columns)) + ")"
            max_params = connection.features.max_query_params or 999
            per_statement = max(1, min(500, max_params // len(self.columns)))
            sql = f"INSERT INTO {q(self.table)} ({columns}) VALUES "  # noqa: S608 (names from the model)
            full = sql + ", ".join([one] * per_statement)
            for first in range(0, len(values), per_statement):
                batch = values[first : first + per_statement]
                statement = full if len(batch) == per_statement else sql + ", ".join([one] * len(batch))
                with connection.wrap_database_errors:  # django.db's exceptions, as the wrapper raises
                    sqlite3.Cursor.execute(cursor.cursor, statement, [v for row in batch for v in row])


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while a bulk job builds hundreds of thousands of objects (rows,
    values, probes): each of its passes would walk them all again, which costs an import a quarter of its
    time. Reference counting still frees everything that is not a cycle; the collector resumes (if it
    was running) when the block ends, however it ends."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def refresh_statistics(*tables: str) -> None:
    """ANALYZE after a bulk load, so the planner knows the tables' new sizes at once.

    Without it, a table filled a moment ago still has the statistics of an empty one: PostgreSQL then
    scans the whole registry for a name instead of using its full-text index (ten times slower) until
    autovacuum gets round to it. No table: the whole database.
    """
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
