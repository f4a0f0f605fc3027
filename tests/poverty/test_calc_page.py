"""The public poverty-standard page (/calc/poverty/): the indicator list follows the date, the
classification shows its steps and basis, refusals sit beside their field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

URL = "/calc/poverty/"


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def client():
    return Client()


def boxes(html: str) -> list[str]:
    return re.findall(r'name="deprived" value="(\w+)"', html)


def checked(html: str) -> list[str]:
    return re.findall(r'name="deprived" value="(\w+)" id="deprived-\w+" checked', html)


def test_public_page_in_vietnamese_with_todays_indicators(client, monkeypatch):
    monkeypatch.setattr("ansinh.core.clock.today", lambda: dt.date(2026, 12, 7))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'value="07/12/2026"' in html
    assert "Chuẩn nghèo" in html
    assert len(boxes(html)) == 12 and "information_access" in boxes(html)
    assert "poverty-classification" not in html  # nothing classified before the form is sent


def test_the_indicator_list_follows_the_date(client):
    html = client.get(URL, {"on": "01/01/2027", "refresh": "1"}).content.decode()
    assert "waste" in boxes(html) and "information_access" not in boxes(html)
    assert "Chuẩn 2027-2030" in html


def test_a_new_date_keeps_the_boxes_it_shares(client):
    query = {"on": "01/01/2027", "refresh": "1", "deprived": ["water", "information_access"]}
    html = client.get(URL, query).content.decode()
    assert checked(html) == ["water"]


def test_htmx_redraws_only_the_card(client):
    response = client.get(URL, {"on": "01/01/2027", "refresh": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card calc-card" id="poverty-calc"')
    assert "<html" not in html


def test_classification_with_steps_and_basis(client):
    query = {
        "on": "15/06/2026",
        "area": "rural",
        "income_per_capita": "1.500.000",
        "deprived": ["water", "latrine", "health_insurance"],
    }
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong class="poverty-classification">Hộ nghèo</strong>' in html
    assert "1.500.000 đ" in html and "2.250.000 đ" in html
    assert "Nghị định 351/2025/NĐ-CP" in html and "Nghị định 07/2021/NĐ-CP, Điều 3" in html
    assert checked(html) == ["health_insurance", "water", "latrine"]


def test_2027_above_the_line_is_provisional(client):
    query = {"on": "01/03/2027", "area": "urban", "income_per_capita": "2800001"}
    html = client.get(URL, query).content.decode()
    assert "poverty-classification" in html
    assert 'class="tag"' in html  # provisional
    assert "2.800.000 đ" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"on": "14/03/2021", "area": "rural", "income_per_capita": "1"}, "on"),
        ({"on": "31/02/2026", "area": "rural", "income_per_capita": "1"}, "on"),
        ({"on": "01/06/2026", "area": "", "income_per_capita": "1"}, "area"),
        ({"on": "01/06/2026", "area": "rural", "income_per_capita": "abc"}, "income_per_capita"),
        ({"on": "01/06/2026", "area": "rural", "income_per_capita": "-5"}, "income_per_capita"),
        ({"on": "01/06/2026", "area": "rural", "income_per_capita": ""}, "income_per_capita"),
    ],
)
def test_refusals_beside_their_field(client, query, field):
    response = client.get(URL, query)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "poverty-classification" not in html


def test_a_date_without_a_standard_shows_no_indicators(client):
    html = client.get(URL, {"on": "01/06/2021", "refresh": "1"}).content.decode()
    assert boxes(html) == []
    assert "59/2015/QĐ-TTg" in html


def test_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    query = {"on": "15/06/2026", "area": "urban", "income_per_capita": "2000001"}
    html = client.get(URL, query).content.decode()
    assert "Middle-living-standard household" in html and "2,000,000 VND" in html


def test_the_calculator_links_to_it(client):
    assert URL in client.get("/calc/").content.decode()
