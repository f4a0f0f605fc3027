"""The list kit in a real browser, on the persons list: filter by commune, search, sort by a column, page,
and 'Xuất Excel' of what is filtered — the results swapped by htmx with the address following along."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _name(n: int) -> str:
    return f"Lò Văn {chr(65 + n // 26)}{chr(97 + n % 26)}"  # Aa, Ab, … (names hold letters only)


def test_filter_sort_page_and_export_persons(
    live_server, page: Page, province_officer, make_person, password, commune_b
):
    for n in range(52):
        make_person(full_name=_name(n), birth_date=f"{1950 + n}-01-02")
    make_person(full_name="Quàng Thị Khác", commune_id=commune_b.pk)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(province_officer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/persons/")
    results = page.locator("#list-registry-persons")
    expect(results).to_contain_text("Tìm thấy 53 kết quả")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Xã", exact=True).select_option(str(commune_b.pk))
    expect(results).to_contain_text("Tìm thấy 1 kết quả")
    expect(results).to_contain_text("Quàng Thị Khác")
    expect(page).to_have_url(re.compile(rf"commune={commune_b.pk}"))
    page.get_by_label("Xã", exact=True).select_option("")
    expect(results).to_contain_text("Tìm thấy 53 kết quả")

    page.get_by_label("Họ tên, số định danh cá nhân, số điện thoại hoặc năm sinh").press_sequentially(
        "lo van", delay=30
    )
    expect(results).to_contain_text("Tìm thấy 52 kết quả")

    results.get_by_role("link", name="Năm sinh").click()
    expect(page).to_have_url(re.compile(r"sort=birth_year"))
    expect(results.locator("th[aria-sort=ascending]")).to_contain_text("Năm sinh")
    results.get_by_role("link", name="Năm sinh").click()
    expect(results.locator("th[aria-sort=descending]")).to_contain_text("Năm sinh")
    expect(results.locator("tbody tr").first).to_contain_text(_name(51))

    results.get_by_role("navigation").get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(results.locator("tbody tr")).to_have_count(2)
    expect(results.locator("tbody tr").last).to_contain_text(_name(0))
    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped the results, no reload

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(results.locator("tbody tr")).to_have_count(50)

    with page.expect_download() as download:
        results.get_by_role("button", name="Xuất Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
