"""One officer's errand in a real browser: log in, find a person by typing without accents, fix the phone
number, and see the change in the record's history.

Runs Debian's Chromium against pytest-django's live server; `live_server` makes the test transactional, so
the people created here are committed and visible to the server thread.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ansinh.core.models import AuditEvent

pytestmark = pytest.mark.browser


def test_find_edit_and_see_history(live_server, page: Page, commune_officer, make_person, password):
    person = make_person(full_name="Đặng Thị Thùy Dương", phone="0912345678", birth_date="1988-04-12")
    make_person(full_name="Đặng Văn Tùng", sex="M")  # a namesake the search must tell apart

    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.get_by_role("link", name="Tra cứu nhân khẩu").first.click()
    page.evaluate("window.stillTheSamePage = true")  # gone if typing reloaded the page instead of htmx
    page.get_by_label("Họ tên, số định danh cá nhân, số điện thoại hoặc năm sinh").press_sequentially(
        "dang thi thuy", delay=40
    )
    result = page.locator("#list-registry-persons").get_by_role("link", name="Đặng Thị Thùy Dương")
    expect(result).to_be_visible()
    expect(page.locator("#list-registry-persons")).not_to_contain_text("Đặng Văn Tùng")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(re.compile(r"/persons/\?(.*&)?q=dang(\+|%20)thi(\+|%20)thuy"))

    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đặng Thị Thùy Dương")
    expect(page.locator("dd", has_text=person.personal_id)).to_be_visible()

    page.get_by_role("link", name="Sửa").click()
    phone = page.get_by_label("Số điện thoại")
    expect(phone).to_have_value("0912345678")
    phone.fill("0987 654 321")
    page.get_by_role("button", name="Lưu thay đổi").click()

    expect(page.get_by_role("status")).to_contain_text("Đã lưu các thay đổi.")
    latest = page.locator(".history-entry").first  # newest first
    expect(latest).to_contain_text(commune_officer.username)
    expect(latest).to_contain_text("Cập nhật")
    expect(latest.locator("li", has_text="Số điện thoại")).to_contain_text("0912345678")
    expect(latest.locator("ins")).to_have_text("0987654321")

    event = AuditEvent.objects.get(object_id=str(person.pk), action="update")
    assert event.actor == commune_officer
    assert event.after == {"phone": "0987654321"}
