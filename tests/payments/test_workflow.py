"""Maker-checker approval, the bank batch, the bank's result (refused whole on any problem), re-issue
of returned lines, cash, and the cycle report."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.payments import bankfiles, services
from ansinh.payments.models import BankResult, CycleStatus, LineStatus, PaymentLine
from ansinh.payments.selectors import cycle_report
from tests.payments.conftest import MONTH, SA_2025, lines_of

pytestmark = pytest.mark.django_db


def result_csv(batch, *, returned=(), control=None, extra_rows=(), drop=(), amounts=None, bom=True):
    """A bank result file for the batch: every line paid, except those in `returned`."""
    rows = ["record,reference,status,amount,reason"]
    count = total = 0
    for ref, amount in batch.lines.order_by("id").values_list("reference", "amount"):
        if ref in drop:
            continue
        amount = (amounts or {}).get(ref, amount)
        status, reason = ("returned", "Tài khoản đã đóng") if ref in returned else ("paid", "")
        rows.append(f"D,{ref},{status},{amount},{reason}")
        count, total = count + 1, total + amount
    rows += list(extra_rows)
    count += len(extra_rows)
    total += sum(int(r.split(",")[3]) for r in extra_rows)
    rows.append("T,{},{}".format(*(control or (count, total))))
    text = "\r\n".join(rows) + "\r\n"
    return ("\ufeff" + text if bom else text).encode("utf-8")


# --- maker-checker ------------------------------------------------------------------------------------


def test_maker_cannot_approve_their_own_cycle(enrol, generated, province_officer, approver):
    enrol(start_month=MONTH)
    cycle = services.cycle_submit(actor=province_officer, cycle=generated())
    with pytest.raises(PermissionDenied) as refused:
        services.cycle_approve(actor=province_officer, cycle=cycle)
    from django.utils import translation

    with translation.override("en"):
        assert refused.value.code == "cycle.maker_checker" and "maker-checker" in str(refused.value.message)
    cycle = services.cycle_approve(actor=approver, cycle=cycle)
    assert (cycle.status, cycle.approved_by) == (CycleStatus.APPROVED, approver)


def test_submitter_cannot_approve_even_if_someone_else_generated(
    enrol, generated, province_officer, approver
):
    enrol(start_month=MONTH)
    cycle = services.cycle_submit(actor=approver, cycle=generated())
    with pytest.raises(PermissionDenied):
        services.cycle_approve(actor=approver, cycle=cycle)


def test_reject_sends_back_with_a_reason_and_export_needs_approval(
    enrol, generated, province_officer, approver
):
    enrol(start_month=MONTH)
    cycle = services.cycle_submit(actor=province_officer, cycle=generated())
    with pytest.raises(Conflict):
        services.batch_export(actor=province_officer, cycle=cycle)
    with pytest.raises(ValidationFailed):
        services.cycle_reject(actor=approver, cycle=cycle, reason=" ")
    cycle = services.cycle_reject(actor=approver, cycle=cycle, reason="Thiếu quyết định của xã Mường Phăng")
    assert (cycle.status, cycle.rejection_reason) == (
        CycleStatus.GENERATED,
        "Thiếu quyết định của xã Mường Phăng",
    )
    with pytest.raises(Conflict):
        services.cycle_approve(actor=approver, cycle=cycle)


def test_roles_and_scope_for_the_workflow(enrol, generated, commune_officer, other_province_officer, analyst):
    enrol(start_month=MONTH)
    cycle = generated()
    with pytest.raises(PermissionDenied):
        services.cycle_submit(actor=commune_officer, cycle=cycle)
    with pytest.raises(PermissionDenied):
        services.cycle_submit(actor=analyst, cycle=cycle)
    with pytest.raises(NotFound):
        services.cycle_submit(actor=other_province_officer, cycle=cycle)
    with pytest.raises(NotFound):
        services.cycle_create(actor=other_province_officer, province_code="11", month=dt.date(2025, 11, 1))


def test_one_cycle_per_province_and_month(new_cycle):
    new_cycle()
    with pytest.raises(Conflict):
        new_cycle()


def test_empty_cycle_cannot_be_submitted(generated, province_officer):
    with pytest.raises(Conflict):
        services.cycle_submit(actor=province_officer, cycle=generated())


# --- export ---------------------------------------------------------------------------------------------


def test_export_puts_non_cash_lines_in_one_batch_with_control_totals(exported, approved):
    batch = exported.batch
    assert (batch.line_count, batch.total_amount) == (4, 4 * SA_2025)
    assert batch.reference == "TCXH-11-202510"
    statuses = {(x.channel, x.status) for x in lines_of(approved)}
    assert statuses == {("bank", "exported"), ("ewallet", "exported"), ("cash", "pending")}
    assert exported.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese names
    table = list(bankfiles.read_table(exported.content, exported.file_name))
    assert table[0] == ["H", "TCXH-11-202510", "2025-10", "11", "4", str(4 * SA_2025)]
    assert table[1][:3] == ["record", "reference", "payee_name"]
    data = [row for row in table if row[0] == "D"]
    assert len(data) == 4 and table[-1] == ["T", "4", str(4 * SA_2025)]
    vcb = next(row for row in data if row[3] == "VCB")
    assert vcb[4] == "970436" and vcb[7] == "TCXH 10/2025" and vcb[2] == "Nguyễn Thị Hòa"
    approved.refresh_from_db()
    assert approved.status == CycleStatus.EXPORTED


def test_csv_and_xlsx_hold_the_same_rows_and_export_again_changes_nothing(
    exported, approved, province_officer
):
    xlsx = services.batch_export(actor=province_officer, cycle=approved, fmt="xlsx")
    assert xlsx.batch.pk == exported.batch.pk and xlsx.file_name.endswith(".xlsx")
    from_csv = list(bankfiles.read_table(exported.content, "a.csv"))
    from_xlsx = list(bankfiles.read_table(xlsx.content, "a.xlsx"))
    assert from_csv == from_xlsx
    account = next(row for row in from_xlsx if row[0] == "D")[5]
    assert account.startswith("00")  # leading zeros kept: text cells


def test_arrears_lines_say_so_in_the_description(enrol, generated, province_officer, approver):
    enrol(start_month=dt.date(2025, 9, 1))
    cycle = services.cycle_approve(
        actor=approver, cycle=services.cycle_submit(actor=province_officer, cycle=generated())
    )
    content = services.batch_export(actor=province_officer, cycle=cycle).content.decode("utf-8-sig")
    assert "TCXH 09/2025 truy linh" in content and "TCXH 10/2025\r\n" in content


# --- result import ------------------------------------------------------------------------------------


def test_result_applies_paid_and_returned_and_reconciles(exported, approved, province_officer):
    batch = exported.batch
    returned_ref = batch.lines.order_by("id").first().reference
    result = services.result_import(
        actor=province_officer,
        batch=batch,
        file_bytes=result_csv(batch, returned=[returned_ref]),
        file_name="ket-qua.csv",
    )
    assert (result.paid_count, result.returned_count, result.returned_amount) == (3, 1, SA_2025)
    line = PaymentLine.objects.get(reference=returned_ref)
    assert (line.status, line.return_reason) == (LineStatus.RETURNED, "Tài khoản đã đóng")
    assert batch.lines.filter(status=LineStatus.PAID).count() == 3
    approved.refresh_from_db()
    assert approved.status == CycleStatus.RECONCILED


def _refused(batch, actor, content, name="ket-qua.csv"):
    with pytest.raises(ValidationFailed) as refused:
        services.result_import(actor=actor, batch=batch, file_bytes=content, file_name=name)
    assert not BankResult.objects.exists()
    assert not batch.lines.exclude(status=LineStatus.EXPORTED).exists()  # nothing applied
    return [(e.code, str(e.message)) for e in refused.value.errors]


def test_wrong_control_totals_are_refused_whole(exported, province_officer):
    batch = exported.batch
    errors = _refused(batch, province_officer, result_csv(batch, control=(4, 4 * SA_2025 + 1)))
    assert {code for code, _ in errors} == {"result.control_mismatch", "result.batch_mismatch"}


def test_unknown_and_mistyped_references_are_refused_with_their_rows(exported, province_officer):
    batch = exported.batch
    first = batch.lines.order_by("id").first().reference
    typo = first[:-3] + ("1" if first[-3] != "1" else "2") + first[-2:]  # one digit wrong: fails the check
    foreign = "AS000009999920251010000"
    from ansinh.payments.references import line_reference

    foreign = line_reference(99999, MONTH, "monthly", 0)  # well formed, not in this batch
    errors = _refused(
        batch,
        province_officer,
        result_csv(batch, extra_rows=[f"D,{typo},paid,{SA_2025},", f"D,{foreign},paid,{SA_2025},"]),
    )
    messages = [m for code, m in errors if code == "result.unknown_reference"]
    assert len(messages) == 2
    assert any(typo in m for m in messages) and any(foreign in m for m in messages)
    assert all(m.split(":")[0].split()[-1].isdigit() for m in messages)  # "Row 7: …" (any language)


def test_repeated_reference_is_refused(exported, province_officer):
    batch = exported.batch
    first = batch.lines.order_by("id").first().reference
    errors = _refused(batch, province_officer, result_csv(batch, extra_rows=[f"D,{first},paid,{SA_2025},"]))
    assert "result.repeated_reference" in {code for code, _ in errors}


def test_wrong_amount_and_missing_lines_are_refused(exported, province_officer):
    batch = exported.batch
    refs = list(batch.lines.order_by("id").values_list("reference", flat=True))
    errors = _refused(batch, province_officer, result_csv(batch, amounts={refs[0]: 1000}, drop=[refs[1]]))
    codes = {code for code, _ in errors}
    assert {"result.wrong_amount", "result.missing_lines"} <= codes


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_files_not_in_utf8_are_refused_with_a_clear_error(exported, province_officer, encoding):
    batch = exported.batch
    import unicodedata

    text = result_csv(batch, returned=[batch.lines.first().reference], bom=False).decode("utf-8")
    # Windows-1258 writes Vietnamese as base letters with combining tone marks.
    errors = _refused(batch, province_officer, unicodedata.normalize("NFD", text).encode(encoding))
    assert [code for code, _ in errors] == ["result.encoding"]
    assert "UTF" in errors[0][1]


def test_bad_status_and_rows_after_the_control_row_are_refused(exported, province_officer):
    batch = exported.batch
    content = result_csv(batch).replace(b",paid,", b",ok,", 1) + b"D,X,paid,1,\r\n"
    codes = {code for code, _ in _refused(batch, province_officer, content)}
    assert {"result.bad_status", "result.after_control"} <= codes


def test_same_file_twice_is_refused(exported, province_officer):
    batch = exported.batch
    content = result_csv(batch)
    services.result_import(actor=province_officer, batch=batch, file_bytes=content, file_name="a.csv")
    with pytest.raises(Conflict) as refused:
        services.result_import(actor=province_officer, batch=batch, file_bytes=content, file_name="a.csv")
    assert refused.value.code == "result.duplicate_file"


def test_xlsx_result_file_is_accepted(exported, province_officer):
    import io

    import xlsxwriter

    batch = exported.batch
    rows = [r.split(",") for r in result_csv(batch, bom=False).decode().split("\r\n") if r]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_number(r, c, int(value)) if value.isdigit() else sheet.write_string(r, c, value)
    book.close()
    result = services.result_import(
        actor=province_officer, batch=batch, file_bytes=buffer.getvalue(), file_name="ket-qua.xlsx"
    )
    assert result.paid_count == 4


# --- re-issue and cash ------------------------------------------------------------------------------


def _returned_line(exported, actor):
    batch = exported.batch
    ref = batch.lines.order_by("id").first().reference
    services.result_import(
        actor=actor, batch=batch, file_bytes=result_csv(batch, returned=[ref]), file_name="r.csv"
    )
    return PaymentLine.objects.get(reference=ref)


def test_returned_line_is_reissued_in_the_next_cycle(exported, province_officer, generated):
    line = _returned_line(exported, province_officer)
    november = generated(dt.date(2025, 11, 1))
    again = november.lines.get(reissue_of=line)
    assert (again.for_month, again.attempt, again.amount, again.status) == (MONTH, 1, SA_2025, "pending")
    assert again.reference != line.reference and again.frozen_snapshot()["reissue_of"] == line.reference
    line.refresh_from_db()
    assert line.status == LineStatus.REISSUED
    # Generating November again re-issues nothing twice.
    services.cycle_generate(cycle=november)
    assert PaymentLine.objects.filter(reissue_of=line).count() == 1


def test_returned_line_switched_to_cash_then_paid_at_the_commune(exported, province_officer, generated):
    line = _returned_line(exported, province_officer)
    with pytest.raises(ValidationFailed):
        services.line_switch_to_cash(actor=province_officer, line=line, reason="")
    line = services.line_switch_to_cash(
        actor=province_officer, line=line, reason="Tài khoản đã đóng, nhận tại xã"
    )
    assert (line.channel, line.status) == ("cash", LineStatus.PENDING)
    line = services.line_mark_cash_paid(actor=province_officer, line=line)
    assert line.status == LineStatus.CASH_PAID and line.settled_at is not None
    november = generated(dt.date(2025, 11, 1))
    assert not november.lines.filter(reissue_of=line).exists()
    with pytest.raises(Conflict):
        services.line_mark_cash_paid(actor=province_officer, line=line)


def test_cash_is_paid_only_after_approval(enrol, generated, province_officer):
    enrol(start_month=MONTH, account=False)
    [line] = lines_of(generated())
    with pytest.raises(Conflict):
        services.line_mark_cash_paid(actor=province_officer, line=line)


# --- report ------------------------------------------------------------------------------------------


def test_report_figures(exported, approved, province_officer, commune_officer, enrol, generated):
    report = cycle_report(actor=province_officer, cycle=approved)
    t = report.totals
    assert (t.count, t.amount, t.non_cash_count, t.non_cash_amount) == (5, 5 * SA_2025, 4, 4 * SA_2025)
    assert t.non_cash_share_count == pytest.approx(0.8) and t.non_cash_share_amount == pytest.approx(0.8)
    assert {r["channel"]: r["count"] for r in report.by_channel} == {"bank": 3, "ewallet": 1, "cash": 1}
    assert report.no_account_count == 1 and report.arrears_count == 0
    assert [r["count"] for r in report.by_commune] == [5]
    assert [r["regime"] for r in report.by_regime] == ["social_assistance"]
    # A commune officer's report counts only their commune's lines (all five are in commune A).
    assert cycle_report(actor=commune_officer, cycle=approved).totals.count == 5


def test_report_counts_arrears(enrol, generated, province_officer):
    enrol(start_month=dt.date(2025, 8, 1))
    report = cycle_report(actor=province_officer, cycle=generated())
    assert (report.arrears_count, report.arrears_amount) == (2, 2 * SA_2025)


def test_commune_officer_marks_their_communes_cash_lines_paid(
    enrol, generated, province_officer, approver, commune_officer, other_commune_officer
):
    enrol(start_month=MONTH, account=False)  # no account on file: paid in cash at the commune
    cycle = generated()
    services.cycle_submit(actor=province_officer, cycle=cycle)
    services.cycle_approve(actor=approver, cycle=cycle)
    [line] = lines_of(cycle)
    assert line.channel == "cash"
    with pytest.raises(NotFound):  # a line of another commune looks like no line at all
        services.line_mark_cash_paid(actor=other_commune_officer, line=line)
    with pytest.raises(PermissionDenied):  # switching channels stays with the province
        services.line_switch_to_cash(actor=commune_officer, line=line, reason="x")
    paid = services.line_mark_cash_paid(actor=commune_officer, line=line)
    assert paid.status == LineStatus.CASH_PAID
