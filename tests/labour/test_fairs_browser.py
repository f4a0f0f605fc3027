"""A counsellor in a real browser records a hire at a job-fair session and refers a seeker from a match list;
both answer in place (htmx), without reloading the page."""

from __future__ import annotations

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


def test_hire_at_a_session_and_refer_from_matches(
    transactional_db, live_server, page: Page, counsellor, make_seeker, make_vacancy
):
    from ansinh.labour.fairs import services as fair_services
    from ansinh.labour.models import Placement, Referral
    from tests.conftest import PASSWORD
    from tests.labour.test_fairs import fair_data

    fair = fair_services.fair_create(actor=counsellor, data=fair_data(linked_provinces=[]))
    vacancy = make_vacancy(title="Thợ hàn điện", posts=3)
    fair_services.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=vacancy.employer_id, vacancies=[(vacancy.pk, 2)]
    )
    seeker = make_seeker(title="Thợ hàn điện")
    registration = fair_services.fair_seeker_register(actor=counsellor, fair_id=fair.pk, seeker_id=seeker.pk)
    fair_services.interview_schedule(
        actor=counsellor,
        fair_id=fair.pk,
        fair_seeker_id=registration.pk,
        fair_vacancy_id=fair.vacancies.get().pk,
        slot_start=fair.starts_at,
        table="B1",
    )
    other = make_seeker(title="Thợ hàn điện", person_overrides={"full_name": "Quàng Thị Mai"})

    page.goto(f"{live_server.url}/login/?next=/labour/fairs/{fair.pk}/")
    page.get_by_label("Tên đăng nhập").fill(counsellor.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(fair.title)
    page.evaluate("window.stillTheSamePage = true")

    row = page.locator("tr[id^=interview-]")
    row.get_by_label("Kết quả").select_option("hired")
    row.get_by_role("button", name="Lưu").click()
    dialog = page.locator("dialog.confirm-dialog")  # a hire closes the registration: asked first
    expect(dialog).to_contain_text("Thợ hàn điện")
    dialog.get_by_role("button", name="Ghi nhận tuyển dụng").click()
    expect(page.locator("tr[id^=interview-] .tag")).to_have_text("Được tuyển dụng")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Placement.objects.get(seeker=seeker).source == "fair"

    page.goto(f"{live_server.url}/labour/seekers/{other.pk}/")
    matches = page.locator("#matches")
    expect(matches).to_contain_text("Thợ hàn điện")
    page.evaluate("window.stillTheSamePage = true")
    matches.get_by_role("button", name="Giới thiệu").first.click()
    expect(matches).to_contain_text("Đã giới thiệu")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Referral.objects.filter(seeker=other, vacancy=vacancy).exists()
