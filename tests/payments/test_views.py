"""The payment pages: roles, maker-checker buttons, downloads, the refused-file page, cash actions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.payments import services
from ansinh.payments.models import CycleStatus, LineStatus, PaymentLine
from tests.payments.conftest import MONTH, SA_2025
from tests.payments.test_workflow import result_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(enrol, generated):
    enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    return generated()


def _approved(cycle, maker, checker):
    services.cycle_submit(actor=maker, cycle=cycle)
    return services.cycle_approve(actor=checker, cycle=cycle)


def test_list_and_detail_by_role(client, cycle, province_officer, commune_officer, counsellor):
    client.force_login(province_officer)
    page = client.get("/payments/")
    assert page.status_code == 200 and f"/payments/cycles/{cycle.pk}/" in page.content.decode()
    assert client.get(f"/payments/cycles/{cycle.pk}/").status_code == 200
    client.force_login(commune_officer)
    detail = client.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    assert "/submit/" not in detail  # read-only
    client.force_login(counsellor)
    assert client.get("/payments/").status_code == 403
    client.logout()
    assert client.get("/payments/").status_code == 302


def test_out_of_scope_cycle_is_404(client, cycle, other_province_officer):
    client.force_login(other_province_officer)
    assert client.get(f"/payments/cycles/{cycle.pk}/").status_code == 404


def test_create_from_the_list_page(client, province_officer):
    client.force_login(province_officer)
    response = client.post("/payments/cycles/new/", {"province_code": "11", "month": "2025-10"})
    assert response.status_code == 302 and "/payments/cycles/" in response["Location"]


def test_generate_button_starts_a_job_with_progress(client, new_cycle, province_officer, enrol):
    enrol(start_month=MONTH)
    cycle = new_cycle()
    client.force_login(province_officer)
    client.post(f"/payments/cycles/{cycle.pk}/generate/", {"confirmed": "1"})
    cycle.refresh_from_db()
    assert cycle.job is not None
    page = client.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    assert f'id="job-{cycle.job_id}"' in page  # the progress partial, polled by htmx


def test_maker_sees_no_approve_button_and_cannot_approve(client, cycle, province_officer, approver):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    client.force_login(province_officer)
    page = client.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    assert "/approve/" not in page
    client.post(f"/payments/cycles/{cycle.pk}/approve/", {"confirmed": "1"})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.SUBMITTED
    client.force_login(approver)
    assert "/approve/" in client.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    client.post(f"/payments/cycles/{cycle.pk}/approve/", {"confirmed": "1"})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.APPROVED


def test_reject_with_reason(client, cycle, province_officer, approver):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    client.force_login(approver)
    client.post(f"/payments/cycles/{cycle.pk}/reject/", {"confirmed": "1", "reason": "Sai số tài khoản"})
    cycle.refresh_from_db()
    assert (cycle.status, cycle.rejection_reason) == (CycleStatus.GENERATED, "Sai số tài khoản")


def test_export_downloads_and_refused_result_lists_every_row(client, cycle, province_officer, approver):
    _approved(cycle, province_officer, approver)
    client.force_login(province_officer)
    response = client.post(f"/payments/cycles/{cycle.pk}/export/", {"confirmed": "1", "fmt": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    csv_file = client.get(f"/payments/cycles/{cycle.pk}/export/file/?fmt=csv")
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    batch = cycle.batches.get()
    ref = batch.lines.get().reference
    content = result_csv(batch, extra_rows=[f"D,{ref},paid,{SA_2025},", "D,AS123,paid,5,"])
    refused = client.post(
        f"/payments/cycles/{cycle.pk}/result/",
        {"confirmed": "1", "file": SimpleUploadedFile("kq.csv", content)},
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert ref in page and "AS123" in page
    ok = client.post(
        f"/payments/cycles/{cycle.pk}/result/",
        {"confirmed": "1", "file": SimpleUploadedFile("kq.csv", result_csv(batch))},
    )
    assert ok.status_code == 302
    assert batch.lines.get().status == LineStatus.PAID


def test_lines_page_masks_accounts_and_filters(client, cycle, province_officer, commune_officer):
    client.force_login(commune_officer)
    line = cycle.lines.get(channel="bank")
    page = client.get(f"/payments/cycles/{cycle.pk}/lines/").content.decode()
    assert line.reference in page and line.account not in page and line.account[-4:] in page
    cash_only = client.get(f"/payments/cycles/{cycle.pk}/lines/?channel=cash").content.decode()
    assert line.reference not in cash_only
    assert "/cash/" not in page  # read-only for a commune officer


def test_cash_actions(client, cycle, province_officer, approver):
    client.force_login(province_officer)
    bank_line = cycle.lines.get(channel="bank")
    client.post(
        f"/payments/lines/{bank_line.pk}/cash/", {"confirmed": "1", "reason": "Ốm nặng, nhận tại nhà"}
    )
    bank_line.refresh_from_db()
    assert (bank_line.channel, bank_line.cash_reason) == ("cash", "Ốm nặng, nhận tại nhà")
    _approved(cycle, province_officer, approver)
    client.post(f"/payments/lines/{bank_line.pk}/cash-paid/", {"confirmed": "1"})
    assert PaymentLine.objects.get(pk=bank_line.pk).status == LineStatus.CASH_PAID


def test_report_page_and_xlsx(client, cycle, province_officer):
    client.force_login(province_officer)
    page = client.get(f"/payments/cycles/{cycle.pk}/report/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "50,00%" in text or "50.00%" in text  # non-cash share: 1 of 2 lines
    xlsx = client.get(f"/payments/cycles/{cycle.pk}/report/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_list_pages_do_not_query_per_line(client, enrol, generated, province_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enrol(start_month=MONTH)
    cycle = generated()
    client.force_login(province_officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/payments/cycles/{cycle.pk}/lines/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        enrol(start_month=MONTH)
    services.cycle_generate(cycle=cycle)
    assert cycle.lines.count() == 6
    assert queries() == few


def test_large_batch_and_result_go_through_the_task_queue(
    client, cycle, province_officer, approver, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENTS_INLINE_EXPORT_LINES = 0
    settings.PAYMENTS_INLINE_IMPORT_BYTES = 0
    _approved(cycle, province_officer, approver)
    client.force_login(province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/payments/cycles/{cycle.pk}/export/", {"confirmed": "1", "fmt": "csv"})
    assert started.status_code == 302 and started["Location"] == f"/payments/cycles/{cycle.pk}/"
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.EXPORTED and cycle.job.kind == services.EXPORT_JOB
    assert cycle.job.status == "succeeded" and cycle.job.result["lines"] == 1
    batch = cycle.batches.get()
    # The download serves the file the job wrote, the same as one rendered now.
    stored = b"".join(client.get(f"/payments/cycles/{cycle.pk}/export/file/?fmt=csv").streaming_content)
    assert stored == services.render_batch(batch=batch, cycle=cycle, fmt="csv").content
    xlsx = b"".join(client.get(f"/payments/cycles/{cycle.pk}/export/file/?fmt=xlsx").streaming_content)
    assert xlsx[:2] == b"PK"

    ref = batch.lines.get().reference
    bad = result_csv(batch, extra_rows=["D,AS123,paid,5,"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/payments/cycles/{cycle.pk}/result/",
            {"confirmed": "1", "file": SimpleUploadedFile("kq.csv", bad)},
        )
    page = client.get(f"/payments/cycles/{cycle.pk}/").content.decode()
    assert "AS123" in page and "kq.csv" in page  # refused whole, every problem listed on the cycle page
    assert batch.lines.get().status == LineStatus.EXPORTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/payments/cycles/{cycle.pk}/result/",
            {"confirmed": "1", "file": SimpleUploadedFile("kq2.csv", result_csv(batch))},
        )
    assert batch.lines.get(reference=ref).status == LineStatus.PAID
    assert not list((settings.FILES_DIR / "payments" / "results").iterdir())  # kept uploads are removed
