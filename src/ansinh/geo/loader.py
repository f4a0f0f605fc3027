"""Load both structures of administrative units and their 2025 lineage, idempotently and set-based.

`load_units()` reads the data shipped in `vietnamadminunits` (see `source.py`), compares it with what
the database holds and writes only the difference:

- Units are matched on (structure, level, code) and upserted (INSERT … ON CONFLICT DO UPDATE) in one
  statement per level and batch, parents before children. A unit that exists keeps its primary key:
  users, persons and households point at units, so units are never deleted and re-created. A unit the
  database holds but the source no longer lists is left in place and reported (`not_in_source`);
  ending its validity needs a dated decision, which a data file does not give.
- Lineage rows (nothing points at them) are upserted on (predecessor, successor); rows for the 2025
  reform that the source no longer lists are deleted.
- A `DataSource` row records the package, its version, a checksum of the data files and the counts.

A second run with the same data writes nothing and reports status "unchanged".
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import fold
from ansinh.geo.models import REFORM_DATE, AdminUnit, DataSource, Level, UnitLineage
from ansinh.geo.source import PACKAGE, LineageRow, SourceData, UnitKey, UnitRow, read_source

SOURCE_NAME = "admin-units"
UNIT_FIELDS = (
    "name",
    "short_name",
    "unit_type",
    "name_folded",
    "parent_id",
    "province_code",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "aliases",
)
LINEAGE_FIELDS = ("level", "kind", "effective_date", "is_default", "share")
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
BATCH_SIZE = 2000


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@transaction.atomic
def load_units(*, stdout: Writer | None = None) -> dict[str, Any]:
    """Bring the units, their lineage and the DataSource row in line with the installed data.

    Returns a summary: status ("created" | "updated" | "unchanged"), the source, per-table change
    counts, the counts per structure and level, the data quirks met and the time taken.
    """
    started = time.perf_counter()
    source = read_source()
    had_units = AdminUnit.objects.exists()
    unit_changes, ids = _sync_units(source.units)
    lineage_changes = _sync_lineage(source.lineage, ids)
    counts = _counts(source)
    source_changed = _record_source(source, counts)

    changed = unit_changes["created"] or unit_changes["updated"] or source_changed
    changed = (
        changed or lineage_changes["created"] or lineage_changes["updated"] or lineage_changes["deleted"]
    )
    status = "created" if not had_units else "updated" if changed else "unchanged"
    _report(stdout, source, unit_changes)
    return {
        "status": status,
        "source": {"package": PACKAGE, "version": source.version, "checksum": source.checksum},
        "units": unit_changes,
        "lineage": lineage_changes,
        "counts": counts,
        "quirks": dict(source.quirks),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _sync_units(rows: list[UnitRow]) -> tuple[dict[str, int], dict[UnitKey, int]]:
    existing = {
        (row["structure"], row["level"], row["code"]): row
        for row in AdminUnit.objects.values("id", "structure", "level", "code", *UNIT_FIELDS)
    }
    ids = {key: row["id"] for key, row in existing.items()}
    changes = Counter[str]()
    for level in LEVEL_ORDER:
        pending = []
        for unit in (row for row in rows if row.level == level):
            wanted = _unit_fields(unit, ids)
            current = existing.get(unit.key)
            if current is not None and all(current[name] == wanted[name] for name in UNIT_FIELDS):
                changes["unchanged"] += 1
                continue
            changes["created" if current is None else "updated"] += 1
            pending.append(AdminUnit(structure=unit.structure, level=unit.level, code=unit.code, **wanted))
        if pending:
            _upsert_units(pending)
            ids.update(
                ((structure, level, code), pk)
                for structure, code, pk in AdminUnit.objects.filter(level=level).values_list(
                    "structure", "code", "id"
                )
            )
    changes["not_in_source"] = len(existing.keys() - {row.key for row in rows})
    return {name: changes[name] for name in ("created", "updated", "unchanged", "not_in_source")}, ids


def _unit_fields(unit: UnitRow, ids: dict[UnitKey, int]) -> dict[str, Any]:
    parent_key = unit.parent_key
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "unit_type": unit.unit_type,
        "name_folded": fold(unit.name),
        "parent_id": ids[parent_key] if parent_key else None,
        "province_code": unit.province_code,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
        "area_km2": unit.area_km2,
        "aliases": list(unit.aliases),
    }


def _upsert_units(units: list[AdminUnit]) -> None:
    AdminUnit.objects.bulk_create(
        units,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["level", "code", "structure"],
        update_fields=[name.removesuffix("_id") for name in UNIT_FIELDS],
    )


def _sync_lineage(rows: list[LineageRow], ids: dict[UnitKey, int]) -> dict[str, int]:
    wanted = {
        (ids[row.predecessor], ids[row.successor]): {
            "level": row.level,
            "kind": row.kind,
            "effective_date": REFORM_DATE,
            "is_default": row.is_default,
            "share": row.share,
        }
        for row in rows
    }
    existing = {
        (row["predecessor_id"], row["successor_id"]): row
        for row in UnitLineage.objects.values("id", "predecessor_id", "successor_id", *LINEAGE_FIELDS)
    }
    pending = [
        UnitLineage(predecessor_id=pair[0], successor_id=pair[1], **fields)
        for pair, fields in wanted.items()
        if pair not in existing or any(existing[pair][name] != fields[name] for name in LINEAGE_FIELDS)
    ]
    created = len([link for link in pending if (link.predecessor_id, link.successor_id) not in existing])
    if pending:
        UnitLineage.objects.bulk_create(
            pending,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["predecessor", "successor"],
            update_fields=list(LINEAGE_FIELDS),
        )
    # Only rows of the reform this source describes are ours to retire; links recorded for another
    # reorganisation (by a later loader or by hand) are left alone.
    stale = [
        row["id"]
        for pair, row in existing.items()
        if pair not in wanted and row["effective_date"] == REFORM_DATE
    ]
    for start in range(0, len(stale), BATCH_SIZE):
        UnitLineage.objects.filter(id__in=stale[start : start + BATCH_SIZE]).delete()
    return {
        "created": created,
        "updated": len(pending) - created,
        "deleted": len(stale),
        "unchanged": len(wanted) - len(pending),
    }


def _counts(source: SourceData) -> dict[str, dict[str, int]]:
    units = Counter((unit.structure, unit.level) for unit in source.units)
    counts: dict[str, dict[str, int]] = {}
    for (structure, level), number in sorted(units.items()):
        counts.setdefault(structure, {})[level] = number
    counts["lineage"] = dict(sorted(Counter(row.level for row in source.lineage).items()))
    return counts


def _record_source(source: SourceData, counts: dict[str, Any]) -> bool:
    """Write the DataSource row only when something about the data changed (so reruns write nothing)."""
    wanted = {"package": PACKAGE, "version": source.version, "checksum": source.checksum, "counts": counts}
    current = DataSource.objects.filter(name=SOURCE_NAME).values(*wanted).first()
    if current == wanted:
        return False
    DataSource.objects.update_or_create(name=SOURCE_NAME, defaults=wanted)
    return True


def _report(stdout: Writer | None, source: SourceData, unit_changes: dict[str, int]) -> None:
    if stdout is None:
        return
    for line in _quirk_lines(source.quirks, unit_changes):
        stdout.write(f"{line}\n")


def _quirk_lines(quirks: Counter[str], unit_changes: dict[str, int]) -> Iterable[str]:
    """Only what needs a person's attention; quirks handled by rule are in the summary's `quirks`."""
    if quirks["lineage_keys_not_in_dataset"]:
        yield str(
            _("Warning: %(count)d lineage entries name units missing from the data set; skipped.")
            % {"count": quirks["lineage_keys_not_in_dataset"]}
        )
    conflicts = sum(number for name, number in quirks.items() if name.startswith("conflicting_rows_"))
    if conflicts:
        yield str(
            _("Warning: %(count)d rows repeat a code with other details; the first was kept.")
            % {"count": conflicts}
        )
    if unit_changes["not_in_source"]:
        yield str(
            _("Warning: %(count)d units in the database are no longer in the source; left unchanged.")
            % {"count": unit_changes["not_in_source"]}
        )
