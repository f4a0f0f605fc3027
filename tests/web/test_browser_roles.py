"""Every role's main errand, in a real browser, on a 1366×768 office screen and a 390×844 phone: no page
scrolls sideways (a table may scroll inside its own box), and on the office screen the main menu is one row.

One server, one browser and one small data set for all six roles; every page that overflows is listed
at the end rather than stopping at the first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ansinh.benefits.models import Enrolment
from tests.conftest import FROZEN_TODAY

pytestmark = pytest.mark.browser

SCREENS = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}
THIS_MONTH = FROZEN_TODAY.replace(day=1)

# scrollWidth beyond clientWidth is a page that scrolls sideways; the menu's top-level items sharing
# one top edge is a menu on one row.
MEASURE = """() => {
  const root = document.documentElement;
  const items = [...document.querySelectorAll('.main-nav > ul > li')];
  const rows = new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size;
  const scrolls = el => { for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1 && !scrolls(el))
    .slice(-3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll: root.scrollWidth, client: root.clientWidth, menuRows: rows, wide: wide};
}"""


@pytest.fixture(autouse=True)
def _fixed_today(today):
    return today


def _enrol(person, clause, facts, *, channel="bank"):
    return Enrolment.objects.create(
        person=person, commune=person.commune, province_code=person.province_code,
        regime="social_assistance", clause=clause, facts=facts, facts_from=dt.date(2025, 7, 1),
        start_month=dt.date(2025, 7, 1), channel=channel,
        cash_reason="" if channel == "bank" else "Người cao tuổi không tự đi lại được",
    )  # fmt: skip


@pytest.fixture
def world(make_person, commune_a, province_officer, counsellor):
    """A few people of commune A with long names and addresses, two of them paid this month (one into a
    bank account, one in cash), the month's cycle generated, and a job seeker with a vacancy to match."""
    from ansinh.labour.registration import services as labour
    from ansinh.labour.registration.inputs import parse_employer, parse_seeker, parse_vacancy
    from ansinh.payments import services as payments
    from ansinh.registry.inputs import parse_person
    from tests.labour.conftest import person_raw, seeker_raw, tax_code

    poor_elder = {
        "clauses": ["5a"],
        "disability": None,
        "household": "poor",
        "children": 0,
        "studying": False,
    }
    first = make_person(
        full_name="Nguyễn Thị Phương Thảo", birth_date="1950-03-10", bank_code="VBA",
        bank_account="1234567890123", address_detail="Tổ dân phố 20, bản Mường Thanh Hạ",
    )  # fmt: skip
    second = make_person(full_name="Lò Văn Khánh Thành", birth_date="1948-07-02", sex="M")
    make_person(full_name="Quàng Thị Ngọc Ánh", birth_date="1992-11-23")
    _enrol(first, "5a", poor_elder)
    _enrol(second, "5a", poor_elder, channel="cash")
    cycle = payments.cycle_create(actor=province_officer, province_code="11", month=THIS_MONTH)
    payments.cycle_generation_start(actor=province_officer, cycle=cycle)
    payments.cycle_generate(cycle=cycle)

    seeker = labour.seeker_register(
        actor=counsellor,
        data=parse_seeker(seeker_raw(commune_a)),
        person=parse_person(person_raw(full_name="Cà Văn Chiến Thắng")),
    )
    employer = labour.employer_create(
        actor=counsellor,
        data=parse_employer(
            {
                "tax_code": tax_code(777, prefix="56"),
                "name": "Công ty TNHH Cơ khí và Xây lắp Điện Biên",
                "industry_code": "C",
                "size": "medium",
                "commune_id": commune_a.pk,
            }
        ),
    )
    labour.vacancy_create(
        actor=counsellor,
        data=parse_vacancy(
            {
                "employer_id": employer.pk,
                "title": "Thợ hàn điện công trình",
                "posts": 5,
                "wage_min": 7_000_000,
                "wage_max": 11_000_000,
                "skills": "Hàn MIG",
                "min_general_education": 2,
            }
        ),
    )
    return {"person": first, "cycle": cycle, "seeker": seeker}


def _errands(world) -> dict[str, list[str]]:
    """The pages of each role's main task, in the order an officer opens them."""
    person, cycle, seeker = world["person"].pk, world["cycle"].pk, world["seeker"].pk
    return {
        "commune_officer": [
            "/persons/?q=nguyen", f"/persons/{person}/", f"/persons/{person}/edit/",
            f"/benefits/persons/{person}/", f"/benefits/persons/{person}/enrol/", "/households/",
            f"/payments/cycles/{cycle}/lines/",
        ],
        "province_officer": [
            "/payments/", f"/payments/cycles/{cycle}/", f"/payments/cycles/{cycle}/lines/",
            f"/payments/cycles/{cycle}/report/", "/benefits/", "/simulations/",
        ],
        "employment_counsellor": [
            "/labour/seekers/", f"/labour/seekers/{seeker}/", "/labour/vacancies/", "/unemployment/",
            "/unemployment/calc/",
        ],
        "ministry_analyst": ["/reports/", "/simulations/", "SIMULATION", "/payments/"],
        "auditor": ["/audit/", "/audit/?action=view", f"/persons/{person}/", "/payments/"],
        "system_admin": ["/", "/audit/", "/reports/catalogue/", "/calc/", "/calc/parameters/"],
    }  # fmt: skip


def _log_in(page: Page, url: str, user, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def _run_simulation(page: Page, url: str) -> str:
    """The analyst's scenario through the form: a new standard level from next year."""
    page.goto(f"{url}/simulations/")
    page.locator('select[name="regime"]').select_option("social_assistance")
    page.locator('input[name="standard"]').fill("650.000")
    page.locator('input[name="from_month"]').fill("01/2027")
    page.get_by_role("button", name="Chạy mô phỏng").click()
    expect(page.get_by_role("heading", name="Theo khoản")).to_be_visible()
    return page.url.removeprefix(url)


def test_every_role_walks_its_errand_without_sideways_scrolling(
    live_server, page: Page, world, password, commune_officer, province_officer, counsellor, analyst, auditor,
    admin_user,
):  # fmt: skip
    cast = {
        "commune_officer": commune_officer, "province_officer": province_officer,
        "employment_counsellor": counsellor, "ministry_analyst": analyst, "auditor": auditor,
        "system_admin": admin_user,
    }  # fmt: skip
    problems: list[str] = []
    for role, paths in _errands(world).items():
        _log_in(page, live_server.url, cast[role], password)
        for screen, size in SCREENS.items():
            page.set_viewport_size(size)
            for path in paths:
                if path == "SIMULATION":
                    path = _run_simulation(page, live_server.url)
                response = page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")  # parts that htmx loads after the page
                assert response is not None and response.status == 200, f"{role} {path}: {response}"
                seen = page.evaluate(MEASURE)
                where = f"{role} at {screen} px, {path}"
                if seen["scroll"] > seen["client"]:
                    wide = f"{seen['scroll']} px wide for {seen['client']} px"
                    problems.append(f"{where}: the page is {wide} ({seen['wide']})")
                if screen == "1366" and seen["menuRows"] != 1:
                    problems.append(f"{where}: the main menu takes {seen['menuRows']} rows")
    assert not problems, "\n".join(problems)


def test_the_more_menu_opens_inside_the_phone_screen(live_server, page: Page, province_officer, password):
    page.set_viewport_size(SCREENS["390"])
    _log_in(page, live_server.url, province_officer, password)
    page.locator(".nav-more summary").click()
    link = page.locator(".nav-more").get_by_role("link", name="Hộ gia đình", exact=True)
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    page.locator(".nav-more summary").click()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hộ gia đình")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_person_saved_unchanged_keeps_the_address_as_typed(
    live_server, page: Page, commune_officer, make_person, password
):
    """The free-text address survives a save in the browser exactly as typed, and nothing is recorded."""
    from ansinh.core.models import AuditEvent

    person = make_person(address_detail="Tổ dân phố 20, bản Noong Bua")
    page.set_viewport_size(SCREENS["1366"])
    _log_in(page, live_server.url, commune_officer, password)
    page.goto(f"{live_server.url}/persons/{person.pk}/edit/")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator("main")).to_contain_text("Tổ dân phố 20, bản Noong Bua")
    assert not AuditEvent.objects.filter(object_id=str(person.pk), action="update").exists()
