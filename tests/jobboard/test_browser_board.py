"""An anonymous visitor finds a job in a real browser by typing without accents, opens it and asks to be
contacted; the results change in place (htmx) and the request reaches the province's queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_visitor_searches_without_accents_and_registers_interest(
    transactional_db, live_server, page: Page, accountant, safety_officer
):
    from ansinh.jobboard.models import VacancyInterest

    page.goto(f"{live_server.url}/viec-lam/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.evaluate("window.stillTheSamePage = true")  # gone if the search reloaded the page
    page.get_by_label("Vị trí tuyển dụng hoặc doanh nghiệp").press_sequentially("ke toan", delay=30)

    results = page.locator("#results")
    expect(results).to_contain_text("Tìm thấy 1 vị trí")
    expect(results).to_contain_text("Kế toán tổng hợp")
    expect(results).to_contain_text("9.000.000 – 14.000.000 đ")
    expect(results).not_to_contain_text("Nhân viên an toàn lao động")
    assert page.evaluate("window.stillTheSamePage") is True
    assert "q=ke%20toan" in page.url  # the address can be shared or bookmarked

    results.get_by_role("link", name="Kế toán tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế toán tổng hợp")
    expect(page.locator("main")).to_contain_text("Trung tâm Dịch vụ việc làm tỉnh Điện Biên")

    # A mistyped number is refused beside its field; nothing is saved.
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hòa")
    page.get_by_label("Số điện thoại di động").fill("0123")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#id_phone_error")).to_contain_text("Số di động có 10 chữ số")
    expect(page.locator("#id_consent_error")).to_be_visible()
    assert VacancyInterest.objects.count() == 0

    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_label("Tôi đồng ý", exact=False).check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn")
    interest = VacancyInterest.objects.get()
    assert (interest.vacancy_id, interest.phone, interest.province_code) == (
        accountant.pk,
        "0912345678",
        "11",
    )


def test_employer_posts_a_vacancy_choosing_province_then_commune(
    transactional_db, live_server, page: Page, units
):
    from ansinh.geo.models import AdminUnit
    from ansinh.jobboard.models import VacancySubmission
    from tests.labour.conftest import tax_code

    commune = AdminUnit.objects.filter(structure="2025", level="commune", province_code="11").order_by(
        "code"
    )[0]
    page.goto(f"{live_server.url}/viec-lam/dang-tuyen/")
    page.get_by_label("Mã số thuế").fill(tax_code(4_242_420, prefix="56"))
    page.get_by_label("Tên doanh nghiệp, tổ chức").fill("Công ty TNHH Chè Mường Ảng")
    page.get_by_label("Tỉnh, thành phố nơi đặt trụ sở").select_option(label="Tỉnh Điện Biên")
    communes = page.get_by_label("Xã, phường nơi đặt trụ sở")
    expect(communes.locator(f'option[value="{commune.pk}"]')).to_have_count(1)  # loaded in place (htmx)
    communes.select_option(value=str(commune.pk))
    page.get_by_label("Người liên hệ", exact=True).fill("Trần Văn Minh")
    page.get_by_label("Điện thoại liên hệ", exact=True).fill("0912 888 777")
    page.get_by_label("Vị trí tuyển dụng", exact=True).fill("Kế toán kho")
    page.get_by_label("Lương từ (đồng/tháng)").fill("8.000.000")
    page.get_by_role("button", name="Gửi trung tâm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu tin tuyển dụng đã gửi")
    row = VacancySubmission.objects.get()
    expect(page.locator("main")).to_contain_text(row.reference)
    expect(page.locator("main")).to_contain_text("Chờ xem xét")
    assert (row.commune_id, row.province_code, row.wage_min) == (commune.pk, "11", 8_000_000)
