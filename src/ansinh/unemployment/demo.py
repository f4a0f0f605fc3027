"""Deterministic demo claims for a province: filed (some overdue, some incomplete), approved with monthly
reports (some missed), refused by the law, stopped on a placement. Written directly (like the other demo
loaders): the amounts, months and dates still come from the rules. Running it again replaces the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from ansinh.benefits.law import current_params
from ansinh.core import clock
from ansinh.core.errors import ApplicationError
from ansinh.labour.models import JobSeeker, SeekerStatus
from ansinh.registry.demo import demo_data_load
from ansinh.registry.models import Person
from ansinh.unemployment import rules
from ansinh.unemployment.models import Claim, ClaimStatus, JobSearchReport, StopReason

DEMO_TAG = "DEMO"
SALARIES = (4_500_000, 6_000_000, 8_000_000, 12_000_000, 20_000_000, 60_000_000)
MONTHS = (11, 12, 30, 36, 48, 60, 100, 144, 200)
EMPLOYERS = ("Công ty TNHH May Điện Biên", "Công ty CP Xây dựng Mường Thanh", "HTX Nông nghiệp Thanh Xương",
             "Công ty TNHH Chế biến Cà phê Tây Bắc", "Trường Mầm non Him Lam")  # fmt: skip
PERSON_SEED = 7301


@dataclass(frozen=True)
class DemoResult:
    province_code: str
    claims: int
    by_status: dict[str, int]


def _persons(province_code: str, count: int, as_of: dt.date) -> list[Person]:
    adults = Person.objects.live().filter(
        province_code=province_code, status="alive",
        birth_year__gte=as_of.year - 58, birth_year__lte=as_of.year - 20,
    ).exclude(ui_claims__reference__contains=f"-{DEMO_TAG}-").filter(
        ~Exists(Claim.objects.filter(person=OuterRef("pk"), status__in=["filed", "approved"]))
    )  # fmt: skip
    if adults.count() < count:
        demo_data_load(province_code=province_code, persons=count * 4, seed=PERSON_SEED)
    found = list(adults.order_by("pk")[:count])
    if len(found) < count:
        raise ApplicationError("demo_unemployment.no_persons", "Not enough persons for the demo claims.")
    return found


def _claim(i: int, person: Person, province_code: str, as_of: dt.date, seekers: dict[int, int]) -> Claim:
    termination = as_of - dt.timedelta(days=12 + 9 * i)
    filed = min(as_of, termination + dt.timedelta(days=3 + i % 10))
    complete = i % 8 != 5
    claim = Claim(
        person=person, seeker_id=seekers.get(person.pk), commune_id=person.commune_id,
        province_code=province_code, reference=f"TCTN-{province_code}-{DEMO_TAG}-{i + 1:04d}",
        law=rules.law_for(termination), termination_date=termination,
        employer_name=EMPLOYERS[i % len(EMPLOYERS)],
        avg_salary_6m=SALARIES[i % len(SALARIES)], contribution_months=MONTHS[i % len(MONTHS)],
        salary_regime="state" if i % 7 == 0 else "employer", region=1 + i % 4,
        filed_on=filed, doc_application=True, doc_termination=True, doc_si_book=complete,
    )  # fmt: skip
    if complete or claim.law == rules.LAW_2025:
        claim.complete_on = filed
        claim.decision_due = rules.decision_deadline(filed)
    return claim


def _decide(claim: Claim, i: int, as_of: dt.date) -> list[JobSearchReport]:
    """Decide the claims whose deadline came (a few overdue ones stay undecided); reports and stops."""
    complete_on: dt.date | None = claim.complete_on
    if complete_on is None or rules.decision_deadline(complete_on) > as_of or i % 9 == 4:
        return []
    from ansinh.unemployment.services import facts_of

    result = rules.monthly_amount(facts_of(claim), current_params())
    claim.decision_number = f"{i + 1}/QĐ-TTDVVL-{DEMO_TAG}"
    claim.decision_date = min(as_of, complete_on + dt.timedelta(days=6 + i % 12))
    claim.decision_signer = "Giám đốc Trung tâm Dịch vụ việc làm"
    if not result.eligible or result.start_date is None:
        claim.status, claim.refusal_reason = ClaimStatus.REFUSED, " ".join(result.notes[1:])[:1000]
        claim.carried_over_months = claim.contribution_months
        return []
    start: dt.date = result.start_date
    claim.status = ClaimStatus.APPROVED
    claim.monthly_amount, claim.months = result.monthly_amount, result.months
    claim.start_date, claim.end_date = start, result.end_date
    claim.carried_over_months = result.carried_over_months
    reports = [
        JobSearchReport(claim=claim, month_index=m, reported_on=first + dt.timedelta(days=(i + m) % 3))
        for m, (first, _last) in enumerate(rules.benefit_months(start, result.months), start=1)
        if first <= as_of and (i + m) % 7 != 0
    ]
    stop_on = start + dt.timedelta(days=40)
    if i % 6 == 1 and stop_on <= as_of:
        claim.status, claim.stopped_on, claim.stop_reason = ClaimStatus.STOPPED, stop_on, StopReason.PLACEMENT
        reported = {r.month_index: r.reported_on for r in reports}
        rows = rules.schedule(
            start=start, months=result.months, monthly=result.monthly_amount, reports=reported, today=as_of,
            stopped_on=stop_on,
        )  # fmt: skip
        claim.carried_over_months = rules.carried_over_after_stop(
            claim.contribution_months, result.months, rules.months_not_paid(rows)
        )
        reports = [r for r in reports if r.reported_on < stop_on]
    return reports


@transaction.atomic
def demo_unemployment_load(
    *, province_code: str, count: int = 36, as_of: dt.date | None = None
) -> DemoResult:
    as_of = as_of or clock.today()
    Claim.objects.filter(province_code=province_code, reference__contains=f"-{DEMO_TAG}-").delete()
    persons = _persons(province_code, count, as_of)
    seekers = dict(
        JobSeeker.objects.filter(person__in=persons, status=SeekerStatus.ACTIVE).values_list(
            "person_id", "pk"
        )
    )
    by_status: dict[str, int] = {}
    for i, person in enumerate(persons):
        claim = _claim(i, person, province_code, as_of, seekers)
        reports = _decide(claim, i, as_of)
        claim.save()
        for report in reports:
            report.claim = claim
        JobSearchReport.objects.bulk_create(reports)
        by_status[claim.status] = by_status.get(claim.status, 0) + 1
    return DemoResult(province_code, len(persons), by_status)


def describe(result: DemoResult) -> str:
    parts = ", ".join(f"{n} {status}" for status, n in sorted(result.by_status.items()))
    return f"Province {result.province_code}: {result.claims} demo unemployment-benefit claims ({parts})."


__all__ = ["DemoResult", "demo_unemployment_load", "describe"]
