"""A commune officer fills a household's survey on a 390 px phone: a draft saved half-way keeps what was
entered, the final save classifies the household, and the form never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ansinh.poverty import services
from ansinh.poverty.models import Survey
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture(autouse=True)
def _fixed_today(today):
    return today


def test_survey_on_a_phone(live_server, page: Page, commune_officer, commune_a, make_person):
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    head = make_person(birth_date="1980-05-05")
    household = household_create(
        actor=commune_officer,
        data=HouseholdData(commune_id=commune_a.pk, address_detail="Bản Noong Bua"),
        head_id=head.pk,
    )
    rnd = services.round_create(
        actor=commune_officer, data=services.RoundData(commune_id=commune_a.pk, kind="periodic", year=2025)
    )
    survey = Survey.objects.get(round=rnd, household=household)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}/poverty/surveys/{survey.pk}/")
    expect(page.locator('input[name="m-0-age"]')).to_have_value("45")  # on 01/01/2026, the standard's day
    assert not page.evaluate(SIDEWAYS)
    page.locator('select[name="m-0-employment"]').select_option("self_employed")
    page.locator('select[name="h-dwelling"]').select_option("makeshift")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()
    expect(page.locator('select[name="m-0-employment"]')).to_have_value("self_employed")
    expect(page.locator('select[name="h-dwelling"]')).to_have_value("makeshift")
    survey.refresh_from_db()
    assert survey.draft and survey.answers["dwelling"] == "makeshift"

    # Final without the income: refused, naming the answer, nothing classified.
    page.get_by_role("button", name="Lưu hoàn thành và xác định kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("income")
    survey.refresh_from_db()
    assert survey.draft

    page.locator('select[name="m-0-health_insurance"]').select_option("yes")
    page.locator('input[name="h-floor_area_m2"]').fill("30")
    page.locator('select[name="h-water_source"]').select_option("surface")
    page.locator('select[name="h-latrine"]').select_option("none")
    page.locator('select[name="h-uses_phone_or_internet"]').select_option("yes")
    page.get_by_label("Điện thoại thông minh").check()
    page.locator('input[name="income-agriculture"]').fill("12.000.000")
    assert not page.evaluate(SIDEWAYS)
    page.get_by_role("button", name="Lưu hoàn thành và xác định kết quả").click()
    expect(page.get_by_text("Phiếu đã hoàn thành: Hộ nghèo.")).to_be_visible()
    assert not page.evaluate(SIDEWAYS)
    survey.refresh_from_db()
    assert (survey.draft, survey.classification, survey.income_per_capita) == (False, "poor", 1_000_000)
    assert survey.deprived == ["housing_quality", "water", "latrine"]
