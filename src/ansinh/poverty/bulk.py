"""`standard.classify` over many households at once, with numpy: the same rule, the same law rows.

`classify` builds the explanation (lines, notes, citations) that a survey keeps; a national re-run of a
million households needs only the outcome. `classify_many` reads the same rows of the standard in force on
`on` (the line per area, the middle bound per area when published, the minimum count of deprivations) and
applies the rule to whole columns:

* income ≤ line and deprivations ≥ minimum → poor; income ≤ line, fewer → near-poor;
* above the line: ≤ the middle bound → middle, above → other; without a published bound → other,
  provisional;
* provisional as `classify` says: the standard's rows or indicators flagged, or no middle bound used.

`tests/poverty/test_bulk.py` checks it against `classify` household by household on a random sample.

`write_statuses` records decided statuses set-based (the commune's decision and the import of approved
lists write through it): the current statuses closed by a few UPDATEs, the new rows and their audit events
streamed in (COPY on PostgreSQL), no per-row save.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ansinh.core.actors import Actor
from ansinh.poverty.standard import AREAS, CLASSIFICATIONS, standard_on

# The classification codes in `Outcome.classification`: an index into CLASSIFICATIONS.
POOR, NEAR_POOR, MIDDLE, OTHER = (CLASSIFICATIONS.index(c) for c in ("poor", "near_poor", "middle", "other"))


@dataclass(frozen=True)
class Outcome:
    classification: npt.NDArray[np.int8]  # index into standard.CLASSIFICATIONS
    deprivations: npt.NDArray[np.int16]  # how many indicators each household is deprived in
    provisional: npt.NDArray[np.bool_]
    codes: tuple[str, ...]  # the standard's indicator codes: the columns of `deprived`

    def labels(self) -> npt.NDArray[np.str_]:
        return np.asarray(CLASSIFICATIONS)[self.classification]


def classify_many(
    on: dt.date,
    area: npt.NDArray[np.int8],
    income_per_capita: npt.NDArray[np.int64],
    deprived: npt.NDArray[np.bool_],
) -> Outcome:
    """Classify n households by the standard in force on `on`.

    `area`: n indices into standard.AREAS (0 rural, 1 urban); `income_per_capita`: n whole đồng per person
    per month (≥ 0); `deprived`: n × k booleans, column j the j-th indicator of the standard (in the order
    of the law, `standard_on(on).codes`). The columns are built by code, not typed: a wrong shape or value
    is a programming error (ValueError naming the column); PovertyInputError when no standard is held on
    `on`, as `classify` says."""
    standard = standard_on(on)
    codes = standard.codes
    n = len(income_per_capita)
    if deprived.ndim != 2 or deprived.shape != (n, len(codes)):
        raise ValueError(
            f"deprived: expected {n} × {len(codes)} booleans (the indicators of {standard.name})"
        )
    if area.shape != (n,) or (n and (area.min() < 0 or area.max() >= len(AREAS))):
        raise ValueError("area: each value must be 0 (rural) or 1 (urban)")
    if n and income_per_capita.min() < 0:
        raise ValueError("income_per_capita: must be ≥ 0")
    count_row = standard.row("poor.min_deprivations")
    lines, bounds, published = [], [], []
    for name in AREAS:
        line_row, middle_row = standard.row(f"line.{name}"), standard.row(f"middle.{name}")
        assert line_row is not None and count_row is not None, f"standard {standard.name} lacks a line"
        lines.append(line_row.value)
        bounds.append(middle_row.value if middle_row is not None else 0)
        published.append(middle_row is not None)
    line = np.asarray(lines, dtype=np.int64)[area]
    bound = np.asarray(bounds, dtype=np.int64)[area]
    has_bound = np.asarray(published, dtype=np.bool_)[area]
    count = deprived.sum(axis=1, dtype=np.int16)
    below = income_per_capita <= line
    classification = np.full(n, OTHER, dtype=np.int8)
    classification[below & (count >= count_row.value)] = POOR
    classification[below & (count < count_row.value)] = NEAR_POOR
    classification[~below & has_bound & (income_per_capita <= bound)] = MIDDLE
    # The standard's flag covers every row in force on `on` and its indicator list (as in `classify`).
    provisional = np.full(n, standard.provisional, dtype=np.bool_) | (~below & ~has_bound)
    return Outcome(classification=classification, deprivations=count, provisional=provisional, codes=codes)


# --- writing decided statuses, set-based ------------------------------------------------------------------


@dataclass(frozen=True)
class NewStatus:
    """A household's status from a decision (a commune's round, or an imported approved list)."""

    household_id: int
    commune_id: int
    province_code: str
    status: str
    transition: str
    valid_from: dt.date
    decision_number: str
    decision_date: dt.date
    round_id: int | None = None
    survey_id: int | None = None


STATUS_COLUMNS = [
    "household_id", "status", "transition", "valid_from", "decision_number", "decision_date", "round_id",
    "survey_id", "commune_id", "province_code", "created_by_id", "updated_by_id",
]  # fmt: skip
AUDIT_COLUMNS = [
    "actor_id", "actor_label", "action", "object_type", "object_id", "object_label", "province_code",
    "before", "after", "ip", "request_id",
]  # fmt: skip
STATUS_OBJECT = "poverty.povertystatus"


def write_statuses(
    *, actor: Actor | None, rows: Sequence[NewStatus], audit_extra: dict[str, Any] | None = None
) -> int:
    """Record decided statuses with their audit events, set-based (call inside the service's transaction,
    after its checks and its lock on the households' current statuses):

    1. each household's current status closes the day before its new one: one UPDATE per distinct start
       day and block of households (not one statement per row);
    2. the new statuses go in with their keys reserved first: COPY on PostgreSQL, multi-row INSERTs on
       SQLite (`core.bulk.BulkInsert`), no per-row ORM save;
    3. one audit event per new status (created, with household, status, transition, start and decision,
       plus `audit_extra`), written the same way, in the same transaction.

    Returns the number of statuses written."""
    from django.db import connection
    from django.utils import timezone

    from ansinh.accounts.models import user_of
    from ansinh.core import audit
    from ansinh.core.bulk import BulkInsert
    from ansinh.core.models import AuditAction, AuditEvent
    from ansinh.poverty.models import PovertyStatus

    if not rows:
        return 0
    user = user_of(actor)
    user_id = user.pk if user is not None else None
    now = timezone.now()
    ops = connection.ops
    day_value, stamp = ops.adapt_datefield_value, ops.adapt_datetimefield_value(now)
    by_day: dict[dt.date, list[int]] = {}
    for row in rows:
        by_day.setdefault(row.valid_from, []).append(row.household_id)
    table = PovertyStatus._meta.db_table
    with connection.cursor() as cursor:
        for day, households in sorted(by_day.items()):
            closing = [day_value(day - dt.timedelta(days=1)), user_id, stamp]
            sql = (
                f"UPDATE {table} SET valid_to = %s, version = version + 1, updated_by_id = %s, "  # noqa: S608
                "updated_at = %s WHERE valid_to IS NULL AND household_id "
            )
            if connection.vendor == "postgresql":
                cursor.execute(sql + "= ANY(%s)", [*closing, households])
                continue
            block = max(1, (connection.features.max_query_params or 999) - len(closing))
            for first in range(0, len(households), block):
                part = households[first : first + block]
                cursor.execute(sql + f"IN ({', '.join(['%s'] * len(part))})", [*closing, *part])
    statuses = BulkInsert(PovertyStatus, STATUS_COLUMNS, now)
    ids = statuses.reserve(len(rows))
    events = BulkInsert(AuditEvent, AUDIT_COLUMNS, now)
    event_ids = events.reserve(len(rows))
    # Who, from where and the action as `audit.event` records them, once for every event.
    template = audit.event(actor=actor, action=AuditAction.CREATE, object_type=STATUS_OBJECT)
    extra = json.dumps(audit_extra or {}, ensure_ascii=False)[1:-1]
    if connection.vendor == "postgresql":
        _copy_text(statuses, _status_lines(ids, rows, user_id))
        _copy_text(events, _event_lines(event_ids, ids, rows, template, extra))
        return len(rows)
    statuses.write(
        (
            pk, r.household_id, r.status, r.transition, day_value(r.valid_from), r.decision_number,
            day_value(r.decision_date), r.round_id, r.survey_id, r.commune_id, r.province_code, user_id,
            user_id,
        )
        for pk, r in zip(ids, rows, strict=True)
    )  # fmt: skip
    head = (template.actor_id, template.actor_label, template.action, STATUS_OBJECT)
    events.write(
        (
            eid, *head, str(pk), f"{r.household_id}: {r.status} {r.valid_from}–", r.province_code, None,
            _after(r, extra), template.ip, template.request_id,
        )
        for eid, pk, r in zip(event_ids, ids, rows, strict=True)
    )  # fmt: skip
    return len(rows)


def _after(row: NewStatus, extra: str) -> str:
    """The audit event's `after`, as `json.dumps` writes it (keys in this order)."""
    return (
        f'{{"household_id": {row.household_id}, "status": {json.dumps(row.status)}, '
        f'"transition": {json.dumps(row.transition)}, "valid_from": "{row.valid_from.isoformat()}", '
        f'"decision_number": {json.dumps(row.decision_number, ensure_ascii=False)}'
        + (f", {extra}}}" if extra else "}")
    )


# --- COPY in PostgreSQL's text format -------------------------------------------------------------------
# psycopg adapts each value of `write_row` on its own; for hundreds of thousands of rows of a few known
# types the lines are cheaper built here: `\N` for NULL, t/f, ISO dates, and backslash, tab, newline and
# carriage return escaped in text (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format").

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        # str.translate walks every character; most values have nothing to escape.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    return str(value)


def _status_lines(ids: Sequence[int], rows: Sequence[NewStatus], user_id: int | None) -> Any:
    user = _text(user_id)
    for pk, r in zip(ids, rows, strict=True):
        yield "\t".join(
            (
                str(pk), str(r.household_id), _text(r.status), _text(r.transition), r.valid_from.isoformat(),
                _text(r.decision_number), r.decision_date.isoformat(), _text(r.round_id), _text(r.survey_id),
                str(r.commune_id), _text(r.province_code), user, user,
            )
        )  # fmt: skip


def _event_lines(
    event_ids: Sequence[int], ids: Sequence[int], rows: Sequence[NewStatus], template: Any, extra: str
) -> Any:
    head = "\t".join(
        _text(v) for v in (template.actor_id, template.actor_label, template.action, STATUS_OBJECT)
    )
    tail = "\t".join(_text(v) for v in (template.ip, template.request_id))
    for eid, pk, r in zip(event_ids, ids, rows, strict=True):
        label = _text(f"{r.household_id}: {r.status} {r.valid_from}–")
        after = _text(_after(r, extra))
        yield f"{eid}\t{head}\t{pk}\t{label}\t{_text(r.province_code)}\t\\N\t{after}\t{tail}"


def _copy_text(inserter: Any, lines: Any, block: int = 20_000) -> None:
    """COPY the lines (the inserter's reserved key and columns, tab-separated) with the inserter's
    defaults after them, in blocks."""
    from django.db import connection

    defaults = "".join(f"\t{_text(v)}" for v in inserter.tail)
    columns = ", ".join(connection.ops.quote_name(c) for c in inserter.columns)
    table = connection.ops.quote_name(inserter.table)
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,  # django.db's exceptions, as Django's cursor raises them
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        buffer: list[str] = []
        for line in lines:
            buffer.append(line + defaults)
            if len(buffer) == block:
                copy.write("\n".join(buffer) + "\n")
                buffer = []
        if buffer:
            copy.write("\n".join(buffer) + "\n")
