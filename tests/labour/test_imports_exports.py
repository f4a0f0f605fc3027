"""Imports are all or nothing, with every refused row reported; exports are masked."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ansinh.core.errors import ApplicationError
from ansinh.core.models import AuditEvent
from ansinh.labour.models import JobSeeker, Vacancy
from ansinh.labour.registration import exports, imports, selectors
from ansinh.registry.models import Person
from tests.labour.conftest import person_raw

pytestmark = pytest.mark.django_db

SEEKER_HEADER = [
    "Số định danh cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã xã/phường nơi ở",
    "Công việc mong muốn",
    "Mã nghề",
    "Trình độ học vấn",
    "Kỹ năng",
    "Lương mong muốn từ (đồng/tháng)",
    "Sẵn sàng đi làm xa",
]


def _seeker_row(commune, **overrides):
    person = person_raw()
    row = {
        "Số định danh cá nhân": person["personal_id"],
        "Họ và tên": person["full_name"],
        "Ngày sinh": "16/05/" + person["birth_date"][:4],
        "Giới tính": "Nam",
        "Mã xã/phường nơi ở": commune.code,
        "Công việc mong muốn": "Thợ hàn điện",
        "Mã nghề": "",
        "Trình độ học vấn": "Trung học phổ thông",
        "Kỹ năng": "hàn que; đọc bản vẽ",
        "Lương mong muốn từ (đồng/tháng)": "7.000.000",
        "Sẵn sàng đi làm xa": "Có",
    }
    row.update(overrides)
    return [row[h] for h in SEEKER_HEADER]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: precomposed where the code page has the letter, else base + tone."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", decomposed[:-1]).encode("cp1258") + decomposed[-1].encode(
                "cp1258"
            )
    return out


def _csv(rows, header=SEEKER_HEADER, *, bom=True, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _xlsx(rows, header=SEEKER_HEADER) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def test_csv_import_with_and_without_bom(counsellor, commune_a):
    for bom, delimiter in ((True, ","), (False, ";")):
        content = _csv(
            [_seeker_row(commune_a), _seeker_row(commune_a, **{"Công việc mong muốn": "tài xế"})],
            bom=bom,
            delimiter=delimiter,
        )
        result = imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=content)
        assert result.created == 2
    seekers = JobSeeker.objects.order_by("pk")
    assert [s.occupation_code for s in seekers] == ["7212", "8322", "7212", "8322"]
    assert seekers[0].general_education == 3 and seekers[0].willing_to_move
    assert seekers[0].wage_min == 7_000_000
    assert AuditEvent.objects.filter(object_type="labour.import_seekers").count() == 2


def test_xlsx_import_numbers_and_lost_leading_zeros(counsellor, commune_a):
    row = _seeker_row(commune_a, **{"Lương mong muốn từ (đồng/tháng)": 7000000})
    pid_text = row[0]
    row[0] = int(pid_text)  # Excel turned "011…" into a number and dropped the zero
    row[4] = int(commune_a.code)
    result = imports.import_file(actor=counsellor, kind="seekers", filename="DS.XLSX", content=_xlsx([row]))
    assert result.created == 1
    assert JobSeeker.objects.get().person.personal_id == pid_text


def test_one_bad_row_refuses_the_whole_file(counsellor, commune_a, ha_noi_commune):
    rows = [
        _seeker_row(commune_a),
        _seeker_row(commune_a, **{"Họ và tên": "", "Giới tính": "Khác"}),
        _seeker_row(commune_a),
        _seeker_row(ha_noi_commune, **{"Lương mong muốn từ (đồng/tháng)": "bảy triệu"}),
        _seeker_row(commune_a, **{"Mã xã/phường nơi ở": "99999", "Công việc mong muốn": "xyz"}),
    ]
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=_csv(rows))
    refused = {(e.row, e.column, e.code) for e in exc.value.rows}
    assert (3, "Họ và tên", "full_name.required") in refused
    assert (3, "Giới tính", "sex.invalid") in refused
    assert (5, "Mã xã/phường nơi ở", "commune.not_found") in refused  # Hà Nội: outside the counsellor's scope
    assert (5, "Lương mong muốn từ (đồng/tháng)", "field.not_money") in refused
    assert (6, "Mã xã/phường nơi ở", "commune.not_found") in refused
    assert not any(code.startswith("occupation") for _r, _c, code in refused)  # an unknown title is kept
    assert {e.row for e in exc.value.rows} == {3, 5, 6}
    assert "3 trên 5 dòng bị từ chối" in str(exc.value.message)
    assert exc.value.as_dict()["errors"][0]["row"] == 3
    assert not JobSeeker.objects.exists() and not Person.objects.exists()  # rows 2 and 4 rolled back too
    assert not AuditEvent.objects.filter(object_type__startswith="labour").exists()


def test_unrecognised_titles_are_imported_for_confirmation(counsellor, commune_a, client):
    rows = [
        _seeker_row(commune_a, **{"Công việc mong muốn": "Công nhân nuôi tôm thời vụ"}),
        _seeker_row(commune_a, **{"Công việc mong muốn": "Nhân viên vận hành xưởng tráng gương"}),
        _seeker_row(commune_a, **{"Công việc mong muốn": "xyz"}),
    ]
    result = imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=_csv(rows))
    assert result.created == 3
    coded = {s.title: (s.occupation_code, s.occupation_confirmed) for s in JobSeeker.objects.all()}
    assert coded["Công nhân nuôi tôm thời vụ"] == ("6221", True)
    assert coded["Nhân viên vận hành xưởng tráng gương"][1] is False
    assert coded["xyz"] == ("", False)
    client.force_login(counsellor)
    page = client.get("/labour/occupations/confirm/?kind=seekers")
    assert page.status_code == 200
    html = page.content.decode()
    assert "tráng gương" in html and "xyz" in html and "nuôi tôm" not in html
    waiting = JobSeeker.objects.filter(occupation_confirmed=False).order_by("id")
    uncertain = waiting[0]
    body = {"kind": "seekers", "ids": [uncertain.pk], f"code_{uncertain.pk}": uncertain.occupation_code}
    assert client.post("/labour/occupations/confirm/", body).status_code == 302
    assert JobSeeker.objects.filter(occupation_confirmed=False).count() == 1
    last = waiting.get()
    refused = client.post("/labour/occupations/confirm/", {"kind": "seekers", "ids": [last.pk]})
    assert refused.status_code == 422  # no code chosen for a title without candidates


def test_same_person_twice_in_one_file(counsellor, commune_a):
    row = _seeker_row(commune_a)
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=_csv([row, row]))
    assert [(e.row, e.code) for e in exc.value.rows] == [(3, "seeker.already_registered")]
    assert not JobSeeker.objects.exists()


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("ds.csv", cp1258("Họ và tên,Giới tính\nHòa,Nam\n"), "import.bad_encoding"),
        ("ds.csv", "Họ và tên\nHòa\n".encode("utf-16"), "import.bad_encoding"),
        ("ds.xls", b"\xd0\xcf\x11\xe0", "import.bad_type"),
        ("ds.xlsx", b"not a workbook", "import.bad_xlsx"),
        ("ds.csv", "Họ và tên,Giới tính\n".encode(), "import.empty"),
        ("ds.csv", "Tên,Tuổi\nA,3\n".encode(), "import.missing_columns"),
    ],
)
def test_unreadable_files_refused_clearly(counsellor, filename, content, code):
    with pytest.raises(ApplicationError) as exc:
        imports.import_file(actor=counsellor, kind="seekers", filename=filename, content=content)
    assert exc.value.code == code


def test_encoding_error_names_the_line(counsellor):
    content = "Họ và tên,Giới tính\n".encode() + cp1258("Lò Văn Hòa,Nam\n")
    with pytest.raises(ApplicationError) as exc:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=content)
    assert "(dòng 2)" in str(exc.value.message)


def test_import_needs_labour_change(analyst, commune_a):
    from ansinh.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_file(
            actor=analyst, kind="seekers", filename="ds.csv", content=_csv([_seeker_row(commune_a)])
        )


def test_vacancy_import(counsellor, make_employer):
    employer = make_employer()
    header = [
        "Mã số thuế doanh nghiệp",
        "Vị trí tuyển dụng",
        "Số lượng cần tuyển",
        "Lương từ (đồng/tháng)",
        "Hạn nộp hồ sơ",
        "Tuổi từ",
    ]
    good = [employer.tax_code, "Công nhân may", 10, "6 triệu", "31/12/2099", ""]
    bad = ["0100233488", "Công nhân may", 0, "", "", "18"]
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_file(
            actor=counsellor, kind="vacancies", filename="v.xlsx", content=_xlsx([good, bad], header)
        )
    codes = {(e.row, e.code) for e in exc.value.rows}
    assert codes == {(3, "employer.not_found"), (3, "posts.out_of_range"), (3, "age_reason.required")}
    assert not Vacancy.objects.exists()
    result = imports.import_file(
        actor=counsellor, kind="vacancies", filename="v.xlsx", content=_xlsx([good], header)
    )
    vacancy = Vacancy.objects.get(pk=result.ids[0])
    assert (vacancy.employer_id, vacancy.posts, vacancy.wage_min, vacancy.occupation_code) == (
        employer.pk,
        10,
        6_000_000,
        "8153",
    )
    assert str(vacancy.deadline) == "2099-12-31"


def test_template_has_headers_instructions_and_codes():
    for kind in imports.KINDS:
        book = CalamineWorkbook.from_filelike(io.BytesIO(imports.template_xlsx(kind)))
        assert book.sheet_names == ["Dữ liệu", "Hướng dẫn", "Danh sách giá trị", "Mã nghề"]
        header = book.get_sheet_by_index(0).to_python()[0]
        assert header == [c.header for c in imports.COLUMNS[kind]]
        assert len(book.get_sheet_by_name("Mã nghề").to_python()) == 437


def test_template_example_row_imports(counsellor, commune_a, make_employer):
    """The template's own example row, with a commune of the counsellor's province, is accepted."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(imports.template_xlsx("seekers")))
    header, example = book.get_sheet_by_index(0).to_python()
    example[header.index("Mã xã/phường nơi ở")] = commune_a.code
    person = person_raw()
    example[header.index("Số định danh cá nhân")] = person["personal_id"]
    example[header.index("Ngày sinh")] = ""
    example[header.index("Năm sinh")] = int(person["birth_date"][:4])
    result = imports.import_file(
        actor=counsellor, kind="seekers", filename="t.xlsx", content=_xlsx([example], header)
    )
    assert result.created == 1


def test_seeker_export_is_masked_and_audited(make_seeker, counsellor):
    seeker = make_seeker()
    queryset = selectors.seeker_list(actor=counsellor)
    name, content_type, content = exports.export_seekers(actor=counsellor, queryset=queryset, fmt="csv")
    assert name.endswith(".csv") and content_type.startswith("text/csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == exports.SEEKER_HEADERS
    person = seeker.person
    assert rows[1][1] == person.full_name
    assert rows[1][2] == person.personal_id[:3] + "******" + person.personal_id[-3:]
    assert rows[1][6] == "091****678"
    assert person.personal_id not in content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(object_type="labour.export_seekers").exists()
    _name, _type, xlsx = exports.export_seekers(actor=counsellor, queryset=queryset, fmt="xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert sheet[1][1] == person.full_name and sheet[1][2].count("*") == 6


def test_vacancy_export(make_vacancy, counsellor):
    vacancy = make_vacancy()
    _name, _type, content = exports.export_vacancies(
        actor=counsellor, queryset=selectors.vacancy_list(actor=counsellor), fmt="xlsx"
    )
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet[1][4] == vacancy.title and sheet[1][5] == "8153"
    with pytest.raises(ApplicationError):
        exports.export_vacancies(
            actor=counsellor, queryset=selectors.vacancy_list(actor=counsellor), fmt="pdf"
        )
