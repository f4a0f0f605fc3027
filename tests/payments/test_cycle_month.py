"""The month of a cycle is checked in one place (the service) whichever way the cycle is created."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.core.errors import Conflict, ValidationFailed
from ansinh.payments import rules, services
from ansinh.payments.models import CycleStatus, PaymentCycle

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0001-01-01", "month.too_early"),
        ("0001-01", "month.invalid"),  # parse_month refuses years before 1900
        ("2021-06", "month.too_early"),
        ("1999-12-31", "month.too_early"),
        ("2026-05", "month.future"),
        ("9999-12-31", "month.future"),
        ("2026-13", "month.invalid"),
        ("not a month", "month.invalid"),
        ("", "month.invalid"),
    ],
)
def test_bad_months_are_refused_on_the_month_field(value, code):
    with pytest.raises(ValidationFailed) as refused:
        rules.cycle_month(value, today=TODAY)
    assert [(e.code, e.field) for e in refused.value.errors] == [(code, "month")]


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2021-07", dt.date(2021, 7, 1)),
        ("2026-04", dt.date(2026, 4, 1)),
        ("2026-03-31", dt.date(2026, 3, 1)),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 1)),
    ],
)
def test_months_in_range_are_accepted(value, month):
    assert rules.cycle_month(value, today=TODAY) == month


def test_the_api_refuses_a_full_date_in_year_one(client, province_officer):
    client.force_login(province_officer)
    body = json.dumps({"province_code": "11", "month": "0001-01-01"})
    response = client.post("/api/v1/payments/cycles", data=body, content_type="application/json")
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("month.too_early", "month")]
    assert not PaymentCycle.objects.exists()


def test_the_web_form_refuses_it(client, province_officer):
    client.force_login(province_officer)
    response = client.post(
        "/payments/cycles/new/", {"province_code": "11", "month": "0001-01-01"}, follow=True
    )
    assert "2021" in response.content.decode()  # the message names the earliest month
    assert not PaymentCycle.objects.exists()


def test_the_cli_refuses_it(province_officer):
    err = StringIO()
    with pytest.raises(CommandError, match="validation_failed"):
        call_command("cycle", "create", "11", "0001-01-01", "--as", province_officer.username, stderr=err)
    assert "07/2021" in err.getvalue()
    assert not PaymentCycle.objects.exists()


def test_a_cycle_recorded_before_the_check_is_not_jammed_in_generating(province_officer):
    cycle = PaymentCycle.objects.create(province_code="11", month=dt.date(1, 1, 1))
    with pytest.raises(Conflict) as refused:
        services.cycle_generate(cycle=cycle)
    assert refused.value.code == "cycle.month_out_of_range"
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.DRAFT
