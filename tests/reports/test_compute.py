"""Computed indicators: the benefits and payments sources, the set-based recompute, the job and the CLI."""

import datetime as dt
import itertools
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from ansinh.reports.compute import compute_period
from ansinh.reports.models import ComputeRun, DataValue, RollupValue
from ansinh.reports.periods import parse_period

pytestmark = pytest.mark.django_db
H1 = parse_period("2025H1")
_refs = itertools.count(1)


@pytest.fixture
def enrol(make_person):
    from ansinh.benefits.models import Enrolment

    def make(commune, *, regime="social_assistance", start=dt.date(2025, 1, 1), end=None, status="active"):
        person = make_person(commune_id=commune.pk)
        return Enrolment.objects.create(
            person=person,
            regime=regime,
            facts={},
            facts_from=start,
            start_month=start,
            end_month=end,
            status=status,
            commune=commune,
            province_code=commune.province_code,
        )

    return make


@pytest.fixture
def paid_line():
    from ansinh.payments.models import PaymentCycle, PaymentLine

    def make(enrolment, amount, *, channel="bank", status="paid", month=dt.date(2025, 5, 1)):
        cycle, _ = PaymentCycle.objects.get_or_create(province_code=enrolment.province_code, month=month)
        return PaymentLine.objects.create(
            cycle=cycle,
            enrolment=enrolment,
            person_id=enrolment.person_id,
            province_code=enrolment.province_code,
            commune=enrolment.commune,
            regime=enrolment.regime,
            for_month=month,
            attempt=next(_refs),
            reference=f"T{next(_refs):010d}",
            amount=amount,
            channel=channel,
            payee_name="Nguyễn Thị Hòa",
            status=status,
        )

    return make


def _computed(code, unit):
    return DataValue.objects.get(indicator__code=code, unit=unit, period_code="2025H1", origin="computed")


def test_beneficiaries_at_period_end_by_commune_and_regime(enrol, commune_a, commune_b):
    enrol(commune_a)
    enrol(commune_a, start=dt.date(2024, 1, 1), end=dt.date(2025, 3, 1), status="stopped")  # ended in March
    enrol(commune_a, start=dt.date(2025, 7, 1))  # starts after the period
    enrol(commune_b, regime="social_pension")
    compute_period(H1)
    assert _computed("SA.BENEFICIARIES", commune_a).value == D(1)
    assert _computed("SA.BENEFICIARIES", commune_b).value == D(1)
    assert _computed("SA.BENEFICIARIES_PENSION", commune_b).value == D(1)
    assert not DataValue.objects.filter(indicator__code="SA.BENEFICIARIES_PENSION", unit=commune_a).exists()
    province = RollupValue.objects.get(
        indicator__code="SA.BENEFICIARIES", period_code="2025H1", unit_code="11"
    )
    assert province.value == D(2)


def test_spending_and_noncash_share_by_amount_and_count(enrol, paid_line, commune_a):
    enrolment = enrol(commune_a)
    # One live payment per month (payments_line_one_live): each line pays another month of the period.
    paid_line(enrolment, 750_000)
    paid_line(enrolment, 500_000, channel="cash", status="cash_paid", month=dt.date(2025, 4, 1))
    paid_line(enrolment, 300_000, status="returned", month=dt.date(2025, 3, 1))  # not money paid
    paid_line(enrolment, 900_000, status="exported", month=dt.date(2025, 2, 1))  # not confirmed yet
    paid_line(enrolment, 100_000, month=dt.date(2025, 7, 1))  # next period
    compute_period(H1)
    assert _computed("SA.SPENDING", commune_a).value == D(1_250_000)
    share = _computed("PAY.NONCASH_SHARE", commune_a)
    assert (share.numerator, share.denominator) == (D(750_000), D(1_250_000))
    count = _computed("PAY.NONCASH_SHARE_COUNT", commune_a)
    assert (count.numerator, count.denominator) == (D(1), D(2))
    nation = RollupValue.objects.get(
        indicator__code="PAY.NONCASH_SHARE", period_code="2025H1", level="nation"
    )
    assert nation.value == D(60)


def test_merit_allowance_is_not_social_assistance_spending(enrol, paid_line, commune_a, commune_b):
    """The merit allowance is paid in the same cycles: every payment counts in the non-cash share, only social
    assistance and the social pension in SA.SPENDING (a commune paying only merit has no SA figure)."""
    paid_line(enrol(commune_a), 750_000)
    paid_line(enrol(commune_a, regime="merit"), 2_000_000, channel="cash", status="cash_paid")
    paid_line(enrol(commune_b, regime="merit"), 3_000_000)
    compute_period(H1)
    assert _computed("SA.SPENDING", commune_a).value == D(750_000)
    assert not DataValue.objects.filter(indicator__code="SA.SPENDING", unit=commune_b).exists()
    share = _computed("PAY.NONCASH_SHARE", commune_a)
    assert (share.numerator, share.denominator) == (D(750_000), D(2_750_000))
    assert _computed("PAY.NONCASH_SHARE", commune_b).denominator == D(3_000_000)


def test_recompute_writes_only_what_changed(enrol, commune_a, commune_b):
    enrol(commune_a)
    second = enrol(commune_b)
    first = compute_period(H1)
    assert first["indicators"]["SA.BENEFICIARIES"]["created"] == 2
    again = compute_period(H1)
    assert again["indicators"]["SA.BENEFICIARIES"] == {
        **again["indicators"]["SA.BENEFICIARIES"],
        "created": 0,
        "updated": 0,
        "deleted": 0,
    }
    assert again["provinces_refreshed"] == 0
    second.end_month, second.status = dt.date(2025, 2, 1), "stopped"
    second.save()
    third = compute_period(H1)
    assert third["indicators"]["SA.BENEFICIARIES"]["deleted"] == 1
    assert third["provinces_refreshed"] == 1
    assert ComputeRun.objects.get(indicator_code="SA.BENEFICIARIES", period_code="2025H1").rows == 1


def test_job_and_cli(enrol, commune_a, analyst, django_capture_on_commit_callbacks, capsys):
    from ansinh.core.models import Job
    from ansinh.reports.jobs import compute_start

    enrol(commune_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = compute_start(actor=analyst, period=H1)
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result["indicators"]["SA.BENEFICIARIES"]["rows"] == 1
    call_command("indicators", "compute", "--period", "2025H1", "--json")
    assert '"SA.BENEFICIARIES"' in capsys.readouterr().out
    assert Job.objects.filter(kind="reports.compute").count() == 2


def test_compute_start_is_for_the_ministry(province_officer, commune_officer):
    from ansinh.core.errors import PermissionDenied
    from ansinh.reports.jobs import compute_start

    for actor in (province_officer, commune_officer):
        with pytest.raises(PermissionDenied):
            compute_start(actor=actor, period=H1)


def test_computed_at_shows_on_the_report(enrol, commune_a, analyst):
    from ansinh.reports.build import build_report

    enrol(commune_a)
    compute_period(H1)
    figure = build_report(actor=analyst, period=H1, unit_code="11").unit.figures["SA.BENEFICIARIES"]
    assert figure.value == D(1) and figure.computed_at is not None and figure.status == ""


def test_payment_indicators_share_one_query(enrol, paid_line, commune_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paid_line(enrol(commune_a), 750_000)
    with CaptureQueriesContext(connection) as queries:
        compute_period(H1, codes=["SA.SPENDING", "PAY.NONCASH_SHARE", "PAY.NONCASH_SHARE_COUNT"])
    line_queries = [q for q in queries.captured_queries if 'FROM "payments_paymentline"' in q["sql"]]
    assert len(line_queries) == 1


def test_indicators_cli_seed_list_and_bad_period(capsys):
    from django.core.management.base import CommandError

    call_command("indicators", "seed")
    call_command("indicators", "list", "--json")
    assert '"SA.BENEFICIARIES"' in capsys.readouterr().out
    with pytest.raises(CommandError) as exc:
        call_command("indicators", "compute", "--period", "2025H3")
    assert exc.value.returncode == 2


def test_a_count_made_for_the_period_that_found_nothing_is_zero_not_missing(enrol, commune_a, analyst):
    from ansinh.reports.build import build_report

    enrol(commune_a, start=dt.date(2025, 3, 1))  # one beneficiary at the end of 2025H1, none in 2024H1
    compute_period(H1)
    report = build_report(actor=analyst, period=H1, unit_code="11")
    figure = report.unit.figures["SA.BENEFICIARIES"]
    assert figure.value == 1 and figure.previous is None  # 2024H1 was never counted: no figure
    compute_period(parse_period("2024H1"))
    report = build_report(actor=analyst, period=H1, unit_code="11")
    assert report.unit.figures["SA.BENEFICIARIES"].previous == 0  # counted, and nobody was enrolled
    assert report.unit.figures["OSH.ACCIDENTS"].value is None  # entered by officers: none entered
