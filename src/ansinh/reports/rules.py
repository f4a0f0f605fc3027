"""Consistency checks between a unit's figures: rules kept as data, evaluated into warnings.

The rules live in `data/rules.json`, next to the indicator catalogue, each with its kind, the figures it
relates, a message in both languages and a citation. Kinds:

- `part_le_total`: the parts together do not exceed the total (a single part: part ≤ total);
- `parts_sum`: the parts add up to the total, within `tolerance`;
- `rate_range`: a rate lies within `min`–`max` (0–100 % unless given);
- `non_negative`: a figure is not below zero;
- `equal`: two figures are the same, within `tolerance` (a computed figure and an entered one, the
  households behind two poverty rates).

An operand is an indicator code (the unit's figure: the entered one over the computed one; a rate in %),
the code with `.numerator` / `.denominator` (a ratio's parts), `.entered` / `.computed` (one origin only),
or a number. A rule with an operand that has no figure is not checked: a missing figure is not a
contradiction. Violations are warnings; they never block saving or submitting. They are shown next to the
figures on the entry page, listed when a report is submitted, and recorded with the submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core.numbers import HUNDRED, format_number
from ansinh.geo.models import AdminUnit
from ansinh.reports import rollup
from ansinh.reports.models import DataValue, Indicator, Origin
from ansinh.reports.periods import Period

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"
KINDS = ("part_le_total", "parts_sum", "rate_range", "non_negative", "equal")
PARTS = ("numerator", "denominator", "entered", "computed")


class RuleError(ValueError):
    """A rule in the data file that cannot be read (a programming error in the packaged data)."""


@dataclass(frozen=True)
class Operand:
    """One side of a rule: an indicator's figure (or one of its parts), or a constant."""

    code: str = ""  # "" for a constant
    part: str = ""  # "", "numerator", "denominator", "entered", "computed"
    constant: Decimal | None = None

    @classmethod
    def parse(cls, raw: Any) -> Operand:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return cls(constant=Decimal(str(raw)))
        text = str(raw or "").strip()
        head, _dot, tail = text.rpartition(".")
        if tail in PARTS and head:
            return cls(code=head, part=tail)
        if not text:
            raise RuleError("empty operand")
        return cls(code=text)

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code,) if self.code else ()


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    parts: tuple[Operand, ...] = ()  # part_le_total, parts_sum
    total: Operand | None = None  # part_le_total, parts_sum
    operand: Operand | None = None  # rate_range, non_negative
    left: Operand | None = None  # equal
    right: Operand | None = None  # equal
    tolerance: Decimal = Decimal(0)
    low: Decimal = Decimal(0)
    high: Decimal = HUNDRED
    message_vi: str = ""
    message_en: str = ""
    citation: str = ""

    @property
    def operands(self) -> tuple[Operand, ...]:
        named = (self.total, self.operand, self.left, self.right)
        return (*self.parts, *(o for o in named if o is not None))

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator codes the rule relates, in order, each once."""
        return tuple(dict.fromkeys(code for o in self.operands for code in o.codes))


def parse_rule(item: dict[str, Any]) -> Rule:
    kind = item.get("kind")
    code = str(item.get("code") or "")
    if not code or kind not in KINDS:
        raise RuleError(f"rule {code!r}: unknown kind {kind!r}")
    common = {
        "code": code,
        "kind": kind,
        "tolerance": Decimal(str(item.get("tolerance", 0))),
        "message_vi": str(item.get("message_vi") or ""),
        "message_en": str(item.get("message_en") or ""),
        "citation": str(item.get("citation") or ""),
    }
    if kind in ("part_le_total", "parts_sum"):
        parts = item.get("parts") or []
        if not parts or "total" not in item:
            raise RuleError(f"rule {code}: parts and total are required")
        return Rule(
            **common, parts=tuple(Operand.parse(p) for p in parts), total=Operand.parse(item["total"])
        )
    if kind == "equal":
        if "left" not in item or "right" not in item:
            raise RuleError(f"rule {code}: left and right are required")
        return Rule(**common, left=Operand.parse(item["left"]), right=Operand.parse(item["right"]))
    if "operand" not in item:
        raise RuleError(f"rule {code}: operand is required")
    low = Decimal(str(item.get("min", 0)))
    high = Decimal(str(item.get("max", 100)))
    if low > high:
        raise RuleError(f"rule {code}: min above max")
    return Rule(**common, operand=Operand.parse(item["operand"]), low=low, high=high)


@cache
def packaged_rules() -> tuple[Rule, ...]:
    import json

    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(parse_rule(item) for item in data["rules"])


# --- the figures a rule reads --------------------------------------------------------------------------


@dataclass
class Figures:
    """One unit's figures of one period: per indicator code its entered and computed values.

    Each value is (value, numerator, denominator). `names` and `units` label the figures in messages.
    """

    entered: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = field(default_factory=dict)
    computed: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = field(default_factory=dict)
    ratio: set[str] = field(default_factory=set)

    def _rate(self, row: tuple[Decimal | None, Decimal | None, Decimal | None] | None, code: str):
        if row is None:
            return None
        value, numerator, denominator = row
        if code in self.ratio and value is None:
            if numerator is None or denominator is None or denominator <= 0:
                return None
            return numerator * HUNDRED / denominator
        return value

    def resolve(self, operand: Operand) -> Decimal | None:
        if operand.constant is not None:
            return operand.constant
        code = operand.code
        if operand.part == "entered":
            return self._rate(self.entered.get(code), code)
        if operand.part == "computed":
            return self._rate(self.computed.get(code), code)
        row = self.entered.get(code) or self.computed.get(code)
        if operand.part == "numerator":
            return row[1] if row else None
        if operand.part == "denominator":
            return row[2] if row else None
        return self._rate(row, code)


@dataclass(frozen=True)
class Violation:
    """A broken rule for one unit and period: what to show, where, and why."""

    rule: str
    kind: str
    indicators: tuple[str, ...]
    message_vi: str
    message_en: str
    citation: str

    def message(self, language: str | None = None) -> str:
        lang = language or translation.get_language() or "vi"
        return self.message_en if lang.startswith("en") else self.message_vi

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "indicators": list(self.indicators),
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "citation": self.citation,
        }

    @classmethod
    def of_dict(cls, data: Mapping[str, Any]) -> Violation:
        return cls(
            rule=str(data.get("rule", "")),
            kind=str(data.get("kind", "")),
            indicators=tuple(data.get("indicators") or ()),
            message_vi=str(data.get("message_vi", "")),
            message_en=str(data.get("message_en", "")),
            citation=str(data.get("citation", "")),
        )


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    items = list(values)
    if not items or any(v is None for v in items):
        return None
    return sum((v for v in items if v is not None), Decimal(0))


def _broken(rule: Rule, figures: Figures) -> dict[str, Decimal] | None:
    """The numbers of a broken rule (for its message); None when it holds or cannot be checked."""
    if rule.kind in ("part_le_total", "parts_sum"):
        assert rule.total is not None
        parts, total = _sum(figures.resolve(p) for p in rule.parts), figures.resolve(rule.total)
        if parts is None or total is None:
            return None
        gap = parts - total if rule.kind == "part_le_total" else abs(parts - total)
        return {"parts": parts, "total": total} if gap > rule.tolerance else None
    if rule.kind == "equal":
        assert rule.left is not None and rule.right is not None
        left, right = figures.resolve(rule.left), figures.resolve(rule.right)
        if left is None or right is None:
            return None
        return {"left": left, "right": right} if abs(left - right) > rule.tolerance else None
    assert rule.operand is not None
    value = figures.resolve(rule.operand)
    if value is None:
        return None
    if rule.kind == "non_negative":
        return {"value": value, "min": Decimal(0)} if value < 0 else None
    return {"value": value, "min": rule.low, "max": rule.high} if not rule.low <= value <= rule.high else None


def _text(number: Decimal) -> str:
    return format_number(number, 2, strip=True)


def _message(rule: Rule, numbers: dict[str, Decimal], names: Mapping[str, str], language: str) -> str:
    shown = {key: _text(value) for key, value in numbers.items()}
    template = rule.message_en if language == "en" else rule.message_vi
    if template:
        return template.format(**shown)
    subject = ", ".join(names.get(code, code) for code in rule.indicators)
    if rule.kind == "non_negative":
        return _("%(names)s (%(value)s) is below zero.") % {"names": subject, "value": shown["value"]}
    if rule.kind == "rate_range":
        return _("%(names)s (%(value)s%%) is outside %(min)s–%(max)s%%.") % {"names": subject, **shown}
    if rule.kind == "equal":
        return _("%(names)s: %(left)s differs from %(right)s.") % {"names": subject, **shown}
    if rule.kind == "parts_sum":
        return _("%(names)s: the total (%(total)s) differs from the sum of its parts (%(parts)s).") % {
            "names": subject,
            **shown,
        }
    return _("%(names)s: the parts (%(parts)s) exceed the total (%(total)s).") % {"names": subject, **shown}


def evaluate(
    figures: Figures,
    *,
    rules: Iterable[Rule] | None = None,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Violation]:
    """Every rule the figures break, in the rules' order. `names` is {"vi": {code: name}, "en": {…}}."""
    names = names or {}
    found = []
    for rule in packaged_rules() if rules is None else rules:
        numbers = _broken(rule, figures)
        if numbers is None:
            continue
        texts = {}
        for lang in ("vi", "en"):
            with translation.override(lang):
                texts[lang] = _message(rule, numbers, names.get(lang, {}), lang)
        found.append(
            Violation(rule.code, rule.kind, rule.indicators, texts["vi"], texts["en"], rule.citation)
        )
    return found


# --- reading a unit's figures --------------------------------------------------------------------------


def _names() -> dict[str, dict[str, str]]:
    rows = Indicator.objects.values_list("code", "name_vi", "name_en")
    return {"vi": {c: vi for c, vi, _en in rows}, "en": {c: en for c, _vi, en in rows}}


def unit_figures(unit: AdminUnit, period: Period) -> Figures:
    """The unit's own figures of the period (entered and computed); a province without its own figure
    for an indicator is read at its roll-up (its communes' figures added up)."""
    ratio = set(Indicator.objects.filter(aggregation="ratio").values_list("code", flat=True))
    figures = Figures(ratio=ratio)
    rows = DataValue.objects.filter(unit=unit, period_code=period.code).values_list(
        "indicator__code", "origin", "value", "numerator", "denominator"
    )
    for code, origin, value, numerator, denominator in rows:
        target = figures.entered if origin == Origin.ENTERED else figures.computed
        target[code] = (value, numerator, denominator)
    if unit.level == "province":
        codes = dict(Indicator.objects.values_list("id", "code"))
        for (indicator_id, _unit), row in rollup.rollups(period.code, "province", [unit.code]).items():
            name = codes.get(indicator_id)
            if name and name not in figures.entered and row.value is not None:
                figures.computed[name] = (
                    None if row.denominator is not None else row.value,
                    row.numerator,
                    row.denominator,
                )
    return figures


def unit_checks(unit: AdminUnit, period: Period, *, entered: Figures | None = None) -> list[Violation]:
    """The rules the unit's figures of the period break. `entered` replaces the stored entered figures
    (the entry form's values before they are saved)."""
    figures = unit_figures(unit, period)
    if entered is not None:
        figures.entered = entered.entered
    return evaluate(figures, names=_names())


def by_indicator(violations: Iterable[Violation]) -> dict[str, list[Violation]]:
    """Indicator code → the violations that name it (a violation shows next to every figure involved)."""
    out: dict[str, list[Violation]] = {}
    for violation in violations:
        for code in violation.indicators:
            out.setdefault(code, []).append(violation)
    return out
