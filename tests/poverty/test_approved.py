"""The approved lists: the certificate, the decision with its lists and the village posting list (PDF text),
the lists of households by status and of their members (masked IDs, Excel), the health-insurance file (read
back with calamine; full IDs only for the roles that hand it over, audited), the import of approved lists
(all or nothing, every refused row named), the command; another commune's objects are not found."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from python_calamine import CalamineWorkbook

from ansinh.core import clock
from ansinh.core.models import AuditEvent
from ansinh.poverty import services
from ansinh.poverty.approved import imports, insurance
from ansinh.poverty.models import PovertyStatus
from ansinh.registry.models import HouseholdMember
from tests.poverty.test_workflow import run_to_posting
from tests.reports.test_render_pdf import pdf_text

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2025, 11, 25)


def login(user):
    client = Client()
    client.force_login(user)
    return client


def flat(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def sheet_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.fixture
def village(commune_a, make_household):
    return [
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Co Mận"),
    ]


@pytest.fixture
def decided(commune_officer, commune_a, village):
    rnd = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "poor"])
    with clock.frozen(DECIDED):
        services.round_decide(
            actor=commune_officer,
            round_id=rnd.pk,
            data=services.DecisionData("30/QĐ-UBND", DECIDED, "Lò Văn Sơn"),
        )
    rnd.refresh_from_db()
    return rnd


def test_certificate_of_a_poor_household(commune_officer, other_commune_officer, decided, village):
    poor, near, middle, _fourth = village
    client = login(commune_officer)
    with clock.frozen(dt.date(2026, 1, 5)):
        draft = flat(client.get(f"/poverty/households/{poor.pk}/certificate.pdf"))  # a GET takes no number
        question = client.post(f"/poverty/households/{poor.pk}/certificate/issue/")
        text = flat(client.post(f"/poverty/households/{poor.pk}/certificate/issue/", {"confirmed": "1"}))
        again = flat(client.get(f"/poverty/households/{poor.pk}/certificate.pdf"))
        near_text = flat(client.post(f"/poverty/households/{near.pk}/certificate/issue/", {"confirmed": "1"}))
        refused = client.get(f"/poverty/households/{middle.pk}/certificate.pdf")
        other = login(other_commune_officer).get(f"/poverty/households/{poor.pk}/certificate.pdf")
    assert "DỰ THẢO" in draft and "Số: /GCN-UBND" in draft
    assert question.status_code == 200 and "Cấp số và in" in question.content.decode()  # asked first
    assert "GIẤY CHỨNG NHẬN" in text and "HỘ NGHÈO" in text
    assert "Số: 1/GCN-UBND" in text and "Số: 1/GCN-UBND" in again  # a reprint keeps its number
    assert "Số: 2/GCN-UBND" in near_text and "HỘ CẬN NGHÈO" in near_text
    assert poor.code in text and poor.head.full_name in text
    assert "Quyết định số 30/QĐ-UBND ngày 25/11/2025" in text
    assert "từ ngày 25/11/2025" in text
    assert "Lò Văn Sơn" in text and "CHỦ TỊCH" in text
    assert refused.status_code == 302  # a middle-living-standard household has no certificate
    assert other.status_code == 404
    printed = AuditEvent.objects.filter(action="export", object_type="poverty.certificate")
    assert printed.count() == 4


def test_decision_with_its_lists_and_the_posting_list(
    commune_officer, other_commune_officer, decided, village
):
    client = login(commune_officer)
    text = flat(client.get(f"/poverty/{decided.pk}/decision.pdf"))
    assert "QUYẾT ĐỊNH" in text and "Số: 30/QĐ-UBND" in text and "DỰ THẢO" not in text
    assert "Hộ nghèo: 2 hộ" in text and "Hộ cận nghèo: 1 hộ" in text
    assert "I. DANH SÁCH HỘ NGHÈO NĂM 2025" in text and "III. DANH SÁCH HỘ THOÁT NGHÈO" in text
    for household in village[:2] + village[3:]:
        assert household.code in text
    assert village[2].code not in text  # middle: on no list
    posting = flat(client.get(f"/poverty/{decided.pk}/posting.pdf", {"village": "Bản Noong Bua"}))
    assert "DANH SÁCH" in posting and "Bản Noong Bua" in posting
    assert "từ ngày 17/11/2025 đến hết ngày 19/11/2025" in posting
    assert village[0].code in posting and village[3].code not in posting
    assert "Hộ có mức sống trung bình" in posting
    assert client.get(f"/poverty/{decided.pk}/posting.pdf", {"village": "Bản Không Có"}).status_code == 404
    assert client.get(f"/poverty/{decided.pk}/posting.pdf").status_code == 302
    other = login(other_commune_officer)
    assert other.get(f"/poverty/{decided.pk}/decision.pdf").status_code == 404
    assert other.get(f"/poverty/{decided.pk}/posting.pdf", {"village": "Bản Noong Bua"}).status_code == 404


def test_the_decision_is_a_draft_before_it_is_taken(commune_officer, commune_a, village):
    rnd = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "poor"])
    text = flat(login(commune_officer).get(f"/poverty/{rnd.pk}/decision.pdf"))
    assert "DỰ THẢO" in text and "Hộ nghèo: 2 hộ" in text


def test_lists_of_households_and_members(commune_officer, other_commune_officer, decided, village):
    client = login(commune_officer)
    page = client.get("/poverty/households/", {"status": "poor"})
    assert page.status_code == 200
    html = page.content.decode()
    assert village[0].code in html and village[3].code in html and village[1].code not in html
    assert f"/poverty/households/{village[0].pk}/certificate.pdf" in html
    members = client.get("/poverty/members/").content.decode()
    head = village[0].head
    assert head.full_name in members and village[2].code not in members
    assert head.personal_id not in members  # masked
    export = client.post("/poverty/members/")
    rows = sheet_rows(export.content)
    assert any(village[0].code in map(str, row) for row in rows)
    assert not any(head.personal_id in map(str, row) for row in rows)
    other = login(other_commune_officer).get("/poverty/households/").content.decode()
    assert village[0].code not in other


def test_health_insurance_file(
    commune_officer, analyst, other_commune_officer, decided, village, make_person
):
    poor = village[0]
    spouse = make_person(full_name="Lò Thị Mai")
    HouseholdMember.objects.create(household=poor, person=spouse, relationship="spouse")
    client = login(commune_officer)
    response = client.get("/poverty/insurance/", {"on": "05/01/2026"})
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    header = rows[4]
    assert header[:5] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân"]
    assert header[7:] == ["Đối tượng", "Mã đơn vị hành chính", "Từ ngày"]
    data = rows[5:]
    names = [r[1] for r in data]
    # Two poor households (head; head and spouse) and one near-poor: four persons.
    assert len(data) == 4 and "Lò Thị Mai" in names
    head = poor.head
    line = next(r for r in data if r[1] == head.full_name and r[5] == poor.code)
    assert line[4] == head.personal_id and line[7] == "Hộ nghèo" and line[8] == poor.commune.code
    assert any(r[7] == "Hộ cận nghèo" for r in data)
    event = AuditEvent.objects.get(object_type="poverty.health_insurance")
    assert event.action == "export" and event.after["rows"] == 4 and event.after["full_ids"] is True
    # Before the decision nobody was poor; an analyst gets masked IDs; another commune sees nobody.
    assert len(sheet_rows(client.get("/poverty/insurance/", {"on": "24/11/2025"}).content)) == 5
    masked = sheet_rows(login(analyst).get("/poverty/insurance/", {"on": "05/01/2026"}).content)[5:]
    assert len(masked) == 4 and head.personal_id not in {r[4] for r in masked}
    assert (
        len(sheet_rows(login(other_commune_officer).get("/poverty/insurance/", {"on": "05/01/2026"}).content))
        == 5
    )
    bad = client.get("/poverty/insurance/", {"on": "31/02/2026"})
    assert bad.status_code == 422


def _xlsx(rows: list[list]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    book.close()
    return out.getvalue()


HEADER = ["Mã hộ", "Số định danh chủ hộ", "Tình trạng", "Số quyết định", "Ngày quyết định"]


def test_import_of_approved_lists(commune_officer, other_commune_officer, commune_b, make_household, village):
    elsewhere = make_household(commune=commune_b, actor=other_commune_officer)
    bad = _xlsx(
        [
            HEADER,
            [village[0].code, "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"],
            [elsewhere.code, "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"],
            ["", village[1].head.personal_id, "Giàu", "12/QĐ-UBND", "32/12/2024"],
            [village[0].code, "", "Hộ cận nghèo", "", "20/12/2024"],
        ]
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_statuses(actor=commune_officer, filename="ds.xlsx", content=bad)
    named = {(e.row, e.column, e.code) for e in refused.value.rows}
    assert named == {
        (3, "Mã hộ", "household.not_found"),  # another commune's household is not found
        (4, "Tình trạng", "status.unknown"),
        (4, "Ngày quyết định", "decision_date.invalid"),
        (5, "Mã hộ", "household.twice"),
        (5, "Số quyết định", "decision_number.required"),
    }
    assert PovertyStatus.objects.count() == 0  # nothing half-saved
    good = _xlsx(
        [
            HEADER,
            [village[0].code, "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"],
            ["", village[1].head.personal_id, "hộ cận nghèo", "12/QĐ-UBND", "20/12/2024"],
            [village[2].code, village[2].head.personal_id, "Thoát nghèo", "12/QĐ-UBND", "20/12/2024"],
        ]
    )
    result = imports.import_statuses(actor=commune_officer, filename="ds.xlsx", content=good)
    assert (result.households, result.poor, result.near_poor, result.others) == (3, 1, 1, 1)
    rows = {s.household_id: s for s in PovertyStatus.objects.all()}
    assert rows[village[0].pk].status == "poor" and rows[village[0].pk].transition == "newly_poor"
    assert rows[village[0].pk].valid_from == dt.date(2024, 12, 20) and rows[village[0].pk].round is None
    assert rows[village[2].pk].status == "escaped"
    assert AuditEvent.objects.filter(action="import", object_type="poverty.status_import").count() == 1
    # The same file again: each household already has that status; nothing changes.
    with pytest.raises(imports.ImportRefused) as again:
        imports.import_statuses(actor=commune_officer, filename="ds.xlsx", content=good)
    assert {e.code for e in again.value.rows} == {"status.later_recorded"}
    # A later decision closes the imported status.
    later = _xlsx([HEADER, [village[0].code, "", "Hộ cận nghèo", "40/QĐ-UBND", "01/12/2025"]])
    imports.import_statuses(actor=commune_officer, filename="ds.csv.xlsx", content=later)
    history = PovertyStatus.objects.filter(household=village[0]).order_by("valid_from")
    assert [(h.status, h.valid_to, h.transition) for h in history] == [
        ("poor", dt.date(2025, 11, 30), "newly_poor"),
        ("near_poor", None, "escaped_poverty"),
    ]


def test_import_page_and_command(commune_officer, village, tmp_path):
    client = login(commune_officer)
    assert client.get("/poverty/import/").status_code == 200
    template = client.get("/poverty/import/template.xlsx")
    assert sheet_rows(template.content)[0][:3] == ["Mã hộ", "Số định danh chủ hộ", "Tình trạng"]
    csv = f"Mã hộ,Tình trạng,Số quyết định,Ngày quyết định\n{village[0].code},Hộ nghèo,5/QĐ-UBND,2024-12-20\n"
    page = client.post("/poverty/import/", {"file": _upload("ds.csv", csv.encode())})
    assert page.status_code == 422
    assert "Ngày quyết định" in page.content.decode()
    ok = csv.replace("2024-12-20", "20/12/2024")
    page = client.post("/poverty/import/", {"file": _upload("ds.csv", ok.encode())})
    assert page.status_code == 302 and PovertyStatus.objects.filter(household=village[0]).exists()
    path = tmp_path / "ds.csv"
    path.write_text(
        f"Mã hộ,Tình trạng,Số quyết định,Ngày quyết định\n{village[1].code},Nghèo,5/QĐ-UBND,20/12/2025\n"
    )
    out = io.StringIO()
    call_command("poverty", "import", str(path), "--as", commune_officer.username, stdout=out)
    assert "1 households" in out.getvalue() or "1 hộ" in out.getvalue()
    path.write_text(
        f"Mã hộ,Tình trạng,Số quyết định,Ngày quyết định\n{village[1].code},Giàu,5/QĐ-UBND,20/12/2025\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("poverty", "import", str(path), "--as", commune_officer.username, stderr=err)
    assert failed.value.returncode == 2
    assert "Tình trạng" in err.getvalue()


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_insurance_ids_capability():
    from ansinh.accounts.roles import has_capability

    assert has_capability("commune_officer", insurance.IDS)
    assert not has_capability("ministry_analyst", insurance.IDS)
    assert not has_capability("auditor", insurance.IDS)
