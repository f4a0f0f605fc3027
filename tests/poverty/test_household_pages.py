"""The household page and the person page show the household's poverty status with its decision and the
history of statuses; officers without the poverty permission and households never reviewed see no status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ansinh.core import clock
from ansinh.poverty.models import PovertyStatus

pytestmark = pytest.mark.django_db


def page(user, url):
    client = Client()
    client.force_login(user)
    with translation.override("vi"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def status(household, value, valid_from, valid_to=None, number="30/QĐ-UBND", transition="newly_poor"):
    return PovertyStatus.objects.create(
        household=household,
        status=value,
        transition=transition,
        valid_from=valid_from,
        valid_to=valid_to,
        decision_number=number,
        decision_date=valid_from,
        commune_id=household.commune_id,
        province_code=household.province_code,
    )


@pytest.fixture
def reviewed(make_household):
    household = make_household()
    status(household, "poor", dt.date(2024, 11, 20), dt.date(2025, 11, 24), number="12/QĐ-UBND")
    status(household, "escaped", dt.date(2025, 11, 25), number="30/QĐ-UBND", transition="escaped_poverty")
    return household


def test_the_household_page_shows_the_current_status_and_its_history(commune_officer, reviewed):
    with clock.frozen(dt.date(2026, 1, 10)):
        html = page(commune_officer, reverse("web:household_detail", args=[reviewed.pk]))
    assert "Tình trạng nghèo" in html
    current = html.split("<strong>", 1)[1].split("</strong>", 1)[0]
    assert current == "Thoát nghèo hoặc thoát cận nghèo"
    assert "Quyết định số 30/QĐ-UBND ngày 25/11/2025" in html
    assert "Số 12/QĐ-UBND ngày 20/11/2024" in html  # the earlier status in the history
    assert "24/11/2025" in html  # the day it closed


def test_the_person_page_shows_the_status_of_the_person_s_household(commune_officer, reviewed):
    with clock.frozen(dt.date(2025, 3, 1)):
        html = page(commune_officer, reverse("web:person_detail", args=[reviewed.head_id]))
    current = html.split('id="poverty-status-title"', 1)[1].split("<strong>", 1)[1].split("</strong>", 1)[0]
    assert current == "Hộ nghèo"
    assert "Quyết định số 12/QĐ-UBND ngày 20/11/2024" in html
    assert reverse("web:household_detail", args=[reviewed.pk]) in html


def test_a_household_never_reviewed_says_so(commune_officer, make_household):
    household = make_household()
    html = page(commune_officer, reverse("web:household_detail", args=[household.pk]))
    assert "Chưa rà soát" in html


def test_no_status_without_the_poverty_permission(counsellor, reviewed):
    # An employment counsellor reads the registry of the province, not the poverty review.
    assert counsellor.can("registry.view") and not counsellor.can("poverty.view")
    html = page(counsellor, reverse("web:household_detail", args=[reviewed.pk]))
    assert reviewed.code in html
    assert 'id="poverty-status-title"' not in html
