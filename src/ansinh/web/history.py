"""Change history for people to read: who, when, what, and each changed field as before → after.

Audit events store field names and raw values; this turns them into labelled, formatted text with
a fixed number of queries per page (one for commune names, one for person names). Personal ID numbers,
accounts and phones are masked unless the page is a record's audited full view (`reveal=True`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format

from ansinh.core.actors import Actor
from ansinh.core.masking import MASKED_KEYS, OPEN_OBJECT_PREFIXES, WITHHELD
from ansinh.core.models import AuditEvent
from ansinh.geo.models import AdminUnit
from ansinh.registry import selectors
from ansinh.web import choices
from ansinh.web.labels import CHOICE_LABELS, field_label

# Fields that only follow another one (the precision follows the birth date, the province the commune).
_HIDDEN = {"birth_date_precision", "province_code"}
_UNIT_FIELDS = {"commune_id"}
_PERSON_FIELDS = {"head_id", "member_added", "member_removed", "merged_into"}
_DATE_FIELDS = {"birth_date", "death_date"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    event: AuditEvent
    changes: list[Change] = field(default_factory=list)


class _Names:
    """Display names for the ids found in a page of events, fetched once."""

    def __init__(self, events: list[AuditEvent], actor: Actor) -> None:
        unit_ids, person_ids = set(), set()
        for event in events:
            for values in (event.before or {}, event.after or {}):
                unit_ids |= {v for k, v in values.items() if k in _UNIT_FIELDS and v}
                person_ids |= {v for k, v in values.items() if k in _PERSON_FIELDS and v}
        self.units = (
            dict(AdminUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
        )
        self.persons = (
            dict(
                selectors.person_queryset(actor=actor, include_merged=True)
                .filter(pk__in=person_ids)
                .values_list("pk", "full_name")
            )
            if person_ids and actor.can("registry.view")
            else {}
        )
        self._ethnicities: dict[str, str] | None = None
        self._banks: dict[str, str] | None = None

    def ethnicity(self, code: str) -> str:
        if self._ethnicities is None:
            self._ethnicities = choices.ethnicity_names()
        return self._ethnicities.get(code, code)

    def bank(self, code: str) -> str:
        if self._banks is None:
            self._banks = choices.bank_names()
        return self._banks.get(code, code)


def _show(name: str, value: Any, names: _Names, reveal: bool = False) -> str:
    if value in (None, ""):
        return "—"
    if value == WITHHELD:
        return WITHHELD
    if name in MASKED_KEYS and not reveal:
        return MASKED_KEYS[name](str(value))
    if name in _UNIT_FIELDS:
        return names.units.get(value, f"#{value}")
    if name in _PERSON_FIELDS:
        return names.persons.get(value, f"#{value}")
    if name in _DATE_FIELDS:
        try:
            return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    if name in CHOICE_LABELS:
        return str(CHOICE_LABELS[name].get(value, value))
    if name == "ethnicity":
        return names.ethnicity(value)
    if name == "bank_code":
        return names.bank(value)
    return str(value)


def describe(events: Iterable[AuditEvent], *, actor: Actor, reveal: bool = False) -> list[Entry]:
    """Labelled changes; `reveal` shows personal data unmasked, only for a page whose read is audited."""
    events = list(events)
    names = _Names(events, actor)
    reads_persons = actor.can("registry.view")
    entries = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        keys = [k for k in after if k not in _HIDDEN] + [
            k for k in before if k not in after and k not in _HIDDEN
        ]
        if before:
            # Some events carry whole snapshots (households); show what differs.
            keys = [k for k in keys if before.get(k) != after.get(k)]
        elif event.action == "create":
            # A creation lists what was entered, leaving out the empty fields.
            keys = [k for k in keys if after.get(k) not in (None, "")]
        if not reads_persons and not event.object_type.startswith(OPEN_OBJECT_PREFIXES):
            # The log's reader may not read persons: which fields changed, not what they hold.
            before = dict.fromkeys(before, WITHHELD)
            after = dict.fromkeys(after, WITHHELD)
        changes = [
            Change(
                field_label(k),
                _show(k, before.get(k), names, reveal) if before else "",
                _show(k, after.get(k), names, reveal),
            )
            for k in keys
        ]
        entries.append(Entry(event, changes))
    return entries
