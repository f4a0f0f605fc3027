"""Decided statuses are written set-based (`bulk.write_statuses`, used by the commune's decision and the
import of approved lists): each household's current status closes the day before its new one, the new rows
and one audit event each go in without a per-row save, in as many statements whatever the number of
households, and the result is the one the services' checks expect (one current status per household)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.core.models import AuditEvent
from ansinh.poverty import bulk
from ansinh.poverty.models import PovertyStatus

pytestmark = pytest.mark.django_db
D = dt.date


def new(household, status, transition, day, number="41/QĐ-UBND"):
    return bulk.NewStatus(
        household_id=household.pk,
        commune_id=household.commune_id,
        province_code=household.province_code,
        status=status,
        transition=transition,
        valid_from=day,
        decision_number=number,
        decision_date=day,
    )


def test_closes_the_current_status_and_writes_the_new_ones(commune_officer, make_household):
    first, second, third = make_household(), make_household(), make_household()
    old = PovertyStatus.objects.create(
        household=first, status="poor", transition="newly_poor", valid_from=D(2025, 1, 10),
        decision_number="3/QĐ-UBND", decision_date=D(2025, 1, 10), commune_id=first.commune_id,
        province_code=first.province_code,
    )  # fmt: skip
    written = bulk.write_statuses(
        actor=commune_officer,
        rows=[
            new(first, "escaped", "escaped_poverty", D(2026, 1, 5)),
            new(second, "near_poor", "newly_near_poor", D(2026, 1, 5)),
            new(third, "poor", "newly_poor", D(2026, 2, 1)),
        ],
        audit_extra={"imported": "ds.xlsx"},
    )
    assert written == 3
    old.refresh_from_db()
    assert (old.valid_to, old.version, old.updated_by) == (D(2026, 1, 4), 2, commune_officer)
    current = {s.household_id: s for s in PovertyStatus.objects.filter(valid_to__isnull=True)}
    assert {h: (s.status, s.transition, s.valid_from) for h, s in current.items()} == {
        first.pk: ("escaped", "escaped_poverty", D(2026, 1, 5)),
        second.pk: ("near_poor", "newly_near_poor", D(2026, 1, 5)),
        third.pk: ("poor", "newly_poor", D(2026, 2, 1)),
    }
    row = current[second.pk]
    assert (row.created_by, row.updated_by, row.version, row.decision_number) == (
        commune_officer, commune_officer, 1, "41/QĐ-UBND",
    )  # fmt: skip
    assert row.commune_id == second.commune_id and row.created_at is not None
    events = {e.object_id: e for e in AuditEvent.objects.filter(object_type=bulk.STATUS_OBJECT)}
    assert set(events) == {str(s.pk) for s in current.values()}
    event = events[str(current[third.pk].pk)]
    assert (event.action, event.actor, event.actor_label) == (
        "create",
        commune_officer,
        commune_officer.username,
    )
    assert event.after == {
        "household_id": third.pk, "status": "poor", "transition": "newly_poor", "valid_from": "2026-02-01",
        "decision_number": "41/QĐ-UBND", "imported": "ds.xlsx",
    }  # fmt: skip
    assert event.province_code == third.province_code and event.at is not None
    # New keys follow the old ones: a later ORM row takes the next one.
    later = PovertyStatus.objects.create(
        household=second, status="poor", transition="newly_poor", valid_from=D(2027, 1, 1),
        valid_to=D(2027, 1, 2), decision_number="1/QĐ-UBND", decision_date=D(2027, 1, 1),
        commune_id=second.commune_id, province_code=second.province_code,
    )  # fmt: skip
    assert later.pk > max(s.pk for s in current.values())


def test_as_many_statements_for_many_households(commune_officer, make_household):
    few = [make_household() for _ in range(2)]
    many = [make_household() for _ in range(12)]

    def count(households, day):
        with CaptureQueriesContext(connection) as queries:
            bulk.write_statuses(
                actor=commune_officer, rows=[new(h, "poor", "newly_poor", day) for h in households]
            )
        return len(queries)

    assert count(few, D(2026, 1, 5)) == count(many, D(2026, 1, 5))
    assert PovertyStatus.objects.count() == 14
    assert bulk.write_statuses(actor=commune_officer, rows=[]) == 0
