"""A citizen checks an entitlement in a real browser, without logging in: the calculator answers in place
(htmx) with the amount and the legal basis of each line, and a contradiction is shown beside its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_citizen_calculates_social_assistance(live_server, page: Page):
    page.goto(f"{live_server.url}/calc/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.evaluate("window.stillTheSamePage = true")  # gone if submitting reloaded the page
    card = page.locator("#calc-social-assistance")
    card.locator('input[name="sa-on"]').fill("15/01/2026")
    card.locator('input[name="sa-birth_date"]').fill("02/03/1950")
    card.locator('input[name="sa-clauses"][value="5a"]').check()
    card.locator('select[name="sa-household"]').select_option("poor")
    card.get_by_role("button", name="Tính").click()

    card = page.locator("#calc-social-assistance")
    expect(card).to_contain_text("750.000 đ")
    expect(card).to_contain_text("500.000 đ × 1,5 — Nghị định 20/2021/NĐ-CP, Điều 6")
    assert page.evaluate("window.stillTheSamePage") is True

    # Clause 5a at 45 contradicts the law: the error is shown, no amount.
    card.locator('input[name="sa-birth_date"]').fill("02/03/1980")
    card.get_by_role("button", name="Tính").click()
    card = page.locator("#calc-social-assistance")
    expect(card.get_by_role("alert")).to_be_visible()
    expect(card).not_to_contain_text("750.000 đ")
