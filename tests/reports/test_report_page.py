"""The report page and its downloads: filters, scope, partial swaps, and files that open."""

from __future__ import annotations

import io
import re

import pytest
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditAction, AuditEvent

from .report_samples import sample_report

PAGE = "/reports/view/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(put, commune_a, commune_b):
    """Two communes of Điện Biên with new jobs for 2025H1 and 2024H1."""
    put("LM.NEW_JOBS", commune_a, "2025H1", value=120)
    put("LM.NEW_JOBS", commune_b, "2025H1", value=80)
    put("LM.NEW_JOBS", commune_a, "2024H1", value=100)
    put("LM.NEW_JOBS", commune_b, "2024H1", value=60)


@pytest.fixture
def sample_build(monkeypatch):
    """build_report replaced by the hand-built seed-002 report, recording how it was called."""
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return sample_report()

    monkeypatch.setattr("ansinh.reports.build.build_report", fake)
    return calls


def test_page_with_real_figures(client, province_officer, figures):
    client.force_login(province_officer)
    response = client.get(PAGE, {"unit": "11", "kind": "half", "year": "2025", "number": "1", "group": "LM"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="report-title">Tỉnh Điện Biên' in html
    row = re.search(r'<tr id="figure-LM.NEW_JOBS">(.*?)</tr>', html, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]
    assert cells[2] == "200" and cells[5] == "160" and cells[6] == "+25%"  # 120 + 80 against 100 + 60
    assert "<svg" in html and 'role="img"' in html
    assert "SI.PARTICIPANTS" not in html  # only the LM group
    assert 'href="/reports/view/export/xlsx/?unit=11&amp;period=2025H1&amp;group=LM"' in html


def test_page_text_comes_from_the_report(client, province_officer, sample_build):
    client.force_login(province_officer)
    response = client.get(PAGE, {"unit": "11", "period": "2023", "group": "LM"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "; số lao động được tạo việc làm mới là 62.850 người, vượt 8,36% kế hoạch năm" in html
    assert "Xã Hoằng Hóa &amp; &lt;Đông&gt;" in html  # names escaped in the tables
    assert sample_build[0]["unit_code"] == "11" and sample_build[0]["groups"] == ["LM"]
    assert sample_build[0]["period"].code == "2023"


def test_htmx_swaps_only_the_report(client, province_officer, sample_build):
    client.force_login(province_officer)
    response = client.get(PAGE, {"unit": "11", "period": "2023"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="report-page">') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_default_period_and_pickers(client, analyst, sample_build):
    client.force_login(analyst)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert sample_build[0]["unit_code"] is None and sample_build[0]["period"].months == 6
    html = response.content.decode()
    assert '<option value="" selected>' in html  # the whole country
    assert '<option value="11">Tỉnh Điện Biên</option>' in html
    client.get(PAGE, {"kind": "quarter", "year": "2025", "number": "3"})
    client.get(PAGE, {"kind": "month", "year": "2025", "number": "7"})
    client.get(PAGE, {"kind": "year", "year": "2024", "number": "9"})
    assert [c["period"].code for c in sample_build[1:]] == ["2025Q3", "2025M07", "2024"]


def test_wrong_period_or_group_is_shown_next_to_the_field(client, analyst, sample_build):
    client.force_login(analyst)
    response = client.get(PAGE, {"kind": "half", "year": "2025", "number": "3"})
    assert response.status_code == 422
    assert 'id="period-error"' in response.content.decode()
    assert sample_build == []
    response = client.get(PAGE, {"period": "2025", "group": "NOPE"})
    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    response = client.get(PAGE, {"period": "2025H3"}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert 'id="period-error"' in response.content.decode()


def test_province_officer_sees_own_communes_only(client, province_officer, commune_a):
    client.force_login(province_officer)
    html = client.get(PAGE, {"unit": commune_a.code, "period": "2025H1"}).content.decode()
    assert f'<option value="{commune_a.code}" selected>' in html
    assert "Thành phố Hà Nội" not in html
    assert client.get(PAGE, {"unit": "01", "period": "2025H1"}).status_code == 404


def test_scope_and_permissions(client, commune_officer, commune_b, admin_user):
    client.force_login(commune_officer)
    assert client.get(PAGE, {"period": "2025H1"}).status_code == 200  # their own commune
    assert client.get(PAGE, {"unit": commune_b.code, "period": "2025H1"}).status_code == 404
    assert client.get(PAGE, {"unit": "11", "period": "2025H1"}).status_code == 404
    assert client.get(PAGE + "export/xlsx/", {"unit": "11", "period": "2025H1"}).status_code == 404
    client.force_login(admin_user)  # no reports.view
    assert client.get(PAGE, {"period": "2025H1"}).status_code == 403
    assert client.get(PAGE + "export/pdf/", {"period": "2025H1"}).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    for url in (PAGE, PAGE + "export/xlsx/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_xlsx_download_opens_and_is_audited(client, province_officer, figures):
    client.force_login(province_officer)
    response = client.get(PAGE + "export/xlsx/", {"unit": "11", "period": "2025H1", "group": "LM"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao_11_2025H1.xlsx"'
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name("Số liệu").to_python()
    new_jobs = next(row for row in rows if row[0] == "LM.NEW_JOBS")
    assert new_jobs[3] == 200 and new_jobs[6] == 160
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="reports.report")
    assert (event.object_id, event.province_code, event.actor) == ("11:2025H1", "11", province_officer)


def test_pdf_download(client, analyst, sample_build):
    client.force_login(analyst)
    response = client.get(PAGE + "export/pdf/", {"period": "2023"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")


def test_export_refuses_unknown_format_and_bad_period(client, analyst):
    client.force_login(analyst)
    assert client.get(PAGE + "export/docx/", {"period": "2025H1"}).status_code == 404
    response = client.get(PAGE + "export/xlsx/", {"period": "2025H7"})
    assert response.status_code == 422
    assert "2025H7" in response.content.decode()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, as the web tests use

    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.mark.browser
def test_filters_update_in_place_in_a_browser(live_server, page, province_officer):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(province_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}{PAGE}?unit=11&period=2025H1")
    expect(page.locator('[id="figure-SI.PARTICIPANTS"]')).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")  # gone if the change reloaded the page
    page.locator("#id_group").select_option("LM")
    expect(page.locator('[id="figure-SI.PARTICIPANTS"]')).to_have_count(0)
    expect(page.locator('[id="figure-LM.NEW_JOBS"]')).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    assert "group=LM" in page.url
    expect(page.locator("#report svg[role=img]").first).to_be_visible()


def test_the_reports_menu_entry_opens_the_report_page(client, analyst):
    client.force_login(analyst)
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"] == "/reports/view/"
    page = client.get("/reports/view/").content.decode()
    assert "/reports/submissions/" in page  # the reporting menu is on the report page too


def test_the_page_reuses_a_built_report_but_checks_scope_every_time(
    client, province_officer, other_province_officer, sample_build
):
    query = {"unit": "11", "period": "2023", "group": "LM"}
    client.force_login(province_officer)
    assert client.get(PAGE, query).status_code == 200
    assert client.get(PAGE, query).status_code == 200
    assert len(sample_build) == 1  # built once, shown twice
    client.force_login(other_province_officer)
    assert client.get(PAGE, query).status_code == 404  # Hà Nội's officer may not see Điện Biên
    assert client.get(PAGE, {**query, "unit": "01"}).status_code == 200
    assert len(sample_build) == 2
