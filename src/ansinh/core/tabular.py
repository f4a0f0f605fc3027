"""Reading tabular files for imports (.xlsx through calamine, CSV in UTF-8) and reporting refused rows:
what every import of the system shares (labour seekers and vacancies, registry persons and households).

A file is read into rows of cell values, header included; a file that cannot be read at all (wrong type,
wrong encoding, a formula, a NUL character, empty, too large) is one ApplicationError on the field
`file`. Refused rows are listed with their row number as the spreadsheet numbers it (the header is row
1), the column header at fault and the reason (`RowError`, `ImportRefused`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError

MAX_BYTES = 10 * 1024 * 1024
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date serial numbers


@dataclass(frozen=True)
class Column:
    """One column of an import file and its template."""

    key: str  # the input field it fills
    header: str  # Vietnamese header of the template (a file format, not a translation)
    required: bool = False
    example: Any = ""
    help: str = ""  # Vietnamese, for the instructions sheet
    text: bool = False  # keep as text in the template (leading zeros)


def match_headers(columns: list[Column], header: list[Any]) -> dict[str, int]:
    """Column key → index in the file. Headers match without regard to accents or case ("Ho va ten" =
    "Họ và tên"), or by the column key; others are ignored. A column twice, or a required column missing,
    is an ApplicationError on `file`."""
    from ansinh.core.text import fold

    by_name: dict[str, Column] = {}
    for column in columns:
        by_name[fold(column.header)] = column
        by_name[column.key] = column
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        column = by_name.get(fold(str(value or "")).strip())
        if column is None:
            continue
        if column.key in found:
            raise ApplicationError(
                "import.duplicate_column",
                _("The column %(column)s appears twice in the header row (columns %(first)d and %(second)d); "
                  "keep one of them and import again.")
                % {"column": column.header, "first": found[column.key] + 1, "second": index + 1},
                field="file",
            )  # fmt: skip
        found[column.key] = index
    missing = [c.header for c in columns if c.required and c.key not in found]
    if missing:
        raise ApplicationError(
            "import.missing_columns",
            _("Columns missing from the header row: %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    return found


def excel_date(value: Any) -> Any:
    """A date cell: Excel's serial number becomes a date; anything else is returned as it is."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value <= 80_000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return value


# --- errors ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header of the column at fault, "" for the row as a whole
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "field": self.field, "code": self.code,
                "message": self.message}  # fmt: skip


class ImportRefused(ApplicationError):
    """Some rows were refused; nothing was imported. `rows` lists every refusal."""

    status = 422

    def __init__(self, rows: list[RowError], total: int) -> None:
        self.rows = rows
        self.total = total
        refused = len({r.row for r in rows})
        super().__init__(
            "import.refused",
            _(
                "%(refused)d of %(total)d rows were refused; nothing was imported. "
                "Correct them and import the file again."
            )
            % {"refused": refused, "total": total},
        )

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["errors"] = [r.as_dict() for r in self.rows]
        return data


# --- reading -----------------------------------------------------------------------------------------


def read_table(filename: str, content: bytes) -> list[list[Any]]:
    """Rows of the first sheet or of the CSV file, header included; raises ApplicationError for a file that
    cannot be read (wrong type, wrong encoding, empty, too large)."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(
            "import.too_large", _("The file is larger than 10 MB; split it."), field="file"
        )
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _read_csv(content)
    else:
        raise ApplicationError(
            "import.bad_type", _("Choose an Excel file (.xlsx) or a CSV file (.csv)."), field="file"
        )
    _refuse_nul(rows)
    rows = [row for row in rows if any(blank(v) is False for v in row)]
    if len(rows) < 2:
        raise ApplicationError("import.empty", _("The file has no data rows under the header."), field="file")
    return rows


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _refuse_nul(rows: list[list[Any]]) -> None:
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if isinstance(value, str) and "\x00" in value:
                raise ApplicationError(
                    "import.nul_character",
                    _("Row %(row)d, column %(column)d holds a NUL character; remove it and import again.")
                    % {"row": number, "column": index + 1},
                    field="file",
                )


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _first_formula(content: bytes) -> str | None:
    """The reference ("D5") of the first formula cell of the first sheet, or None.

    calamine returns a formula cell's cached value (blank when the file was written by a program that
    never calculated it), so formulas are found in the sheet's XML: a `<c>` with an `<f>` child.
    ElementTree resolves no external entities and Python's expat limits entity expansion, which is what
    defusedxml would add; it is not a dependency."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
            first = workbook.find(f"{_SHEET_NS}sheets/{_SHEET_NS}sheet")
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
            if first is None:
                return None
            rel_id = first.get(f"{_REL_NS}id")
            target = next((r.get("Target", "") for r in rels if r.get("Id") == rel_id), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            # Most files hold no formula: a scan of the bytes for an <f> element (any namespace prefix)
            # says so at C speed (a sheet without "<f" or ":f" cannot hold one); only a sheet with one is
            # parsed to name the cell.
            xml = book.read(posixpath.normpath(path))
            if (b"<f" not in xml and b":f" not in xml) or _FORMULA_TAG.search(xml) is None:
                return None
            with book.open(posixpath.normpath(path)) as sheet:
                for _event, element in ElementTree.iterparse(sheet):  # noqa: S314
                    if element.tag == f"{_SHEET_NS}c":
                        if element.find(f"{_SHEET_NS}f") is not None:
                            return element.get("r", "?")
                        element.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return None  # calamine then says whether the workbook can be read at all
    return None


def _refuse_formulas(content: bytes) -> None:
    cell = _first_formula(content)
    if cell is not None:
        row = "".join(ch for ch in cell if ch.isdigit())
        column = "".join(ch for ch in cell if ch.isalpha())
        raise ApplicationError(
            "import.formula",
            _("Cell %(cell)s (row %(row)s, column %(column)s) holds a formula; imports take values only. "
              "Copy the sheet and paste it as values, then import again.")
            % {"cell": cell, "row": row, "column": column},
            field="file",
        )  # fmt: skip


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from python_calamine import CalamineError, CalamineWorkbook

    _refuse_formulas(content)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)  # a new list of lists, the rows' own
    except (CalamineError, ValueError, OSError):
        raise ApplicationError(
            "import.bad_xlsx", _("The file could not be read as an Excel workbook (.xlsx)."), field="file"
        ) from None


def _read_csv(content: bytes) -> list[list[Any]]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ApplicationError(
            "import.bad_encoding",
            _("The CSV file is in UTF-16. Save it as “CSV UTF-8 (comma delimited)” and import it again."),
            field="file",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ApplicationError(
            "import.bad_encoding",
            _("The CSV file is not in UTF-8 (line %(line)d): it was probably saved in Windows-1258 or TCVN3. "
              "Save it as “CSV UTF-8 (comma delimited)” and import it again.") % {"line": line},
            field="file",
        ) from None  # fmt: skip
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
