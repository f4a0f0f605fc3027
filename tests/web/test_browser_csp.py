"""Under the Content-Security-Policy the pages still work in a real browser: nothing is refused, the
period selector still submits itself, and the API docs (Swagger UI from this site) render offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def test_pages_work_under_the_policy(live_server, page: Page, province_officer, password):
    refused = _violations(page)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(province_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}/reports/submissions/")
    period = page.locator("select#period")
    options = period.locator("option")
    if options.count() > 1:
        target = options.nth(1).get_attribute("value")
        period.select_option(target)
        page.wait_for_url(f"**period={target}*")
    assert refused == []


def test_api_docs_render_offline_under_the_policy(live_server, page: Page):
    refused = _violations(page)
    outside: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ansinh API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert outside == [] and refused == []
