"""Beneficiaries, payment cycles and payment lines on the list kit: every enrolment (not only the latest)
with its monthly amount, name search, sorting by every column, masked accounts in the list and the export,
and a commune officer who sees only their commune's lines."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.masking import mask_account
from ansinh.core.models import AuditAction, AuditEvent
from tests.core.test_listkit import xlsx_rows, xlsx_text
from tests.payments.conftest import MONTH, SA_2025

pytestmark = pytest.mark.django_db


def test_beneficiaries_are_all_listed_with_the_monthly_amount(
    client, province_officer, enrol, make_person, today
):
    for n in range(3):
        enrol(person=make_person(full_name=f"Lò Thị {'ABC'[n]}", birth_date="1950-03-10"))
    stopped_person = make_person(full_name="Cà Văn Dừng", birth_date="1950-03-10")
    enrol(status="stopped", end_month=dt.date(2025, 12, 1), person=stopped_person)
    client.force_login(province_officer)
    page = client.get("/benefits/").context["list"]
    assert page.total == 4
    amounts = {row[0].text: row[7].text for row in page.rows}
    assert amounts["Lò Thị A"] == "750.000" and amounts["Cà Văn Dừng"] == "—"
    found = client.get("/benefits/", {"q": "lo thi"}).context["list"]
    assert found.total == 3
    stopped = client.get("/benefits/", {"status": "stopped"}).context["list"]
    assert [r[0].text for r in stopped.rows] == ["Cà Văn Dừng"]
    assert client.get("/benefits/", {"regime": "social_pension"}).context["list"].total == 0


@pytest.mark.parametrize("path", ["/benefits/", "/payments/"])
def test_every_column_sorts_both_ways(client, province_officer, enrol, generated, path):
    enrol(start_month=MONTH)
    generated()
    client.force_login(province_officer)
    page = client.get(path).context["list"]
    for header in page.headers:
        if header.url:
            for sort in (header.column.name, f"-{header.column.name}"):
                assert client.get(path, {"sort": sort}).status_code == 200, sort


def test_payment_lines_mask_accounts_in_the_list_and_the_export(
    client, province_officer, commune_officer, enrol, generated, commune_b
):
    mine = enrol(start_month=MONTH)
    enrol(start_month=MONTH, commune=commune_b)
    cycle = generated()
    url = f"/payments/cycles/{cycle.pk}/lines/"
    client.force_login(province_officer)
    page = client.get(url).context["list"]
    assert page.total == 2
    for header in page.headers:
        if header.url:
            assert client.get(url, {"sort": f"-{header.column.name}"}).status_code == 200
    body = client.get(url).content.decode()
    account = mine.person.bank_account
    assert mask_account(account) in body and account not in body
    assert client.get(url, {"amount_min": SA_2025 + 1}).context["list"].total == 0
    client.force_login(commune_officer)
    assert client.get(url).context["list"].total == 1
    export = client.post(url)
    text = xlsx_text(export.content)
    assert mask_account(account) in text and account not in text
    assert xlsx_rows(export.content) == 5 + 1
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.after["list"] == "payments.lines" and event.after["rows"] == 1


def test_payment_lines_of_another_province_are_not_found(client, other_province_officer, enrol, generated):
    enrol(start_month=MONTH)
    cycle = generated()
    client.force_login(other_province_officer)
    assert client.get(f"/payments/cycles/{cycle.pk}/lines/").status_code == 404
    assert client.post(f"/payments/cycles/{cycle.pk}/lines/").status_code == 404
