"""The import of a province's lists of people with merit: every row or none, every refused row named with
its column and reason in Vietnamese; persons matched to the registry by personal ID in the importer's
scope; rated categories with their assessment, martyrs' relatives linked by certificate number; the page,
the template, the API and the command."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditEvent
from ansinh.core.tabular import ImportRefused
from ansinh.merit import imports
from ansinh.merit.models import InjuryAssessment, MartyrRelative, MeritRecord

pytestmark = pytest.mark.django_db

HEAD = [c.header for c in imports.COLUMNS]


def csv_file(*rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEAD)
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in imports.COLUMNS])
    return out.getvalue().encode("utf-8")


def row(person, **overrides) -> dict:
    data = {
        "personal_id": person.personal_id,
        "full_name": person.full_name,
        "category": "hero",
        "decision_number": "77/QĐ-SNV",
        "decision_date": "04/05/2020",
        "decision_body": "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên",
    }
    data.update(overrides)
    return data


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def father(make_person):
    return make_person(sex="M", birth_date="1925-01-01", full_name="Lò Văn Cả")


def refusals(exc: pytest.ExceptionInfo) -> set[tuple[int, str, str]]:
    return {(r.row, r.field, r.code) for r in exc.value.rows}


def test_a_good_file_records_everything(province_officer, veteran, mother, father, make_martyr, today):
    martyr = make_martyr(certificate_number="TQ-IMPORT-1", birth_year="1950")
    content = csv_file(
        row(veteran, category="war_invalid", injury_rate="61", assessed_on="12/03/2019",
            medical_council="Hội đồng GĐYK tỉnh Điện Biên", dossier_number="DB-TB-1"),
        row(mother, category="Bà mẹ Việt Nam anh hùng", decision_number="5/QĐ-CTN"),
        row(father, category="martyr_relative", martyr_certificate="TQ-IMPORT-1", relation="Cha đẻ"),
    )  # fmt: skip
    result = imports.import_records(actor=province_officer, filename="ds.csv", content=content)
    assert (result.records, result.assessments, result.relatives) == (3, 1, 1)
    invalid = MeritRecord.objects.get(person=veteran)
    assert (invalid.category, invalid.dossier_number, invalid.province_code) == (
        "war_invalid",
        "DB-TB-1",
        "11",
    )
    assert InjuryAssessment.objects.get(record=invalid).rate == 61
    assert MeritRecord.objects.get(person=mother).category == "heroic_mother"
    link = MartyrRelative.objects.get(person=father)
    assert (link.martyr_id, link.relation) == (martyr.pk, "father")
    assert AuditEvent.objects.filter(object_type="merit.record_import").count() == 1
    assert AuditEvent.objects.filter(object_type="merit.meritrecord", action="create").count() >= 3


def test_one_refused_row_imports_nothing_and_every_refusal_is_named(province_officer, veteran, mother, today):
    content = csv_file(
        row(veteran, category="war_invalid", injury_rate="15", assessed_on="12/03/2019",
            medical_council="Hội đồng GĐYK"),
        row(mother, category="hero"),
        row(mother, category="unknown_thing", decision_date="31/02/2020"),
        {"personal_id": "012345678901", "category": "hero", "decision_number": "1",
         "decision_date": "01/01/2020", "decision_body": "Sở"},
        row(veteran, category="hero", full_name="Người Khác", injury_rate="30"),
        row(mother, category="heroic_mother", decision_date="01/01/2099"),
    )  # fmt: skip
    with pytest.raises(ImportRefused) as exc:
        imports.import_records(actor=province_officer, filename="ds.csv", content=content)
    assert refusals(exc) >= {
        (2, "injury_rate", "injury_rate.below_threshold"),
        (4, "category", "category.unknown"),
        (4, "decision_date", "decision_date.invalid"),
        (5, "personal_id", "person.not_found"),
        (6, "full_name", "full_name.mismatch"),
        (6, "injury_rate", "injury_rate.not_rated"),
        (7, "decision_date", "decision_date.future"),
    }
    assert MeritRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="merit.record_import").exists()
    # Each refusal names the column by its Vietnamese header, and the reason is Vietnamese.
    by_row = {(r.row, r.field): r for r in exc.value.rows}
    assert by_row[(5, "personal_id")].column == "Số định danh cá nhân"


def test_refusals_read_in_vietnamese(province_officer, today):
    content = csv_file({"personal_id": "012345678901", "category": "hero", "decision_number": "1",
                        "decision_date": "01/01/2020", "decision_body": "Sở"})  # fmt: skip
    with translation.override("vi"), pytest.raises(ImportRefused) as exc:
        imports.import_records(actor=province_officer, filename="ds.csv", content=content)
    assert exc.value.rows[0].message == (
        "Không có người nào mang số định danh này trong địa bàn của bạn: hãy đăng ký người đó vào cơ sở dữ "
        "liệu trước."
    )
    assert str(exc.value.message).startswith("1 trên 1 dòng bị từ chối")


def test_rated_and_relative_rows_need_their_facts(province_officer, veteran, father, make_martyr, today):
    make_martyr(certificate_number="TQ-IMPORT-2", birth_year="1950")
    content = csv_file(
        row(veteran, category="sick_soldier", injury_rate="61"),
        row(father, category="martyr_relative", martyr_certificate="TQ-NONE", relation="Mẹ đẻ"),
        row(veteran, category="war_invalid", injury_rate="70", especially_severe="Có",
            assessed_on="01/01/2019", medical_council="HĐ"),
    )  # fmt: skip
    with pytest.raises(ImportRefused) as exc:
        imports.import_records(actor=province_officer, filename="ds.csv", content=content)
    assert refusals(exc) >= {
        (2, "assessed_on", "assessed_on.required"),
        (2, "medical_council", "medical_council.required"),
        (3, "martyr_certificate", "martyr.not_found"),
        (3, "relation", "relation.sex"),
        (4, "especially_severe", "especially_severe.below_81"),
    }


def test_duplicates_in_the_file_and_in_the_database(province_officer, veteran, mother, make_record, today):
    make_record(veteran, category="hero", dossier_number="DB-1")
    content = csv_file(
        row(veteran, category="hero"),
        row(mother, category="heroic_mother", dossier_number="DB-1"),
        row(mother, category="heroic_mother", dossier_number="DB-2"),
    )
    with pytest.raises(ImportRefused) as exc:
        imports.import_records(actor=province_officer, filename="ds.csv", content=content)
    assert refusals(exc) >= {
        (2, "category", "category.duplicate"),
        (3, "dossier_number", "dossier_number.taken"),
        (4, "category", "record.twice"),
    }
    assert MeritRecord.objects.count() == 1


def test_persons_outside_the_importers_scope_are_not_found(
    other_province_officer, commune_officer, other_commune_officer, veteran, today
):
    content = csv_file(row(veteran))
    for actor in (other_province_officer, other_commune_officer):
        with pytest.raises(ImportRefused) as exc:
            imports.import_records(actor=actor, filename="ds.csv", content=content)
        assert refusals(exc) == {(2, "personal_id", "person.not_found")}
    result = imports.import_records(actor=commune_officer, filename="ds.csv", content=content)
    assert result.records == 1


def test_an_unreadable_file_is_one_error_on_the_file(province_officer, today):
    from ansinh.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        imports.import_records(actor=province_officer, filename="ds.pdf", content=b"%PDF")
    assert exc.value.field == "file"


def test_the_page_the_template_and_the_api(province_officer, commune_officer, veteran, mother, today):
    client = login(province_officer)
    page = client.get("/merit/import/")
    assert page.status_code == 200
    template = client.get("/merit/import/template.xlsx")
    assert template.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template.content)).get_sheet_by_index(0).to_python()
    assert [str(v) for v in sheet[0]] == HEAD
    wrong = io.BytesIO(csv_file(row(veteran, category="nope")))
    wrong.name = "ds.csv"
    bad = client.post("/merit/import/", {"file": wrong})
    assert bad.status_code == 422
    assert "Diện đối tượng" in bad.content.decode()
    upload = io.BytesIO(csv_file(row(veteran)))
    upload.name = "ds.csv"
    ok = client.post("/merit/import/", {"file": upload})
    assert ok.status_code == 302
    assert MeritRecord.objects.filter(person=veteran, category="hero").exists()
    api = login(commune_officer)
    refused = io.BytesIO(csv_file(row(veteran)))
    refused.name = "ds.csv"
    answer = api.post("/api/v1/merit/import", {"file": refused})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "category.duplicate"
    good = io.BytesIO(csv_file(row(mother, category="heroic_mother")))
    good.name = "ds.csv"
    answer = api.post("/api/v1/merit/import", {"file": good})
    assert answer.status_code == 201, answer.content
    assert answer.json()["by_category"] == {"heroic_mother": 1}


def test_the_command(province_officer, veteran, tmp_path, today, capsys):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_file(row(veteran, category="nope")))
    with pytest.raises((CommandError, SystemExit)):
        call_command("merit", "import", str(path), "--as", province_officer.username)
    path.write_bytes(csv_file(row(veteran)))
    call_command("merit", "import", str(path), "--as", province_officer.username)
    assert MeritRecord.objects.filter(person=veteran).count() == 1
