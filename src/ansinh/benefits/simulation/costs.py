"""Policy-cost simulation (mô phỏng chi phí chính sách): the enrolments' cost under changed law.

A scenario changes the standard level (social assistance: `sa.standard`; social pension: `sp.level`)
and, for social assistance, coefficients of Decree 20/2021/NĐ-CP Art. 6, from a month on. Every
enrolment paid in that month (active, started, not ended) in the actor's scope is evaluated twice
with the same rules (`benefits.entitlement.EntitlementCache`): under the law as recorded (baseline)
and under the scenario, then summed by province and by clause: persons, monthly cost before and
after, the difference, the yearly figures (× 12) and how many gain, lose or stay the same.

Reads only: enrolments are read in id order in chunks with `values_list` (no model instances), so a
national run over millions of enrolments needs memory for one chunk and the memo, not for the rows.
Money is integer đồng throughout. Provincial levels stay as recorded: the national level is a floor,
so a province's own higher level keeps applying where it is still above the new national one.

Coefficients are named by clause: `5a=1.8` sets every variant of clause 5a (under 80 and from 80),
`5a.from80=2.2` one variant, `6.severe=1.8` both severe-disability variants; the keys are those of
`data/legal_parameters.csv` (`sa.coef.<clause>.<variant>`).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from ansinh.benefits.entitlement import EntitlementCache
from ansinh.benefits.household_status import StatusBook
from ansinh.benefits.law import MissingParameter, ParamRow, Params, current_params
from ansinh.benefits.models import Enrolment, EnrolmentStatus, Regime
from ansinh.core import numbers
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.periods import month_end, month_of, parse_month
from ansinh.core.scope import scope_q

CHUNK = 20_000  # enrolments per read
MONTHS_PER_YEAR = 12
LEVEL_KEYS = {Regime.SOCIAL_ASSISTANCE: "sa.standard", Regime.SOCIAL_PENSION: "sp.level"}
COEF_PREFIX = "sa.coef."
MAX_STANDARD = 100_000_000  # đồng a month: far above any level; catches a typo of extra zeros
MAX_COEFFICIENT = Decimal(20)
SCENARIO_CITATION = "Kịch bản mô phỏng (không phải văn bản pháp luật)"  # shown in any explanation line
OUT_OF_RANGE = _("The level must be above 0 and at most 100.000.000 đồng a month.")
NOT_APPLICABLE = _("Coefficients apply to monthly social assistance only; the social pension is one level.")


# --- the result ---------------------------------------------------------------------------------


@dataclass
class Cell:
    """One row of a result table: the enrolments of one province or one clause."""

    persons: int = 0
    baseline: int = 0  # monthly cost in the month, đồng
    scenario: int = 0
    gaining: int = 0
    losing: int = 0
    unchanged: int = 0
    not_payable: int = 0  # of the unchanged: nothing due in the month either way (e.g. a child now 16)

    @property
    def difference(self) -> int:
        return self.scenario - self.baseline

    @property
    def baseline_yearly(self) -> int:
        return self.baseline * MONTHS_PER_YEAR

    @property
    def scenario_yearly(self) -> int:
        return self.scenario * MONTHS_PER_YEAR

    @property
    def difference_yearly(self) -> int:
        return self.difference * MONTHS_PER_YEAR

    def add(self, other: Cell) -> None:
        self.persons += other.persons
        self.baseline += other.baseline
        self.scenario += other.scenario
        self.gaining += other.gaining
        self.losing += other.losing
        self.unchanged += other.unchanged
        self.not_payable += other.not_payable

    def as_dict(self) -> dict[str, int]:
        return {
            "persons": self.persons,
            "baseline_monthly": self.baseline,
            "scenario_monthly": self.scenario,
            "difference_monthly": self.difference,
            "baseline_yearly": self.baseline_yearly,
            "scenario_yearly": self.scenario_yearly,
            "difference_yearly": self.difference_yearly,
            "gaining": self.gaining,
            "losing": self.losing,
            "unchanged": self.unchanged,
            "not_payable": self.not_payable,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cell:
        return cls(
            persons=data["persons"],
            baseline=data["baseline_monthly"],
            scenario=data["scenario_monthly"],
            gaining=data["gaining"],
            losing=data["losing"],
            unchanged=data["unchanged"],
            not_payable=data.get("not_payable", 0),
        )


@dataclass
class SimulationResult:
    regime: str
    from_month: dt.date
    province_code: str | None  # None: the whole country
    baseline_level: int | None  # the national level in force in the month under current law
    standard: int | None  # the scenario's national level (None: unchanged)
    coefficients: dict[str, Decimal]  # parameter key → scenario value, every variant spelled out
    by_province: dict[str, Cell] = field(default_factory=dict)
    by_clause: dict[str, Cell] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> Cell:
        total = Cell()
        for cell in self.by_province.values():
            total.add(cell)
        return total

    @property
    def below_current_level(self) -> bool:
        """The scenario's level is lower than the one in force: a cut, allowed but worth a warning."""
        return (
            self.standard is not None
            and self.baseline_level is not None
            and self.standard < self.baseline_level
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "from_month": self.from_month.isoformat(),
            "province_code": self.province_code,
            "baseline_level": self.baseline_level,
            "standard": self.standard,
            "coefficients": {key: str(value) for key, value in self.coefficients.items()},
            "below_current_level": self.below_current_level,
            "total": self.total.as_dict(),
            "by_province": [
                {"province_code": code, "name": self.province_names.get(code, code), **cell.as_dict()}
                for code, cell in sorted(self.by_province.items())
            ],
            "by_clause": [
                {"clause": clause, **cell.as_dict()} for clause, cell in clause_order(self.by_clause)
            ],
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulationResult:
        return cls(
            regime=data["regime"],
            from_month=dt.date.fromisoformat(data["from_month"]),
            province_code=data["province_code"],
            baseline_level=data["baseline_level"],
            standard=data["standard"],
            coefficients={key: Decimal(value) for key, value in data["coefficients"].items()},
            by_province={row["province_code"]: Cell.from_dict(row) for row in data["by_province"]},
            by_clause={row["clause"]: Cell.from_dict(row) for row in data["by_clause"]},
            province_names={row["province_code"]: row["name"] for row in data["by_province"]},
            seconds=data.get("seconds", 0.0),
        )


def clause_order(cells: dict[str, Cell]) -> list[tuple[str, Cell]]:
    """Clauses in the order of the decree (1, 2, …, 5a, …, 8); the social pension ("") last."""
    from ansinh.benefits.rules.social_assistance import CLAUSES

    rank = {clause: i for i, clause in enumerate(CLAUSES)}
    return sorted(cells.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


# --- parsing a scenario (shared by the command, the API and the page) ----------------------------


@dataclass(frozen=True)
class Scenario:
    regime: str
    standard: int | None
    from_month: dt.date
    coefficients: dict[str, Decimal]  # as given: clause spec ("5a", "5a.from80") → value
    province_code: str | None

    def as_params(self) -> dict[str, Any]:
        """JSON-safe job parameters."""
        return {
            "regime": self.regime,
            "standard": self.standard,
            "from_month": self.from_month.isoformat(),
            "coefficients": {spec: str(value) for spec, value in self.coefficients.items()},
            "province_code": self.province_code,
        }


def parse_scenario(raw: dict[str, Any]) -> Scenario:
    """Raw values (form, JSON or command line) → a Scenario; every bad field reported at once."""
    errors: list[ApplicationError] = []
    regime = str(raw.get("regime") or "").strip().replace("-", "_")
    if regime not in Regime.own():
        errors.append(ApplicationError("regime.invalid", _("Choose a regime."), field="regime"))
    standard = _parse_standard(raw.get("standard"), errors)
    from_month = _parse_from(raw.get("from_month"), errors)
    coefficients = _parse_coefficients(raw.get("coefficients"), errors)
    province = str(raw.get("province_code") or "").strip() or None
    if errors:
        raise ValidationFailed(errors)
    assert from_month is not None
    return Scenario(regime, standard, from_month, coefficients, province.zfill(2) if province else None)


def _parse_standard(raw: Any, errors: list[ApplicationError]) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = None if isinstance(raw, float) else numbers.parse_integer(raw, field="standard", maximum=None)
    except ApplicationError as exc:
        value = -1 if exc.code == "field.out_of_range" else None
    if value is None:
        errors.append(
            ApplicationError(
                "standard.invalid", _("Enter the level as a whole number of đồng."), field="standard"
            )
        )
        return None
    if not 0 < value <= MAX_STANDARD:
        errors.append(ApplicationError("standard.out_of_range", OUT_OF_RANGE, field="standard"))
        return None
    return value


def _parse_from(raw: Any, errors: list[ApplicationError]) -> dt.date | None:
    if isinstance(raw, dt.date):
        return month_of(raw)
    text = str(raw or "").strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)  # 01/2027, as months are written on forms
    if match:
        text = f"{match.group(2)}-{int(match.group(1)):02d}"
    try:
        return parse_month(text)
    except ValueError:
        errors.append(
            ApplicationError(
                "from_month.invalid",
                _("Enter the month the change applies from (YYYY-MM or YYYY-MM-DD)."),
                field="from_month",
            )
        )
        return None


def _parse_coefficients(raw: Any, errors: list[ApplicationError]) -> dict[str, Decimal]:
    """{"5a": "1.8"}, or ["5a=1.8", ...] as typed on the command line."""
    if raw in (None, "", [], {}):
        return {}
    pairs: list[tuple[str, Any]] = []
    if isinstance(raw, dict):
        pairs = list(raw.items())
    elif isinstance(raw, list | tuple):
        for item in raw:
            spec, sep, value = str(item).partition("=")
            if not sep:
                errors.append(_coefficient_error(_("Write each coefficient as CLAUSE=VALUE, e.g. 5a=1.8.")))
                return {}
            pairs.append((spec, value))
    else:
        errors.append(_coefficient_error(_("Write each coefficient as CLAUSE=VALUE, e.g. 5a=1.8.")))
        return {}
    out: dict[str, Decimal] = {}
    for spec, value in pairs:
        spec = str(spec).strip().lower().removeprefix(COEF_PREFIX)
        number = _decimal(value)
        if number is None or not 0 <= number <= MAX_COEFFICIENT:
            errors.append(
                _coefficient_error(
                    _("Coefficient %(clause)s: enter a number from 0 to 20, e.g. 1.8.") % {"clause": spec}
                )
            )
            continue
        out[spec] = number
    return out


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _coefficient_error(message: Any) -> ApplicationError:
    return ApplicationError("coefficients.invalid", message, field="coefficients")


# --- the scenario as legal parameters ------------------------------------------------------------


def coefficient_keys(params: Params) -> list[str]:
    """Every coefficient key of social assistance in the data (sa.coef.5a.under80, …)."""
    return sorted({row.key for row in params.rows() if row.key.startswith(COEF_PREFIX)})


def resolve_coefficients(specs: dict[str, Decimal], params: Params) -> dict[str, Decimal]:
    """Clause specs → parameter keys: "5a" → every sa.coef.5a.*; "5a.from80" → that one key.

    A more specific spec wins over a broader one whatever the order given. Unknown specs are refused.
    """
    keys = coefficient_keys(params)
    out: dict[str, Decimal] = {}
    unknown = []
    for spec in sorted(specs, key=lambda s: s.count(".")):  # broad first, specific ones override
        full = COEF_PREFIX + spec
        matched = [k for k in keys if k == full or k.startswith(full + ".")]
        if not matched:
            unknown.append(spec)
        for key in matched:
            out[key] = specs[spec]
    if unknown:
        known = ", ".join(sorted({k.removeprefix(COEF_PREFIX) for k in keys}))
        message = _("Unknown coefficient %(spec)s. Give a clause (1, 2, …, 5a, …, 8) or one of %(keys)s.")
        raise _refuse(
            "coefficients.unknown_clause",
            message % {"spec": ", ".join(unknown), "keys": known},
            "coefficients",
        )
    return out


def scenario_params(params: Params, *, from_month: dt.date, overrides: dict[str, Decimal]) -> Params:
    """A copy of `params` where each national row of the overridden keys stops the day before
    `from_month` and a scenario row takes over from it (later rows of those keys are dropped)."""
    day_before = from_month - dt.timedelta(days=1)
    rows: list[ParamRow] = []
    for row in params.rows():
        if row.key not in overrides or row.province_code:
            rows.append(row)
        elif row.valid_from < from_month:
            ends_later = row.valid_to is None or row.valid_to > day_before
            rows.append(replace(row, valid_to=day_before) if ends_later else row)
    for key, value in overrides.items():
        rows.append(
            ParamRow(key=key, province_code="", valid_from=from_month, valid_to=None, value=value,
                     citation=SCENARIO_CITATION, confidence="unconfirmed", note="simulation")
        )  # fmt: skip
    return Params.from_rows(rows)


# --- running it ------------------------------------------------------------------------------------

Progress = Callable[..., Any]


def simulate(
    *,
    actor: Actor | None,
    regime: str,
    standard: int | None,
    from_month: dt.date,
    coefficients: dict[str, Decimal],
    province_code: str | None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Cost of the current enrolments in `from_month` under current law and under the scenario.

    `actor=None` is the system itself (the command line): nation-wide. Others need `benefits.simulate`
    and see their scope only: a province officer always simulates their own province.
    """
    started = time.perf_counter()
    regime = Regime(str(regime).replace("-", "_"))
    from_month = month_of(from_month)
    province_code = _scope_province(actor, province_code)
    baseline = current_params()
    overrides = _overrides(regime, standard, coefficients, baseline)
    scenario = scenario_params(baseline, from_month=from_month, overrides=overrides)
    result = SimulationResult(
        regime=str(regime),
        from_month=from_month,
        province_code=province_code,
        baseline_level=_national_level(baseline, regime, from_month),
        standard=standard,
        coefficients={k: v for k, v in overrides.items() if k != LEVEL_KEYS[regime]},
    )
    _accumulate(result, _enrolments(actor, regime, from_month, province_code), baseline, scenario, progress)
    result.province_names = _province_names(list(result.by_province))
    result.seconds = time.perf_counter() - started
    return result


def check_scenario(*, actor: Actor, scenario: Scenario) -> str | None:
    """Refuse, before a job is queued, what `simulate` would refuse; returns the province simulated
    (None: the nation)."""
    province = _scope_province(actor, scenario.province_code)
    _overrides(scenario.regime, scenario.standard, scenario.coefficients, current_params())
    return province


def _scope_province(actor: Actor | None, province_code: str | None) -> str | None:
    """The province simulated (None: the nation), after the capability and scope checks."""
    from ansinh.geo.models import AdminUnit

    if actor is not None and not actor.can("benefits.simulate"):
        raise PermissionDenied()
    level = "nation" if actor is None else actor.scope_level
    if level == "province" and actor is not None:
        own = actor.scope_unit.code if actor.scope_unit is not None else None
        if own is None or (province_code and province_code != own):
            raise NotFound("province")
        return own
    if level not in ("nation", None):  # commune-level roles never get the capability; belt and braces
        raise PermissionDenied()
    if (
        province_code
        and not AdminUnit.objects.filter(structure="2025", level="province", code=province_code).exists()
    ):
        raise NotFound("province")
    return province_code or None


def _refuse(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field=field)])


def _overrides(regime: str, standard: int | None, coefficients: dict[str, Decimal], params: Params) -> dict:
    if coefficients and regime != Regime.SOCIAL_ASSISTANCE:
        raise _refuse("coefficients.not_applicable", NOT_APPLICABLE, "coefficients")
    if standard is None and not coefficients:
        raise _refuse(
            "scenario.empty", _("Give a new standard level or at least one coefficient."), "standard"
        )
    if standard is not None and not 0 < standard <= MAX_STANDARD:
        raise _refuse("standard.out_of_range", OUT_OF_RANGE, "standard")
    overrides: dict[str, Decimal] = resolve_coefficients(coefficients, params) if coefficients else {}
    if standard is not None:
        overrides[LEVEL_KEYS[Regime(regime)]] = Decimal(standard)
    return overrides


def _national_level(params: Params, regime: str, month: dt.date) -> int | None:
    try:
        return int(params.national(LEVEL_KEYS[Regime(regime)], month_end(month)).value)
    except MissingParameter:
        return None


def _enrolments(actor: Actor | None, regime: str, month: dt.date, province_code: str | None):
    """Enrolments paid in the month: active, started by then and not ended before it, in scope."""
    qs = Enrolment.objects.filter(
        regime=regime, status=EnrolmentStatus.ACTIVE, start_month__lte=month
    ).filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
    if actor is not None:
        qs = qs.filter(scope_q(actor))
    if province_code:
        qs = qs.filter(province_code=province_code)
    return qs


def _accumulate(
    result: SimulationResult, qs: Any, baseline: Params, scenario: Params, progress: Progress | None
) -> None:
    """Read the enrolments chunk by chunk (keyset on id) and add each to its province and clause."""
    before, after = EntitlementCache(baseline), EntitlementCache(scenario)
    regime, month = result.regime, result.from_month
    # A province without rows of its own gets the national answer: memoise it once, not per province.
    own_rows = provinces_with_own_rows(baseline) | provinces_with_own_rows(scenario)
    total = qs.count() if progress else 0
    rows = qs.annotate(facts_text=Cast("facts", TextField()), birth=F("person__birth_date"),
                       year=F("person__birth_year")).order_by("id")  # fmt: skip
    # province → [persons, before, after, gaining, losing, unchanged, not payable]; the same per clause.
    provinces: dict[str, list[int]] = {}
    clauses: dict[str, list[int]] = {}
    jan1: dict[int, dt.date] = {}
    last, done = 0, 0
    while True:
        chunk = list(
            rows.filter(id__gt=last).values_list(
                "id", "province_code", "clause", "facts_text", "birth", "year", "person_id"
            )[:CHUNK]
        )
        if not chunk:
            break
        # The household's poverty status in the month, where a decision covers it (two queries a chunk).
        book = StatusBook.for_persons(row[6] for row in chunk)
        for _pk, province, clause, facts, birth, year, person_id in chunk:
            facts = book.json_for(person_id, facts, month)
            if birth is None:
                birth = jan1.get(year) or jan1.setdefault(year, dt.date(year, 1, 1))
            where = province if province in own_rows else None
            old = before.month_result(regime, facts, birth, month, where).monthly_amount
            new = after.month_result(regime, facts, birth, month, where).monthly_amount
            change = 3 if new > old else 4 if new < old else 5
            for table, key in ((provinces, province), (clauses, clause)):
                cell = table.get(key)
                if cell is None:
                    cell = table[key] = [0, 0, 0, 0, 0, 0, 0]
                cell[0] += 1
                cell[1] += old
                cell[2] += new
                cell[change] += 1
                if not old and not new:
                    cell[6] += 1
        last = chunk[-1][0]
        done += len(chunk)
        if progress:
            progress(done, total, _("%(done)s of %(total)s enrolments") % {"done": done, "total": total})
    result.by_province = {k: Cell(*v) for k, v in provinces.items()}
    result.by_clause = {k: Cell(*v) for k, v in clauses.items()}


def provinces_with_own_rows(params: Params) -> set[str]:
    """Provinces with a legal parameter of their own (a People's Council level); elsewhere the national
    rows decide alone, so their answers can be shared."""
    return {row.province_code for row in params.rows() if row.province_code}


def _province_names(codes: list[str]) -> dict[str, str]:
    from ansinh.geo.models import AdminUnit

    units = AdminUnit.objects.filter(structure="2025", level="province", code__in=codes)
    return dict(units.values_list("code", "name"))
