"""The document kit: the Decree 30 frame, the place and date line, the draft, tables across pages, and data
that cannot be read as typst markup."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ansinh.documents import kit
from ansinh.documents.kit import Decides, Document, IssuingBody, LegalBases, Paragraph, Signature, Table
from tests.reports.test_render_pdf import pdf_text


def sample(**overrides) -> Document:
    values = {
        "body": IssuingBody("SỞ Y TẾ", "SYT", "UBND TỈNH ĐIỆN BIÊN"),
        "kind": "QUYẾT ĐỊNH",
        "kind_code": "QĐ",
        "place": "Điện Biên",
        "day": dt.date(2026, 12, 7),
        "subject": "Về việc phê duyệt danh sách",
        "number": 12,
        "blocks": (
            LegalBases(("Căn cứ Nghị định số 20/2021/NĐ-CP;",)),
            Decides((("Phê duyệt danh sách.",), ("Hiệu lực từ ngày ký.",))),
        ),
        "recipients": ("- Như Điều 2;", "- Lưu: VT."),
        "signatures": (Signature(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Lò Văn Minh"),),
    }
    return Document(**(values | overrides))


def text_of(doc: Document) -> str:
    return " ".join(pdf_text(kit.render_pdf(doc)).split())


@pytest.mark.parametrize(
    ("place", "day", "expected"),
    [
        ("Điện Biên", dt.date(2026, 12, 7), "Điện Biên, ngày 07 tháng 12 năm 2026"),
        ("Hà Nội", dt.date(2026, 2, 13), "Hà Nội, ngày 13 tháng 02 năm 2026"),
        ("Mường Phăng", dt.date(2026, 1, 31), "Mường Phăng, ngày 31 tháng 01 năm 2026"),
        ("Điện Biên", dt.date(2026, 3, 5), "Điện Biên, ngày 05 tháng 3 năm 2026"),
    ],
)
def test_date_line(place, day, expected):
    assert kit.date_line(place, day) == expected


@pytest.mark.parametrize(
    ("name", "place"),
    [("Tỉnh Điện Biên", "Điện Biên"), ("Thành phố Hà Nội", "Hà Nội"), ("Xã Mường Phăng", "Mường Phăng")],
)
def test_place_drops_the_prefix(name, place):
    assert kit.place_name(name) == place


def test_the_frame():
    text = text_of(sample())
    for expected in (
        "UBND TỈNH ĐIỆN BIÊN SỞ Y TẾ Số: 12/QĐ-SYT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Điện Biên, ngày 07 tháng 12 năm 2026",
        "QUYẾT ĐỊNH Về việc phê duyệt danh sách",
        "Căn cứ Nghị định số 20/2021/NĐ-CP;",
        "QUYẾT ĐỊNH: Điều 1. Phê duyệt danh sách. Điều 2. Hiệu lực từ ngày ký.",
        "i nhận: - Như Điều 2; - Lưu: VT.",  # "Nơi nhận" in bold italic, see tests/reports/test_render_pdf.py
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lò Văn Minh",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_a_draft_has_no_number():
    text = text_of(sample(number=None))
    assert "DỰ THẢO" in text and "Số: /QĐ-SYT" in text
    assert "DỰ THẢO" in text_of(sample(draft=True)) and "12/QĐ-SYT" not in text_of(sample(draft=True))


def test_a_recorded_number_is_printed_as_recorded():
    assert "Số: 125/QĐ-UBND" in text_of(sample(number="125/QĐ-UBND"))


def test_table_header_repeats_on_every_page():
    rows = [[str(i), f"Người {i}", kit.figure(540_000)] for i in range(1, 301)]
    table = Table(("1.2cm", "1fr", "3cm"), ("STT", "Họ và tên", "Số tiền"), rows, numeric=frozenset({2}))
    data = kit.render_pdf(sample(blocks=(table,), landscape=True))
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    text = pdf_text(data)
    assert pages >= 3
    assert text.count("Họ và tên") == pages
    assert "Người 300" in text and "540.000" in text


@pytest.mark.parametrize(
    "name", ['Xã "A" \\ #set page(paper: "a5") $x$ [b] *c* _d_ @e <f> // g', "Phường 1\n= Tiêu đề giả"]
)
def test_data_is_never_markup(name):
    doc = sample(
        body=IssuingBody(name, "UBND"),
        subject=name,
        blocks=(Paragraph(name), Table(("1fr",), (name,), [[name]]), Decides(((name,),))),
        recipients=(name,),
        signatures=(Signature((name,), name),),
    )
    data = kit.render_pdf(doc)
    flat = " ".join(pdf_text(data).split())
    assert flat.count(" ".join(name.split())) >= 6  # printed as written, everywhere it was put
    boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data))
    assert boxes and all(box.split()[2:4] == [b"595.2756", b"841.8898"] for box in boxes)  # still A4


def test_figures_as_a_document_writes_them():
    assert (kit.figure(0), kit.figure(62_850), kit.figure(3_070_450_000)) == ("0", "62.850", "3.070.450.000")
