"""The law as dated data (mức chuẩn, hệ số): every legal number with its period, citation, confidence.

National numbers ship in `data/legal_parameters.csv` and are copied into `LegalParameter` on
`post_migrate` and by `ansinh rules load`; a province's own higher level (a People's Council
resolution, Decree 20/2021/NĐ-CP Art. 4(3)) is a provincial row recorded through
`provincial_level_set`. Rules never touch the database: they read a `Params` snapshot.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction

DATA_FILE = Path(__file__).parent / "data" / "legal_parameters.csv"

# Keys a province may raise by its own People's Council resolution (Decree 20/2021 Art. 4(3)(a);
# the social-pension top-up is reported for Hà Nội, TP HCM, Hải Phòng, Quảng Ninh — RULES §1.3 ⚠️).
PROVINCIAL_KEYS = ("sa.standard", "sp.level")

PROVISIONAL = ("reported", "unconfirmed")


class MissingParameter(LookupError):
    """No row of `key` is in force on the date asked (e.g. social assistance before 2014)."""

    def __init__(self, key: str, on: dt.date) -> None:
        self.key, self.on = key, on
        super().__init__(f"no legal parameter {key!r} in force on {on.isoformat()}")


@dataclass(frozen=True)
class ParamRow:
    key: str
    province_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    value: Decimal
    citation: str
    confidence: str
    note: str = ""

    @property
    def provisional(self) -> bool:
        return self.confidence in PROVISIONAL

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @classmethod
    def from_model(cls, obj: Any) -> ParamRow:
        return cls(
            key=obj.key,
            province_code=obj.province_code or "",
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            value=_number(obj.value),
            citation=obj.citation,
            confidence=obj.confidence,
            note=obj.note or "",
        )


class Params:
    """An immutable snapshot of the legal parameters; `get` answers "which row applies on this day"."""

    def __init__(self, rows: Iterable[ParamRow]) -> None:
        index: dict[tuple[str, str], list[ParamRow]] = defaultdict(list)
        for row in rows:
            index[(row.key, row.province_code)].append(row)
        # Newest first, so the first covering row wins should two periods overlap by mistake.
        self._index = {
            k: tuple(sorted(v, key=lambda r: r.valid_from, reverse=True)) for k, v in index.items()
        }

    @classmethod
    def from_rows(cls, rows: Iterable[Any]) -> Params:
        return cls(r if isinstance(r, ParamRow) else ParamRow.from_model(r) for r in rows)

    def rows(self) -> list[ParamRow]:
        out = [row for rows in self._index.values() for row in rows]
        return sorted(out, key=lambda r: (r.key, r.province_code, r.valid_from))

    def _find(self, key: str, province_code: str, on: dt.date) -> ParamRow | None:
        for row in self._index.get((key, province_code), ()):
            if row.covers(on):
                return row
        return None

    def national(self, key: str, on: dt.date) -> ParamRow:
        row = self._find(key, "", on)
        if row is None:
            raise MissingParameter(key, on)
        return row

    def get(self, key: str, on: dt.date, province: str | None = None) -> ParamRow:
        """The row in force on `on`;
        with a province, that province's own row where higher (the national level is a floor)."""
        national = self._find(key, "", on)
        local = self._find(key, province, on) if province else None
        if local is not None and (national is None or local.value > national.value):
            return local
        if national is None:
            raise MissingParameter(key, on)
        return national

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())


# --- the packaged national rows -------------------------------------------------------------------


def _number(raw: Any) -> Decimal:
    """A stored value without its padding zeros, and without an exponent: 500000.0000 → 500000, 1.50 → 1.5."""
    value = Decimal(str(raw)).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _date(raw: str) -> dt.date | None:
    raw = (raw or "").strip()
    return dt.date.fromisoformat(raw) if raw else None


@cache
def national_rows() -> tuple[ParamRow, ...]:
    """The national rows of the packaged data file (sources in data/README.md)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        out = []
        for rec in csv.DictReader(fh):
            try:
                value = _number(rec["value"])
            except InvalidOperation as exc:  # pragma: no cover - a broken data file is a build error
                raise ValueError(f"bad value in {DATA_FILE.name}: {rec}") from exc
            valid_from = _date(rec["valid_from"])
            assert valid_from is not None, rec
            out.append(
                ParamRow(
                    key=rec["key"].strip(),
                    province_code=(rec["province_code"] or "").strip(),
                    valid_from=valid_from,
                    valid_to=_date(rec["valid_to"]),
                    value=value,
                    citation=rec["citation"].strip(),
                    confidence=rec["confidence"].strip(),
                    note=(rec["note"] or "").strip(),
                )
            )
    out.extend(_registered_rows())
    return tuple(out)


def _registered_rows() -> list[ParamRow]:
    """National rows whose law lives in a higher app (`core.extensions.legal_parameter_sources`): the merit
    standard level, kept in merit/data and copied here so that recording it triggers difference arrears."""
    from ansinh.core import extensions

    out = []
    for source in extensions.legal_parameter_sources:
        for rec in source():
            out.append(
                ParamRow(
                    key=rec["key"],
                    province_code="",
                    valid_from=rec["valid_from"],
                    valid_to=rec.get("valid_to"),
                    value=_number(rec["value"]),
                    citation=rec["citation"],
                    confidence=rec["confidence"],
                    note=(rec.get("note") or "")[:300],
                )
            )
    return out


def sync_national_rows(*, using: str = "default") -> tuple[int, int]:
    """Insert missing packaged rows; refresh value/citation/confidence/period of packaged national rows.

    Matches on key + valid_from among national rows; provincial rows are never touched. Idempotent.
    Returns (inserted, updated).
    """
    from ansinh.benefits.models import LegalParameter

    inserted = updated = 0
    objects = LegalParameter.objects.using(using)
    with transaction.atomic(using=using):
        existing = {(p.key, p.valid_from): p for p in objects.filter(province_code="")}
        for row in national_rows():
            if row.province_code:
                continue
            obj = existing.get((row.key, row.valid_from))
            if obj is None:
                objects.create(
                    key=row.key,
                    province_code="",
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                    value=row.value,
                    citation=row.citation,
                    confidence=row.confidence,
                    note=row.note,
                )
                inserted += 1
                continue
            wanted = {
                "value": row.value,
                "citation": row.citation,
                "confidence": row.confidence,
                "valid_to": row.valid_to,
                "note": row.note,
            }
            changed = {k: v for k, v in wanted.items() if _differs(getattr(obj, k), v)}
            if changed:
                for k, v in changed.items():
                    setattr(obj, k, v)
                obj.recorded_at = timezone.now()
                obj.save(using=using, update_fields=[*changed, "recorded_at"])
                updated += 1
    clear_cache()
    return inserted, updated


def _differs(stored: Any, wanted: Any) -> bool:
    if isinstance(wanted, Decimal):
        return Decimal(stored) != wanted
    return stored != wanted


# --- the snapshot the application uses -------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[Any, Params] | None = None


def clear_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def _signature() -> tuple[Any, ...]:
    """A cheap fingerprint of the table: changes whenever a row is added, removed, re-valued or closed."""
    from ansinh.benefits.models import LegalParameter

    agg = LegalParameter.objects.aggregate(
        n=Count("id"), top=Max("id"), total=Sum("value"), closed=Count("valid_to"), newest=Max("recorded_at")
    )
    return (agg["n"], agg["top"], str(agg["total"]), agg["closed"], agg["newest"])


def current_params() -> Params:
    """The parameters in the database, cached per process and refreshed when the rows change.

    An empty table (a database that was never migrated with this app's data) falls back to the
    packaged national rows, so the calculator still answers.
    """
    global _cached
    from ansinh.benefits.models import LegalParameter

    signature = _signature()
    with _lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
    rows = list(LegalParameter.objects.all())
    params = Params.from_rows(rows) if rows else Params(national_rows())
    with _lock:
        _cached = (signature, params)
    return params


# --- a province's own level -------------------------------------------------------------------------


def _field_error(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field=field)])


def _check_province_scope(actor: Actor, province_code: str) -> None:
    from ansinh.geo.models import AdminUnit

    if not AdminUnit.objects.filter(structure="2025", level="province", code=province_code).exists():
        raise NotFound("province")
    level = getattr(actor, "scope_level", "missing")
    if level is None:
        return
    unit = getattr(actor, "scope_unit", None)
    if level != "province" or unit is None or unit.code != province_code:
        raise NotFound("province")


def _clean_level(key: str, valid_from: Any, value: Any, citation: str) -> tuple[dt.date, int, str]:
    errors: list[ApplicationError] = []
    if key not in PROVINCIAL_KEYS:
        errors.append(
            ApplicationError("parameter.bad_key", _("A province may only set its own level."), field="key")
        )
    if not isinstance(valid_from, dt.date):
        errors.append(
            ApplicationError(
                "parameter.bad_date", _("Enter the date the level applies from."), field="valid_from"
            )
        )
    amount = _whole_dong(value)
    if amount is None:
        errors.append(
            ApplicationError(
                "parameter.bad_value", _("Enter the level as a whole number of đồng."), field="value"
            )
        )
    citation = (citation or "").strip()
    if not citation:
        errors.append(
            ApplicationError(
                "parameter.citation_required",
                _("Cite the People's Council resolution that sets this level."),
                field="citation",
            )
        )
    elif len(citation) > 300:
        errors.append(
            ApplicationError("parameter.citation_too_long", _("The citation is too long."), field="citation")
        )
    if errors:
        raise ValidationFailed(errors)
    assert amount is not None and isinstance(valid_from, dt.date)
    return valid_from, amount, citation


def _whole_dong(value: Any) -> int | None:
    if isinstance(value, (bool, float)):
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if d != d.to_integral_value() or d <= 0 or d >= Decimal(10) ** 9:
        return None
    return int(d)


@transaction.atomic
def provincial_level_set(
    *, actor: Actor, key: str, province_code: str, valid_from: dt.date, value: Any, citation: str
) -> Any:
    """Record a province's own higher level from `valid_from` (People's Council resolution).

    The national level is a floor (Decree 20/2021/NĐ-CP Art. 4(3)(a)): a lower value is refused.
    The province's previous row is closed the day before; the change is audited.
    """
    from ansinh.benefits.models import Confidence, LegalParameter

    if actor is None or not actor.can("benefits.parameters"):
        raise PermissionDenied()
    _check_province_scope(actor, province_code)
    valid_from, amount, citation = _clean_level(key, valid_from, value, citation)
    _check_floor(key, valid_from, amount)
    rows = LegalParameter.objects.select_for_update().filter(key=key, province_code=province_code)
    if rows.filter(valid_from=valid_from).exists():
        raise _field_error(
            "parameter.duplicate_start",
            _("This province already has a level from that date."),
            "valid_from",
        )
    later = rows.filter(valid_from__gt=valid_from).order_by("valid_from").first()
    previous = rows.filter(valid_from__lt=valid_from).order_by("-valid_from").first()
    if previous is not None and (previous.valid_to is None or previous.valid_to >= valid_from):
        before = audit.snapshot(previous, ["valid_to"])
        previous.valid_to = valid_from - dt.timedelta(days=1)
        previous.recorded_at = timezone.now()
        previous.save(update_fields=["valid_to", "recorded_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=previous,
            province_code=province_code,
            before=before,
            after=audit.snapshot(previous, ["valid_to"]),
        )
    row = LegalParameter.objects.create(
        key=key,
        province_code=province_code,
        valid_from=valid_from,
        valid_to=later.valid_from - dt.timedelta(days=1) if later else None,
        value=amount,
        citation=citation,
        confidence=Confidence.CONFIRMED,
        created_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        province_code=province_code,
        after=audit.snapshot(row, ["key", "province_code", "valid_from", "valid_to", "value", "citation"]),
    )
    transaction.on_commit(clear_cache)
    return row


def _check_floor(key: str, valid_from: dt.date, amount: int) -> None:
    from ansinh.core.money import format_vnd

    try:
        national = current_params().national(key, valid_from)
    except MissingParameter:
        raise _field_error(
            "parameter.no_national_level", _("No national level is in force on that date."), "valid_from"
        ) from None
    if Decimal(amount) < national.value:
        raise _field_error(
            "parameter.below_national",
            _("The provincial level may not be lower than the national level (%(level)s) on that date.")
            % {"level": format_vnd(int(national.value))},
            "value",
        )
