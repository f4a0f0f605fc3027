"""A worker asks "how much would I get, for how long" in a real browser, without logging in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_worker_calculates_unemployment_benefit(live_server, page: Page):
    page.goto(f"{live_server.url}/unemployment/calc/")
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator("#calc-unemployment-benefit")
    card.locator('input[name="ui-termination_date"]').fill("01/01/2026")
    card.locator('input[name="ui-filed_on"]').fill("05/01/2026")
    card.locator('input[name="ui-avg_salary_6m"]').fill("60.000.000")
    card.locator('input[name="ui-contribution_months"]').fill("200")
    card.get_by_role("button", name="Tính").click()

    card = page.locator("#calc-unemployment-benefit")
    expect(card).to_contain_text("26.550.000 đ")  # 5 × 5.310.000 đ, Decree 293/2025 region I
    expect(card.locator(".calc-months")).to_have_text("12")
    expect(card).to_contain_text("19/01/2026")  # the 11th working day from Monday 05/01/2026
    expect(card).to_contain_text("Luật Việc làm 74/2025/QH15")
    assert page.evaluate("window.stillTheSamePage") is True

    card.locator('input[name="ui-region"]').count()  # the region is a select
    card.locator('input[name="ui-contribution_months"]').fill("")
    card.get_by_role("button", name="Tính").click()
    card = page.locator("#calc-unemployment-benefit")
    expect(card.get_by_role("alert")).to_be_visible()
    expect(card).not_to_contain_text("26.550.000 đ")
