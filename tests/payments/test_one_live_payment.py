"""Of the attempts at one payment at most one is live: the database refuses a second, whatever the code
path (constraint `payments_line_one_live`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ansinh.payments import services
from ansinh.payments.models import DEAD_STATUSES, LineKind, LineStatus, PaymentLine
from ansinh.payments.references import line_reference
from tests.payments.conftest import MONTH
from tests.payments.test_workflow import _returned_line

pytestmark = pytest.mark.django_db


def _another_attempt(line: PaymentLine, *, attempt: int, kind: str | None = None, status=LineStatus.PENDING):
    copy = PaymentLine.objects.get(pk=line.pk)
    copy.pk = None
    copy.kind = kind or line.kind
    copy.attempt = attempt
    copy.reference = line_reference(line.enrolment_id, line.for_month, copy.kind, attempt)
    copy.status, copy.batch, copy.reissue_of = status, None, None
    with transaction.atomic():
        copy.save()
    return copy


def live_lines(line: PaymentLine):
    return PaymentLine.objects.filter(
        enrolment_id=line.enrolment_id, for_month=line.for_month, kind=line.kind
    ).exclude(status__in=DEAD_STATUSES)


def test_a_line_switched_to_cash_cannot_also_be_reissued(exported, province_officer):
    line = _returned_line(exported, province_officer)
    _another_attempt(line, attempt=5, status=LineStatus.REISSUED)  # dead attempts do not count
    services.line_switch_to_cash(actor=province_officer, line=line, reason="Tài khoản đã đóng")
    with pytest.raises(IntegrityError):
        _another_attempt(line, attempt=1)
    assert live_lines(line).count() == 1


def test_a_returned_line_can_be_reissued(exported, province_officer):
    line = _returned_line(exported, province_officer)
    again = _another_attempt(line, attempt=1)
    assert set(live_lines(line)) == {again}


def test_each_difference_is_its_own_payment(exported, province_officer):
    line = _returned_line(exported, province_officer)
    first = _another_attempt(line, attempt=0, kind=LineKind.DIFFERENCE)
    second = _another_attempt(line, attempt=10, kind=LineKind.DIFFERENCE)  # a second difference: allowed
    with pytest.raises(IntegrityError):
        _another_attempt(line, attempt=11, kind=LineKind.DIFFERENCE)  # re-issue of a live difference
    PaymentLine.objects.filter(pk=second.pk).update(status=LineStatus.RETURNED)
    reissue = _another_attempt(line, attempt=11, kind=LineKind.DIFFERENCE)
    assert {first, reissue} <= set(
        PaymentLine.objects.filter(kind=LineKind.DIFFERENCE).exclude(status__in=DEAD_STATUSES)
    )


def test_a_reissue_turned_away_leaves_the_returned_line_returned(exported, province_officer, generated):
    """A payment already live by another attempt (settled by hand) is not re-issued again."""
    line = _returned_line(exported, province_officer)
    other = _another_attempt(line, attempt=3)
    november = generated(dt.date(2025, 11, 1))
    assert not november.lines.filter(reissue_of=line).exists()
    line.refresh_from_db()
    assert line.status == LineStatus.RETURNED
    assert set(live_lines(line)) == {other}
    assert line.for_month == MONTH
