"""Import of persons and households from a file: every row checked as the form checks it, all or nothing,
households from a key and a relationship, the communes of the importer's scope, long files in the task
queue, and the command line."""

from __future__ import annotations

import csv
import io
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.test import Client

from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditEvent
from ansinh.core.tabular import ImportRefused
from ansinh.registry import imports
from ansinh.registry.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã hộ trong tệp", "Quan hệ với chủ hộ", "Họ và tên", "Số định danh cá nhân", "Ngày sinh", "Năm sinh",
    "Giới tính", "Mã dân tộc", "Mã xã/phường nơi ở", "Điện thoại", "Mã ngân hàng", "Số tài khoản",
    "Là người số", "Lý do tạo người mới",
]  # fmt: skip


def _id(sex: str, year: int, seed: int) -> str:
    return pid.generate(province_code="011", sex=sex, birth_year=year, rng=random.Random(seed))


def _row(commune, name, *, key="", rel="", pid_="", birth="12/04/1990", year="", sex="Nam", bank="",
         account="", link="", reason="", phone=""):  # fmt: skip
    return [key, rel, name, pid_, birth, year, sex, "01", commune.code, phone, bank, account, link, reason]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _family(commune) -> list[list[str]]:
    return [
        _row(commune, "Lò Văn Thắng", key="h1", rel="Chủ hộ", pid_=_id("M", 1980, 1), birth="02/03/1980"),
        _row(commune, "Quàng Thị Ún", key="h1", rel="Vợ/chồng", sex="Nữ", birth="", year="1982"),
        _row(commune, "Lò Văn Pọm", key="h1", rel="Con", birth="05/06/2010"),
        _row(commune, "Cà Thị Xuân", key="H2", rel="chu ho", sex="Nữ", birth="09/09/1975"),
        _row(commune, "Lường Văn Anh", birth="01/01/1999"),
    ]


def test_persons_and_households_are_built_from_key_and_relationship(province_officer, commune_a):
    result = imports.import_file(actor=province_officer, filename="ds.csv", content=_csv(_family(commune_a)))
    assert (result.created, result.linked, result.households) == (5, 0, 2)
    head = Person.objects.get(full_name="Lò Văn Thắng")
    household = Household.objects.get(head=head)
    members = dict(
        HouseholdMember.objects.filter(household=household).values_list("person__full_name", "relationship")
    )
    assert members == {"Lò Văn Thắng": "head", "Quàng Thị Ún": "spouse", "Lò Văn Pọm": "child"}
    assert household.commune_id == commune_a.pk and household.province_code == "11"
    wife = Person.objects.get(full_name="Quàng Thị Ún")
    assert wife.birth_date is None and wife.birth_year == 1982 and wife.birth_date_precision == "year"
    assert Household.objects.get(head__full_name="Cà Thị Xuân").members.count() == 1
    assert not HouseholdMember.objects.filter(person__full_name="Lường Văn Anh").exists()
    assert head.search_doc.startswith("lo van thang y1980 p11 c")
    assert Person.objects.filter(name_folded="lo van thang").count() == 1  # the search columns are filled
    created = AuditEvent.objects.filter(object_type="registry.person", action="create")
    assert created.count() == 5 and created.first().actor == province_officer
    assert AuditEvent.objects.filter(object_type="registry.import", after__created=5).exists()


def test_every_refused_row_is_named_with_column_and_reason_and_nothing_is_imported(
    province_officer, commune_a
):
    rows = [
        *_family(commune_a),
        _row(commune_a, "", birth="01/01/1990"),  # row 7: no name
        _row(commune_a, "Đỗ Văn Bình", pid_="011090012345", birth="01/01/1985"),  # 8: ID says born 1990
        _row(commune_a, "Hà Thị Lan", birth="31/02/1990", sex="Nữ"),  # 9: no such date
        _row(commune_a, "Vi Văn Tâm", bank="VCB", account=""),  # 10: a bank without an account
        _row(commune_a, "Mùa A Sếnh", birth="", year=""),  # 11: neither date nor year
    ]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="ds.csv", content=_csv(rows))
    refused = {(e.row, e.column, e.code) for e in caught.value.rows}
    assert (7, "Họ và tên", "full_name.required") in refused
    assert any(r == 8 and c == "Số định danh cá nhân" for r, c, _code in refused)
    assert any(r == 9 and c == "Ngày sinh" for r, c, _code in refused)
    assert any(r == 10 and c == "Số tài khoản" for r, c, _code in refused)
    assert (11, "Ngày sinh", "birth_date.required") in refused
    assert {e.row for e in caught.value.rows} == {7, 8, 9, 10, 11}
    assert all(e.message for e in caught.value.rows)
    assert caught.value.as_dict()["errors"][0]["row"] == 7
    assert Person.objects.count() == 0 and Household.objects.count() == 0  # all or nothing


def test_household_rules_are_checked(province_officer, commune_a, commune_b):
    rows = [
        _row(commune_a, "Lò Văn Một", key="A", rel="Con"),  # 2: household A has no head
        _row(commune_a, "Lò Văn Hai", key="B", rel="Chủ hộ"),
        _row(commune_b, "Lò Văn Ba", key="B", rel="Con", birth="01/01/2001"),  # 4: another commune
        _row(commune_a, "Lò Văn Bốn", key="C", rel="Hàng xóm", birth="01/01/2002"),  # 5: unknown relationship
        _row(commune_a, "Lò Văn Năm", rel="Con", birth="01/01/2003"),  # 6: a relationship without a key
    ]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="h.csv", content=_csv(rows))
    codes = {(e.row, e.code) for e in caught.value.rows}
    assert (2, "household.head") in codes
    assert (4, "household.commune") in codes
    assert (5, "relationship.invalid") in codes
    assert (6, "household_key.required") in codes


def test_communes_outside_the_scope_are_refused(commune_officer, commune_a, commune_b, ha_noi_commune):
    rows = [
        _row(commune_a, "Lò Văn Thắng"),
        _row(commune_b, "Quàng Thị Ún", sex="Nữ"),  # the neighbouring commune
        _row(ha_noi_commune, "Nguyễn Văn An", birth="01/01/1970"),  # another province
    ]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=commune_officer, filename="ds.csv", content=_csv(rows))
    assert {(e.row, e.column, e.code) for e in caught.value.rows} == {
        (3, "Mã xã/phường nơi ở", "commune.out_of_scope"),
        (4, "Mã xã/phường nơi ở", "commune.out_of_scope"),
    }


def test_ids_taken_or_repeated_are_refused_without_revealing_other_units(
    province_officer, other_province_officer, commune_a, ha_noi_commune, make_person
):
    theirs = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, full_name="Phạm Văn Khải",
        birth_date="1970-01-01", sex="M", personal_id=_id("M", 1970, 77),
    )  # fmt: skip
    ours = make_person(full_name="Trần Thị Mai", birth_date="1980-01-01", personal_id=_id("F", 1980, 5))
    rows = [
        _row(commune_a, "Đinh Văn Cường", pid_=theirs.personal_id, birth="01/01/1970"),
        _row(commune_a, "Trần Thị Mai", pid_=ours.personal_id, birth="01/01/1980", sex="Nữ"),
        _row(commune_a, "Lò Văn Thắng", pid_=_id("M", 1980, 1), birth="02/03/1980"),
        _row(commune_a, "Lò Văn Thắng Hai", pid_=_id("M", 1980, 1), birth="02/03/1980"),
    ]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="ds.csv", content=_csv(rows))
    by_row = {e.row: e for e in caught.value.rows}
    assert by_row[2].code == "personal_id.registered_elsewhere" and "Phạm" not in by_row[2].message
    assert by_row[3].code == "personal_id.duplicate"
    assert by_row[5].code == "personal_id.repeated" and "4" in by_row[5].message


def test_possible_duplicates_refuse_the_row_until_linked_or_confirmed(
    province_officer, commune_a, make_person
):
    existing = make_person(
        full_name="Âu Đức Dũng", birth_date="1990-04-12", sex="M", personal_id="", phone=""
    )
    rows = [_row(commune_a, "Au Duc Dung", birth="12/04/1990", key="h", rel="Chủ hộ")]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="a.csv", content=_csv(rows))
    (error,) = caught.value.rows
    assert error.code == "person.possible_duplicate" and error.column == "Họ và tên"
    assert str(existing.pk) in error.message
    linked = [
        _row(commune_a, "Au Duc Dung", birth="12/04/1990", key="h", rel="Chủ hộ", link=str(existing.pk))
    ]
    result = imports.import_file(actor=province_officer, filename="b.csv", content=_csv(linked))
    assert (result.created, result.linked, result.households) == (0, 1, 1)
    assert Household.objects.get().head_id == existing.pk
    confirmed = [_row(commune_a, "Au Duc Dung", birth="12/04/1990", reason="Trùng tên, khác cha mẹ")]
    result = imports.import_file(actor=province_officer, filename="c.csv", content=_csv(confirmed))
    assert result.created == 1
    event = AuditEvent.objects.get(object_type="registry.person", object_id=str(result.ids[0]))
    assert event.after["entry_check"]["confirmed_new"] == "Trùng tên, khác cha mẹ"


def test_out_of_scope_candidates_are_only_a_possible_match_elsewhere(
    commune_officer, other_commune_officer, commune_a, commune_b, make_person
):
    make_person(actor=other_commune_officer, commune_id=commune_b.pk, full_name="Âu Đức Dũng",
                birth_date="1990-04-12", sex="M", personal_id="", phone="0987654321")  # fmt: skip
    rows = [_row(commune_a, "Au Duc Dung", birth="12/04/1990", phone="0987654321")]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=commune_officer, filename="a.csv", content=_csv(rows))
    (error,) = caught.value.rows
    assert error.code == "person.possible_duplicate"
    assert "another unit" in error.message or "đơn vị khác" in error.message
    assert "Dũng" not in error.message and "1990" not in error.message


def test_the_same_person_twice_in_the_file_is_refused(province_officer, commune_a):
    rows = [_row(commune_a, "Lò Văn Thắng"), _row(commune_a, "LO VAN THANG")]
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="a.csv", content=_csv(rows))
    assert [(e.row, e.code) for e in caught.value.rows] == [(3, "person.repeated")]


def test_xlsx_with_numbers_and_dates_as_excel_stores_them(province_officer, commune_a):
    import datetime as dt

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(
        0, 0, ["Họ và tên", "Ngày sinh", "Giới tính", "Mã xã/phường nơi ở", "Số định danh cá nhân"]
    )
    number = _id("M", 1980, 9)
    sheet.write_string(1, 0, "Lò Văn Thắng")
    sheet.write_datetime(1, 1, dt.datetime(1980, 3, 2), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_string(1, 2, "Nam")
    sheet.write_number(1, 3, int(commune_a.code))  # the leading zero lost, as Excel does
    sheet.write_number(1, 4, int(number))
    book.close()
    imports.import_file(actor=province_officer, filename="ds.xlsx", content=out.getvalue())
    person = Person.objects.get()
    assert person.birth_date == dt.date(1980, 3, 2) and person.personal_id == number
    assert person.commune_id == commune_a.pk


def test_unreadable_files_and_missing_columns_are_one_error(province_officer):
    with pytest.raises(Exception) as caught:
        imports.import_file(actor=province_officer, filename="ds.pdf", content=b"%PDF")
    assert caught.value.code == "import.bad_type"
    with pytest.raises(Exception) as caught:
        imports.import_file(actor=province_officer, filename="ds.csv", content=_csv([["x"]], header=["Tên"]))
    assert caught.value.code == "import.missing_columns" and "Họ và tên" in str(caught.value.message)


def test_template_lists_the_communes_of_the_scope(commune_officer, province_officer, commune_a, commune_b):
    from python_calamine import CalamineWorkbook

    def communes(actor) -> set[str]:
        book = CalamineWorkbook.from_filelike(io.BytesIO(imports.template_xlsx(actor)))
        assert book.sheet_names[0] == "Dữ liệu"
        header = book.get_sheet_by_index(0).to_python()[0]
        assert header[:3] == ["Mã hộ trong tệp", "Quan hệ với chủ hộ", "Họ và tên"]
        rows = book.get_sheet_by_name("Mã xã phường").to_python()[1:]
        assert {str(r[2]) for r in rows} <= {"11"}
        return {str(r[0]) for r in rows}

    assert communes(commune_officer) == {commune_a.code}
    mine = communes(province_officer)
    assert {commune_a.code, commune_b.code} <= mine and len(mine) > 2


def test_template_example_row_imports(province_officer, commune_a):
    content = imports.template_xlsx(province_officer)
    result = imports.import_file(actor=province_officer, filename="mau.xlsx", content=content)
    assert result.created == 1


def test_a_long_file_answers_202_with_a_job(
    province_officer, commune_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    client = Client()
    client.force_login(province_officer)
    upload = io.BytesIO(_csv(_family(commune_a)))
    upload.name = "ds.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/registry/import", {"file": upload})
    assert response.status_code == 202, response.content
    job = response.json()
    status = client.get(f"/api/v1/registry/import-jobs/{job['id']}").json()
    assert status["status"] == "succeeded" and status["result"]["created"] == 5
    assert Person.objects.count() == 5 and Household.objects.count() == 2


def test_a_short_file_answers_201_and_a_refused_one_422(province_officer, commune_a):
    client = Client()
    client.force_login(province_officer)
    upload = io.BytesIO(_csv(_family(commune_a)))
    upload.name = "ds.csv"
    response = client.post("/api/v1/registry/import", {"file": upload})
    assert response.status_code == 201 and response.json()["households"] == 2
    upload = io.BytesIO(_csv([_row(commune_a, "")]))
    upload.name = "ds2.csv"
    response = client.post("/api/v1/registry/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "row": 2, "column": "Họ và tên", "field": "full_name", "code": "full_name.required",
        "message": response.json()["errors"][0]["message"],
    }  # fmt: skip


def test_web_page_imports_and_lists_refusals(province_officer, commune_a):
    client = Client()
    client.force_login(province_officer)
    assert client.get("/persons/import/").status_code == 200
    template = client.get("/persons/import/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    upload = io.BytesIO(_csv([_row(commune_a, "", birth="01/01/1990")]))
    upload.name = "ds.csv"
    page = client.post("/persons/import/", {"file": upload})
    assert page.status_code == 422 and "refused-rows" in page.content.decode()
    upload = io.BytesIO(_csv(_family(commune_a)))
    upload.name = "ds.csv"
    assert client.post("/persons/import/", {"file": upload}).status_code == 302
    assert Person.objects.count() == 5


def test_reader_roles_cannot_import(auditor, commune_a):
    client = Client()
    client.force_login(auditor)
    assert client.get("/persons/import/").status_code == 403
    upload = io.BytesIO(_csv(_family(commune_a)))
    upload.name = "ds.csv"
    assert client.post("/api/v1/registry/import", {"file": upload}).status_code == 403


# --- command line ------------------------------------------------------------------------------------


def test_cli_imports_a_file(province_officer, commune_a, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(_csv(_family(commune_a)))
    out = StringIO()
    call_command("registry", "import", str(path), "--as", province_officer.username, stdout=out)
    assert Person.objects.count() == 5
    assert "5" in out.getvalue()


def test_cli_refused_rows_exit_2(province_officer, commune_a, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(_csv([_row(commune_a, "")]))
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("registry", "import", str(path), "--as", province_officer.username, stderr=err)
    assert caught.value.returncode == 2
    assert "Họ và tên" in err.getvalue()
    assert Person.objects.count() == 0


def test_cli_bad_input_is_one_line_loi_and_exit_2(province_officer, tmp_path, capsys, monkeypatch):
    command = load_command_class("ansinh.registry", "registry")
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(
            ["ansinh", "registry", "import", str(tmp_path / "none.csv"), "--as", "so_dienbien"]
        )
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith("Lỗi: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_commune_code_from_before_the_reform_is_its_successor(province_officer, commune_a):
    from ansinh.geo.models import AdminUnit, UnitLineage

    current = set(AdminUnit.objects.current().filter(level="commune").values_list("code", flat=True))
    link = next(
        (
            link
            for link in UnitLineage.objects.filter(
                successor__province_code="11", successor__level="commune", is_default=True, level="commune"
            ).select_related("predecessor", "successor")
            if link.predecessor.code not in current and link.successor.valid_to is None
        ),
        None,
    )
    assert link is not None, "the units hold the 2025 lineage of Điện Biên"
    rows = [[*_row(commune_a, "Lò Văn Thắng")[:8], link.predecessor.code, *_row(commune_a, "x")[9:]]]
    imports.import_file(actor=province_officer, filename="cu.csv", content=_csv(rows))
    assert Person.objects.get().commune_id == link.successor_id
