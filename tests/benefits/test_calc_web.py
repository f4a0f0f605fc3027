"""The public calculator page (/calc/) and the legal parameters page (/calc/parameters/)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from ansinh.benefits.models import LegalParameter
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reset_language():
    """LocaleMiddleware leaves the request's language active in this thread: put the default back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


SA_POST = {
    "regime": "social-assistance",
    "sa-on": "01/08/2025",
    "sa-birth_date": "01/05/1950",
    "sa-clauses": ["5a", "4"],
    "sa-household": "poor",
    "sa-children": "1",
}


@pytest.fixture
def client(units):
    return Client()


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_page_is_public_and_vietnamese_by_default(client):
    response = client.get("/calc/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'name="sa-clauses" value="5a"' in html and 'name="sp-pension_monthly"' in html
    assert (
        'hx-post="/calc/"' in html and 'action="/calc/#calc-social-assistance"' in html
    )  # htmx, and without JS


def test_post_without_js_shows_lines_and_notes(client):
    response = client.post("/calc/", SA_POST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.250.000 đ" in html
    assert "500.000 đ × 1,5 — Nghị định 20/2021/NĐ-CP, Điều 6" in html
    assert "Điều 6, khoản 2" in html  # the note on clause 4 being added
    assert "<html" in html  # the whole page


def test_htmx_post_returns_only_the_card(client):
    response = client.post("/calc/", SA_POST, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<section class="card calc-card"')
    assert "1.250.000 đ" in html


def test_english_page(client):
    response = english(client).post("/calc/", SA_POST)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "1,250,000 VND" in html and "500,000 VND × 1.5" in html


def test_provisional_warning(client):
    response = client.post(
        "/calc/",
        {
            "regime": "social-pension",
            "sp-on": "2026-08-01",
            "sp-birth_date": "01/01/1940",
            "sp-household": "none",
        },
    )
    html = response.content.decode()
    assert "540.000 đ" in html
    assert 'class="notice"' in html


def test_field_errors_beside_the_fields(client):
    bad = {**SA_POST, "sa-birth_date": "01/05/1990", "sa-clauses": ["5a"]}
    response = client.post("/calc/", bad)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_sa-clauses_error"' in html and "5a" in html
    bad_date = client.post("/calc/", {**SA_POST, "sa-on": "31/02/2025"})
    assert bad_date.status_code == 422 and 'id="id_sa-on_error"' in bad_date.content.decode()
    missing = client.post("/calc/", {**SA_POST, "sa-birth_date": ""}, HTTP_HX_REQUEST="true")
    assert missing.status_code == 200 and 'id="id_sa-birth_date_error"' in missing.content.decode()


def test_unknown_regime_posted_is_404(client):
    assert client.post("/calc/", {"regime": "x"}).status_code == 404


# --- the parameters page ---------------------------------------------------------------------------


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_parameters_page_lists_rows_with_provisional_badges(client):
    response = client.get("/calc/parameters/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nghị định 76/2024/NĐ-CP" in html and "500.000 đ" in html
    provisional = LegalParameter.objects.filter(confidence__in=["reported", "unconfirmed"]).count()
    assert provisional >= 3 and html.count("provisional-badge") == provisional
    assert 'id="provincial-level"' not in html  # no form for the public


def test_province_officer_records_own_level(client, province_officer):
    login(client, province_officer)
    page = client.get("/calc/parameters/").content.decode()
    assert 'id="provincial-level"' in page and 'value="11"' in page and 'value="01"' not in page
    response = client.post(
        "/calc/parameters/",
        {
            "confirmed": "1",
            "key": "sa.standard",
            "province_code": "11",
            "valid_from": "01/01/2025",
            "value": "600.000",
            "citation": "Nghị quyết 15/2024/NQ-HĐND tỉnh Điện Biên",
        },
    )
    assert response.status_code == 302
    row = LegalParameter.objects.get(province_code="11")
    assert (row.value, row.valid_from) == (600_000, dt.date(2025, 1, 1))
    assert "Nghị quyết 15/2024/NQ-HĐND" in client.get("/calc/parameters/").content.decode()


def test_level_below_the_floor_is_a_field_error(client, province_officer):
    login(client, province_officer)
    response = client.post(
        "/calc/parameters/",
        {
            "confirmed": "1",
            "key": "sa.standard",
            "province_code": "11",
            "valid_from": "01/01/2025",
            "value": "400000",
            "citation": "Nghị quyết 15/2024/NQ-HĐND",
        },
    )
    assert response.status_code == 422
    assert 'id="id_value_error"' in response.content.decode()
    assert not LegalParameter.objects.filter(province_code="11").exists()


def test_other_province_cannot_be_chosen(client, other_province_officer):
    login(client, other_province_officer)
    response = client.post(
        "/calc/parameters/",
        {
            "confirmed": "1",
            "key": "sa.standard",
            "province_code": "11",
            "valid_from": "01/01/2025",
            "value": "600000",
            "citation": "Nghị quyết 15/2024/NQ-HĐND",
        },
    )
    assert response.status_code == 422 and 'id="id_province_code_error"' in response.content.decode()
    assert not LegalParameter.objects.filter(province_code="11").exists()


def test_posting_needs_log_in_and_capability(client, commune_officer):
    data = {
        "key": "sa.standard",
        "province_code": "11",
        "valid_from": "01/01/2025",
        "value": "600000",
        "citation": "x",
    }
    anonymous = client.post("/calc/parameters/", data)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    login(client, commune_officer)
    assert 'id="provincial-level"' not in client.get("/calc/parameters/").content.decode()
    assert client.post("/calc/parameters/", data).status_code == 403
    assert not LegalParameter.objects.filter(province_code="11").exists()


def test_parameters_page_in_english(client):
    html = english(client).get("/calc/parameters/").content.decode()
    assert "500,000 VND" in html and "1.5" in html
