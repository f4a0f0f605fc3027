"""The PDF: official header, Vietnamese diacritics intact in the extracted text, user text escaped.

No PDF-reading package is in the lock, so the text is read here with the standard library: typst writes
each font with a ToUnicode map, and its text runs as 2-byte glyph ids in Tj/TJ strings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from decimal import Decimal as D

import pytest

from ansinh.reports.render import pdf
from ansinh.reports.report import Figure, UnitRow

from .report_samples import sample_report

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    objects = {}
    for match in _OBJ.finditer(data):
        body, stream = match.group(2), None
        start = body.find(b"stream")
        if start != -1:
            stream = body[start + 6 :].lstrip(b"\r\n")
            stream = stream[: stream.rfind(b"endstream")]
            if b"/FlateDecode" in body[:start]:
                stream = zlib.decompress(stream)
            body = body[:start]
        objects[int(match.group(1))] = (body, stream)
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(dst.decode()).decode("utf-16-be")
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = first[:-1] + chr(ord(first[-1]) + i)
    return table


def _dict(objects, body: bytes, key: bytes) -> bytes:
    """The value of /key in `body`: an inline << … >> (one level of nesting) or the referenced object."""
    ref = re.search(rb"/" + key + rb"\s*(\d+) 0 R", body)
    if ref:
        return objects[int(ref.group(1))][0]
    inline = re.search(rb"/" + key + rb"\s*<<((?:[^<>]|<<[^<>]*>>|<[0-9A-Fa-f]*>)*)>>", body, re.S)
    return inline.group(1) if inline else b""


def _refs(block: bytes) -> dict[bytes, int]:
    return {name: int(number) for name, number in re.findall(rb"/([\w.+-]+)\s+(\d+) 0 R", block)}


def _fonts(objects, resources: bytes) -> dict[bytes, dict[int, str]]:
    maps = {}
    for name, number in _refs(_dict(objects, resources, b"Font")).items():
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objects[number][0])
        maps[name] = _cmap(objects[int(to_unicode.group(1))][1]) if to_unicode else {}
    return maps


def _literal(data: bytes, i: int) -> tuple[bytes, int]:
    """A PDF (string) starting at data[i] == '(' → its bytes and the index after it."""
    out, depth, i = bytearray(), 1, i + 1
    while True:
        ch = data[i : i + 1]
        if ch == b"\\":
            nxt = data[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif nxt.isdigit():
                octal = re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4]).group()
                out.append(int(octal, 8))
                i += 1 + len(octal)
            else:
                out += nxt
                i += 2
            continue
        if ch == b"(":
            depth += 1
        elif ch == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += ch
        i += 1


_TOKEN = re.compile(rb"/([\w.+-]+)\s+[\d.]+\s+Tf|/([\w.+-]+)\s+Do\b|\(|<([0-9A-Fa-f]*)>|\bET\b")


def _content_text(objects, stream: bytes, resources: bytes) -> str:
    fonts = _fonts(objects, resources)
    xobjects = _refs(_dict(objects, resources, b"XObject"))
    text, font, i = [], {}, 0

    def glyphs(raw: bytes) -> None:
        text.extend(font.get(int.from_bytes(raw[k : k + 2]), "") for k in range(0, len(raw), 2))

    while (match := _TOKEN.search(stream, i)) is not None:
        i = match.end()
        if match.group(1) is not None:
            font = fonts[match.group(1)]
        elif match.group(2) is not None:
            body, inner = objects[xobjects[match.group(2)]]
            if b"/Form" in body and inner:
                text.append(_content_text(objects, inner, _dict(objects, body, b"Resources") or resources))
        elif match.group() == b"(":
            raw, i = _literal(stream, match.start())
            glyphs(raw)
        elif match.group() == b"ET":
            text.append("\n")
        else:
            glyphs(bytes.fromhex(match.group(3).decode()))
    return "".join(text)


def pdf_text(data: bytes) -> str:
    """The text of every page, in content order, NFC."""
    objects = _objects(data)
    pages = []
    for body, _stream in objects.values():
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        contents = re.search(rb"/Contents\s*(\d+) 0 R", body)
        stream = objects[int(contents.group(1))][1]
        pages.append(_content_text(objects, stream, _dict(objects, body, b"Resources")))
    assert pages, "no page found"
    return unicodedata.normalize("NFC", "\n".join(pages))


@pytest.fixture(scope="module")
def text() -> str:
    data = pdf.render_pdf(sample_report(), number=7)
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


def test_official_header_with_diacritics(text):
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text  # hyphens: Decree 30/2020/NĐ-CP, Appendix I
    flat = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN TỈNH THANH HÓA" in flat
    assert "Số: 7/BC-UBND" in flat
    assert "DỰ THẢO" not in text
    assert "Thanh Hóa, ngày 05 tháng 01 năm 2024" in text
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU LAO ĐỘNG, NGƯỜI CÓ CÔNG" in flat


def test_summary_tables_notes_and_signature(text):
    flat = " ".join(text.split())
    assert "Kết quả thực hiện năm 2023 trên địa bàn Tỉnh Thanh Hóa." in flat
    assert "vượt 8,36% kế hoạch năm" in flat
    for cell in (
        "62.850",
        "58.000",
        "108,36%",
        "485.412",
        "91,6%",
        "+31,7%",
        "−0,3 điểm %",
        "Phường Hạc Thành",
    ):
        assert cell in text, cell
    assert "Xã Hoằng Hóa & <Đông>" in flat  # escaped for typst, printed as written
    assert "Xã Quảng Phú: số liệu năm 2022 phân bổ theo tỷ lệ dân số (60%)." in flat
    assert "NGƯỜI LẬP BÁO CÁO" in text and "Lê Thị Thủy" in text
    assert "Lập lúc 05/01/2024 15:30 bởi Lê Thị Thủy" in flat


def test_recipients_and_signature_block(text):
    flat = " ".join(text.split())
    # "Nơi nhận" is bold italic; Libertinus draws its "ơ" as two glyphs, both mapped to "ơ" in the PDF.
    assert "i nhận: - Bộ Nội vụ; - Bộ Y tế; - Lưu: VT." in flat
    assert flat.index("i nhận:") > flat.index("Xã Quảng Phú")  # at the end, after the notes


def test_without_a_number_the_report_is_a_draft():
    flat = " ".join(pdf_text(pdf.render_pdf(sample_report())).split())
    assert "DỰ THẢO" in flat and "Số: /BC-UBND" in flat


def test_charts_are_embedded(text):
    # SVG text is drawn glyph by glyph; the chart titles come out as whole runs of letters.
    letters = "".join(text.split())
    assert "Thựchiệnsovớikếhoạchnăm" in letters
    assert "Sốlaođộngđượctạoviệclàmmớiquacáckỳ" in letters
    source = pdf.typst_source(sample_report())
    assert source.count('format: "svg"') == 4


@pytest.mark.parametrize(
    "name",
    ['Xã "A" \\ #set page(paper: "a5") $x$ [b] *c* _d_ @e <f> // g', "Phường 1\n= Tiêu đề giả"],
)
def test_user_text_cannot_inject_typst(name):
    report = sample_report(missing=[])
    report.unit = UnitRow(code="1", name=name, level="commune", figures={"LM.NEW_JOBS": Figure(value=D(5))})
    data = pdf.render_pdf(report)
    assert " ".join(name.split()) in " ".join(pdf_text(data).split())  # printed as written
    boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data))
    assert boxes and all(box.split()[2:4] == [b"595.2756", b"841.8898"] for box in boxes)  # still A4


@pytest.mark.parametrize(
    ("name", "level", "day", "expected"),
    [
        ("Tỉnh Điện Biên", "province", dt.date(2025, 7, 15), "Điện Biên, ngày 15 tháng 7 năm 2025"),
        ("Thành phố Hà Nội", "province", dt.date(2025, 2, 3), "Hà Nội, ngày 03 tháng 02 năm 2025"),
        ("Xã Mường Phăng", "commune", dt.date(2025, 12, 31), "Mường Phăng, ngày 31 tháng 12 năm 2025"),
        ("", "nation", dt.date(2026, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2026"),
    ],
)
def test_date_line(name, level, day, expected):
    report = sample_report()
    report.unit = UnitRow(code="x", name=name, level=level, figures={})
    assert pdf.date_line(report, day) == expected


def test_english_pdf():
    text = pdf_text(pdf.render_pdf(sample_report("en")))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the national title is never translated
    assert "PREPARED BY" in text
    assert "62,850" in text
