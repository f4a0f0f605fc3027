"""The monthly preferential allowance of a person with meritorious services (trợ cấp, phụ cấp ưu đãi hằng
tháng), Ordinance 02/2020/UBTVQH14 and Decree 75/2021/NĐ-CP as amended by Decrees 55/2023 and 77/2024.

The law ships as dated data in `data/standard.csv` (the standard level, mức chuẩn) and
`data/allowances.csv` (the appendix tables of each decree, one row per amount, with its citation); see
`data/README.md`. Pure: facts in, a `MeritResult` out; no ORM, no request, no float.

Amounts: the published amount of the decree table in force on the date. When the standard in force is
newer than the last table held (Decree 321/2026/NĐ-CP, 3.012.000 đ from 01/07/2026, reported only), the
amount is the coefficient of the last table (published amount ÷ its standard) × the new standard,
rounded half up to the nearest thousand đồng (Decree 75/2021/NĐ-CP, Art. 3(2) as amended), and the
result is provisional because that standard is.

The calculator face (`parse`, `check`, `monthly_amount`) is the one `core.extensions.Calculator` expects,
so `ansinh calc merit-allowance` and the API reach it through the benefits calculator. The same face (with
`funeral_support`) is registered for the enrolled regime "merit" (`core.extensions.enrolled_regimes`), so
the payment cycles compute each month with these rules. Given a `Params` snapshot (the payment pipeline),
the standard in force is read from its `merit.standard` rows — the mirror of `data/standard.csv` in
`benefits.LegalParameter` — so a standard recorded after a month was paid is what triggers the difference
arrears; without one (the calculator) it is read from `data/standard.csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.rules.base import FactsError
from ansinh.core.money import format_decimal, format_vnd, times

REGIME = "merit"
CALCULATOR = "merit-allowance"
DATA_DIR = Path(__file__).parent / "data"
STANDARD_FILE = DATA_DIR / "standard.csv"
ALLOWANCES_FILE = DATA_DIR / "allowances.csv"
FUNERAL_FILE = DATA_DIR / "funeral.csv"
STANDARD_KEY = "merit.standard"  # the legal parameter mirroring standard.csv
PROVISIONAL = ("reported", "unconfirmed")
OPEN_END = dt.date(9999, 12, 31)
ROUNDING = "Nghị định 75/2021/NĐ-CP, Điều 3, khoản 2 (được sửa đổi)"

CATEGORIES = (
    "pre1945_activist",
    "aug1945_activist",
    "martyr_relative",
    "heroic_mother",
    "hero",
    "war_invalid",
    "war_invalid_b",
    "sick_soldier",
    "agent_orange",
    "former_prisoner",
    "resistance_activist",
    "helped_revolution",
)
CATEGORY_LABELS: dict[str, Promise] = {
    "pre1945_activist": gettext_lazy("Revolutionary activist before 01/01/1945"),
    "aug1945_activist": gettext_lazy("Revolutionary activist from 01/01/1945 to the August Revolution"),
    "martyr_relative": gettext_lazy("Relative of a martyr"),
    "heroic_mother": gettext_lazy("Heroic Vietnamese Mother"),
    "hero": gettext_lazy("Hero of the People's Armed Forces or Labour Hero of the resistance"),
    "war_invalid": gettext_lazy("War invalid, or person treated as a war invalid"),
    "war_invalid_b": gettext_lazy("Type-B war invalid"),
    "sick_soldier": gettext_lazy("Sick soldier"),
    "agent_orange": gettext_lazy("Resistance activist exposed to toxic chemicals (Agent Orange)"),
    "former_prisoner": gettext_lazy("Activist captured and imprisoned by the enemy"),
    "resistance_activist": gettext_lazy("Resistance, national-defence or international-duty activist"),
    "helped_revolution": gettext_lazy("Person who helped the revolution"),
}
HONOURS: dict[str, Promise] = {
    "resistance_order": gettext_lazy("Resistance Order (Huân chương Kháng chiến)"),
    "pre1945_certificate": gettext_lazy(
        "“Tổ quốc ghi công” medal or “Có công với nước” certificate before the August Revolution"
    ),
}
# The lowest injury rate (tỷ lệ tổn thương cơ thể) with a monthly allowance, per rated category.
RATE_FROM = {"war_invalid": 21, "war_invalid_b": 21, "sick_soldier": 41, "agent_orange": 21}
SUPPLEMENT_FROM = 81  # the ≥ 81 % supplement and caregiver allowance (Phụ lục I, 6.1, 7.1, 8.1)
SICK_BANDS = ((41, 50), (51, 60), (61, 70), (71, 80), (81, 90), (91, 100))
AGENT_ORANGE_BANDS = ((21, 40), (41, 60), (61, 80), (81, 100))
MARTYRS_MAX = 100  # a family with more is a typing mistake

FACT_NAMES = (
    "on",
    "category",
    "injury_rate",
    "especially_severe",
    "martyrs",
    "lives_at_home",
    "lives_alone",
    "detached",
    "seniority_years",
    "honour",
    "posthumous_certificate",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- the law as data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardRow:
    valid_from: dt.date
    valid_to: dt.date
    value: int
    citation: str
    confidence: str

    @property
    def provisional(self) -> bool:
        return self.confidence in PROVISIONAL

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on <= self.valid_to


@dataclass(frozen=True)
class AllowanceRow:
    schedule: str  # the decree whose appendix publishes the amount: "77/2024"
    key: str
    unit: str  # "dong": an amount; "standard": a multiple of the standard level
    value: Decimal
    valid_from: dt.date
    valid_to: dt.date
    citation: str
    confidence: str

    @property
    def provisional(self) -> bool:
        return self.confidence in PROVISIONAL


def _date(raw: str | None, *, default: dt.date | None = None) -> dt.date:
    text = (raw or "").strip()
    if not text:
        assert default is not None, "a first day is required"
        return default
    return dt.date.fromisoformat(text)


@cache
def standard_rows() -> tuple[StandardRow, ...]:
    """The standard level per period, from `data/standard.csv`."""
    with STANDARD_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            StandardRow(
                valid_from=_date(rec["valid_from"]),
                valid_to=_date(rec["valid_to"], default=OPEN_END),
                value=int(rec["value"]),
                citation=rec["citation"].strip(),
                confidence=rec["confidence"].strip(),
            )
            for rec in csv.DictReader(fh)
        )


@cache
def allowance_rows() -> tuple[AllowanceRow, ...]:
    """Every published amount of the appendix tables, from `data/allowances.csv`."""
    with ALLOWANCES_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            AllowanceRow(
                schedule=rec["schedule"].strip(),
                key=rec["key"].strip(),
                unit=rec["unit"].strip(),
                value=Decimal(rec["value"].strip()),
                valid_from=_date(rec["valid_from"]),
                valid_to=_date(rec["valid_to"], default=OPEN_END),
                citation=rec["citation"].strip(),
                confidence=rec["confidence"].strip(),
            )
            for rec in csv.DictReader(fh)
        )


def first_day() -> dt.date:
    return min(r.valid_from for r in standard_rows())


def day(value: dt.date) -> str:
    """A date as written in the active language (dd/mm/yyyy in Vietnamese)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def standard_rows_as_parameters() -> list[dict[str, Any]]:
    """`data/standard.csv` as national legal-parameter rows (`merit.standard`), for benefits to hold beside
    its own law (registered in `core.extensions.legal_parameter_sources`)."""
    with STANDARD_FILE.open(encoding="utf-8", newline="") as fh:
        notes = {rec["valid_from"]: (rec.get("note") or "").strip() for rec in csv.DictReader(fh)}
    return [
        {
            "key": STANDARD_KEY,
            "valid_from": row.valid_from,
            "valid_to": None if row.valid_to == OPEN_END else row.valid_to,
            "value": row.value,
            "citation": row.citation,
            "confidence": row.confidence,
            "note": notes.get(row.valid_from.isoformat(), ""),
        }
        for row in standard_rows()
    ]


def standard_from(params: object, on: dt.date) -> StandardRow | None:
    """The `merit.standard` row in force on `on` in a benefits `Params` snapshot; None without one."""
    national = getattr(params, "national", None)
    if national is None:
        return None
    try:
        row = national(STANDARD_KEY, on)
    except LookupError:
        return None
    return StandardRow(
        valid_from=row.valid_from,
        valid_to=row.valid_to or OPEN_END,
        value=int(row.value),
        citation=row.citation,
        confidence=row.confidence,
    )


def standard_on(on: dt.date) -> StandardRow:
    for row in standard_rows():
        if row.covers(on):
            return row
    raise FactsError(
        "facts.before_law",
        _("on: the allowance tables are held from %(first)s (Decree 75/2021/NĐ-CP); %(on)s is earlier.")
        % {"first": day(first_day()), "on": day(on)},
        field="on",
    )


def round_thousand(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator đồng, rounded half up to the nearest thousand; integers only."""
    quotient, remainder = divmod(numerator, denominator * 1000)
    if 2 * remainder >= denominator * 1000:
        quotient += 1
    return quotient * 1000


@dataclass(frozen=True)
class Amount:
    """One amount of the law on a date: the published figure, or the figure adjusted to a newer standard."""

    amount: int
    basis: str
    provisional: bool
    citation: str


@dataclass(frozen=True)
class Law:
    """The tables in force on one date."""

    on: dt.date
    standard: StandardRow
    rows: Mapping[str, AllowanceRow]
    table_standard: int  # the standard of the table the rows come from

    @property
    def adjusted(self) -> bool:
        """The standard in force is newer than the table held: amounts are coefficient × standard."""
        return self.standard.value != self.table_standard

    def _row(self, key: str) -> AllowanceRow:
        row = self.rows.get(key)
        if row is None:  # pragma: no cover - a packaged table lacks a key the rules use
            raise LookupError(f"merit allowance {key} is not held on {self.on}")
        return row

    def has(self, key: str) -> bool:
        return key in self.rows

    def amount(self, key: str) -> Amount:
        row = self._row(key)
        assert row.unit == "dong", key
        published = int(row.value)
        if not self.adjusted:
            return Amount(published, row.citation, row.provisional, row.citation)
        amount = round_thousand(published * self.standard.value, self.table_standard)
        basis = _(
            "%(published)s ÷ %(old)s × %(new)s, rounded to the thousand — %(citation)s; standard: "
            "%(standard)s; rounding: %(rounding)s"
        ) % {
            "published": format_vnd(published),
            "old": format_vnd(self.table_standard),
            "new": format_vnd(self.standard.value),
            "citation": row.citation,
            "standard": self.standard.citation,
            "rounding": ROUNDING,
        }
        return Amount(amount, basis, self.standard.provisional or row.provisional, row.citation)

    def multiple(self, key: str) -> tuple[Decimal, AllowanceRow]:
        row = self._row(key)
        assert row.unit == "standard", key
        return row.value, row


def law_on(on: dt.date, standard: StandardRow | None = None) -> Law:
    """The standard in force on `on` (given, or from `data/standard.csv`) and the newest table published
    on or before it."""
    standard = standard or standard_on(on)
    held = [r for r in allowance_rows() if r.valid_from <= on <= r.valid_to]
    schedules = {r.schedule for r in held}
    assert len(schedules) == 1, f"allowance tables overlap or are missing on {on}: {sorted(schedules)}"
    table_start = held[0].valid_from
    return Law(
        on=on,
        standard=standard,
        rows={r.key: r for r in held},
        table_standard=standard_on(table_start).value,
    )


# --- reading facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    on: dt.date
    category: str
    injury_rate: int | None = None
    especially_severe: bool = False
    martyrs: int | None = None
    lives_at_home: bool = True
    lives_alone: bool = False
    detached: bool | None = None
    seniority_years: int | None = None
    honour: str | None = None
    posthumous_certificate: bool = False


def _problem(code: str, message: Any, name: str) -> FactsError:
    return FactsError(f"facts.{code}", message, field=name)


def _missing(name: str) -> FactsError:
    return _problem("missing", _("%(field)s: this fact is required.") % {"field": name}, name)


def _read_on(data: Mapping[str, Any]) -> dt.date:
    raw = data.get("on")
    if raw is None or raw == "":
        raise _missing("on")
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _problem("bad_date", _("%(field)s: must be a date written YYYY-MM-DD.") % {"field": "on"}, "on")


def _read_bool(data: Mapping[str, Any], name: str, default: bool) -> bool:
    raw = data.get(name)
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise _problem("bad_bool", _("%(field)s: must be true or false.") % {"field": name}, name)
    return raw


def _read_int(data: Mapping[str, Any], name: str) -> int | None:
    raw = data.get(name)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _problem("bad_number", _("%(field)s: must be a whole number.") % {"field": name}, name)
    return raw


def _not_used(name: str, category: str) -> FactsError:
    return _problem(
        "not_applicable",
        _("%(field)s: this fact does not apply to the category %(category)s.")
        % {"field": name, "category": category},
        name,
    )


def parse(data: Mapping[str, Any] | str, *, strict: bool = True) -> Facts:
    """Facts from a JSON object (or its text). `on` and `category` are required; `injury_rate` (0–100)
    for the rated categories, `martyrs` (≥ 1) for a martyr's relative, `detached` (and, when detached,
    `seniority_years`) for a pre-1945 activist, `honour` for a person who helped the revolution. A fact
    given for a category it does not apply to, an unknown fact, or an impossible value is refused,
    naming the fact."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            raise _problem("bad_json", _("The facts are not valid JSON."), "facts") from None
    if not isinstance(data, Mapping):
        raise _problem("not_an_object", _("The facts must be a JSON object."), "facts")
    extra = sorted(str(k) for k in data if k not in FACT_NAMES)
    if extra and strict:
        raise _problem(
            "unknown_fact",
            _("%(field)s: this fact is not used by the merit allowance.") % {"field": extra[0]},
            extra[0],
        )
    on = _read_on(data)
    raw_category = data.get("category")
    if raw_category is None or raw_category == "":
        raise _missing("category")
    if raw_category not in CATEGORIES:
        raise _problem(
            "unknown_category",
            _("category: %(value)s is not one of %(known)s.")
            % {"value": json.dumps(raw_category, ensure_ascii=False), "known": ", ".join(CATEGORIES)},
            "category",
        )
    category = str(raw_category)

    rate = _read_int(data, "injury_rate")
    if category in RATE_FROM:
        if rate is None:
            raise _problem(
                "missing",
                _("injury_rate: the body-injury rate is required for the category %(category)s.")
                % {"category": category},
                "injury_rate",
            )
        if rate < 0 or rate > 100:
            raise _problem("bad_rate", _("injury_rate: must be between 0 and 100 (per cent)."), "injury_rate")
    elif rate is not None:
        raise _not_used("injury_rate", category)

    severe = _read_bool(data, "especially_severe", False)
    if severe and category not in RATE_FROM:
        raise _not_used("especially_severe", category)
    if severe and rate is not None and rate < SUPPLEMENT_FROM:
        raise _problem(
            "contradiction",
            _(
                "especially_severe: applies only from an injury rate of %(min)s %%; "
                "the rate given is %(rate)s %%."
            )
            % {"min": SUPPLEMENT_FROM, "rate": rate},
            "especially_severe",
        )

    martyrs = _read_int(data, "martyrs")
    if category == "martyr_relative":
        if martyrs is None:
            raise _problem(
                "missing", _("martyrs: the number of martyrs is required for a martyr's relative."), "martyrs"
            )
        if martyrs < 1 or martyrs > MARTYRS_MAX:
            raise _problem(
                "bad_martyrs",
                _("martyrs: a martyr's relative has between 1 and %(max)s martyrs.") % {"max": MARTYRS_MAX},
                "martyrs",
            )
    elif martyrs is not None:
        raise _not_used("martyrs", category)

    lives_at_home = _read_bool(data, "lives_at_home", True)
    lives_alone = _read_bool(data, "lives_alone", False)
    if lives_alone and category not in ("martyr_relative", "helped_revolution"):
        raise _not_used("lives_alone", category)

    detached: bool | None = None
    seniority = _read_int(data, "seniority_years")
    if category == "pre1945_activist":
        if data.get("detached") is None:
            raise _problem(
                "missing",
                _("detached: say whether the activist was a detached cadre (thoát ly) or not."),
                "detached",
            )
        detached = _read_bool(data, "detached", False)
        if detached:
            if seniority is None:
                raise _problem(
                    "missing",
                    _("seniority_years: the years of seniority are required for a detached activist."),
                    "seniority_years",
                )
            if seniority < 0 or seniority > 50:
                raise _problem(
                    "bad_seniority",
                    _("seniority_years: must be between 0 and 50 (activity before 01/01/1945)."),
                    "seniority_years",
                )
        elif seniority is not None:
            raise _problem(
                "contradiction",
                _("seniority_years: the seniority supplement is paid to detached activists only."),
                "seniority_years",
            )
    else:
        if data.get("detached") is not None:
            raise _not_used("detached", category)
        if seniority is not None:
            raise _not_used("seniority_years", category)

    honour: str | None = None
    raw_honour = data.get("honour")
    if category == "helped_revolution":
        if raw_honour is None or raw_honour == "":
            raise _problem(
                "missing",
                _("honour: say which honour was awarded (%(known)s).") % {"known": ", ".join(HONOURS)},
                "honour",
            )
        if raw_honour not in HONOURS:
            raise _problem(
                "unknown_honour",
                _("honour: %(value)s is not one of %(known)s.")
                % {"value": json.dumps(raw_honour, ensure_ascii=False), "known": ", ".join(HONOURS)},
                "honour",
            )
        honour = str(raw_honour)
    elif raw_honour is not None:
        raise _not_used("honour", category)

    posthumous = _read_bool(data, "posthumous_certificate", False)
    if posthumous and category != "martyr_relative":
        raise _not_used("posthumous_certificate", category)

    standard_on(on)  # a date before the first table is refused here, naming `on`
    return Facts(
        on=on,
        category=category,
        injury_rate=rate,
        especially_severe=severe,
        martyrs=martyrs,
        lives_at_home=lives_at_home,
        lives_alone=lives_alone,
        detached=detached,
        seniority_years=seniority,
        honour=honour,
        posthumous_certificate=posthumous,
    )


def _facts(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else parse(facts)


def check(facts: Facts | Mapping[str, Any], params: object = None) -> None:
    """Contradictions are refused while parsing; kept for the calculator's face."""
    _facts(facts)


# --- the allowance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    label: str
    amount: int  # đồng
    basis: str  # the appendix row, and the adjustment when the standard is newer than the table

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "amount": self.amount, "basis": self.basis}


@dataclass(frozen=True)
class MeritResult:
    category: str
    on: dt.date
    eligible: bool
    monthly_amount: int  # allowance + every monthly supplement and caregiver allowance
    standard: int
    lines: tuple[Line, ...] = ()
    one_off: tuple[Line, ...] = ()  # one-off payments (not monthly)
    notes: tuple[str, ...] = ()
    provisional: bool = False
    regime: str = REGIME
    clause: str = ""  # benefits' clause; merit enrolments are grouped by category instead

    @property
    def citations(self) -> tuple[str, ...]:
        return tuple(line.basis for line in self.lines)

    @property
    def one_off_amount(self) -> int:
        return sum(line.amount for line in self.one_off)

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self.category])

    def as_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "category": self.category,
            "label": self.label,
            "on": self.on.isoformat(),
            "standard": self.standard,
            "eligible": self.eligible,
            "monthly_amount": self.monthly_amount,
            "lines": [line.as_dict() for line in self.lines],
            "one_off_amount": self.one_off_amount,
            "one_off": [line.as_dict() for line in self.one_off],
            "notes": list(self.notes),
            "provisional": self.provisional,
        }


class _Builder:
    def __init__(self, law: Law) -> None:
        self.law = law
        self.lines: list[Line] = []
        self.one_off: list[Line] = []
        self.notes: list[str] = []
        self.provisional = law.standard.provisional and law.adjusted

    def add(self, label: str, key: str, count: int = 1) -> None:
        amount = self.law.amount(key)
        self.provisional = self.provisional or amount.provisional
        if count == 1:
            self.lines.append(Line(label, amount.amount, amount.basis))
        else:
            basis = f"{format_vnd(amount.amount)} × {count} — {amount.basis}"
            self.lines.append(Line(label, amount.amount * count, basis))

    def add_multiple(self, label: str, key: str) -> None:
        factor, row = self.law.multiple(key)
        standard = self.law.standard
        amount = times(standard.value, factor)  # half up to the đồng
        self.provisional = self.provisional or standard.provisional or row.provisional
        basis = (
            f"{format_vnd(standard.value)} × {format_decimal(factor)} — {row.citation}; {standard.citation}"
        )
        self.one_off.append(Line(label, amount, basis))


def _band(rate: int, bands: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    for low, high in bands:
        if low <= rate <= high:
            return low, high
    raise AssertionError(rate)  # pragma: no cover - the rate was checked against the threshold


def _rated(b: _Builder, facts: Facts) -> bool:
    """War invalids (both kinds), sick soldiers and Agent Orange: the allowance by injury rate, the ≥ 81 %
    supplement and the caregiver allowance. False (with the reason) below the regime's threshold."""
    category, rate = facts.category, facts.injury_rate
    assert rate is not None
    threshold = RATE_FROM[category]
    if rate < threshold:
        b.notes.append(
            _(
                "An injury rate of %(rate)s %% is below the %(min)s %% from which %(category)s receives a "
                "monthly allowance."
            )
            % {"rate": rate, "min": threshold, "category": str(CATEGORY_LABELS[category]).lower()}
        )
        if category in ("war_invalid", "war_invalid_b") and rate >= 5:
            b.notes.append(
                _(
                    "A person injured with a rate from %(low)s %% to %(high)s %% receives a one-off "
                    "allowance "
                    "(Decree 75/2021/NĐ-CP as amended, Phụ lục VI), not a monthly one."
                )
                % {"low": 5, "high": 20}
            )
        return False
    values = {"rate": rate}
    if category == "war_invalid":
        b.add(_("War invalid allowance, injury rate %(rate)s %%") % values, f"war_invalid.{rate}")
    elif category == "war_invalid_b":
        b.add(_("Type-B war invalid allowance, injury rate %(rate)s %%") % values, f"war_invalid_b.{rate}")
    elif category == "sick_soldier":
        low, high = _band(rate, SICK_BANDS)
        b.add(
            _("Sick soldier allowance, injury rate %(low)s–%(high)s %%") % {"low": low, "high": high},
            f"sick_soldier.{low}-{high}",
        )
    else:
        low, high = _band(rate, AGENT_ORANGE_BANDS)
        label = (
            _("Agent Orange allowance, injury rate %(low)s %% or more") % {"low": low}
            if high == 100
            else _("Agent Orange allowance, injury rate %(low)s–%(high)s %%") % {"low": low, "high": high}
        )
        b.add(label, f"agent_orange.{low}-{high}")
    if rate < SUPPLEMENT_FROM:
        return True
    family = {"war_invalid": "invalid", "war_invalid_b": "invalid", "sick_soldier": "sick"}.get(
        category, "agent_orange"
    )
    if facts.especially_severe:
        b.add(
            _("Supplement: injury rate %(min)s %% or more with especially severe wounds or illness")
            % {"min": SUPPLEMENT_FROM},
            f"supplement.{family}_81_severe",
        )
    else:
        b.add(
            _("Supplement: injury rate %(min)s %% or more") % {"min": SUPPLEMENT_FROM},
            f"supplement.{family}_81",
        )
    if facts.lives_at_home:
        severe_key = f"caregiver.{family}_81_severe"
        if facts.especially_severe and b.law.has(severe_key):
            b.add(_("Caregiver allowance (at home, especially severe)"), severe_key)
        else:
            b.add(_("Caregiver allowance (at home)"), f"caregiver.{family}_81")
    else:
        b.notes.append(
            _("No caregiver allowance: it is paid only to a person living with the family (at home).")
        )
    return True


def monthly_amount(facts: Facts | Mapping[str, Any], params: object = None) -> MeritResult:
    """The monthly allowance on `facts.on`: the category's allowance plus every monthly supplement the
    facts give rise to, each line with its appendix row."""
    facts = _facts(facts)
    law = law_on(facts.on, standard_from(params, facts.on))
    b = _Builder(law)
    category = facts.category
    eligible = True
    if category == "pre1945_activist":
        if facts.detached:
            b.add(_("Pre-1945 activist, detached cadre (thoát ly)"), "pre1945.detached")
            if facts.seniority_years:
                b.add(
                    _("Seniority supplement, %(years)s year(s)") % {"years": facts.seniority_years},
                    "pre1945.seniority_year",
                    count=facts.seniority_years,
                )
        else:
            b.add(_("Pre-1945 activist, not detached"), "pre1945.non_detached")
    elif category == "aug1945_activist":
        b.add(str(CATEGORY_LABELS[category]), "aug1945")
    elif category == "martyr_relative":
        assert facts.martyrs is not None
        held = min(facts.martyrs, 3)
        label = (
            _("Relative of %(n)s martyrs (3 or more)") % {"n": facts.martyrs}
            if facts.martyrs >= 3
            else _("Relative of %(n)s martyr(s)") % {"n": facts.martyrs}
        )
        b.add(label, f"martyr_relative.{held}")
        if facts.lives_alone:
            b.add(_("Nurturing survivor allowance (living alone)"), "nurturing.martyr_relative")
        if facts.posthumous_certificate:
            b.add_multiple(
                _("One-off allowance on the posthumous “Tổ quốc ghi công” certificate"),
                "one_off.martyr_certificate",
            )
    elif category == "heroic_mother":
        b.add(_("Heroic Vietnamese Mother allowance"), "heroic_mother")
        b.add(_("Heroic Vietnamese Mother supplement"), "heroic_mother.supplement")
        if facts.lives_at_home:
            b.add(_("Caregiver allowance (at home)"), "caregiver.heroic_mother")
        else:
            b.notes.append(
                _("No caregiver allowance: it is paid only to a person living with the family (at home).")
            )
    elif category == "hero":
        b.add(str(CATEGORY_LABELS[category]), "hero")
    elif category in RATE_FROM:
        eligible = _rated(b, facts)
    elif category == "former_prisoner":
        b.add(str(CATEGORY_LABELS[category]), "former_prisoner")
    elif category == "helped_revolution":
        assert facts.honour is not None
        b.add(
            _("Helped the revolution: %(honour)s") % {"honour": HONOURS[facts.honour]},
            f"helped_revolution.{facts.honour}",
        )
        if facts.lives_alone:
            b.add(_("Nurturing survivor allowance (living alone)"), "nurturing.helped_revolution")
    else:  # resistance_activist
        eligible = False
        factor, row = law.multiple("one_off.resistance_seniority_year")
        b.notes.append(
            _(
                "The decree's Phụ lục I sets no monthly allowance for a resistance activist; the law gives a "
                "one-off allowance of %(factor)s × the standard (%(amount)s) per year of resistance "
                "seniority (%(citation)s)."
            )
            % {
                "factor": format_decimal(factor),
                "amount": format_vnd(times(law.standard.value, factor)),
                "citation": row.citation,
            }
        )
    if law.adjusted:
        b.notes.append(
            _(
                "The tables of the decree setting the standard of %(standard)s are not held: each amount is "
                "the last published amount adjusted to that standard and rounded to the thousand."
            )
            % {"standard": format_vnd(law.standard.value)}
        )
    if b.provisional:
        b.notes.append(
            _("The standard level %(standard)s (%(citation)s) is reported only: the amounts are provisional.")
            % {"standard": format_vnd(law.standard.value), "citation": law.standard.citation}
        )
    total = sum(line.amount for line in b.lines) if eligible else 0
    return MeritResult(
        category=category,
        on=facts.on,
        eligible=eligible,
        monthly_amount=total,
        standard=law.standard.value,
        lines=tuple(b.lines) if eligible else (),
        one_off=tuple(b.one_off),
        notes=tuple(b.notes),
        provisional=b.provisional,
    )


def due(facts: Facts | Mapping[str, Any] | str) -> MeritResult:
    """Parse (strictly) and compute: the one entry point of the calculator, the CLI and the API."""
    parsed = facts if isinstance(facts, Facts) else parse(facts)
    return monthly_amount(parsed)


# --- the funeral allowance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FuneralRow:
    valid_from: dt.date
    valid_to: dt.date
    multiple: int
    base_key: str
    citation: str
    confidence: str


@cache
def funeral_rows() -> tuple[FuneralRow, ...]:
    """The funeral allowance per period, from `data/funeral.csv`."""
    with FUNERAL_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            FuneralRow(
                valid_from=_date(rec["valid_from"]),
                valid_to=_date(rec["valid_to"], default=OPEN_END),
                multiple=int(rec["multiple"]),
                base_key=rec["base_key"].strip(),
                citation=rec["citation"].strip(),
                confidence=rec["confidence"].strip(),
            )
            for rec in csv.DictReader(fh)
        )


def funeral_support(*, on: dt.date, province: str | None, params: Any) -> Any:
    """The funeral allowance (mai táng phí) on the death of a person receiving a monthly merit allowance:
    the multiple of `data/funeral.csv` × the base salary in force on the day of death (a `Params` row).
    Returned as a benefits `Result` (its `monthly_amount` is the one-off amount)."""
    from ansinh.benefits.rules.base import Line as BenefitLine
    from ansinh.benefits.rules.base import Result

    row = next((r for r in funeral_rows() if r.valid_from <= on <= r.valid_to), None)
    if row is None:
        standard_on(on)  # a date before the law is refused here, naming `on`
        raise LookupError(f"no funeral allowance row in force on {on}")  # pragma: no cover
    base = params.national(row.base_key, on)
    amount = int(base.value) * row.multiple
    provisional = row.confidence in PROVISIONAL or base.provisional
    basis = f"{format_vnd(int(base.value))} × {row.multiple} — {row.citation}; {base.citation}"
    line = BenefitLine(str(_("Funeral allowance (mai táng phí)")), amount, basis)
    notes = (
        _("The funeral allowance multiple is not confirmed in the sources held: the amount is provisional."),
    )
    return Result(
        regime=REGIME,
        eligible=True,
        monthly_amount=amount,
        lines=(line,),
        notes=tuple(str(n) for n in notes) if provisional else (),
        provisional=provisional,
        citations=(row.citation, base.citation),
    )
