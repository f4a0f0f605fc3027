"""The benefit calculator: JSON facts in, an explained amount out (CLI, API and web page share this).

Strict where the month-by-month rules are lenient: facts that are malformed or contradict the law
raise `FactsError` (exit 2 / HTTP 422 / a field error); conditions simply not met are an answer
(eligible false, the reason in the notes).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.utils.translation import gettext as _

from ansinh.benefits.law import Params, current_params
from ansinh.benefits.models import Regime
from ansinh.benefits.rules import FactsError
from ansinh.benefits.rules.base import Result
from ansinh.benefits.rules.regimes import module_for
from ansinh.core import extensions

# The names the CLI and the API take (hyphenated, as in URLs) → Regime values. Regimes not enrolled here
# (the unemployment benefit, paid by the social-insurance agency) are registered by their own app in
# `core.extensions.calculators`.
ENROLLED: dict[str, str] = {
    "social-assistance": Regime.SOCIAL_ASSISTANCE.value,
    "social-pension": Regime.SOCIAL_PENSION.value,
}


def regimes() -> dict[str, str]:
    """Every regime the calculator answers for: name → the value its rules use."""
    return ENROLLED | {c.name: c.regime for c in extensions.calculators}


def regime_of(name: str) -> str:
    """'social-assistance' (or the Regime value 'social_assistance') → the Regime value; FactsError if not."""
    known = regimes()
    value = known.get(name, name)
    if value not in known.values():
        raise FactsError(
            "facts.unknown_regime",
            _("Unknown regime %(regime)s: use %(known)s.") % {"regime": name, "known": ", ".join(known)},
            field="regime",
        )
    return value


def parse_facts(regime: str, data: dict[str, Any]) -> Any:
    """The regime's facts dataclass from JSON-like data (unknown keys refused); FactsError otherwise."""
    module = _module(regime)
    if not isinstance(data, dict):
        raise FactsError("facts.not_an_object", _("The facts must be a JSON object."), field="facts")
    return module.parse(data, strict=True)


def _module(regime: str) -> ModuleType:
    value = regime_of(str(regime))
    for calculator in extensions.calculators:
        if calculator.regime == value:
            return calculator.module
    return module_for(value)


def _uses_params(regime: str) -> bool:
    value = regime_of(str(regime))
    return all(c.uses_params for c in extensions.calculators if c.regime == value)


def calculate(regime: str, data: dict[str, Any], params: Params | None = None) -> Result | Any:
    """Parse, check for contradictions, then compute the monthly amount on `data["on"]` (the unemployment
    benefit: on the termination date, under the law in force then)."""
    module = _module(regime)
    facts = parse_facts(regime, data)
    if params is None and _uses_params(regime):
        params = current_params()
    module.check(facts, params)
    return module.monthly_amount(facts, params)
