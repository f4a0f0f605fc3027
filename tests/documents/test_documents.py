"""The four official documents as PDFs: the Decree 30 frame (header, number, Nơi nhận, signature block), what
each says, the register's number kept on reprint, scope (another province's object is not found), personal
IDs in full only for those who decide, and the audited hand-out."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ansinh.benefits.models import Decision
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditEvent
from ansinh.documents.models import IssuedDocument
from ansinh.labour.referrals import services as referral_services
from ansinh.payments import services as payment_services
from tests.payments.conftest import MONTH
from tests.reports.test_render_pdf import pdf_text

pytestmark = pytest.mark.django_db

HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def flat(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return " ".join(pdf_text(response.content).split())


def page_size(data: bytes) -> tuple[float, float]:
    box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", data).group(1).split()
    return float(box[2]), float(box[3])


def exports(object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="export", object_type=object_type).order_by("id"))


# --- the benefit decision ------------------------------------------------------------------------------


@pytest.fixture
def decided(enrol):
    enrolment = enrol(start_month=MONTH)
    decision = Decision.objects.create(
        person=enrolment.person,
        enrolment=enrolment,
        regime=enrolment.regime,
        kind="enrol",
        number="125/QĐ-UBND",
        signed_on=dt.date(2025, 9, 5),
        signer="Lò Văn Minh",
        effective_month=MONTH,
        facts=enrolment.facts,
        commune=enrolment.commune,
        province_code=enrolment.province_code,
    )
    enrolment.decision = decision
    enrolment.save(update_fields=["decision"])
    return enrolment


def test_benefit_decision(client, commune_officer, decided):
    client.force_login(commune_officer)
    text = flat(client.get(f"/benefits/{decided.pk}/decision.pdf"))
    commune = decided.commune.name
    for expected in (
        *HEADER,
        f"ỦY BAN NHÂN DÂN {commune.upper()}",
        "Số: 125/QĐ-UBND",
        f"{commune.removeprefix('Phường ').removeprefix('Xã ')}, ngày 05 tháng 9 năm 2025",
        "QUYẾT ĐỊNH Về việc hưởng trợ cấp xã hội hằng tháng",
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.upper()}",
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021",
        "Căn cứ Nghị định 76/2024/NĐ-CP, Điều 1",
        "QUYẾT ĐỊNH:",
        "Điều 1. Hưởng trợ cấp xã hội hằng tháng đối với Bà Nguyễn Thị Hòa",
        f"số định danh cá nhân: {decided.person.personal_id}",
        "Mức trợ cấp hằng tháng: 750.000 đồng (Bảy trăm năm mươi nghìn đồng)",
        "Thời điểm hưởng: từ tháng 10/2025",
        "Điều 2.",
        "Điều 3.",
        "i nhận: - Như Điều 3;",  # "Nơi nhận" (bold italic: see tests/reports/test_render_pdf.py)
        "CHỦ TỊCH Lò Văn Minh",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert IssuedDocument.objects.count() == 0  # the decision of record keeps its own number
    [event] = exports("benefits.enrolment_decision")
    assert (event.actor, event.object_id, event.after["number"]) == (
        commune_officer,
        str(decided.pk),
        "125/QĐ-UBND",
    )


def test_social_pension_decision(client, province_officer, enrol):
    enrolment = enrol(start_month=MONTH, regime="social_pension")
    client.force_login(province_officer)
    text = flat(client.get(f"/benefits/{enrolment.pk}/decision.pdf"))
    for expected in (
        "QUYẾT ĐỊNH Về việc hưởng trợ cấp hưu trí xã hội",
        "Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;",
        "Mức trợ cấp hằng tháng: 500.000 đồng (Năm trăm nghìn đồng)",
    ):
        assert expected in text, expected


def test_decision_masks_the_personal_id_for_readers(client, auditor, decided):
    client.force_login(auditor)
    text = flat(client.get(f"/api/v1/benefits/enrolments/{decided.pk}/decision.pdf"))
    number = decided.person.personal_id
    assert pid.mask(number) in text and number not in text


def test_decision_without_a_record_is_a_draft(client, province_officer, enrol):
    enrolment = enrol(start_month=MONTH)
    client.force_login(province_officer)
    text = flat(client.get(f"/api/v1/benefits/enrolments/{enrolment.pk}/decision.pdf"))
    assert "DỰ THẢO" in text and "Số: /QĐ-UBND" in text


def test_decision_of_another_province_is_not_found(client, other_province_officer, decided):
    client.force_login(other_province_officer)
    assert client.get(f"/benefits/{decided.pk}/decision.pdf").status_code == 404
    assert client.get(f"/api/v1/benefits/enrolments/{decided.pk}/decision.pdf").status_code == 404
    assert exports("benefits.enrolment_decision") == []


# --- the commune's cash-payment signing list -----------------------------------------------------------


@pytest.fixture
def cash_cycle(enrol, generated, commune_b):
    enrol(start_month=MONTH, account=False)
    enrol(start_month=MONTH, account=False)
    enrol(start_month=MONTH)  # paid into a bank account: not on the list
    enrol(start_month=MONTH, account=False, commune=commune_b)  # another commune's
    return generated()


def test_cash_list_is_a_draft_until_approved_then_numbered(
    client, province_officer, approver, commune_a, cash_cycle
):
    client.force_login(province_officer)
    url = f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}.pdf"
    draft = flat(client.get(url))
    assert "DỰ THẢO" in draft and "Số: /DS-UBND" in draft
    assert IssuedDocument.objects.count() == 0

    issue = f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}/issue/"
    refused = client.post(issue, {"confirmed": "1"}, follow=True)  # not approved: nothing to issue
    assert "khi đợt chi trả đã được duyệt" in refused.content.decode()
    assert IssuedDocument.objects.count() == 0

    cycle = payment_services.cycle_submit(actor=province_officer, cycle=cash_cycle)
    payment_services.cycle_approve(actor=approver, cycle=cycle)
    for _twice in range(2):  # approved, a GET still prints the draft and takes nothing
        assert "DỰ THẢO" in flat(client.get(url))
    assert IssuedDocument.objects.count() == 0
    page = client.get(f"/payments/cycles/{cash_cycle.pk}/").content.decode()
    assert f'action="{issue}"' in page

    question = client.post(issue)
    assert question["Content-Type"].startswith("text/html")
    assert "Cấp số danh sách từ sổ đăng ký năm" in question.content.decode()
    assert IssuedDocument.objects.count() == 0
    response = client.post(issue, {"confirmed": "1"})
    text = flat(response)
    for expected in (
        *HEADER,
        f"ỦY BAN NHÂN DÂN {commune_a.name.upper()}",
        "Số: 1/DS-UBND",
        "DANH SÁCH Chi trả trợ cấp bằng tiền mặt tháng 10/2025 (ký nhận)",
        "STT Họ và tên Năm sinh",
        "Ký nhận",
        "Tổng cộng 1.500.000",
        "Tổng số: 2 người nhận, số tiền 1.500.000 đồng.",
        "Số tiền bằng chữ: Một triệu năm trăm nghìn đồng.",
        "NGƯỜI LẬP BIỂU",
        "KẾ TOÁN",
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert text.count("Nguyễn Thị Hòa") == 2  # the two cash lines of commune A, not the bank or B's
    width, height = page_size(response.content)
    assert width > height  # landscape

    assert "Số: 1/DS-UBND" in flat(client.get(url))  # a reprint keeps its number
    assert "Số: 1/DS-UBND" in flat(client.post(issue))  # issuing again: the same number, not asked
    page = client.get(f"/payments/cycles/{cash_cycle.pk}/").content.decode()
    assert "1/DS-UBND" in page and f'action="{issue}"' not in page
    [issued] = IssuedDocument.objects.all()
    assert (issued.number, issued.issued_by, issued.subject_id) == (
        1,
        province_officer,
        f"{cycle.pk}:{commune_a.pk}",
    )
    numbers = [e.after["number"] for e in exports("payments.cash_list")]
    assert numbers == ["", "", "", "1/DS-UBND", "1/DS-UBND", "1/DS-UBND"]


def test_cash_list_issue_over_the_api(client, province_officer, approver, auditor, commune_a, cash_cycle):
    api = f"/api/v1/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}"
    client.force_login(province_officer)
    answer = client.post(f"{api}/issue")
    assert answer.status_code == 409 and answer.json()["code"] == "cash_list.not_approved"
    cycle = payment_services.cycle_submit(actor=province_officer, cycle=cash_cycle)
    payment_services.cycle_approve(actor=approver, cycle=cycle)
    assert "DỰ THẢO" in flat(client.get(f"{api}.pdf"))
    assert IssuedDocument.objects.count() == 0
    client.force_login(auditor)  # reads, never issues
    assert client.post(f"{api}/issue").status_code == 403
    client.force_login(province_officer)
    assert "Số: 1/DS-UBND" in flat(client.post(f"{api}/issue"))
    assert "Số: 1/DS-UBND" in flat(client.post(f"{api}/issue"))
    assert "Số: 1/DS-UBND" in flat(client.get(f"{api}.pdf"))
    assert IssuedDocument.objects.get().number == 1


def test_cash_list_scope(
    client, commune_officer, other_commune_officer, other_province_officer, commune_a, cash_cycle
):
    api = f"/api/v1/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}.pdf"
    client.force_login(commune_officer)
    assert client.get(api).status_code == 200
    client.force_login(other_commune_officer)  # same province, another commune: not theirs to print
    assert client.get(api).status_code == 404
    client.force_login(other_province_officer)
    assert client.get(api).status_code == 404
    assert client.get(f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}.pdf").status_code == 404


def test_cycle_page_offers_the_lists(client, province_officer, commune_a, cash_cycle):
    client.force_login(province_officer)
    page = client.get(f"/payments/cycles/{cash_cycle.pk}/").content.decode()
    assert f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}.pdf" in page


# --- the referral slip ---------------------------------------------------------------------------------


@pytest.fixture
def referral(counsellor, make_seeker, make_vacancy):
    seeker = make_seeker()
    vacancy = make_vacancy()
    return referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)


def test_referral_slip(client, counsellor, referral, today):
    client.force_login(counsellor)
    url, issue = f"/labour/referrals/{referral.pk}/slip.pdf", f"/labour/referrals/{referral.pk}/slip/issue/"
    for _twice in range(2):
        draft = flat(client.get(url))
        assert "DỰ THẢO" in draft and "Số: /GT-TTDVVL" in draft
    assert not IssuedDocument.objects.exists()
    page = client.get(f"/labour/seekers/{referral.seeker_id}/").content.decode()
    assert f'action="{issue}"' in page
    question = client.post(issue)
    assert question["Content-Type"].startswith("text/html") and "Cấp số phiếu từ sổ đăng ký năm" in (
        question.content.decode()
    )
    assert not IssuedDocument.objects.exists()
    text = flat(client.post(issue, {"confirmed": "1"}))
    person = referral.seeker.person
    for expected in (
        *HEADER,
        "SỞ NỘI VỤ TỈNH ĐIỆN BIÊN",
        "TRUNG TÂM DỊCH VỤ VIỆC LÀM",
        "Số: 1/GT-TTDVVL",
        f"Điện Biên, ngày {today:%d}",
        "PHIẾU GIỚI THIỆU VIỆC LÀM",
        f"Kính gửi: {referral.vacancy.employer.name}",
        person.full_name,
        person.personal_id,
        "Công nhân may công nghiệp",
        "6.000.000 – 9.000.000 đồng/tháng",
        f"Phiếu có giá trị đến hết ngày {today + dt.timedelta(days=30):%d/%m/%Y}",
        "i nhận: - Như trên;",
        "GIÁM ĐỐC",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert "Số: 1/GT-TTDVVL" in flat(client.get(f"/api/v1/labour/referrals/{referral.pk}/slip.pdf"))
    assert "Số: 1/GT-TTDVVL" in flat(client.post(f"/api/v1/labour/referrals/{referral.pk}/slip/issue"))
    assert IssuedDocument.objects.get().subject_type == "labour.referral_slip"
    assert len(exports("labour.referral_slip")) == 5
    page = client.get(f"/labour/seekers/{referral.seeker_id}/").content.decode()
    assert "1/GT-TTDVVL" in page and f'action="{issue}"' not in page


def test_referral_slip_masks_and_scopes(client, analyst, other_counsellor, referral):
    client.force_login(analyst)
    text = flat(client.get(f"/api/v1/labour/referrals/{referral.pk}/slip.pdf"))
    number = referral.seeker.person.personal_id
    assert pid.mask(number) in text and number not in text
    assert "DỰ THẢO" in text
    assert client.post(f"/api/v1/labour/referrals/{referral.pk}/slip/issue").status_code == 403
    assert client.post(f"/labour/referrals/{referral.pk}/slip/issue/", {"confirmed": "1"}).status_code == 403
    assert not IssuedDocument.objects.exists()
    client.force_login(other_counsellor)
    assert client.get(f"/labour/referrals/{referral.pk}/slip.pdf").status_code == 404
    assert client.get(f"/api/v1/labour/referrals/{referral.pk}/slip.pdf").status_code == 404


# --- the periodic report -------------------------------------------------------------------------------


def test_report_export_is_a_draft_until_issued_then_keeps_its_number(province_officer, auditor):
    from ansinh.core.errors import PermissionDenied
    from ansinh.reports.render.export import export
    from tests.reports.report_samples import sample_report

    def text(result) -> str:
        return " ".join(pdf_text(result.content).split())

    for _twice in range(2):
        draft = text(export(actor=province_officer, report=sample_report(), fmt="pdf"))
        assert "DỰ THẢO" in draft and "Số: /BC-UBND" in draft and "NGƯỜI LẬP BÁO CÁO" in draft
    assert not IssuedDocument.objects.exists()
    with pytest.raises(PermissionDenied):
        export(actor=auditor, report=sample_report(), fmt="pdf", issue=True)
    assert not IssuedDocument.objects.exists()

    first = export(actor=province_officer, report=sample_report(), fmt="pdf", issue=True)
    again = export(actor=province_officer, report=sample_report(), fmt="pdf", issue=True)
    reprint = export(actor=auditor, report=sample_report(), fmt="pdf")
    for result in (first, again, reprint):
        printed = text(result)
        assert "Số: 1/BC-UBND" in printed and "i nhận:" in printed and "DỰ THẢO" not in printed
    assert IssuedDocument.objects.get().subject_type == "reports.report"
    events = AuditEvent.objects.filter(action="export", object_type="reports.report").order_by("id")
    assert [e.after.get("number", "") for e in events] == ["", "", "1/BC-UBND", "1/BC-UBND", "1/BC-UBND"]
    assert [e.after.get("draft", False) for e in events] == [True, True, False, False, False]


def test_report_issue_pages_and_api(client, province_officer, auditor):
    from ansinh.documents.models import NumberRegister

    query = "unit=11&period=2025H1"
    client.force_login(province_officer)
    for _twice in range(2):
        assert "DỰ THẢO" in flat(client.get(f"/reports/view/export/pdf/?{query}"))
        assert "DỰ THẢO" in flat(client.get("/api/v1/reports/built/file", {"unit": "11", "period": "2025H1",
                                                                           "format": "pdf"}))  # fmt: skip
    assert not IssuedDocument.objects.exists() and not NumberRegister.objects.exists()
    page = client.get(f"/reports/view/?{query}").content.decode()
    issue = f"/reports/view/issue/?{query}"
    assert f'action="/reports/view/issue/?{query.replace("&", "&amp;")}"' in page

    question = client.post(issue)
    assert question["Content-Type"].startswith("text/html")
    assert "Cấp số báo cáo từ sổ đăng ký năm" in question.content.decode()
    assert not IssuedDocument.objects.exists()
    numbered = flat(client.post(issue, {"confirmed": "1"}))
    assert "Số: 1/BC-UBND" in numbered and "DỰ THẢO" not in numbered
    assert "Số: 1/BC-UBND" in flat(client.post("/api/v1/reports/built/issue?" + query))
    assert "Số: 1/BC-UBND" in flat(client.get(f"/reports/view/export/pdf/?{query}"))
    assert NumberRegister.objects.get().last_number == 1
    page = client.get(f"/reports/view/?{query}").content.decode()
    assert "1/BC-UBND" in page and "/reports/view/issue/" not in page

    client.force_login(auditor)
    assert client.post("/api/v1/reports/built/issue?" + query).status_code == 403
    assert client.post(issue, {"confirmed": "1"}).status_code == 403
