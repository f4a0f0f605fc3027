"""Who signs the official documents: recorded per issuing unit, body and kind of document with a term of
office, in scope and audited; printed in force on the document's date; where nobody is recorded the block
keeps its title, the name is left to the hand, and the page that prints says so."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.benefits.models import Decision
from ansinh.core.errors import PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.documents import selectors, services
from ansinh.documents.models import Signatory
from ansinh.labour.referrals import services as referral_services
from ansinh.payments import services as payment_services
from tests.documents.test_documents import flat
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db


def record(actor, unit, **fields) -> Signatory:
    raw = {
        "unit": unit.pk,
        "authority_line": "TM. ỦY BAN NHÂN DÂN",
        "title": "Chủ tịch",
        "full_name": "lò văn thắng",
        "valid_from": "01/07/2025",
        **fields,
    }
    return services.signatory_save(actor=actor, data=services.parse_signatory(raw))


def codes(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


# --- recording ----------------------------------------------------------------------------------------


def test_recorded_in_capitals_with_the_name_as_written_and_audited(province_officer, commune_a):
    signatory = record(province_officer, commune_a, delegation_line="kt. chủ tịch", title="phó chủ tịch")
    assert signatory.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signatory.full_name == "Lò Văn Thắng"
    assert (signatory.commune, signatory.province_code) == (commune_a, "11")
    [event] = AuditEvent.objects.filter(object_type="documents.signatory")
    assert (event.action, event.actor, event.after["full_name"]) == (
        "create",
        province_officer,
        "Lò Văn Thắng",
    )

    data = services.parse_signatory(
        {"unit": commune_a.pk, "title": "PHÓ CHỦ TỊCH", "full_name": "Lò Văn Thắng",
         "valid_from": "01/07/2025", "valid_to": "31/12/2026"}
    )  # fmt: skip
    services.signatory_save(actor=province_officer, data=data, signatory=signatory)
    update = AuditEvent.objects.filter(object_type="documents.signatory", action="update").get()
    assert update.before == {"authority_line": "TM. ỦY BAN NHÂN DÂN", "delegation_line": "KT. CHỦ TỊCH",
                             "valid_to": None}  # fmt: skip
    assert update.after == {"authority_line": "", "delegation_line": "", "valid_to": "2026-12-31"}


def test_every_field_problem_at_once():
    with pytest.raises(ValidationFailed) as refused:
        services.parse_signatory(
            {"unit": "", "body": "bank", "kind": "XX", "title": "", "full_name": "",
             "valid_from": "31/02/2026", "valid_to": ""}
        )  # fmt: skip
    assert codes(refused.value) == {
        "unit": "unit.required",
        "body": "body.invalid",
        "kind": "kind.invalid",
        "title": "title.required",
        "full_name": "full_name.required",
        "valid_from": "field.bad_date",
    }
    with pytest.raises(ValidationFailed) as refused:
        services.parse_signatory(
            {"unit": "1", "title": "CHỦ TỊCH", "full_name": "A", "valid_from": "02/01/2026",
             "valid_to": "01/01/2026"}
        )  # fmt: skip
    assert codes(refused.value) == {"valid_to": "valid_to.before_start"}


def test_who_records_for_which_unit(
    province_officer, commune_officer, other_province_officer, counsellor, auditor, dien_bien, commune_a,
    commune_b,
):  # fmt: skip
    record(commune_officer, commune_a)
    record(province_officer, dien_bien, authority_line="", title="GIÁM ĐỐC", body="employment_centre")
    record(province_officer, commune_b)
    for actor, unit in (
        (commune_officer, commune_b),
        (commune_officer, dien_bien),
        (other_province_officer, commune_a),
    ):
        with pytest.raises(ValidationFailed) as refused:
            record(actor, unit, valid_from="01/01/2030")
        assert codes(refused.value) == {"unit": "unit.invalid"}  # out of scope reads as not a choice
    for actor in (counsellor, auditor):
        with pytest.raises(PermissionDenied):
            record(actor, commune_a, valid_from="01/01/2030")
    with pytest.raises(ValidationFailed) as refused:
        record(province_officer, commune_a, body="employment_centre", valid_from="01/01/2030")
    assert codes(refused.value) == {"body": "body.centre_of_province"}
    assert Signatory.objects.count() == 3


def test_terms_of_one_body_and_kind_never_overlap(province_officer, commune_a):
    record(province_officer, commune_a, valid_to="30/06/2026")
    with pytest.raises(ValidationFailed) as refused:
        record(province_officer, commune_a, full_name="Quàng Văn Bình", valid_from="01/06/2026")
    assert codes(refused.value) == {"valid_from": "valid_from.overlap"}
    assert "Lò Văn Thắng" in str(refused.value.errors[0].message)
    record(province_officer, commune_a, full_name="Quàng Văn Bình", valid_from="01/07/2026")
    record(province_officer, commune_a, full_name="Lường Thị Hoa", kind="DS", valid_from="01/06/2026")


def test_the_signatory_in_force_on_a_date(province_officer, commune_a):
    record(province_officer, commune_a, valid_to="30/06/2026")
    record(province_officer, commune_a, full_name="Quàng Văn Bình", valid_from="01/07/2026")
    record(province_officer, commune_a, full_name="Lường Thị Hoa", kind="DS", valid_from="01/01/2026",
           valid_to="31/03/2026")  # fmt: skip

    def on(day, kind="QĐ"):
        found = selectors.committee_signatory(unit=commune_a, kind=kind, day=day)
        return found.full_name if found else None

    assert on(dt.date(2025, 6, 30)) is None  # before the first term
    assert on(dt.date(2026, 2, 1)) == "Lò Văn Thắng"
    assert on(dt.date(2026, 2, 1), "DS") == "Lường Thị Hoa"  # the kind's own signatory first
    assert on(dt.date(2026, 4, 1), "DS") == "Lò Văn Thắng"  # then the one for every kind
    assert on(dt.date(2026, 7, 1)) == "Quàng Văn Bình"


# --- printed ------------------------------------------------------------------------------------------


@pytest.fixture
def cash_cycle(enrol, generated):
    enrol(start_month=MONTH, account=False)
    return generated()


def test_cash_list_names_the_preparer_and_the_chairman(
    client, province_officer, approver, commune_officer, commune_a, cash_cycle, today
):
    province_officer.first_name, province_officer.last_name = "Nguyễn Thị", "Lan"
    province_officer.save()
    url = f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}.pdf"
    client.force_login(province_officer)
    page = client.get(f"/payments/cycles/{cash_cycle.pk}/").content.decode()
    assert "Chưa ghi nhận người ký danh sách của: " + commune_a.name in page
    draft = flat(client.get(url))
    assert "NGƯỜI LẬP BIỂU" in draft and "Nguyễn Thị Lan" in draft
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in draft and "Lò Văn Thắng" not in draft  # the name left blank

    record(commune_officer, commune_a, delegation_line="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
           full_name="Quàng Văn Bình", kind="DS")  # fmt: skip
    page = client.get(f"/payments/cycles/{cash_cycle.pk}/").content.decode()
    assert "Chưa ghi nhận người ký danh sách" not in page
    cycle = payment_services.cycle_submit(actor=province_officer, cycle=cash_cycle)
    payment_services.cycle_approve(actor=approver, cycle=cycle)
    issue = f"/payments/cycles/{cash_cycle.pk}/cash-list/{commune_a.pk}/issue/"
    text = flat(client.post(issue, {"confirmed": "1"}))
    assert "Số: 1/DS-UBND" in text
    for expected in ("NGƯỜI LẬP BIỂU", "Nguyễn Thị Lan", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
                     "Quàng Văn Bình"):  # fmt: skip
        assert expected in text, expected
    client.force_login(commune_officer)  # a reprint by another officer still names who drew it up
    again = flat(client.get(url))
    assert "Nguyễn Thị Lan" in again and "Số: 1/DS-UBND" in again


def test_decision_prints_the_signatory_in_force_on_its_date(client, commune_officer, enrol, commune_a):
    enrolment = enrol(start_month=MONTH)
    record(commune_officer, commune_a, authority_line="", delegation_line="KT. CHỦ TỊCH",
           title="PHÓ CHỦ TỊCH", full_name="Lò Văn Minh", valid_to="31/12/2025")  # fmt: skip
    record(commune_officer, commune_a, authority_line="", full_name="Quàng Văn Bình", valid_from="01/01/2026")
    decision = Decision.objects.create(
        person=enrolment.person, enrolment=enrolment, regime=enrolment.regime, kind="enrol",
        number="125/QĐ-UBND", signed_on=dt.date(2025, 9, 5), signer="Lò Văn Minh", effective_month=MONTH,
        facts=enrolment.facts, commune=enrolment.commune, province_code=enrolment.province_code,
    )  # fmt: skip
    enrolment.decision = decision
    enrolment.save(update_fields=["decision"])
    client.force_login(commune_officer)
    text = flat(client.get(f"/benefits/{enrolment.pk}/decision.pdf"))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lò Văn Minh" in text  # the recorded signer, under their lines
    assert "Quàng Văn Bình" not in text
    page = client.get(f"/benefits/{enrolment.pk}/").content.decode()
    assert "Chưa ghi nhận người ký" not in page


def test_a_draft_without_a_signatory_leaves_the_name_and_the_page_warns(
    client, commune_officer, enrol, commune_a, today
):
    enrolment = enrol(start_month=MONTH)  # no decision of record: a draft dated today
    client.force_login(commune_officer)
    page = client.get(f"/benefits/{enrolment.pk}/").content.decode()
    assert "Chưa ghi nhận người ký quyết định của xã" in page
    text = flat(client.get(f"/benefits/{enrolment.pk}/decision.pdf"))
    assert text.endswith("- Lưu: VT, hồ sơ đối tượng. CHỦ TỊCH")  # the title, no name under it
    record(commune_officer, commune_a, authority_line="", full_name="Quàng Văn Bình",
           valid_from=f"{today:%d/%m/%Y}")  # fmt: skip
    assert "Chưa ghi nhận người ký" not in client.get(f"/benefits/{enrolment.pk}/").content.decode()
    assert "CHỦ TỊCH Quàng Văn Bình" in flat(client.get(f"/benefits/{enrolment.pk}/decision.pdf"))


def test_referral_slip_is_signed_by_the_centre_signatory(
    client, counsellor, province_officer, dien_bien, make_seeker, make_vacancy, today
):
    referral = referral_services.referral_create(
        actor=counsellor, seeker_id=make_seeker().pk, vacancy_id=make_vacancy().pk
    )
    client.force_login(counsellor)
    page = client.get(f"/labour/seekers/{referral.seeker_id}/").content.decode()
    assert "Chưa ghi nhận người ký phiếu giới thiệu" in page
    record(province_officer, dien_bien, body="employment_centre", authority_line="", title="Giám đốc",
           full_name="Vàng Thị Mỷ", kind="GT", valid_from="01/03/2025")  # fmt: skip
    assert (
        "Chưa ghi nhận người ký" not in client.get(f"/labour/seekers/{referral.seeker_id}/").content.decode()
    )
    assert "GIÁM ĐỐC Vàng Thị Mỷ" in flat(client.get(f"/labour/referrals/{referral.pk}/slip.pdf"))


# --- the pages ----------------------------------------------------------------------------------------


def test_the_pages_record_list_and_correct_in_scope(
    client, province_officer, commune_officer, auditor, commune_a, commune_b
):
    client.force_login(commune_officer)
    form = client.get("/documents/signatories/new/").content.decode()
    assert commune_a.name in form and commune_b.name not in form
    response = client.post(
        "/documents/signatories/new/",
        {"unit": commune_a.pk, "body": "committee", "kind": "", "authority_line": "TM. Ủy ban nhân dân",
         "title": "Chủ tịch", "full_name": "Lò Văn Thắng", "valid_from": "01/07/2025"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    mine = Signatory.objects.get()
    refused = client.post(
        "/documents/signatories/new/",
        {"unit": commune_b.pk, "title": "", "full_name": "", "valid_from": ""},
    )
    body = refused.content.decode()
    assert refused.status_code == 422 and "Nhập chức danh của người ký" in body and "Nhập họ và tên" in body
    record(province_officer, commune_b, full_name="Quàng Văn Bình")

    listing = client.get("/documents/signatories/").content.decode()
    assert "Lò Văn Thắng" in listing and "Quàng Văn Bình" not in listing  # the other commune's is not shown
    client.force_login(province_officer)
    listing = client.get("/documents/signatories/").content.decode()
    assert "Lò Văn Thắng" in listing and "Quàng Văn Bình" in listing
    response = client.post(
        f"/documents/signatories/{mine.pk}/",
        {"body": "committee", "kind": "", "authority_line": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH",
         "full_name": "Lò Văn Thắng", "valid_from": "01/07/2025", "valid_to": "15/12/2026"},
    )  # fmt: skip
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.valid_to == dt.date(2026, 12, 15) and mine.unit == commune_a

    client.force_login(auditor)
    page = client.get(f"/documents/signatories/{mine.pk}/").content.decode()
    assert "Lò Văn Thắng" in page and '<form method="post" class="record-form"' not in page
    assert client.post(f"/documents/signatories/{mine.pk}/", {"full_name": "X"}).status_code == 403


def test_demo_signatories_for_the_province_and_its_communes(dien_bien, commune_a, commune_b, today):
    import io
    from types import SimpleNamespace

    from ansinh.documents.demo import CHAIRS, demo_signatories
    from ansinh.geo.models import AdminUnit

    ctx = SimpleNamespace(province="11", seed=1, options={}, stdout=io.StringIO())
    demo_signatories(ctx)
    communes = AdminUnit.objects.current().filter(level="commune", province_code="11").count()
    assert Signatory.objects.count() == 2 + 2 * communes
    demo_signatories(ctx)  # a second run adds nothing
    assert Signatory.objects.count() == 2 + 2 * communes
    decides = selectors.committee_signatory(unit=commune_a, kind="QĐ", day=today)
    lists = selectors.committee_signatory(unit=commune_a, kind="DS", day=today)
    assert (decides.lines, decides.full_name) == (("CHỦ TỊCH",), CHAIRS[commune_a.pk % len(CHAIRS)])
    assert lists.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert lists.full_name != decides.full_name
    centre = selectors.signatory_on(unit=dien_bien, body="employment_centre", kind="GT", day=today)
    assert centre.lines == ("GIÁM ĐỐC",) and centre.full_name
    for signatory in Signatory.objects.all():  # names as a person writes them
        assert signatory.full_name == " ".join(w[:1].upper() + w[1:] for w in signatory.full_name.split())


def test_a_recorded_signer_with_their_office_prints_as_the_signatory(
    client, commune_officer, enrol, commune_a
):
    enrolment = enrol(start_month=MONTH)
    record(commune_officer, commune_a, authority_line="", full_name="Lò Văn Thanh")
    decision = Decision.objects.create(
        person=enrolment.person, enrolment=enrolment, regime=enrolment.regime, kind="enrol",
        number="7/QĐ-UBND", signed_on=dt.date(2025, 9, 5),
        signer=f"Lò Văn Thanh, Chủ tịch UBND {commune_a.name}", effective_month=MONTH, facts=enrolment.facts,
        commune=enrolment.commune, province_code=enrolment.province_code,
    )  # fmt: skip
    enrolment.decision = decision
    enrolment.save(update_fields=["decision"])
    client.force_login(commune_officer)
    text = flat(client.get(f"/benefits/{enrolment.pk}/decision.pdf"))
    assert text.endswith("CHỦ TỊCH Lò Văn Thanh")


def test_a_report_is_signed_for_the_committee(province_officer):
    from ansinh.geo.models import AdminUnit
    from ansinh.reports.render.export import export
    from tests.reports.report_samples import sample_report
    from tests.reports.test_render_pdf import pdf_text

    def printed() -> str:
        return " ".join(
            pdf_text(export(actor=province_officer, report=sample_report(), fmt="pdf").content).split()
        )

    unsigned = printed()
    assert "NGƯỜI LẬP BÁO CÁO" in unsigned and "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in unsigned
    thanh_hoa = AdminUnit.objects.current().get(level="province", code="38")
    Signatory.objects.create(
        unit=thanh_hoa, province_code="38", authority_line="TM. ỦY BAN NHÂN DÂN",
        delegation_line="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", full_name="Đầu Thanh Tùng",
        valid_from=dt.date(2025, 7, 1), kind="BC",
    )  # fmt: skip
    signed = printed()
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in signed and "Đầu Thanh Tùng" in signed
    assert "Đầu Thanh Tùng" not in unsigned


def test_the_api_lists_records_and_corrects_in_scope(
    client, province_officer, commune_officer, commune_a, commune_b
):
    import json

    def call(method, url, body=None):
        return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")

    client.force_login(commune_officer)
    mine = {"unit": commune_a.pk, "authority_line": "tm. ủy ban nhân dân", "title": "chủ tịch",
            "full_name": "Lò Văn Thắng", "valid_from": "2025-07-01"}  # fmt: skip
    made = call("post", "/api/v1/documents/signatories", mine)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["lines"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] and body["unit"]["code"] == commune_a.code
    theirs = {"unit": commune_b.pk, "title": "CHỦ TỊCH", "full_name": "Quàng Văn Bình",
              "valid_from": "2025-07-01"}  # fmt: skip
    refused = call("post", "/api/v1/documents/signatories", theirs)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit"
    record(province_officer, commune_b, full_name="Quàng Văn Bình")

    listed = client.get("/api/v1/documents/signatories").json()
    assert [row["full_name"] for row in listed["items"]] == ["Lò Văn Thắng"]
    other = Signatory.objects.get(unit=commune_b)
    assert client.get(f"/api/v1/documents/signatories/{other.pk}").status_code == 404
    correction = {"title": "CHỦ TỊCH", "full_name": "Lò Văn Thắng", "valid_from": "01/07/2025",
                  "valid_to": "31/12/2026"}  # fmt: skip
    changed = call("put", f"/api/v1/documents/signatories/{body['id']}", correction)
    assert changed.status_code == 200 and changed.json()["valid_to"] == "2026-12-31"

    client.force_login(province_officer)
    on = client.get("/api/v1/documents/signatories", {"on": "2027-01-01"}).json()
    assert [row["full_name"] for row in on["items"]] == ["Quàng Văn Bình"]
    assert client.get("/api/v1/documents/signatories", {"unit": commune_a.pk}).json()["count"] == 1
