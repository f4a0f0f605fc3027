"""The same file, a registered seeker or an open vacancy imported again is refused, not duplicated."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.core.errors import ApplicationError
from ansinh.core.models import JobStatus
from ansinh.labour.models import ImportRecord, JobSeeker, Vacancy
from ansinh.labour.registration import imports
from ansinh.registry.models import Person
from tests.labour.test_imports_exports import SEEKER_HEADER, _csv, _seeker_row, _xlsx

pytestmark = pytest.mark.django_db

VACANCY_HEADER = [
    "Mã số thuế doanh nghiệp",
    "Vị trí tuyển dụng",
    "Số lượng cần tuyển",
    "Mã xã/phường nơi làm việc",
]


def _import(actor, content, *, kind="seekers", filename="ds.csv"):
    return imports.import_file(actor=actor, kind=kind, filename=filename, content=content)


def test_the_same_file_twice_is_refused_naming_the_first_import(counsellor, commune_a):
    counsellor.first_name, counsellor.last_name = "Lò Văn", "Thắng"
    counsellor.save()
    content = _csv([_seeker_row(commune_a), _seeker_row(commune_a)])
    assert _import(counsellor, content).created == 2
    record = ImportRecord.objects.get()
    assert (record.kind, record.province_code, record.rows, record.created_by) == (
        "seekers",
        "11",
        2,
        counsellor,
    )
    persons = Person.objects.count()
    with pytest.raises(ApplicationError) as caught:
        _import(counsellor, content, filename="ds-copy.csv")  # another name does not make another file
    message = str(caught.value.message)
    assert caught.value.code == "import.already_imported" and caught.value.status == 409
    assert "đã được nhập lúc" in message and record.created_at.strftime("%Y") in message
    assert "Lò Văn Thắng (tuvan_dienbien)" in message and "2 dòng" in message and "ds.csv" in message
    assert JobSeeker.objects.count() == 2 and Person.objects.count() == persons
    assert ImportRecord.objects.count() == 1


def test_a_refused_file_is_not_recorded_and_can_be_imported_when_corrected(counsellor, commune_a):
    content = _csv([_seeker_row(commune_a), _seeker_row(commune_a, **{"Giới tính": "?"})])
    for _attempt in range(2):  # refused for its rows both times, never as "already imported"
        with pytest.raises(imports.ImportRefused):
            _import(counsellor, content)
    assert not ImportRecord.objects.exists()


def test_the_same_file_in_another_province_is_not_a_repeat(counsellor, other_counsellor, commune_a):
    content = _csv([_seeker_row(commune_a)])
    _import(counsellor, content)
    with pytest.raises(imports.ImportRefused) as caught:  # its own reasons: Điện Biên is not its commune
        _import(other_counsellor, content)
    assert "commune.not_found" in {e.code for e in caught.value.rows}


def test_the_same_file_twice_through_the_api_and_the_page(client, counsellor, commune_a):
    client.force_login(counsellor)
    content = _csv([_seeker_row(commune_a)])
    first = client.post("/api/v1/labour/seekers/import", {"file": SimpleUploadedFile("ds.csv", content)})
    assert first.status_code == 201
    again = client.post("/api/v1/labour/seekers/import", {"file": SimpleUploadedFile("ds.csv", content)})
    assert again.status_code == 409
    assert again.json()["code"] == "import.already_imported" and "tuvan_dienbien" in again.json()["message"]
    page = client.post("/labour/import/", {"kind": "seekers", "file": SimpleUploadedFile("ds.csv", content)})
    assert page.status_code == 422 and "đã được nhập lúc" in page.content.decode()
    assert JobSeeker.objects.count() == 1


def test_the_same_long_file_twice_through_the_task_queue(
    counsellor, commune_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "MAX_ROWS", 1)  # two rows go to the task queue
    content = _csv([_seeker_row(commune_a), _seeker_row(commune_a)])
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_or_start(actor=counsellor, kind="seekers", filename="a.csv", content=content)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] == 2
    with pytest.raises(ApplicationError) as caught:  # refused at the upload: no second job
        imports.import_or_start(actor=counsellor, kind="seekers", filename="a.csv", content=content)
    assert caught.value.code == "import.already_imported"
    # A copy queued before the first one finished is refused when the worker reaches it.
    with django_capture_on_commit_callbacks(execute=True):
        late = imports._start_job(counsellor, "seekers", "a.csv", content)
    late.refresh_from_db()
    assert late.status == JobStatus.FAILED and "đã được nhập lúc" in late.message
    assert JobSeeker.objects.count() == 2 and ImportRecord.objects.count() == 1


def test_a_row_of_a_registered_seeker_is_refused_naming_the_row(counsellor, commune_a, make_seeker):
    person = make_seeker().person
    pid = person.personal_id
    same = {
        "Số định danh cá nhân": pid,
        "Họ và tên": person.full_name,
        "Ngày sinh": person.birth_date.strftime("%d/%m/%Y"),
        "Giới tính": "Nam" if person.sex == "M" else "Nữ",
    }
    rows = [_seeker_row(commune_a), _seeker_row(commune_a, **same)]
    with pytest.raises(imports.ImportRefused) as caught:
        _import(counsellor, _csv(rows))
    assert [(e.row, e.column, e.code) for e in caught.value.rows] == [
        (3, "Số định danh cá nhân", "seeker.already_registered")
    ]
    assert JobSeeker.objects.count() == 1 and Person.objects.count() == 1
    # From a spreadsheet that turned the ID into a number, too.
    row = _seeker_row(commune_a, **{**same, "Số định danh cá nhân": int(pid)})
    with pytest.raises(imports.ImportRefused) as caught:
        _import(counsellor, _xlsx([row], SEEKER_HEADER), filename="ds.xlsx")
    assert [(e.row, e.code) for e in caught.value.rows] == [(2, "seeker.already_registered")]


def test_a_row_repeating_an_open_vacancy_is_refused(counsellor, make_employer, commune_a):
    employer = make_employer()
    row = [employer.tax_code, "Công nhân may", 10, commune_a.code]
    assert _import(counsellor, _xlsx([row], VACANCY_HEADER), kind="vacancies", filename="v.xlsx").created == 1
    other_posts = [employer.tax_code, "Công nhân may", 12, commune_a.code]
    spaced = [employer.tax_code, "  công nhân   may ", 10, commune_a.code]
    content = _xlsx([other_posts, spaced], VACANCY_HEADER)
    with pytest.raises(imports.ImportRefused) as caught:
        _import(counsellor, content, kind="vacancies", filename="v2.xlsx")
    assert [(e.row, e.code) for e in caught.value.rows] == [(3, "vacancy.duplicate")]
    assert "đang mở" in caught.value.rows[0].message
    assert Vacancy.objects.count() == 1
    # Twice in one file is refused too; a vacancy with other posts is another vacancy.
    with pytest.raises(imports.ImportRefused) as caught:
        _import(
            counsellor, _xlsx([other_posts, other_posts], VACANCY_HEADER), kind="vacancies", filename="v.xlsx"
        )
    assert [(e.row, e.code) for e in caught.value.rows] == [(3, "vacancy.duplicate")]
    assert (
        _import(counsellor, _xlsx([other_posts], VACANCY_HEADER), kind="vacancies", filename="v.xlsx").created
        == 1
    )


def test_a_closed_vacancy_may_be_posted_again(counsellor, make_employer, commune_a):
    from ansinh.labour.registration import services

    employer = make_employer()
    row = [employer.tax_code, "Công nhân may", 10, commune_a.code]
    first = _import(counsellor, _xlsx([row], VACANCY_HEADER), kind="vacancies", filename="v.xlsx").ids[0]
    services.vacancy_close(actor=counsellor, vacancy_id=first, reason="filled")
    again = _xlsx([row, [employer.tax_code, "Thợ may", 3, commune_a.code]], VACANCY_HEADER)
    assert _import(counsellor, again, kind="vacancies", filename="v.xlsx").created == 2
