"""Bad bank result files, kept under corpus/ with the refusal each must get (corpus/manifest.json):
each is refused whole, with its code (and the row, where there is one), and nothing changes.

The CSV files are templates: {REF1}…{REF4}, {AMT1}…{AMT4}, {COUNT}, {TOTAL} and the like stand for the
references and amounts of the batch made by the test, substituted in the file's own encoding. The XLSX
cases are written by the test (see XLSX_CASES)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ansinh.core.errors import ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.payments import services
from ansinh.payments.models import BankResult, PaymentLine
from ansinh.payments.references import line_reference
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
VALID = "record,reference,status,amount,reason\r\n{ROWS}T,{COUNT},{TOTAL}\r\n"


def _placeholders(batch) -> dict[str, str]:
    lines = list(batch.lines.order_by("id").values_list("reference", "amount", "enrolment_id"))
    assert len(lines) == 4
    values = {"COUNT": str(len(lines)), "TOTAL": str(sum(a for _, a, _ in lines))}
    values["TOTAL3"] = str(sum(a for _, a, _ in lines[:3]))
    for i, (ref, amount, _) in enumerate(lines, start=1):
        values[f"REF{i}"], values[f"AMT{i}"] = ref, str(amount)
    last = lines[3][0]
    values["REF4_BAD_CHECK"] = last[:6] + str((int(last[6]) + 1) % 10) + last[7:]
    values["UNKNOWN_REF"] = line_reference(max(e for *_, e in lines) + 1000, MONTH, "monthly", 0)
    values["ROWS"] = "".join(f"D,{ref},paid,{amount},\r\n" for ref, amount, _ in lines)
    return values


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _corpus_file(name: str, values: dict[str, str]) -> bytes:
    raw = (CORPUS / name).read_bytes()
    encoding = MANIFEST[name]["encoding"]
    if encoding == "binary":
        return raw
    text = _fill(raw.decode(encoding), values)
    return text.encode("utf-16") if encoding == "utf-16" else text.encode(encoding)


def _xlsx(rows: list[list]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                sheet.write_formula(r, c, value, None, 750_000)  # a cached value calamine would return
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def _xlsx_rows(values: dict[str, str], first_amount) -> list[list]:
    rows: list[list] = [["record", "reference", "status", "amount", "reason"]]
    for i in range(1, 5):
        amount = first_amount if i == 1 else int(values[f"AMT{i}"])
        rows.append(["D", values[f"REF{i}"], "paid", amount])
    rows.append(["T", int(values["COUNT"]), int(values["TOTAL"])])
    return rows


# name → (the first line's amount cell, expected code, the row named)
XLSX_CASES = {
    "formula.xlsx": ("=700000+50000", "result.formula", "file"),
    "fractional_amount.xlsx": (750_000.5, "result.bad_amount", "row_2"),
    "superscript_amount.xlsx": ("75000²", "result.bad_amount", "row_2"),
    "huge_amount.xlsx": (1e24, "result.bad_amount", "row_2"),
    "negative_amount.xlsx": (-750_000, "result.bad_amount", "row_2"),
}
CASES = sorted(MANIFEST) + sorted(XLSX_CASES)


def _state(batch):
    lines = PaymentLine.objects.order_by("id").values_list("id", "status", "return_reason", "settled_at")
    batch.refresh_from_db()
    batch.cycle.refresh_from_db()
    return (
        list(lines),
        BankResult.objects.count(),
        batch.reconciled_at,
        batch.cycle.status,
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("name", CASES)
def test_a_bad_result_file_is_refused_whole(exported, province_officer, name):
    batch = exported.batch
    values = _placeholders(batch)
    if name in XLSX_CASES:
        first, code, field = XLSX_CASES[name]
        content = _xlsx(_xlsx_rows(values, first))
    else:
        content = _corpus_file(name, values)
        code, field = MANIFEST[name]["code"], MANIFEST[name].get("field")
    before = _state(batch)
    with pytest.raises(ValidationFailed) as refused:
        services.result_import(actor=province_officer, batch=batch, file_bytes=content, file_name=name)
    found = {(e.code, e.field) for e in refused.value.errors}
    assert code in {c for c, _ in found}, found
    if field:
        assert (code, field) in found, found
    assert all(str(e.message) for e in refused.value.errors)
    assert _state(batch) == before


def test_the_templates_make_a_valid_file(exported, province_officer):
    """The substitution itself is sound: without a fault, the same file is accepted (CSV and XLSX)."""
    batch = exported.batch
    values = _placeholders(batch)
    good = _xlsx(_xlsx_rows(values, int(values["AMT1"])))
    assert services.result_import(actor=province_officer, batch=batch, file_bytes=good, file_name="kq.xlsx")


def test_the_csv_template_makes_a_valid_file(exported, province_officer):
    batch = exported.batch
    good = _fill(VALID, _placeholders(batch)).encode("utf-8")
    result = services.result_import(actor=province_officer, batch=batch, file_bytes=good, file_name="kq.csv")
    assert result.paid_count == 4
