"""The system administrator creates a commune officer in a real browser: the scope unit is found by typing
part of its name, and the matching communes appear as choices (htmx) under the box."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def test_create_a_commune_officer_choosing_the_commune_by_search(
    transactional_db, live_server, page: Page, admin_user, commune_b
):
    from ansinh.accounts.models import User
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Tạo người dùng").click()
    page.fill("#id_username", "xa_moi")
    page.fill("#id_full_name", "Lường Văn Khánh")
    page.select_option("#id_role", "commune_officer")
    page.fill("#id_scope_unit", commune_b.short_name)
    choice = page.locator(f'#unit-choices input[value="{commune_b.pk}"]')
    expect(choice).to_be_visible()
    choice.check()
    if os.environ.get("ANSINH_SCREENSHOTS"):
        page.screenshot(path=os.environ["ANSINH_SCREENSHOTS"] + "/user-create.png", full_page=True)
    page.get_by_role("button", name="Tạo người dùng").click()
    shown = page.locator(".secret").inner_text()
    assert User.objects.get(username="xa_moi").scope_unit_id == commune_b.pk
    assert User.objects.get(username="xa_moi").check_password(shown.strip())
    page.get_by_role("link", name="Về trang tài khoản").click()
    expect(page.locator("h1")).to_contain_text("Lường Văn Khánh")
    if os.environ.get("ANSINH_SCREENSHOTS"):
        page.screenshot(path=os.environ["ANSINH_SCREENSHOTS"] + "/user-detail.png", full_page=True)
        page.goto(f"{live_server.url}/users/")
        page.screenshot(path=os.environ["ANSINH_SCREENSHOTS"] + "/user-list.png", full_page=True)
