"""In a real browser: a commune officer types figures the Vietnamese way and submits the period's report;
the province officer sees it among the communes and approves it, and the commune's figures are locked."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from ansinh.reports.models import DataValue, ReportSubmission

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, as the web tests use

    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def log_in(page: Page, url: str, user) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{url}/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_commune_enters_submits_and_province_approves(
    live_server, page: Page, commune_officer, province_officer, commune_a
):
    log_in(page, live_server.url, commune_officer)
    page.goto(f"{live_server.url}/reports/entry/?unit={commune_a.code}&period=2025H1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("6 tháng đầu năm 2025")
    page.locator("#value-SI\\.PARTICIPANTS").fill("1.250")
    # A part above its total is flagged as it is typed, next to both figures, and nothing is saved.
    page.locator("#value-SI\\.COMPULSORY").fill("2.000")
    page.locator("#value-SI\\.COMPULSORY").press("Tab")
    warning = "Số người tham gia BHXH bắt buộc (2.000) lớn hơn tổng số người tham gia BHXH (1.250)"
    expect(page.locator("#checks-SI\\.COMPULSORY")).to_contain_text(warning)
    expect(page.locator("#checks-SI\\.PARTICIPANTS")).to_contain_text(warning)
    assert not DataValue.objects.exists()
    page.locator("#value-SI\\.COMPULSORY").fill("")
    page.locator("#value-SI\\.COMPULSORY").press("Tab")
    expect(page.locator("#checks-SI\\.COMPULSORY")).to_be_empty()
    page.locator("#numerator-CHILD\\.SPECIAL_SUPPORTED").fill("42")
    page.locator("#denominator-CHILD\\.SPECIAL_SUPPORTED").fill("30")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#error-CHILD\\.SPECIAL_SUPPORTED-numerator")).to_contain_text(
        "không được lớn hơn mẫu số (30)"
    )
    page.locator("#denominator-CHILD\\.SPECIAL_SUPPORTED").fill("1.200")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#value-SI\\.PARTICIPANTS")).to_have_value("1250")
    assert DataValue.objects.get(indicator__code="CHILD.SPECIAL_SUPPORTED").denominator == 1200
    if os.environ.get("REPORTS_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['REPORTS_SCREENSHOTS']}/entry.png", full_page=True)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#report-status")).to_have_text("Đã gửi")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, live_server.url, province_officer)
    page.goto(f"{live_server.url}/reports/submissions/?period=2025H1")
    expect(page.locator("#missing-units")).not_to_contain_text(commune_a.name)
    row = page.locator("#list-reports-submissions tr", has_text=commune_a.name)
    row.get_by_role("button", name="Duyệt").click()
    page.locator("dialog.confirm-dialog").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator("#list-reports-submissions tr", has_text=commune_a.name)).to_contain_text("Đã duyệt")
    if os.environ.get("REPORTS_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['REPORTS_SCREENSHOTS']}/submissions.png", full_page=False)
    assert ReportSubmission.objects.get().status == "approved"
