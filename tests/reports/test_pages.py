"""The reporting pages: entry, submissions and approval, plans, catalogue, attachments; who may see what."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.reports.models import Attachment, DataValue, Indicator, PlanTarget, ReportSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _entry(unit, period="2025H1"):
    return reverse("reports:entry") + f"?unit={unit.code}&period={period}"


def test_anonymous_is_sent_to_log_in(client, commune_a):
    for url in (
        _entry(commune_a),
        reverse("reports:submissions"),
        reverse("reports:plans"),
        reverse("reports:catalogue"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_commune_officer_enters_figures_in_vietnamese_format(client, commune_officer, commune_a):
    client.force_login(commune_officer)
    page = client.get(_entry(commune_a))
    assert page.status_code == 200 and commune_a.name in page.content.decode()
    response = client.post(
        _entry(commune_a),
        {
            "value-SI.PARTICIPANTS": "62.850",
            "numerator-CHILD.SPECIAL_SUPPORTED": "12",
            "denominator-CHILD.SPECIAL_SUPPORTED": "1.000",
            "comment-SI.PARTICIPANTS": "theo BHXH huyện",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    rows = {v.indicator.code: v for v in DataValue.objects.select_related("indicator")}
    assert rows["SI.PARTICIPANTS"].value == D(62850) and rows["SI.PARTICIPANTS"].comment == "theo BHXH huyện"
    assert (rows["CHILD.SPECIAL_SUPPORTED"].numerator, rows["CHILD.SPECIAL_SUPPORTED"].denominator) == (
        D(12),
        D(1000),
    )


def test_entry_errors_are_shown_next_to_the_field_and_nothing_saved(client, commune_officer, commune_a):
    client.force_login(commune_officer)
    response = client.post(
        _entry(commune_a),
        {
            "value-SI.PARTICIPANTS": "-3",
            "numerator-CHILD.SPECIAL_SUPPORTED": "20",
            "denominator-CHILD.SPECIAL_SUPPORTED": "10",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        'id="error-SI.PARTICIPANTS-value"' in html and 'id="error-CHILD.SPECIAL_SUPPORTED-numerator"' in html
    )
    assert not DataValue.objects.exists()


def test_other_units_are_not_found(client, commune_officer, other_province_officer, commune_b, commune_a):
    client.force_login(commune_officer)
    assert client.get(_entry(commune_b)).status_code == 404
    client.force_login(other_province_officer)
    assert client.get(_entry(commune_a)).status_code == 404
    assert client.get(reverse("reports:submissions") + "?unit=11").status_code == 404


def test_submit_then_province_approves_from_the_overview(
    client, commune_officer, province_officer, commune_a
):
    client.force_login(commune_officer)
    url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"])
    assert client.post(url).status_code == 302
    client.force_login(province_officer)
    page = client.get(reverse("reports:submissions") + "?period=2025H1").content.decode()
    assert (
        'id="missing-units"' in page
        and commune_a.name not in page.split('id="missing-units"')[1].split("</p>")[0]
    )
    approve = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "approve"])
    assert client.post(approve, {"confirmed": "1"}).status_code == 302
    assert ReportSubmission.objects.get().status == "approved"
    # Locked: the commune's entry form shows no save button and a post changes nothing.
    client.force_login(commune_officer)
    assert client.post(_entry(commune_a), {"value-SI.PARTICIPANTS": "5"}).status_code == 422
    unlock = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "unlock"])
    assert (
        client.post(unlock, {"comment": "sửa số", "confirmed": "1"}).status_code == 403
    )  # the commune cannot unlock
    client.force_login(province_officer)
    client.post(unlock, {"comment": "Sửa số liệu BHXH", "confirmed": "1"})
    assert ReportSubmission.objects.get().status == "draft"


def test_plans_page_permissions_and_save(client, commune_officer, province_officer, analyst):
    client.force_login(commune_officer)
    assert client.get(reverse("reports:plans")).status_code == 403
    client.force_login(province_officer)
    assert client.get(reverse("reports:plans") + "?unit=01").status_code == 404
    response = client.post(
        reverse("reports:plans"), {"unit": "11", "year": "2025", "plan-LM.NEW_JOBS": "58.000"}
    )
    assert response.status_code == 302
    assert PlanTarget.objects.get(unit_code="11", year=2025).value == D(58000)
    client.force_login(analyst)
    assert client.get(reverse("reports:plans")).status_code == 200  # the nation


def test_catalogue_admin(client, analyst, admin_user):
    client.force_login(analyst)
    assert client.get(reverse("reports:catalogue")).status_code == 200
    assert client.get(reverse("reports:catalogue_new")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("reports:catalogue")).status_code == 200  # the keeper reads no report
    data = {
        "code": "SA.FUNERALS",
        "name_vi": "Số người được hỗ trợ mai táng",
        "name_en": "Funeral supports",
        "unit_vi": "người",
        "unit_en": "persons",
        "aggregation": "sum",
        "source": "entered",
        "value_type": "int",
        "active": "on",
        "higher_is_better": "on",
        "order": "900",
    }
    assert client.post(reverse("reports:catalogue_new"), data).status_code == 302
    assert Indicator.objects.get(code="SA.FUNERALS").active
    bad = client.post(reverse("reports:catalogue_edit", args=["SA.FUNERALS"]), {**data, "name_vi": ""})
    assert bad.status_code == 422


def test_attachments_are_limited_and_scoped(client, commune_officer, other_province_officer, commune_a):
    client.force_login(commune_officer)
    upload = reverse("reports:attachment_upload")
    client.post(
        upload, {"unit": commune_a.code, "period": "2025H1", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert not Attachment.objects.exists()
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(upload, {"unit": commune_a.code, "period": "2025H1", "file": pdf})
    attachment = Attachment.objects.get()
    response = client.get(reverse("reports:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(other_province_officer)
    assert client.get(reverse("reports:attachment", args=[attachment.pk])).status_code == 404


def test_every_page_renders_for_its_users(
    client, analyst, admin_user, province_officer, counsellor, dien_bien
):
    from ansinh.reports import services
    from ansinh.reports.periods import parse_period

    services.report_submit(actor=province_officer, unit_code="11", period=parse_period("2025H1"))
    client.force_login(analyst)
    nation = client.get(reverse("reports:submissions") + "?period=2025H1").content.decode()
    assert dien_bien.name in nation and "/11/2025H1/approve/" in nation  # the ministry approves provinces
    assert (
        client.get(reverse("reports:entry") + "?period=2025H1").status_code == 302
    )  # the nation enters nothing
    assert client.get(_entry(dien_bien)).status_code == 200
    client.force_login(admin_user)
    assert client.get(reverse("reports:catalogue_new")).status_code == 200
    assert client.get(reverse("reports:catalogue_edit", args=["LM.NEW_JOBS"])).status_code == 200
    assert client.get(reverse("reports:catalogue_edit", args=["NOPE"])).status_code == 404
    client.force_login(counsellor)
    assert client.get(_entry(dien_bien)).status_code == 200
    assert client.get(reverse("reports:plans")).status_code == 403


def test_a_figure_far_above_plan_is_flagged_not_refused(client, province_officer, dien_bien):
    from ansinh.reports import services

    services.plan_set(
        actor=province_officer, indicator_code="SI.PARTICIPANTS", unit_code="11", year=2025, value="60000"
    )
    client.force_login(province_officer)
    client.post(_entry(dien_bien), {"value-SI.PARTICIPANTS": "628500"})
    page = client.get(_entry(dien_bien)).content.decode()
    assert 'id="warning-SI.PARTICIPANTS"' in page
    assert DataValue.objects.get().value == D(628500)


def test_the_ministry_starts_the_computation(
    client, analyst, province_officer, django_capture_on_commit_callbacks
):
    from ansinh.core.models import Job

    client.force_login(province_officer)
    assert client.post(reverse("reports:compute"), {"period": "2025H1"}).status_code == 403
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:compute"), {"period": "2025H1"})
    job = Job.objects.get(kind="reports.compute")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.params["period"] == "2025H1"
    assert client.get(response.url).status_code == 200


def test_submissions_list_filters_sorts_and_exports_keeping_the_period(
    client, commune_officer, province_officer, commune_a
):
    client.force_login(commune_officer)
    client.post(reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"]))
    client.force_login(province_officer)
    url = reverse("reports:submissions")
    page = client.get(url, {"period": "2025H1", "status": "submitted"}).context["list"]
    assert [r[0].text for r in page.rows] == [commune_a.name]
    assert ("period", "2025H1") in page.carried  # the filter form keeps the period
    everyone = client.get(url, {"period": "2025H1"}).context["list"]
    not_started = client.get(url, {"period": "2025H1", "status": "none"}).context["list"]
    assert not_started.total == everyone.total - 1
    for sort in ("unit", "-code", "status", "-submitted"):
        assert client.get(url, {"period": "2025H1", "sort": sort}).status_code == 200
    other_period = client.get(url, {"period": "2024H2", "status": "submitted"}).context["list"]
    assert other_period.total == 0
    export = client.post(f"{url}?period=2025H1&status=submitted")
    assert export.status_code == 200 and export["Content-Disposition"].endswith('.xlsx"')
    from ansinh.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", after__rows=1).exists()
