"""A citizen classifies a household on a phone (390 px wide): the indicator list follows the date."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_classify_a_household_on_a_phone(live_server, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/calc/poverty/")
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator("#poverty-calc")

    card.locator('input[name="on"]').fill("01/03/2027")
    card.locator('select[name="area"]').focus()  # leaving the date re-draws the list for that date
    expect(page.locator("#deprived-waste")).to_be_visible()
    expect(page.locator("#deprived-information_access")).to_have_count(0)
    expect(page.locator("#poverty-calc")).to_contain_text("dự thảo")

    page.locator('input[name="on"]').fill("15/06/2026")
    page.locator('select[name="area"]').focus()
    expect(page.locator("#deprived-information_access")).to_be_visible()
    expect(page.locator("#deprived-waste")).to_have_count(0)

    page.locator('select[name="area"]').select_option("rural")
    page.locator('input[name="income_per_capita"]').fill("1.500.000")
    for code in ("health_insurance", "water", "latrine"):
        page.locator(f"#deprived-{code}").check()
    page.get_by_role("button", name="Phân loại").click()

    result = page.locator(".poverty-classification")
    expect(result).to_have_text("Hộ nghèo")
    expect(page.locator(".calc-result")).to_contain_text("Nghị định 351/2025/NĐ-CP")
    expect(page.locator("#deprived-water")).to_be_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"

    page.locator('input[name="income_per_capita"]').fill("-1")
    page.get_by_role("button", name="Phân loại").click()
    expect(page.locator("#id_income_per_capita_error")).to_be_visible()
    expect(page.locator(".poverty-classification")).to_have_count(0)
