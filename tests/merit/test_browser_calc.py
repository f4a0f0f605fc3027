"""An officer works out a war invalid's allowance on a phone (390 px wide), then a refused rate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_merit_allowance_on_a_phone(live_server, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/calc/merit/")
    card = page.locator("#merit-calc")

    card.locator('input[name="on"]').fill("01/07/2024")
    card.locator('select[name="category"]').select_option("war_invalid")
    card.locator('input[name="injury_rate"]').fill("81")
    expect(card.locator('input[name="lives_at_home"]')).to_be_checked()
    page.get_by_role("button", name="Tính").click()

    expect(page.locator(".merit-amount")).to_have_text("11.428.000 đ")  # PL II STT 61 + PL I 6.1
    expect(page.locator(".calc-result")).to_contain_text("Phụ lục II, STT 61")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"

    page.locator('input[name="injury_rate"]').fill("120")
    page.get_by_role("button", name="Tính").click()
    expect(page.locator("#id_injury_rate_error")).to_be_visible()
    expect(page.locator(".merit-amount")).to_have_count(0)
