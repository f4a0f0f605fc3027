"""The merit pages: lists with masked IDs and Excel export, the record and martyr pages, the forms."""

from __future__ import annotations

import pytest

from ansinh.merit.models import Caregiver, InjuryAssessment, Martyr, MartyrRelative, MeritRecord
from tests.core.test_listkit import xlsx_text

pytestmark = pytest.mark.django_db


def test_the_list_masks_ids_and_exports(client, commune_officer, make_record, veteran):
    make_record(veteran, dossier_number="HS-41")
    client.force_login(commune_officer)
    page = client.get("/merit/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Người có công" in html and veteran.full_name in html and "Thương binh" in html
    assert veteran.personal_id not in html
    assert client.get("/merit/", {"category": "hero"}).content.decode().count(veteran.full_name) == 0
    export = client.post("/merit/")
    assert export.status_code == 200
    text = xlsx_text(export.content)
    assert veteran.full_name in text and "HS-41" in text and "Thương binh" in text
    assert veteran.personal_id not in text


def test_the_menu_offers_the_registry_of_merit(client, commune_officer, counsellor):
    client.force_login(commune_officer)
    assert 'href="/merit/"' in client.get("/").content.decode()
    client.force_login(counsellor)
    assert 'href="/merit/"' not in client.get("/").content.decode()


def test_record_from_the_person_page_then_assess_and_care(client, province_officer, veteran, make_person):
    client.force_login(province_officer)
    person_page = client.get(f"/persons/{veteran.pk}/").content.decode()
    assert f"/merit/persons/{veteran.pk}/new/" in person_page
    form = client.get(f"/merit/persons/{veteran.pk}/new/")
    assert form.status_code == 200 and "Số quyết định công nhận" in form.content.decode()
    refused = client.post(f"/merit/persons/{veteran.pk}/new/", {"category": "war_invalid"})
    assert refused.status_code == 422 and "Hãy nhập số quyết định công nhận." in refused.content.decode()
    assert not MeritRecord.objects.exists()
    answer = client.post(
        f"/merit/persons/{veteran.pk}/new/",
        {
            "category": "war_invalid",
            "decision_number": "12/QĐ-SNV",
            "decision_date": "04/05/2020",
            "decision_body": "Sở Nội vụ tỉnh Điện Biên",
        },
    )
    record = MeritRecord.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/merit/{record.pk}/"
    answer = client.post(
        f"/merit/{record.pk}/assessments/new/",
        {"rate": "81", "especially_severe": "on", "assessed_on": "01/03/2021", "medical_council": "HĐ GĐYK"},
    )
    assert answer.status_code == 302
    assert InjuryAssessment.objects.get().especially_severe
    wife = make_person(sex="F", birth_date="1950-01-01")
    answer = client.post(
        f"/merit/{record.pk}/caregivers/new/", {"personal_id": wife.personal_id, "valid_from": "01/07/2021"}
    )
    assert answer.status_code == 302
    assert Caregiver.objects.get().person == wife
    page = client.get(f"/merit/{record.pk}/").content.decode()
    assert "81 %" in page and "12/QĐ-SNV" in page and wife.full_name in page
    assert veteran.personal_id in page  # the record's own page is the audited full read
    assert "điểm g khoản 1 Điều 3" in page
    edit = client.post(
        f"/merit/{record.pk}/edit/",
        {
            "decision_number": "12/QĐ-SNV",
            "decision_date": "04/05/2020",
            "decision_body": "Sở Nội vụ tỉnh Điện Biên",
            "status": "suspended",
            "status_from": "01/01/2024",
            "version": "1",
        },
    )
    assert edit.status_code == 302
    assert MeritRecord.objects.get().status == "suspended"


def test_a_caregiver_unknown_by_personal_id_is_named_on_its_field(
    client, province_officer, make_record, veteran
):
    record = make_record(veteran)
    client.force_login(province_officer)
    answer = client.post(
        f"/merit/{record.pk}/caregivers/new/", {"personal_id": "011999999999", "valid_from": "01/07/2021"}
    )
    assert answer.status_code == 422 and "Không tìm thấy người này." in answer.content.decode()


def test_martyr_pages(client, commune_officer, commune_a, make_person):
    client.force_login(commune_officer)
    assert client.get("/merit/martyrs/new/").status_code == 200
    answer = client.post(
        "/merit/martyrs/new/",
        {
            "full_name": "Lò Văn Bình",
            "birth_year": "1950",
            "native_place": "Mường Phăng",
            "commune_id": str(commune_a.pk),
            "sacrificed_on": "27/07/1972",
            "sacrificed_at": "Quảng Trị",
            "certificate_number": "TQ-5",
            "certificate_date": "10/01/1975",
        },
    )
    martyr = Martyr.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/merit/martyrs/{martyr.pk}/"
    son = make_person(sex="M", birth_date="1970-05-05")
    answer = client.post(
        f"/merit/martyrs/{martyr.pk}/relatives/new/", {"personal_id": son.personal_id, "relation": "child"}
    )
    assert answer.status_code == 302 and MartyrRelative.objects.get().person == son
    page = client.get(f"/merit/martyrs/{martyr.pk}/").content.decode()
    assert son.full_name in page and "TQ-5" in page and son.personal_id not in page
    listing = client.get("/merit/martyrs/").content.decode()
    assert "Lò Văn Bình" in listing and "27/07/1972" in listing


def test_ending_a_record_is_confirmed_first(client, province_officer, make_record, veteran):
    record = make_record(veteran)
    client.force_login(province_officer)
    fields = {
        "decision_number": record.decision_number,
        "decision_date": "04/05/2020",
        "decision_body": record.decision_body,
        "status": "terminated",
        "status_from": "01/01/2024",
        "version": "1",
    }
    asked = client.post(f"/merit/{record.pk}/edit/", fields)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Chấm dứt hồ sơ" in page and "01/01/2024" in page
    record.refresh_from_db()
    assert record.status == "active"
    done = client.post(f"/merit/{record.pk}/edit/", {**fields, "confirmed": "1"})
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == "terminated"
