"""The commune's monthly payment list of merit allowances: the PDF (Decree 30 frame) from the merit payment
lines of the month's cycle, a signature cell for cash recipients, masked accounts, totals; a GET never
writes a register row; another commune's list is not found; other regimes' lines are not on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ansinh.core.models import AuditEvent
from ansinh.documents.models import IssuedDocument
from tests.reports.test_render_pdf import pdf_text

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid(veteran, mother, make_person, make_record, make_merit_line, commune_b):
    make_record(veteran, category="hero")
    make_record(mother, category="heroic_mother")
    make_merit_line(veteran, amount=3_514_000, channel="bank")
    make_merit_line(mother, amount=6_204_000, channel="cash")
    make_merit_line(
        mother, amount=1_000_000, channel="cash", for_month=dt.date(2026, 2, 1), kind="difference"
    )
    make_merit_line(veteran, amount=999_000, channel="bank", status="returned", for_month=dt.date(2026, 1, 1))
    make_merit_line(veteran, amount=2_000_000, month=dt.date(2026, 2, 1))  # another month
    other = make_person(full_name="Lường Văn Khác", commune_id=commune_b.pk)
    make_merit_line(other, amount=5_000_000)  # another commune
    line = make_merit_line(
        veteran, amount=777_000, channel="cash", for_month=dt.date(2026, 3, 1), kind="funeral"
    )
    line.regime = "social_assistance"
    line.save()


def flat(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def test_the_list_prints_the_communes_merit_lines_of_the_month(commune_officer, commune_a, paid, today):
    issued_before = IssuedDocument.objects.count()
    text = flat(login(commune_officer).get(f"/merit/payment-list/{commune_a.pk}.pdf?month=2026-03"))
    assert "DANH SÁCH" in text and "DỰ THẢO" in text
    assert "tháng 03/2026" in text
    assert "Lò Văn Tâm" in text and "Quàng Thị Mai" in text
    assert "Lường Văn Khác" not in text
    assert "3.514.000" in text and "6.204.000" in text and "1.000.000" in text
    assert "999.000" not in text and "2.000.000" not in text and "777.000" not in text
    assert "Bà mẹ Việt Nam anh hùng" in text
    assert "Truy lĩnh chênh lệch (tháng 02/2026)" in text
    assert "Chuyển khoản" in text and "Ký nhận" in text
    assert "0123456789" not in text  # the account is masked
    assert "10.718.000" in text  # the total
    assert "7.204.000 đồng cho 1 người (ký nhận)" in text
    assert "Mười triệu bảy trăm mười tám nghìn đồng" in text
    assert IssuedDocument.objects.count() == issued_before  # a GET takes no number
    assert AuditEvent.objects.filter(object_type="merit.payment_list", action="export").count() == 1


def test_the_form_leads_to_the_list_and_names_bad_fields(commune_officer, commune_a, paid, today):
    client = login(commune_officer)
    assert client.get("/merit/payment-list/").status_code == 200
    answer = client.get("/merit/payment-list/", {"commune": commune_a.pk, "month": "03/2026"})
    assert answer.status_code == 302
    assert answer["Location"] == f"/merit/payment-list/{commune_a.pk}.pdf?month=2026-03"
    bad = client.get("/merit/payment-list/", {"commune": "", "month": "13/2026"})
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "không phải là một tháng" in page and "Chọn xã/phường." in page


def test_another_communes_list_is_not_found(
    other_commune_officer, other_province_officer, commune_a, paid, today
):
    for officer in (other_commune_officer, other_province_officer):
        client = login(officer)
        assert client.get(f"/merit/payment-list/{commune_a.pk}.pdf?month=2026-03").status_code == 404
        assert client.get(f"/api/v1/merit/payment-list/{commune_a.pk}.pdf?month=2026-03").status_code == 404


def test_the_api_prints_the_same_list(province_officer, commune_a, paid, today):
    client = login(province_officer)
    text = flat(client.get(f"/api/v1/merit/payment-list/{commune_a.pk}.pdf", {"month": "03/2026"}))
    assert "Quàng Thị Mai" in text
    bad = client.get(f"/api/v1/merit/payment-list/{commune_a.pk}.pdf", {"month": "March"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "month"
