"""Bad import files are refused with their code, naming where, and nothing is saved."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from ansinh.labour import imports
from ansinh.labour.models import JobSeeker
from tests.labour.test_imports_exports import SEEKER_HEADER, _csv, _seeker_row

pytestmark = pytest.mark.django_db


def _xlsx_with_formula() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, SEEKER_HEADER)
    sheet.write_formula(1, 1, '=HYPERLINK("http://x.example","Lò Văn Thắng")')
    book.close()
    return out.getvalue()


def test_formula_cell_is_refused_naming_the_cell(counsellor):
    with pytest.raises(imports.ApplicationError) as caught:
        content = _xlsx_with_formula()
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.xlsx", content=content)
    assert caught.value.code == "import.formula" and "B2" in str(caught.value.message)
    assert not JobSeeker.objects.exists()


def test_nul_in_a_cell_is_refused(counsellor, commune_a):
    content = _csv([_seeker_row(commune_a, **{"Kỹ năng": "hàn\x00que"})])
    with pytest.raises(imports.ApplicationError) as caught:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=content)
    assert caught.value.code == "import.nul_character"
    assert not JobSeeker.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code", "column"),
    [
        ({"Trình độ học vấn": "Tiến sĩ vũ trụ"}, "field.unknown_choice", "Trình độ học vấn"),
        ({"Lương mong muốn từ (đồng/tháng)": "7.000.000²"}, "field.non_ascii_digits", None),
        ({"Lương mong muốn từ (đồng/tháng)": "9" * 40}, "field.out_of_range", None),
    ],
)
def test_bad_cells_are_refused_with_their_code(counsellor, commune_a, overrides, code, column):
    content = _csv([_seeker_row(commune_a, **overrides)])
    with pytest.raises(imports.ImportRefused) as caught:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=content)
    errors = caught.value.rows
    assert [e.code for e in errors] == [code], errors
    if column:
        assert errors[0].column == column and "Trung học phổ thông" in errors[0].message
    assert not JobSeeker.objects.exists()
