"""The XLSX opens, has Vietnamese headers, and its figures read back as numbers; the JSON keeps them exact."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook

from ansinh.reports.render.xlsx import render_xlsx

from .report_samples import sample_report


def _book(lang="vi"):
    return CalamineWorkbook.from_filelike(io.BytesIO(render_xlsx(sample_report(lang))))


def _rows(book, name):
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_sheets_in_vietnamese():
    assert _book().sheet_names == ["Số liệu", "Đơn vị trực thuộc", "Diễn biến qua các kỳ", "Ghi chú"]


def test_unit_figures_are_numbers():
    rows = _rows(_book(), "Số liệu")
    assert rows[0][0] == "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU LAO ĐỘNG, NGƯỜI CÓ CÔNG VÀ XÃ HỘI"
    assert rows[1][0] == "Đơn vị: Tỉnh Thanh Hóa"
    assert rows[2][0] == "Kỳ báo cáo: Năm 2023"
    assert rows[4][:8] == [
        "Mã", "Chỉ tiêu", "Đơn vị tính", "Thực hiện", "Kế hoạch năm", "% kế hoạch năm", "Cùng kỳ năm trước",
        "So với cùng kỳ (%)",
    ]  # fmt: skip
    by_code = {row[0]: row for row in rows[5:]}
    new_jobs = by_code["LM.NEW_JOBS"]
    assert new_jobs[1:3] == ["Số lao động được tạo việc làm mới", "người"]
    assert new_jobs[3:8] == [62850, 58000, 108.362, 59857, 5.0003]
    assert all(isinstance(v, float | int) and not isinstance(v, bool) for v in new_jobs[3:8])
    assert by_code["LM.URBAN_UNEMP"][3] == 2.8
    assert by_code["LM.URBAN_UNEMP"][8:10] == [28, 1000]
    assert by_code["SI.PARTICIPANTS"][10] == "Đã duyệt"
    assert by_code["LM.JOB_FAIRS"][4] == ""  # no plan: an empty cell, not a zero


def test_units_below_and_trend():
    book = _book()
    rows = _rows(book, "Đơn vị trực thuộc")
    assert rows[0][:4] == ["Mã", "Đơn vị", "Số phiên giao dịch việc làm (phiên)",
                           "Số lao động được tạo việc làm mới (người)"]  # fmt: skip
    assert rows[1][:4] == ["38001", "Phường Hạc Thành", 7, 4210]
    assert rows[2][1] == "Xã Hoằng Hóa & <Đông>"
    assert rows[2][2] == "" and rows[2][-1] == "chưa gửi báo cáo"
    trend = _rows(book, "Diễn biến qua các kỳ")
    assert [row[0] for row in trend[1:]] == ["Năm 2020", "Năm 2021", "Năm 2022", "Năm 2023"]
    assert [row[2] for row in trend[1:]] == [62110, "", 59857, 62850]
    assert trend[2][5] == 70 and trend[3][5] == 71.25


def test_notes_sheet_has_summary_and_notes():
    rows = _rows(_book(), "Ghi chú")
    assert rows[0][0] == "Tóm tắt"
    assert "vượt 8,36% kế hoạch năm" in rows[0][1]
    assert rows[1][1] == "Xã Quảng Phú: số liệu năm 2022 phân bổ theo tỷ lệ dân số (60%)."
    assert rows[-1][1] == "Lập lúc 05/01/2024 15:30 bởi Lê Thị Thủy"


def test_english_workbook():
    book = _book("en")
    assert book.sheet_names == ["Figures", "Units below", "Trend over periods", "Notes"]
    assert _rows(book, "Figures")[4][3] == "Actual"


def test_figures_carry_number_formats():
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(render_xlsx(sample_report()))) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'formatCode="#,##0.00"' in styles and 'formatCode="0.00"' in styles
    # 62850 is stored as a number (no t="s"/"str"), with a style that is not the default
    cell = re.search(r'<c r="D7"([^>]*)><v>62850</v></c>', sheet)
    assert cell is not None and 't="' not in cell.group(1) and 's="' in cell.group(1)


def test_json_keeps_decimals_exact():
    import json

    from ansinh.reports.render.json import render_json

    data = json.loads(render_json(sample_report()))
    figure = data["unit"]["figures"]["LM.NEW_JOBS"]
    assert (figure["value"], figure["plan_pct"], figure["change_pct"]) == ("62850", "108.362", "5.0003")
    assert data["unit"]["figures"]["LM.URBAN_UNEMP"]["value"] == "2.8"
    assert data["trend"][1] == {"period": "2021", "label": "Năm 2021",
                                "values": {"LM.NEW_JOBS": None, "VET.TRAINED_RATE": "70"}}  # fmt: skip
    assert data["period"] == {"code": "2023", "kind": "year", "start": "2023-01-01", "end": "2023-12-31",
                              "label": "Năm 2023"}  # fmt: skip
    assert data["summary"].startswith("Kết quả thực hiện năm 2023 trên địa bàn Tỉnh Thanh Hóa.")
    assert data["generated_at"] == "2024-01-05T08:30:00+00:00"
