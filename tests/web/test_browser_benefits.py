"""From decision to payment line in a real browser: a commune officer enrols a person (the amount is
previewed in place as the facts are ticked), then the province officer creates and generates the month's
payment cycle and finds the person's line in it, the account masked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ansinh.benefits.models import Enrolment
from ansinh.core.money import format_vnd
from ansinh.payments.models import PaymentCycle
from tests.conftest import FROZEN_TODAY

pytestmark = pytest.mark.browser

# The whole journey (enrolment from this month, this month's cycle) runs on one fixed date.
THIS_MONTH = FROZEN_TODAY.replace(day=1)


@pytest.fixture(autouse=True)
def _fixed_today(today):
    return today


def log_in(page: Page, url: str, user, password: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def expected_amount() -> str:
    from ansinh.benefits.calc import calculator

    facts = {"on": THIS_MONTH.isoformat(), "birth_date": "1950-03-10", "clauses": ["5a"], "household": "poor"}
    return format_vnd(calculator.calculate("social-assistance", facts).monthly_amount)


def test_enrol_then_pay_in_the_months_cycle(
    live_server, page: Page, commune_officer, province_officer, make_person, password
):
    person = make_person(
        full_name="Lò Thị Bình", birth_date="1950-03-10", bank_code="VCB", bank_account="0123456789"
    )
    amount = expected_amount()

    log_in(page, live_server.url, commune_officer, password)
    page.goto(f"{live_server.url}/benefits/persons/{person.pk}/enrol/")
    page.evaluate("window.stillTheSamePage = true")
    page.locator('select[name="regime"]').select_option("social_assistance")
    page.locator('select[name="household"]').select_option("poor")
    page.locator('input[name="clauses"][value="5a"]').check()
    page.locator('input[name="number"]').fill("12/QĐ-UBND")
    page.locator('input[name="signed_on"]').fill(THIS_MONTH.strftime("%d/%m/%Y"))
    page.locator('input[name="signer"]').fill("Chủ tịch UBND xã")
    page.locator('input[name="effective_month"]').fill(THIS_MONTH.strftime("%m/%Y"))
    page.locator('input[name="effective_month"]').blur()
    expect(page.locator("#preview")).to_contain_text(amount)  # previewed by htmx, no reload
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_role("button", name="Lập hồ sơ hưởng").click()
    dialog = page.locator("dialog.confirm-dialog")  # enrolling approves the decision: asked first
    expect(dialog).to_contain_text(amount)
    dialog.get_by_role("button", name="Duyệt hưởng").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lò Thị Bình")
    expect(page.locator("main")).to_contain_text(amount)
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.status == "active" and enrolment.start_month == THIS_MONTH
    log_out(page)

    log_in(page, live_server.url, province_officer, password)
    page.goto(f"{live_server.url}/payments/")
    page.locator('input[name="month"]').fill(THIS_MONTH.strftime("%Y-%m"))
    page.get_by_role("button", name="Tạo kỳ chi trả").click()
    page.get_by_role("button", name="Lập danh sách chi trả").click()
    page.locator("dialog.confirm-dialog").get_by_role("button", name="Lập danh sách").click()
    expect(page.locator("h1 .tag")).to_have_text("Đã lập")
    cycle = PaymentCycle.objects.get(province_code="11", month=THIS_MONTH)
    page.goto(f"{live_server.url}/payments/cycles/{cycle.pk}/lines/")
    row = page.locator("tr", has_text="Lò Thị Bình")
    expect(row).to_contain_text(amount)
    expect(row).to_contain_text("6789")
    expect(row).not_to_contain_text("0123456789")  # the account is masked in the list
