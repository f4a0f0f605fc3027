"""Unemployment benefit (trợ cấp thất nghiệp): pure rules under the two Employment Laws.

Which law applies is decided by the day the labour contract ended (RULES §3):
- Law on Employment 38/2013/QH13 (Art. 49–50) for a contract ended up to 31/12/2025;
- Law on Employment 74/2025/QH15 (Art. 38–39) for a contract ended from 01/01/2026.

Facts in, a `UnemploymentResult` out; the legal numbers (60 %, the 5× cap, regional minimum wages, base
salary) come from a `Params` snapshot (benefits/data/legal_parameters.csv). No ORM, no request.

Counting conventions, stated once because officers ask:
- "the 16th day after a complete file" (Law 38/2013 Art. 50(3)): the filing day is day 1, so the benefit
  starts 15 days after it;
- "the 11th working day after filing" (Law 74/2025 Art. 39(3)): the filing day is working day 1 when it is
  a working day; working days are Monday to Friday except the public holidays of Labour Code 45/2019/QH14
  Art. 112 (`HOLIDAYS`);
- "within 3 months" of the contract ending (Law 38/2013 Art. 46(1)) ends on the same day number three
  months later, or the month's last day (Civil Code 91/2015/QH13 Art. 147–148);
- "within 20 days" for the decision (Law 38/2013 Art. 46(2)) counts calendar days from the day after the
  complete file was received (Civil Code Art. 147).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ansinh.benefits.law import MissingParameter, ParamRow, Params
from ansinh.benefits.rules import (
    coefficient,
    day,
    digits_or_none,
    money,
    problem,
    read_bool,
    read_date,
    refuse_unknown,
)
from ansinh.benefits.rules.base import Line
from ansinh.core.money import times
from ansinh.core.workdays import (  # noqa: F401 (re-exported: the rules' working-day helpers)
    FIXED_HOLIDAYS,
    add_working_days,
    holidays_known,
    is_holiday,
    is_working_day,
    nth_working_day,
)

REGIME = "unemployment_benefit"
LAW_2013 = "2013"
LAW_2025 = "2025"
LAW_2025_FROM = dt.date(2026, 1, 1)  # Law 74/2025/QH15 in force; it replaces Law 38/2013/QH13
LAW_2013_FROM = dt.date(2015, 1, 1)  # Law 38/2013/QH13's unemployment-insurance chapter in force
LAW_NAMES = {
    LAW_2013: "Luật Việc làm 38/2013/QH13",
    LAW_2025: "Luật Việc làm 74/2025/QH15",
}
# Where each rule sits in each law (RULES §3.1 ✅ and §3.2 🟢).
ARTICLES = {
    LAW_2013: {"conditions": "Điều 49", "amount": "Điều 50, khoản 1", "duration": "Điều 50, khoản 2",
               "start": "Điều 50, khoản 3", "filing": "Điều 46"},
    LAW_2025: {"conditions": "Điều 38", "amount": "Điều 39, khoản 1", "duration": "Điều 39, khoản 2",
               "start": "Điều 39, khoản 3", "filing": "Điều 46 Luật 38/2013 (thời hạn giữ nguyên)"},
}  # fmt: skip

MIN_CONTRIBUTION_MONTHS = 12
WINDOW_MONTHS = 24  # ≥12 months within the 24 months before the contract ended
SHORT_WINDOW_MONTHS = 36  # … within 36 for the short contracts each law names
BASE_DURATION = 3  # 12–36 months of contributions → 3 months of benefit
BASE_DURATION_COVERS = 36
EXTRA_MONTH_PER = 12  # one more month for each further full 12 months
MAX_DURATION = 12
FILING_MONTHS = 3
DECISION_DAYS = 20
WAIT_DAYS_2013 = 15  # benefit from the 16th day: the filing day is day 1
WAIT_WORKING_DAYS_2025 = 10  # benefit from the 11th working day

SALARY_REGIMES = ("state", "employer")
REGIONS = (1, 2, 3, 4)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}  # regions are written I–IV in the decrees
MAX_SALARY = 1_000_000_000  # a monthly salary above 1 billion đồng is a typing error
MAX_MONTHS = 600

# Public holidays and working days: `ansinh.core.workdays` (Labour Code 45/2019/QH14 Art. 112; the days
# off announced for the lunar holidays as data). The announced days are only known year by year: dates
# beyond the table count the fixed days only, and the answer says so (❓, provisional).
FACT_NAMES = (
    "termination_date",
    "avg_salary_6m",
    "contribution_months",
    "salary_regime",
    "region",
    "recent_contribution_months",
    "short_contract",
    "filed_on",
    "last_contribution_month",
    "unlawful_termination",
    "receiving_pension",
    "pension_eligible",
)


@dataclass(frozen=True)
class Facts:
    termination_date: dt.date  # the day the labour or work contract ended
    avg_salary_6m: int  # đồng: average monthly UI contribution salary of the last 6 months
    contribution_months: int  # UI contribution months not yet used for a benefit (carried-over ones included)
    salary_regime: str = "employer"  # "state": state pay scale; "employer": pay set by the employer
    region: int = 1  # the employer's minimum-wage region (Decree 293/2025/NĐ-CP Art. 3(3))
    recent_contribution_months: int | None = None  # months paid within the 24 (36) before the end
    short_contract: bool = False  # seasonal / 3 to <12 months (2013), 1 to <12 months (2025)
    filed_on: dt.date | None = None  # the day a complete file reached the employment centre
    last_contribution_month: dt.date | None = None  # first day of the month; default the month it ended
    unlawful_termination: bool = False  # the worker ended the contract unlawfully
    receiving_pension: bool = False  # a pension or monthly disability allowance is being paid
    pension_eligible: bool = False  # entitled to a pension when the contract ended (claimed or not)

    @property
    def law(self) -> str:
        return law_for(self.termination_date)

    @property
    def cap_month(self) -> dt.date:
        return self.last_contribution_month or self.termination_date.replace(day=1)


@dataclass(frozen=True)
class UnemploymentResult:
    """The benefit: monthly amount, months, when it starts and ends, the months carried over."""

    regime: str
    law: str
    eligible: bool
    monthly_amount: int
    months: int
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()
    provisional: bool = False
    filing_deadline: dt.date | None = None
    decision_deadline: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    carried_over_months: int = 0
    citations: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "regime": self.regime,
            "eligible": self.eligible,
            "monthly_amount": self.monthly_amount,
            "months": self.months,
            "lines": [line.as_dict() for line in self.lines],
            "notes": list(self.notes),
            "provisional": self.provisional,
            "law": self.law,
            "filing_deadline": iso(self.filing_deadline),
            "decision_deadline": iso(self.decision_deadline),
            "start_date": iso(self.start_date),
            "end_date": iso(self.end_date),
            "carried_over_months": self.carried_over_months,
        }


# --- which law, and counting days ----------------------------------------------------------------------


def law_for(termination_date: dt.date) -> str:
    """Law 74/2025/QH15 for a contract ended from 01/01/2026, Law 38/2013/QH13 before."""
    return LAW_2025 if termination_date >= LAW_2025_FROM else LAW_2013


def law_name(law: str) -> str:
    return LAW_NAMES[law]


def cite(law: str, rule: str) -> str:
    return f"{LAW_NAMES[law]}, {ARTICLES[law][rule]}"


def add_months_to_day(day_: dt.date, n: int) -> dt.date:
    """The same day number `n` months later, or that month's last day (Civil Code Art. 148)."""
    index = day_.year * 12 + day_.month - 1 + n
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day_.day, calendar.monthrange(year, month)[1]))


def filing_deadline(termination_date: dt.date) -> dt.date:
    """The last day to file: 3 months after the contract ended (Law 38/2013 Art. 46(1))."""
    return add_months_to_day(termination_date, FILING_MONTHS)


def decision_deadline(complete_on: dt.date) -> dt.date:
    """The centre decides within 20 days of a complete file (Law 38/2013 Art. 46(2)), calendar days
    counted from the day after the file was complete (Civil Code Art. 147)."""
    return complete_on + dt.timedelta(days=DECISION_DAYS)


def start_date(law: str, filed_on: dt.date) -> dt.date:
    """The first day of benefit: the 16th day (2013) or the 11th working day (2025) after filing."""
    if law == LAW_2013:
        return filed_on + dt.timedelta(days=WAIT_DAYS_2013)
    return nth_working_day(filed_on, WAIT_WORKING_DAYS_2025 + 1)


def end_date(start: dt.date, months: int) -> dt.date:
    """The last day of `months` benefit months from `start` (a benefit month runs to the day before the
    same day number of the next month)."""
    return add_months_to_day(start, months) - dt.timedelta(days=1)


def benefit_months(start: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """Each benefit month as (first day, last day)."""
    return [
        (add_months_to_day(start, i), add_months_to_day(start, i + 1) - dt.timedelta(days=1))
        for i in range(months)
    ]


# --- duration and carried-over months ------------------------------------------------------------------


def duration(contribution_months: int) -> int:
    """Months of benefit: 3 for 12–36 months of contributions, one more for each further full 12, at most
    12 (Law 38/2013 Art. 50(2); Law 74/2025 Art. 39(2)); 0 under 12 months."""
    if contribution_months < MIN_CONTRIBUTION_MONTHS:
        return 0
    extra = max(0, (contribution_months - BASE_DURATION_COVERS) // EXTRA_MONTH_PER)
    return min(MAX_DURATION, BASE_DURATION + extra)


def months_used(benefit_months_: int) -> int:
    """Contribution months a benefit of that length uses: 36 for the first 3 months, 12 for each more."""
    if benefit_months_ <= 0:
        return 0
    return BASE_DURATION_COVERS + EXTRA_MONTH_PER * (benefit_months_ - BASE_DURATION)


def carried_over(contribution_months: int, months: int) -> int:
    """Contribution months left for a later claim (bảo lưu): those the benefit did not use (❓ details)."""
    return max(0, contribution_months - months_used(months)) if months else contribution_months


def carried_over_after_stop(contribution_months: int, months: int, months_not_received: int) -> int:
    """Carried over when months are not received (a job found, a suspended month): each returns as 12
    contribution months, on top of those the benefit never used (❓, Decree 28/2015/NĐ-CP practice)."""
    back = EXTRA_MONTH_PER * max(0, min(months, months_not_received))
    return min(contribution_months, carried_over(contribution_months, months) + back)


# --- monthly job-search reports and the payment schedule -----------------------------------------------
#
# Law 38/2013 Art. 52 and Decree 28/2015/NĐ-CP Art. 10 (as amended by Decree 61/2020/NĐ-CP): while receiving
# the benefit the worker reports in person every month (thông báo tìm kiếm việc làm) on the appointment day;
# a month not reported is suspended (tạm dừng: not paid, its contribution months kept), reporting again
# resumes the benefit, and three months in a row without a report stop it (Art. 53). Law 74/2025 keeps the
# monthly report. The appointment day here is the first day of each benefit month; a report up to
# REPORT_GRACE_WORKING_DAYS working days later is late but accepted. The grace period and the month-by-month
# details are unconfirmed in RULES (❓): the schedule says so.
REPORT_GRACE_WORKING_DAYS = 3
STOP_AFTER_MISSED = 3

ON_TIME, LATE, MISSED, PENDING, NOT_DUE = "on_time", "late", "missed", "pending", "not_due"


@dataclass(frozen=True)
class ScheduleMonth:
    index: int  # 1-based benefit month
    first_day: dt.date
    last_day: dt.date
    report_due: dt.date
    report_grace_until: dt.date
    reported_on: dt.date | None
    report: str  # ON_TIME / LATE / MISSED / PENDING (due, grace not over) / NOT_DUE
    payable: int  # đồng: the monthly amount, or 0 when suspended or after the benefit stopped
    suspended: bool
    after_stop: bool


def report_status(due: dt.date, reported_on: dt.date | None, today: dt.date) -> str:
    grace = add_working_days(due, REPORT_GRACE_WORKING_DAYS)
    if reported_on is not None and reported_on <= due:
        return ON_TIME
    if reported_on is not None and reported_on <= grace:
        return LATE
    if reported_on is not None or today > grace:
        return MISSED
    return PENDING if today >= due else NOT_DUE


def schedule(
    *,
    start: dt.date,
    months: int,
    monthly: int,
    reports: Mapping[int, dt.date],
    today: dt.date,
    stopped_on: dt.date | None = None,
) -> list[ScheduleMonth]:
    """Every benefit month with its report and the amount payable: the social-insurance agency pays from
    this; a suspended month and every month starting on or after the stop day pay 0."""
    out = []
    for i, (first, last) in enumerate(benefit_months(start, months), start=1):
        after_stop = stopped_on is not None and first >= stopped_on
        state = NOT_DUE if after_stop else report_status(first, reports.get(i), today)
        suspended = state == MISSED
        out.append(
            ScheduleMonth(
                index=i, first_day=first, last_day=last, report_due=first,
                report_grace_until=add_working_days(first, REPORT_GRACE_WORKING_DAYS),
                reported_on=reports.get(i), report=state,
                payable=0 if (suspended or after_stop) else monthly,
                suspended=suspended, after_stop=after_stop,
            )
        )  # fmt: skip
    return out


def missed_in_a_row(rows: list[ScheduleMonth]) -> int:
    """The longest run of consecutive missed reports (3 stops the benefit, Law 38/2013 Art. 53)."""
    best = run = 0
    for row in rows:
        run = run + 1 if row.report == MISSED else 0
        best = max(best, run)
    return best


def months_not_paid(rows: list[ScheduleMonth]) -> int:
    return sum(1 for row in rows if row.suspended or row.after_stop)


# --- reading facts -------------------------------------------------------------------------------------


def _read_count(data: Mapping[str, Any], name: str, *, required: bool, limit: int) -> int | None:
    raw = data.get(name)
    if raw is None or raw == "":
        if required:
            raise problem("missing", _("%(field)s: this fact is required.") % {"field": name}, name)
        return None
    if isinstance(raw, str):
        raw = digits_or_none(raw, name)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise problem("bad_number", _("%(field)s: must be a whole number.") % {"field": name}, name)
    if raw < 0:
        raise problem("negative", _("%(field)s: must not be negative.") % {"field": name}, name)
    if raw > limit:
        raise problem("too_large", _("%(field)s: the number is too large.") % {"field": name}, name)
    return raw


def _read_choice(data: Mapping[str, Any], name: str, allowed: tuple[Any, ...], default: Any) -> Any:
    raw = data.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, str) and isinstance(allowed[0], int):
        raw = digits_or_none(raw, name)
    if isinstance(raw, bool) or raw not in allowed:
        raise problem(
            f"unknown_{name}",
            _("%(field)s: must be one of %(allowed)s.")
            % {"field": name, "allowed": ", ".join(str(a) for a in allowed)},
            name,
        )
    return raw


def _read_month(data: Mapping[str, Any], name: str) -> dt.date | None:
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    try:
        if isinstance(raw, str) and len(raw.strip()) == 7:
            return dt.date.fromisoformat(raw.strip() + "-01")
        if isinstance(raw, str):
            return dt.date.fromisoformat(raw.strip()).replace(day=1)
    except ValueError:
        pass
    raise problem("bad_month", _("%(field)s: must be a month written YYYY-MM.") % {"field": name}, name)


def _optional_date(data: Mapping[str, Any], name: str) -> dt.date | None:
    raw = data.get(name)
    return None if raw is None or raw == "" else read_date(data, name)


def parse(data: Mapping[str, Any], *, strict: bool = True) -> Facts:
    if strict:
        refuse_unknown(data, FACT_NAMES)
    salary = _read_count(data, "avg_salary_6m", required=True, limit=MAX_SALARY)
    months = _read_count(data, "contribution_months", required=True, limit=MAX_MONTHS)
    assert salary is not None and months is not None
    return Facts(
        termination_date=read_date(data, "termination_date"),
        avg_salary_6m=salary,
        contribution_months=months,
        salary_regime=_read_choice(data, "salary_regime", SALARY_REGIMES, "employer"),
        region=_read_choice(data, "region", REGIONS, 1),
        recent_contribution_months=_read_count(
            data, "recent_contribution_months", required=False, limit=SHORT_WINDOW_MONTHS
        ),
        short_contract=read_bool(data, "short_contract"),
        filed_on=_optional_date(data, "filed_on"),
        last_contribution_month=_read_month(data, "last_contribution_month"),
        unlawful_termination=read_bool(data, "unlawful_termination"),
        receiving_pension=read_bool(data, "receiving_pension"),
        pension_eligible=read_bool(data, "pension_eligible"),
    )


def _coerce(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else parse(facts, strict=False)


def check(facts: Facts | Mapping[str, Any], params: Params) -> None:
    """Contradictions only; conditions not met are an answer ("not eligible"), not an error."""
    facts = _coerce(facts)
    if facts.termination_date < LAW_2013_FROM:
        raise problem(
            "date_too_early",
            _("termination_date: unemployment benefit is calculated for contracts ended from 01/01/2015."),
            "termination_date",
        )
    if facts.filed_on is not None and facts.filed_on < facts.termination_date:
        raise problem(
            "filed_before_termination",
            _("filed_on: the claim cannot be filed before the contract ended."),
            "filed_on",
        )
    last = facts.last_contribution_month
    if last is not None and last > facts.termination_date.replace(day=1):
        raise problem(
            "contribution_after_termination",
            _("last_contribution_month: contributions cannot continue after the contract ended."),
            "last_contribution_month",
        )
    recent = facts.recent_contribution_months
    if recent is not None and recent > facts.contribution_months:
        raise problem(
            "recent_above_total",
            _("recent_contribution_months: cannot exceed contribution_months."),
            "recent_contribution_months",
        )
    try:
        _cap_row(facts, params)
    except MissingParameter:
        raise problem(
            "no_parameter",
            _("termination_date: no minimum wage or base salary is recorded for that date."),
            "termination_date",
        ) from None


# --- the benefit ---------------------------------------------------------------------------------------


def window(facts: Facts) -> int:
    return SHORT_WINDOW_MONTHS if facts.short_contract else WINDOW_MONTHS


def _cap_row(facts: Facts, params: Params) -> ParamRow:
    """2013: 5 × base salary (state pay scale) or 5 × regional minimum wage (employer-set pay) when the
    contract ended; 2025: 5 × regional minimum wage of the last contribution month, whatever the pay."""
    if facts.law == LAW_2025:
        return params.get(f"wage.regional_minimum.{facts.region}", facts.cap_month)
    if facts.salary_regime == "state":
        return params.get("wage.base_salary", facts.termination_date)
    return params.get(f"wage.regional_minimum.{facts.region}", facts.termination_date)


def _law_note(law: str) -> str:
    if law == LAW_2025:
        return _("The contract ended on or after 01/01/2026: %(law)s applies (Articles 38–39).") % {
            "law": law_name(law)
        }
    return _("The contract ended before 01/01/2026: %(law)s applies (Articles 49–50).") % {
        "law": law_name(law)
    }


def refusals(facts: Facts) -> list[str]:
    """Why the conditions of the law are not met (empty when they are)."""
    law, reasons = facts.law, []
    if facts.unlawful_termination:
        reasons.append(
            _("A worker who ended the contract unlawfully is not entitled (%(cite)s).")
            % {"cite": cite(law, "conditions")}
        )
    if law == LAW_2013 and facts.receiving_pension:
        reasons.append(
            _("A worker receiving a pension or a monthly disability allowance is not entitled (%(cite)s).")
            % {"cite": cite(law, "conditions")}
        )
    if law == LAW_2025 and (facts.pension_eligible or facts.receiving_pension):
        reasons.append(
            _("A worker eligible for a pension when the contract ended is not entitled, claimed or not "
              "(%(cite)s).") % {"cite": cite(law, "conditions")}
        )  # fmt: skip
    recent = _recent(facts)
    if recent < MIN_CONTRIBUTION_MONTHS:
        reasons.append(
            _("%(months)s months of contributions within the %(window)s months before the contract ended; "
              "at least 12 are needed (%(cite)s).")
            % {"months": recent, "window": window(facts), "cite": cite(law, "conditions")}
        )  # fmt: skip
    if facts.filed_on is not None and facts.filed_on > filing_deadline(facts.termination_date):
        reasons.append(
            _("Filed on %(filed)s, after the 3-month limit (%(deadline)s) (%(cite)s).")
            % {
                "filed": day(facts.filed_on),
                "deadline": day(filing_deadline(facts.termination_date)),
                "cite": cite(law, "filing"),
            }
        )
    return reasons


def _recent(facts: Facts) -> int:
    if facts.recent_contribution_months is not None:
        return facts.recent_contribution_months
    return min(facts.contribution_months, window(facts))


def monthly_amount(facts: Facts | Mapping[str, Any], params: Params) -> UnemploymentResult:
    facts = _coerce(facts)
    law = facts.law
    notes = [_law_note(law)]
    reasons = refusals(facts)
    deadline = filing_deadline(facts.termination_date)
    if reasons:
        return UnemploymentResult(
            regime=REGIME, law=law, eligible=False, monthly_amount=0, months=0,
            notes=tuple(notes + reasons), filing_deadline=deadline,
            carried_over_months=facts.contribution_months,
        )  # fmt: skip
    rate = params.get("ui.rate", facts.termination_date)
    multiple = params.get("ui.cap.multiple", facts.termination_date)
    cap_base = _cap_row(facts, params)
    raw = times(facts.avg_salary_6m, rate.value)
    cap = times(int(cap_base.value), multiple.value)
    amount = min(raw, cap)
    months = duration(facts.contribution_months)
    lines = [_amount_line(facts, raw, rate)]
    if raw > cap:
        lines.append(_cap_line(facts, cap, cap_base, multiple, raw))
    provisional = any(r.provisional for r in (rate, multiple, cap_base))
    notes += _duration_notes(facts, months)
    start = end = decided_by = None
    if facts.filed_on is not None:
        start = start_date(law, facts.filed_on)
        end = end_date(start, months)
        decided_by = decision_deadline(facts.filed_on)
        notes.append(_start_note(law, facts.filed_on, start, end))
        if law == LAW_2025 and not holidays_known(start.year):
            notes.append(_holiday_note(start.year))
            provisional = True
    else:
        notes.append(_("Give the filing date (filed_on) to see when the benefit starts and ends."))
    if facts.recent_contribution_months is None:
        notes.append(
            _("All contribution months were taken to lie within the %(window)s months before the contract "
              "ended; give recent_contribution_months otherwise.") % {"window": window(facts)}
        )  # fmt: skip
    if cap_base.provisional:
        notes.append(
            _("%(value)s (%(citation)s) is provisional, awaiting confirmation.")
            % {"value": money(cap_base.value), "citation": cap_base.citation}
        )
    return UnemploymentResult(
        regime=REGIME, law=law, eligible=True, monthly_amount=amount, months=months,
        lines=tuple(lines), notes=tuple(notes), provisional=provisional,
        filing_deadline=deadline, decision_deadline=decided_by, start_date=start, end_date=end,
        carried_over_months=carried_over(facts.contribution_months, months),
        citations=(rate.citation, multiple.citation, cap_base.citation),
    )  # fmt: skip


def _amount_line(facts: Facts, raw: int, rate: ParamRow) -> Line:
    return Line(
        label=_("%(rate)s of the average contribution salary of the last 6 months")
        % {"rate": f"{coefficient(rate.value * 100)}%"},
        amount=raw,
        basis=_("%(salary)s × %(rate)s — %(citation)s")
        % {"salary": money(facts.avg_salary_6m), "rate": coefficient(rate.value), "citation": rate.citation},
    )


def _cap_line(facts: Facts, cap: int, base: ParamRow, multiple: ParamRow, raw: int) -> Line:
    if base.key == "wage.base_salary":
        label = _("Cap: 5 × base salary (state pay scale)")
    elif facts.law == LAW_2025:
        label = _("Cap: 5 × region %(region)s minimum wage of the last contribution month (%(month)s)") % {
            "region": ROMAN[facts.region],
            "month": facts.cap_month.strftime("%m/%Y"),
        }
    else:
        label = _("Cap: 5 × region %(region)s minimum wage (pay set by the employer)") % {
            "region": ROMAN[facts.region]
        }
    return Line(
        label=label,
        amount=cap - raw,
        basis=_("%(multiple)s × %(base)s = %(cap)s — %(citation)s; %(base_citation)s")
        % {
            "multiple": coefficient(multiple.value),
            "base": money(base.value),
            "cap": money(cap),
            "citation": multiple.citation,
            "base_citation": base.citation,
        },
    )


def _duration_notes(facts: Facts, months: int) -> list[str]:
    notes = [
        _("%(contributions)s months of contributions give %(months)s months of benefit: 3 for 12–36 months, "
          "one more for each further full 12 months, at most 12 (%(cite)s).")
        % {"contributions": facts.contribution_months, "months": months, "cite": cite(facts.law, "duration")}
    ]  # fmt: skip
    kept = carried_over(facts.contribution_months, months)
    if kept:
        notes.append(
            _("%(kept)s contribution months are not used by this benefit and are carried over (bảo lưu) "
              "for a later claim.") % {"kept": kept}
        )  # fmt: skip
    return notes


def _start_note(law: str, filed: dt.date, start: dt.date, end: dt.date) -> str:
    if law == LAW_2013:
        rule = _("the 16th day from filing, the filing day counted as day 1")
    else:
        rule = _(
            "the 11th working day from filing, the filing day counted as day 1 when it is a working day; "
            "Saturdays, Sundays and public holidays (Labour Code 2019, Art. 112) are not working days"
        )
    return _("Filed on %(filed)s: paid from %(start)s (%(rule)s, %(cite)s) to %(end)s.") % {
        "filed": day(filed),
        "start": day(start),
        "rule": rule,
        "cite": cite(law, "start"),
        "end": day(end),
    }


def _holiday_note(year: int) -> str:
    return _(
        "The days off announced for %(year)s are not yet recorded: only Saturdays, Sundays and the fixed "
        "public holidays were skipped; the start day is provisional."
    ) % {"year": year}


__all__ = [
    "REGIME",
    "Facts",
    "UnemploymentResult",
    "add_working_days",
    "benefit_months",
    "carried_over",
    "carried_over_after_stop",
    "check",
    "decision_deadline",
    "duration",
    "end_date",
    "filing_deadline",
    "law_for",
    "monthly_amount",
    "parse",
    "refusals",
    "start_date",
]
