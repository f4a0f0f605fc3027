"""`ansinh cycle …` end to end, acting as named users."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.payments.conftest import MONTH
from tests.payments.test_workflow import result_csv

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("cycle", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_whole_cycle_from_the_command_line(enrol, province_officer, approver, tmp_path):
    enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    maker, checker = ["--as", province_officer.username], ["--as", approver.username]
    assert "Nháp" in run("create", "11", "2025-10", *maker)
    generated = run("generate", "11:2025-10", *maker)
    assert "2 dòng" in generated and "/2" in generated  # progress was printed
    run("submit", "11:2025-10", *maker)
    with pytest.raises(CommandError, match="maker_checker"):
        run("approve", "11:2025-10", *maker)
    assert "Đã duyệt" in run("approve", "11:2025-10", *checker)
    out = tmp_path / "lo.csv"
    assert "1 dòng" in run("export", "11:2025-10", "--out", str(out), *maker)
    from ansinh.payments.models import BankBatch

    batch = BankBatch.objects.get()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(result_csv(batch, control=(1, 1)))
    with pytest.raises(CommandError, match="không có gì bị thay đổi"):
        run("import-result", "11:2025-10", str(bad), *maker)
    good = tmp_path / "kq.csv"
    good.write_bytes(result_csv(batch))
    assert "1 đã chi" in run("import-result", "11:2025-10", str(good), *maker)
    report = run("report", "11:2025-10", "--xlsx", str(tmp_path / "r.xlsx"), *maker)
    assert "50,00%" in report and (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    assert "Đã đối soát" in run("list", *maker)


def test_unknown_user_and_cycle(province_officer):
    with pytest.raises(CommandError, match="--as"):
        run("list", "--as", "nobody")
    with pytest.raises(CommandError, match="no cycle"):
        run("submit", "11:2030-01", "--as", province_officer.username, "--lang", "en")


def test_generate_uses_the_chunk_size_given(enrol, province_officer):
    from ansinh.core.models import Job

    for _ in range(5):
        enrol(start_month=MONTH)
    maker = ["--as", province_officer.username]
    run("create", "11", "2025-10", *maker)
    with pytest.raises(CommandError, match="validation_failed"):
        run("generate", "11:2025-10", "--chunk-size", "0", *maker)
    assert "5 dòng" in run("generate", "11:2025-10", "--chunk-size", "2", *maker)
    job = Job.objects.get(kind="payments.cycle_generate")
    assert (job.params["chunk_size"], job.result["chunks"]) == (2, 3)


def test_messages_are_vietnamese_unless_english_is_asked_for(enrol, province_officer):
    """The report of a cycle as the officer reads it at the terminal: Vietnamese words and figures by
    default, English with --lang en."""
    for _ in range(3):
        enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    maker = ["--as", province_officer.username]
    run("create", "11", "2025-10", *maker)
    run("generate", "11:2025-10", *maker)
    vi = run("report", "11:2025-10", *maker)
    assert "(Tỉnh Điện Biên) 10/2025 Đã lập: 4 dòng," in vi
    assert "không dùng tiền mặt: 3 dòng (75,00%)" in vi
    assert "truy lĩnh: 0 dòng, 0 đ; bị trả lại: 0; nhận tiền mặt do chưa có tài khoản: 1" in vi
    assert "Tiền mặt tại xã" in vi
    for english in ("lines", "non-cash", "arrears", "returned", "generated", "cash"):
        assert english not in vi
    en = run("report", "11:2025-10", *maker, "--lang", "en")
    assert "(Tỉnh Điện Biên) 10/2025 Generated: 4 lines," in en
    assert "non-cash: 3 lines (75.00%)" in en
    assert "arrears: 0 lines, 0 VND; returned: 0; cash for want of an account: 1" in en
    assert "Cash at the commune" in en
    with pytest.raises(CommandError) as refused:
        run("submit", "11:2030-01", *maker)
    assert str(refused.value) == "kỳ chi trả: không có kỳ 11:2030-01 trong phạm vi của bạn."
    with pytest.raises(CommandError) as refused:
        run("submit", "11:2030-01", *maker, "--lang", "en")
    assert str(refused.value) == "cycle: no cycle 11:2030-01 in your scope."
