"""The document register: numbers run per issuing unit, kind and year; a reprint keeps its number; concurrent
issues never share a number (PostgreSQL, threads)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from ansinh.core.models import AuditEvent
from ansinh.documents.models import IssuedDocument
from ansinh.documents.services import Subject, document_issue

DAY = dt.date(2026, 12, 7)


def subject(n: int, *, unit: str = "03154", kind: str = "DS", type_: str = "payments.cash_list") -> Subject:
    return Subject(
        type=type_,
        id=str(n),
        label=f"list {n}",
        unit_code=unit,
        kind=kind,
        symbol=f"{kind}-UBND",
        province_code="11",
    )


@pytest.mark.django_db
def test_numbers_run_per_unit_kind_and_year(province_officer):
    first = document_issue(actor=province_officer, subject=subject(1), day=DAY)
    second = document_issue(actor=province_officer, subject=subject(2), day=DAY)
    other_unit = document_issue(actor=province_officer, subject=subject(3, unit="03157"), day=DAY)
    other_kind = document_issue(actor=province_officer, subject=subject(4, kind="GT"), day=DAY)
    next_year = document_issue(actor=province_officer, subject=subject(5), day=dt.date(2027, 1, 2))
    assert (first.number, second.number, other_unit.number, other_kind.number, next_year.number) == (
        1,
        2,
        1,
        1,
        1,
    )
    assert str(second) == "2/DS-UBND"
    assert (second.issued_by, second.issued_on, second.subject_id) == (province_officer, DAY, "2")


@pytest.mark.django_db
def test_a_reprint_keeps_its_number(province_officer, commune_officer):
    first = document_issue(actor=province_officer, subject=subject(1), day=DAY)
    again = document_issue(actor=commune_officer, subject=subject(1), day=DAY + dt.timedelta(days=3))
    assert (again.pk, again.number, again.issued_on, again.issued_by) == (first.pk, 1, DAY, province_officer)
    assert document_issue(actor=province_officer, subject=subject(2), day=DAY).number == 2  # none consumed
    events = AuditEvent.objects.filter(object_type="documents.issueddocument", action="create")
    assert events.count() == 2


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers: PostgreSQL (SQLite has one writer at a time)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers(province_officer):
    _postgres_only()
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def issue(n: int) -> None:
        try:
            barrier.wait()
            document_issue(actor=None, subject=subject(n), day=DAY)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(IssuedDocument.objects.values_list("number", flat=True)) == list(range(1, 9))


@pytest.mark.django_db(transaction=True)
def test_concurrent_prints_of_one_subject_share_its_number(province_officer):
    _postgres_only()
    errors: list[Exception] = []
    numbers: list[int] = []
    barrier = threading.Barrier(6)

    def issue() -> None:
        try:
            barrier.wait()
            numbers.append(document_issue(actor=None, subject=subject(1), day=DAY).number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert numbers == [1] * 6
    assert IssuedDocument.objects.count() == 1
