"""Bank files: the payment batch we send and the result file it returns (đối soát: reconciliation).

Both are tables of records whose first cell names the record type, in CSV (UTF-8 with a byte-order
mark, so Excel shows Vietnamese names correctly) or XLSX (one sheet). Both formats hold the same rows.

Batch file (we → bank)::

    H, <batch reference>, <month YYYY-MM>, <province code>, <line count>, <total amount>
    record, reference, payee_name, bank_code, bank_bin, account, amount, description     ← column titles
    D, AS000001234520260710068, Nguyễn Thị Hòa, VCB, 970436, 0123456789, 750000, TCXH 07/2026
    …
    T, <line count>, <total amount>

Result file (bank → we)::

    H, <batch reference>                                   ← optional; when present it must match
    record, reference, status, amount, reason              ← optional column titles
    D, AS000001234520260710068, paid, 750000,
    D, AS000001234620260710064, returned, 750000, Tài khoản đã đóng
    …
    T, <row count>, <sum of amounts>                       ← required control row

`status` is `paid` or `returned` (any case). Amounts are whole đồng in ASCII digits, grouped by "." or
"," or not at all (at most 15 digits); a data row has at most the five columns above, and an XLSX
file must hold values, not formulas. A result file must report every
line of the batch, each once: banks settle a batch as a whole, and a partial file would leave lines
in limbo, so partial results are refused (merge the bank's parts first). Blank rows are ignored.
CSV must be UTF-8 (with or without BOM); comma or semicolon separated.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core import csvfile
from ansinh.core import reference as banks
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.periods import month_label

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH_TITLES = (
    "record",
    "reference",
    "payee_name",
    "bank_code",
    "bank_bin",
    "account",
    "amount",
    "description",
)
RESULT_TITLES = ("record", "reference", "status", "amount", "reason")
XLSX_MAX_ROWS = 1_048_576  # rows on one Excel sheet
# The code that starts a transfer description: what the money is (bank descriptions are ASCII).
DESCRIPTION_CODES = {
    ("social_assistance", "monthly"): "TCXH",  # trợ cấp xã hội hằng tháng
    ("social_pension", "monthly"): "TCHTXH",  # trợ cấp hưu trí xã hội
}
FUNERAL_CODE = "HTMT"  # hỗ trợ mai táng


def description(*, regime: str, kind: str, for_month: Any, cycle_month: Any) -> str:
    """ "TCXH 07/2026"; arrears (a month before the cycle's) add "truy linh", a difference "chenh lech"."""
    if kind == "funeral":
        return f"{FUNERAL_CODE} {month_label(for_month)}"
    text = f"{DESCRIPTION_CODES.get((regime, 'monthly'), 'TCXH')} {month_label(for_month)}"
    if kind == "difference":
        return f"{text} truy linh chenh lech"
    return f"{text} truy linh" if for_month < cycle_month else text


@dataclass(frozen=True)
class BatchHeader:
    reference: str
    month: Any
    province_code: str
    line_count: int
    total_amount: int


def batch_rows(header: BatchHeader, lines: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
    """Every row of a batch file. `lines`: (reference, payee, bank code, account, amount, regime, kind,
    for_month) in file order."""
    yield [
        "H",
        header.reference,
        f"{header.month:%Y-%m}",
        header.province_code,
        header.line_count,
        header.total_amount,
    ]
    yield list(BATCH_TITLES)
    bins: dict[str, str] = {}
    for ref, payee, code, account, amount, regime, kind, for_month in lines:
        if code not in bins:
            bank = banks.bank_get(code) if code else None
            bins[code] = bank.bin if bank else ""
        text = description(regime=regime, kind=kind, for_month=for_month, cycle_month=header.month)
        yield ["D", ref, payee, code, bins[code], account, amount, text]
    yield ["T", header.line_count, header.total_amount]


def write_csv(rows: Iterable[list[Any]]) -> bytes:
    """Through the product's one CSV writer. References, bank codes, BINs, account numbers (digits) and
    amounts (positive integers) never start with a formula character, so the bytes the bank reads are
    unchanged; only a payee name or description starting with = + - @ would gain a leading quote,
    which protects the officer who opens the batch in Excel and which no bank parses as a field."""
    return csvfile.write_rows(rows)


def write_xlsx(rows: Iterable[list[Any]], *, row_count: int, sheet: str = "TCXH") -> bytes:
    """One sheet; text cells stay text (account numbers keep their leading zeros), amounts are numbers."""
    import xlsxwriter

    if row_count > XLSX_MAX_ROWS:
        raise ApplicationError(
            "batch.too_big_for_xlsx",
            _("The batch has more rows than one Excel sheet can hold; download it as CSV."),
        )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet)
    money = book.add_format({"num_format": "#,##0"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, c, value, money if r > 1 else None)
            else:
                ws.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


# --- reading a file ------------------------------------------------------------------------------


def _file_error(code: str, message: Any) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field="file")])


def read_table(file_bytes: bytes, file_name: str) -> Iterator[list[str]]:
    """The rows of a CSV or XLSX file as text cells, one after the other (a million-row file is not
    held twice); ValidationFailed, before the first row, when the file cannot be read."""
    if not file_bytes:
        raise _file_error("result.empty", _("The file is empty."))
    is_zip = file_bytes[:4] == b"PK\x03\x04"
    if is_zip or file_name.lower().endswith((".xlsx", ".xlsm")):
        if not is_zip:
            raise _file_error("result.bad_xlsx", _("The file is named .xlsx but is not an Excel workbook."))
        rows: Iterable[list[str]] = _read_xlsx(file_bytes)
    else:
        rows = _read_csv(file_bytes)
    return map(_trimmed, rows)


def _trimmed(row: list[str]) -> list[str]:
    """Without trailing empty cells (a sheet is rectangular; CSV rows are not)."""
    if not row or row[-1]:
        return row
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _read_xlsx(file_bytes: bytes) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    formula = _first_formula(file_bytes)
    if formula is not None:
        raise _file_error(
            "result.formula",
            _(
                "Cell %(cell)s holds a formula: a result file must hold the bank's values, not "
                "calculations. Paste the sheet as values and try again."
            )
            % {"cell": formula},
        )
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(file_bytes))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise _file_error(
            "result.bad_xlsx", _("The Excel file cannot be read: %(error)s") % {"error": exc}
        ) from None
    return [[_cell_text(v) for v in row] for row in rows]


_FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
_CELL_REF = re.compile(rb'<(?:[A-Za-z0-9_]+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')
_SCAN = 1 << 20


def _first_formula(file_bytes: bytes) -> str | None:
    """The cell ("D3") of the first formula in any sheet of the workbook, read from its XML (calamine
    returns a formula's last computed value, which a bank file must not depend on); None if there is
    none. "?" when the cell cannot be named. A damaged workbook is left to calamine to report."""
    try:
        book = zipfile.ZipFile(io.BytesIO(file_bytes))
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sheets:
            with book.open(name) as sheet:
                tail = b""
                while chunk := sheet.read(_SCAN):
                    text = tail + chunk
                    found = _FORMULA.search(text)
                    if found:
                        cells = _CELL_REF.findall(text, 0, found.start())
                        return cells[-1].decode() if cells else "?"
                    tail = text[-4096:]  # a tag cut at the chunk's end is found in the next round
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return None
    return None


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _read_csv(file_bytes: bytes) -> Iterator[list[str]]:
    if file_bytes[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _file_error(
            "result.encoding",
            _("The file is in UTF-16. Save it as “CSV UTF-8 (comma delimited)” and try again."),
        )
    try:
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file_bytes[: exc.start].count(b"\n") + 1
        raise _file_error(
            "result.encoding",
            _(
                "The file is not UTF-8 (unreadable byte on line %(line)s, perhaps Windows-1258 or TCVN3). "
                "Save it as “CSV UTF-8 (comma delimited)” and try again."
            )
            % {"line": line},
        ) from None
    if "\x00" in text:
        raise _file_error(
            "result.encoding", _("The file contains NUL characters: it is not a CSV text file.")
        )
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return _csv_rows(csv.reader(io.StringIO(text), delimiter=delimiter))


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:  # an unterminated quote, a field too long…
        raise _file_error(
            "result.bad_csv", _("The CSV file cannot be read (line %(line)s).") % {"line": reader.line_num}
        ) from exc


@dataclass(slots=True)
class ResultRow:
    row: int  # 1-based row number in the file
    reference: str
    status: str
    amount: int
    reason: str


@dataclass
class ResultFile:
    batch_reference: str | None
    rows: list[ResultRow]
    control_count: int | None
    control_total: int | None


MAX_LISTED_ERRORS = 1000


class ErrorList:
    """Errors found while checking a file; past MAX_LISTED_ERRORS they are counted, not listed."""

    def __init__(self) -> None:
        self.items: list[ApplicationError] = []
        self.more = 0

    def add(self, code: str, message: Any, row: int | None = None) -> None:
        if len(self.items) >= MAX_LISTED_ERRORS:
            self.more += 1
            return
        if row is not None:
            message = _("Row %(row)s: %(problem)s") % {"row": row, "problem": message}
        self.items.append(ApplicationError(code, message, field=f"row_{row}" if row is not None else "file"))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = list(self.items)
        if self.more:
            items.append(
                ApplicationError(
                    "result.more_errors",
                    _("… and %(count)s more problems.") % {"count": self.more},
                    field="file",
                )
            )
        raise ValidationFailed(items)


def parse_result(table: Iterable[list[str]], errors: ErrorList) -> ResultFile:
    """The rows of a result file, with every problem of form (not of content) added to `errors`."""
    parsed = ResultFile(batch_reference=None, rows=[], control_count=None, control_total=None)
    for number, cells in enumerate(table, start=1):
        record = cells[0].strip().upper() if cells else ""
        if not record and not "".join(cells).strip():
            continue  # a blank row
        if parsed.control_count is not None:
            errors.add("result.after_control", _("nothing may follow the control row T."), number)
        elif record == "H":
            parsed.batch_reference = cells[1].strip() if len(cells) > 1 else ""
        elif record == "RECORD" or record == "REFERENCE":
            continue
        elif record == "D":
            row = _data_row(number, cells, errors)
            if row is not None:
                parsed.rows.append(row)
        elif record == "T":
            count = _whole(cells[1] if len(cells) > 1 else "")
            total = _whole(cells[2] if len(cells) > 2 else "")
            if count is None or total is None:
                errors.add("result.bad_control", _("the control row must be T, count, total amount."), number)
                count, total = -1, -1
            parsed.control_count, parsed.control_total = count, total
        else:
            errors.add(
                "result.bad_record",
                _("unknown record type “%(record)s” (expected H, D or T).") % {"record": cells[0][:20]},
                number,
            )
    if parsed.control_count is None:
        errors.add("result.no_control", _("The file has no control row (T, count, total amount)."))
    return parsed


def _data_row(number: int, cells: list[str], errors: ErrorList) -> ResultRow | None:
    if len(cells) > len(RESULT_TITLES):
        # A column too many is usually a shifted one (an amount "750,000" split at its comma): refused
        # rather than guessed at.
        errors.add(
            "result.extra_columns",
            _("the row has %(count)s columns; a result row has %(expected)s (%(titles)s).")
            % {"count": len(cells), "expected": len(RESULT_TITLES), "titles": ", ".join(RESULT_TITLES)},
            number,
        )
        return None
    cells = [*cells, "", "", "", ""]
    reference, status, raw_amount, reason = (
        cells[1].strip().upper(),
        cells[2].strip().lower(),
        cells[3],
        cells[4],
    )
    ok = True
    if status not in ("paid", "returned"):
        errors.add(
            "result.bad_status",
            _("status “%(status)s” is neither paid nor returned.") % {"status": status[:20]},
            number,
        )
        ok = False
    amount = _whole(raw_amount)
    if amount is None or amount <= 0:
        errors.add(
            "result.bad_amount",
            _("amount “%(amount)s” is not a whole number of đồng.") % {"amount": raw_amount[:30]},
            number,
        )
        ok = False
    if not reference:
        errors.add("result.no_reference", _("the reference is missing."), number)
        ok = False
    if not ok:
        return None
    return ResultRow(number, reference, status, amount or 0, reason.strip()[:200])


# At most 15 digits: a thousand trillion đồng is far above any batch total, and every such amount fits
# the 64-bit columns it is compared with and summed into.
MAX_AMOUNT_DIGITS = 15
_PLAIN = re.compile(r"[0-9]+")
# Thousands grouped with "." (Vietnamese) or "," (English), the same separator throughout.
_GROUPED = re.compile(r"[0-9]+([.,])[0-9]{3}(?:\1[0-9]{3})*")


def _whole(raw: str) -> int | None:
    """A whole number of đồng as banks write it: "750000", "750.000" or "750,000"; None otherwise.

    ASCII digits only: `str.isdigit()` also accepts "²", "٣" or "５", which `int()` then refuses or reads
    as another number than the one printed."""
    if raw.isascii() and raw.isdigit():  # the common case, a million times per file
        text = raw
    else:
        text = raw.strip().replace(" ", "")
        grouped = _GROUPED.fullmatch(text)
        if grouped:
            text = text.replace(grouped.group(1), "")
        elif not _PLAIN.fullmatch(text):
            return None
    if len(text) > MAX_AMOUNT_DIGITS:
        return None
    return int(text)
