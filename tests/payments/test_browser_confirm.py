"""In a real browser: approving a cycle asks in a dialog with the cycle's figures (Cancel changes nothing),
and the cycle page follows its generation job to the new state without a manual reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.payments.conftest import MONTH
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def _login(page: Page, live_server, user, next_url: str) -> None:
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_approval_asks_in_a_dialog(
    transactional_db, live_server, page: Page, enrol, generated, province_officer, approver
):
    from ansinh.payments import services
    from ansinh.payments.models import CycleStatus, PaymentCycle

    enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    cycle = services.cycle_submit(actor=province_officer, cycle=generated())
    lines = f"{cycle.line_count:,}".replace(",", ".")
    total = f"{cycle.total_amount:,}".replace(",", ".")
    _login(page, live_server, approver, f"/payments/cycles/{cycle.pk}/")
    steps = page.locator("#steps").locator("xpath=..")

    steps.get_by_role("button", name="Phê duyệt").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Duyệt {lines} dòng, {total} đ.")
    dialog.get_by_role("link", name="Hủy").click()
    expect(dialog).to_have_count(0)
    assert PaymentCycle.objects.get(pk=cycle.pk).status == CycleStatus.SUBMITTED

    steps.get_by_role("button", name="Phê duyệt").click()
    page.locator("dialog.confirm-dialog").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator("h1 .tag")).to_have_text("Đã duyệt")
    assert PaymentCycle.objects.get(pk=cycle.pk).status == CycleStatus.APPROVED


def test_the_cycle_page_follows_its_generation(
    transactional_db, live_server, page: Page, settings, enrol, new_cycle, province_officer
):
    from ansinh.core.jobs import job_run_inline
    from ansinh.payments.models import CycleStatus, PaymentCycle

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no worker yet
    enrol(start_month=MONTH)
    enrol(start_month=MONTH)
    cycle = new_cycle()
    _login(page, live_server, province_officer, f"/payments/cycles/{cycle.pk}/")
    expect(page.locator("h1 .tag")).to_have_text("Nháp")

    page.get_by_role("button", name="Lập danh sách chi trả").click()
    page.locator("dialog.confirm-dialog").get_by_role("button", name="Lập danh sách").click()
    progress = page.locator(".job-progress")
    expect(progress).to_contain_text("Đang chờ")  # queued: the page polls

    job_run_inline(PaymentCycle.objects.get(pk=cycle.pk).job)  # the worker runs it meanwhile

    # No reload by hand: the page shows the cycle's new state, and never "finished" beside the old one.
    expect(page.locator("h1 .tag")).to_have_text("Đã lập", timeout=10_000)
    expect(page.locator(".job-progress")).to_have_count(0)
    expect(page.locator("dl.record")).to_contain_text(re.compile(r"Số dòng\s*2"))
    expect(page.get_by_role("button", name="Trình duyệt")).to_be_visible()
    assert PaymentCycle.objects.get(pk=cycle.pk).status == CycleStatus.GENERATED
