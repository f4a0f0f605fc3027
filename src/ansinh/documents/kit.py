"""An official document (văn bản hành chính) in the format of Nghị định 30/2020/NĐ-CP, typeset as an A4 PDF.

A `Document` says what the decree's parts hold; `typst_source` lays them out; `render_pdf` compiles them.
The layout follows the decree's Appendix I:

- page: A4, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (binding side left), the page number
  centred at the top from the second page on; landscape allowed for a wide table (same margins);
- header, two columns: on the left the superior body (regular, capitals) over the issuing body (bold,
  capitals, a short rule under it) and "Số: 12/QĐ-UBND"; on the right the national title and motto (bold,
  a rule under the motto) and the place and date line in italics ("Điện Biên, ngày 07 tháng 12 năm 2026":
  days below 10 and the months January and February take a leading zero);
- the kind of document in bold capitals and its subject under it; the body (paragraphs, the legal bases
  "Căn cứ …", "QUYẾT ĐỊNH:" and its articles "Điều 1. …", tables whose header row repeats on every page);
- at the bottom "Nơi nhận:" on the left and the signature block on the right (the authority lines, such as
  "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH", room to sign, the signer's full name).

A draft (no number yet) prints "DỰ THẢO" and leaves the number blank ("Số:      /QĐ-UBND").

Fonts: a Times-metric serif (Times New Roman, Liberation Serif, Tinos) when the directory named in the
setting DOCUMENT_FONT_DIR holds one; typst's embedded Libertinus Serif otherwise. System fonts are never
read, so a document comes out the same on every machine.

Safety: every piece of text that comes from data (names, addresses, notes, amounts) enters the typst
source only as a string literal through `s()` / `c()`, so nothing a user typed can be read as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typst
from django.conf import settings

FONTS = ("Times New Roman", "Liberation Serif", "Tinos", "Libertinus Serif")
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT = "DỰ THẢO"
WORDS = {
    "vi": {"number": "Số", "recipients": "Nơi nhận:", "draft": "DỰ THẢO"},
    "en": {"number": "No.", "recipients": "Recipients:", "draft": "DRAFT"},
}
UNIT_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Đặc khu ", "Xã ", "Thị trấn ")


def s(text: object) -> str:
    """A typst string literal holding `text` exactly (quotes, backslashes, #, [, $, < and all)."""
    body = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{body}"'


def c(text: object) -> str:
    """Content made from a string literal: safe inside any markup."""
    return f"[#{s(text)}]"


def place_name(unit_name: str) -> str:
    """'Tỉnh Điện Biên' → 'Điện Biên', 'Xã Mường Phăng' → 'Mường Phăng' (the decree's place line)."""
    for prefix in UNIT_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def figure(number: int) -> str:
    """A whole number as an official document writes it, whatever the page's language: 3.070.450.000."""
    return f"{number:,}".replace(",", ".")


def date_line(place: str, day: dt.date) -> str:
    """'Điện Biên, ngày 07 tháng 12 năm 2026' (leading zero for days below 10 and for months 1 and 2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- what a document holds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuingBody:
    """The body that issues the document (cơ quan ban hành) under its superior body (cơ quan chủ quản).
    `abbreviation` is the body's part of the symbol: "UBND" in "12/QĐ-UBND"."""

    name: str  # "ỦY BAN NHÂN DÂN XÃ MƯỜNG PHĂNG", "SỞ Y TẾ"
    abbreviation: str  # "UBND", "SYT", "TTDVVL"
    superior: str = ""  # "UBND TỈNH ĐIỆN BIÊN"; "" for a body with none shown


@dataclass(frozen=True)
class Signature:
    """A signature block: authority lines (bold capitals), room to sign, the full name."""

    lines: tuple[str, ...]  # ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") or ("NGƯỜI LẬP BIỂU",)
    name: str = ""
    note: str = ""  # "(Ký, ghi rõ họ tên)" under the title of a list's signer


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True
    bold: bool = False
    italic: bool = False
    center: bool = False


@dataclass(frozen=True)
class LegalBases:
    """ "Căn cứ …;" lines in italics, the last ending with a full stop (or a comma before a proposal)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Decides:
    """'QUYẾT ĐỊNH:' centred in bold, then 'Điều 1. …', 'Điều 2. …' (each article may have paragraphs)."""

    articles: tuple[tuple[str, ...], ...]
    heading: str = "QUYẾT ĐỊNH:"


@dataclass(frozen=True)
class Table:
    """A bordered table. The header row repeats on every page; `numeric` columns are right-aligned;
    `footer` rows (totals) come last in bold; a cell of `spans` width joins the first columns of a footer."""

    widths: tuple[str, ...]  # typst track sizes: "1.2cm", "2fr"
    header: tuple[str, ...]
    rows: Sequence[Sequence[str]]
    numeric: frozenset[int] = frozenset()
    centred: frozenset[int] = frozenset()
    footer: Sequence[Sequence[str]] = ()
    footer_span: int = 1
    size: str = "11pt"
    row_height: str = ""  # e.g. "1.1cm": room for a signature in every row


Block = Paragraph | LegalBases | Decides | Table


@dataclass(frozen=True)
class Document:
    body: IssuingBody
    kind: str  # "QUYẾT ĐỊNH", "DANH SÁCH", "PHIẾU GIỚI THIỆU VIỆC LÀM", "BÁO CÁO"
    kind_code: str  # "QĐ", "DS", "GT", "BC"
    place: str  # "Điện Biên" (no prefix)
    day: dt.date
    subject: str = ""  # "Về việc hưởng trợ cấp xã hội hằng tháng"
    number: int | str | None = None  # None: a draft
    blocks: Sequence[Block] = ()
    recipients: Sequence[str] = ()
    signatures: Sequence[Signature] = ()
    landscape: bool = False
    title: str = ""  # the PDF's metadata title
    author: str = "ansinh"
    draft: bool = False  # a draft shows DỰ THẢO and no number even if one is given
    footnote: str = ""  # small grey line at the end (generated by, when)
    date_text: str = ""  # the place and date line when not the Vietnamese one (an English report)
    language: str = "vi"  # the words "Số", "Nơi nhận", "DỰ THẢO"; the national title is never translated

    @property
    def symbol(self) -> str:
        return f"{self.kind_code}-{self.body.abbreviation}"

    @property
    def is_draft(self) -> bool:
        return self.draft or self.number in (None, "")

    def word(self, key: str) -> str:
        return WORDS.get(self.language, WORDS["vi"])[key]

    @property
    def number_line(self) -> str:
        """'Số: 12/QĐ-UBND'; a draft leaves room for the number: 'Số:      /QĐ-UBND'."""
        label = self.word("number")
        if self.is_draft:
            return f"{label}:      /{self.symbol}"
        if isinstance(self.number, str) and "/" in self.number:
            return f"{label}: {self.number}"  # a recorded number with its symbol: "125/QĐ-UBND"
        return f"{label}: {self.number}/{self.symbol}"

    @property
    def dated(self) -> str:
        return self.date_text or date_line(self.place, self.day)


# --- typesetting --------------------------------------------------------------------------------------


def header(doc: Document) -> list[str]:
    """The typst lines of the header: bodies, number, national title, place and date, kind and subject."""
    left = []
    if doc.body.superior:
        left.append(f"text(size: 12pt)[#{s(doc.body.superior)}]")
    left += [
        f'text(size: 12pt, weight: "bold")[#{s(doc.body.name)}]',
        "line(length: 30%, stroke: 0.5pt)",
        f"text(size: 13pt)[#{s(doc.number_line)}]",
    ]
    right = [
        f'text(size: 12pt, weight: "bold")[#{s(NATIONAL_TITLE)}]',
        f'text(size: 13pt, weight: "bold")[#{s(MOTTO)}]',
        "line(length: 52%, stroke: 0.5pt)",
        f'text(size: 13pt, style: "italic")[#{s(doc.dated)}]',
    ]
    lines = [
        "#block[#set par(justify: false)",
        '#set text(bottom-edge: "descender")',
        "#grid(columns: (1fr, 1.45fr), align: center + top, column-gutter: 6pt,",
        f"  stack(spacing: 5pt, {', '.join(left)}),",
        f"  stack(spacing: 5pt, {', '.join(right)}),",
        ")]",
    ]
    if doc.is_draft:
        lines.insert(
            0,
            "#place(top + right, dy: -34pt)[#box(stroke: 0.8pt, inset: 3pt)"
            f'[#text(weight: "bold", size: 12pt)[#{s(doc.word("draft"))}]]]',
        )
    title = [f'text(size: 14pt, weight: "bold")[#{s(doc.kind)}]']
    if doc.subject:
        title.append(f'text(size: 14pt, weight: "bold")[#{s(doc.subject)}]')
    title.append("line(length: 22%, stroke: 0.5pt)")
    lines += [
        "#v(12pt)",
        "#block(width: 100%)[#set par(justify: false)",
        '#set text(bottom-edge: "descender")',
        f"#align(center)[#stack(spacing: 6pt, {', '.join(title)})]]",
        "#v(8pt)",
    ]
    return lines


def _paragraph(block: Paragraph) -> str:
    styles = []
    if block.bold:
        styles.append('weight: "bold"')
    if block.italic:
        styles.append('style: "italic"')
    content = f"#text({', '.join(styles)})[#{s(block.text)}]" if styles else f"#{s(block.text)}"
    if block.center:
        return f"#align(center)[{content}]"
    indent = "1cm" if block.indent else "0pt"
    return f"#par(first-line-indent: (amount: {indent}, all: true))[{content}]"


def _legal_bases(block: LegalBases) -> list[str]:
    return [
        f'#par(first-line-indent: (amount: 1cm, all: true))[#text(style: "italic")[#{s(item)}]]'
        for item in block.items
    ]


def _decides(block: Decides) -> list[str]:
    lines = [f'#v(4pt)#align(center)[#text(weight: "bold")[#{s(block.heading)}]]#v(2pt)']
    for number, article in enumerate(block.articles, start=1):
        first, *rest = article or ("",)
        lines.append(
            f"#par(first-line-indent: (amount: 1cm, all: true))"
            f'[#text(weight: "bold")[#{s(f"Điều {number}.")}] #{s(first)}]'
        )
        lines += [f"#par(first-line-indent: (amount: 1cm, all: true))[#{s(text)}]" for text in rest]
    return lines


def _array(numbers: frozenset[int]) -> str:
    return "(" + "".join(f"{i}, " for i in sorted(numbers)) + ")"


def _table(block: Table) -> str:
    numeric, centred = _array(block.numeric), _array(block.centred)
    align = (
        f"(x, y) => if y == 0 {{ center + horizon }} else if {numeric}.contains(x) {{ right + horizon }} "
        f"else if {centred}.contains(x) {{ center + horizon }} else {{ left + horizon }}"
    )
    cells = [f"table.header({', '.join(f'[*#{s(h)}*]' for h in block.header)})"]
    for row in block.rows:
        cells.extend(c(cell) for cell in row)
    for row in block.footer:
        first, *rest = row
        cells.append(f"table.cell(colspan: {block.footer_span})[*#{s(first)}*]")
        cells.extend(f"[*#{s(cell)}*]" for cell in rest)
    rows = f", rows: (auto, {block.row_height})" if block.row_height else ""
    return (
        f"#block(width: 100%)[#set text(size: {block.size})\n"
        f"#table(columns: ({', '.join(block.widths)},), inset: 4pt, stroke: 0.5pt, align: {align}{rows},\n  "
        + ",\n  ".join(cells)
        + ",\n)]"
    )


def _signature(sig: Signature) -> str:
    parts = [f'#text(weight: "bold")[#{s(line)}]' for line in sig.lines]
    if sig.note:
        parts.append(f'#text(style: "italic", size: 11pt)[#{s(sig.note)}]')
    body = " \\ ".join(parts)
    return f'align(center)[{body} #v(2.2cm) #text(weight: "bold")[#{s(sig.name)}]]'


def _recipients(doc: Document) -> str:
    if not doc.recipients:
        return "[]"
    items = " \\ ".join(f"#{s(item)}" for item in doc.recipients)
    return (
        f'[#text(size: 12pt, weight: "bold", style: "italic")[#{s(doc.word("recipients"))}] \\ '
        f"#text(size: 11pt)[{items}]]"
    )


def closing(doc: Document) -> list[str]:
    """The typst lines of the end: Nơi nhận on the left, the signature block(s) on the right."""
    lines = ["#v(10pt)"]
    signatures = list(doc.signatures)
    if len(signatures) > 1:
        # A list signed by several people: all blocks in one row, the head of the unit on the right.
        columns = ", ".join(["1fr"] * len(signatures))
        blocks = ", ".join(_signature(sig) for sig in signatures)
        lines.append(f"#block(breakable: false)[#grid(columns: ({columns}), column-gutter: 8pt, {blocks})]")
        if doc.recipients:
            lines.append(f"#v(8pt)#grid(columns: (1fr, 1fr), {_recipients(doc)}, [])")
        return lines
    right = _signature(signatures[0]) if signatures else "[]"
    lines.append(
        "#block(breakable: false)[#grid(columns: (1fr, 1fr), column-gutter: 8pt, "
        f"{_recipients(doc)}, {right})]"
    )
    return lines


def page_setup(doc: Document, *, size: str = "13pt") -> list[str]:
    """Metadata, A4 page and margins of the decree, the font, justified paragraphs."""
    paper = ", flipped: true" if doc.landscape else ""
    lang = "en" if doc.language == "en" else "vi"
    return [
        f"#set document(title: {s(doc.title or doc.kind)}, author: {s(doc.author)})",
        f'#set page(paper: "a4"{paper}, margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm), '
        "numbering: (..n) => if n.pos().first() > 1 { str(n.pos().first()) }, number-align: center + top)",
        f"#set text(lang: {s(lang)}, font: ({', '.join(s(f) for f in FONTS)}), size: {size})",
        "#set par(justify: true, leading: 0.6em, spacing: 0.8em)",
        "#show table.cell: set par(justify: false)",
    ]


def typst_source(doc: Document) -> str:
    lines = [*page_setup(doc), *header(doc)]
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.append(_paragraph(block))
        elif isinstance(block, LegalBases):
            lines += _legal_bases(block)
        elif isinstance(block, Decides):
            lines += _decides(block)
        else:
            lines.append(_table(block))
    lines += closing(doc)
    if doc.footnote:
        lines.append(f"#v(10pt)#text(size: 8pt, fill: gray)[#{s(doc.footnote)}]")
    return "\n".join(lines) + "\n"


def font_paths() -> list[str]:
    folder = getattr(settings, "DOCUMENT_FONT_DIR", "")
    return [folder] if folder and Path(folder).is_dir() else []


def compile_pdf(source: str, *, moment: dt.datetime | None = None) -> bytes:
    """Typst source → PDF bytes; only the embedded fonts and DOCUMENT_FONT_DIR are read."""
    moment = (moment or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return typst.compile(
        source.encode(),
        format="pdf",
        font_paths=font_paths(),
        ignore_system_fonts=True,
        timestamp=moment,
    )


def render_pdf(doc: Document, *, moment: dt.datetime | None = None) -> bytes:
    return compile_pdf(typst_source(doc), moment=moment)


def render_png(doc: Document, *, page: int = 0, ppi: int = 80) -> bytes:
    """One page as a PNG, to look at the layout."""
    pages = typst.compile(
        typst_source(doc).encode(), format="png", ppi=ppi, font_paths=font_paths(), ignore_system_fonts=True
    )
    return pages[page] if isinstance(pages, list) else pages
