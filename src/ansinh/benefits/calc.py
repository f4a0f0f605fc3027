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
from ansinh.benefits.rules import FactsError, module_for
from ansinh.benefits.rules.base import Result
from ansinh.unemployment import rules as unemployment_rules

# The names the CLI and the API take (hyphenated, as in URLs) → Regime values. The unemployment benefit is
# paid by the social-insurance agency, not enrolled here, so it is a calculator regime only.
REGIMES: dict[str, str] = {
    "social-assistance": Regime.SOCIAL_ASSISTANCE.value,
    "social-pension": Regime.SOCIAL_PENSION.value,
    "unemployment-benefit": unemployment_rules.REGIME,
}


def regime_of(name: str) -> str:
    """'social-assistance' (or the Regime value 'social_assistance') → the Regime value; FactsError if not."""
    value = REGIMES.get(name, name)
    if value not in REGIMES.values():
        raise FactsError(
            "facts.unknown_regime",
            _("Unknown regime %(regime)s: use social-assistance, social-pension or unemployment-benefit.")
            % {"regime": name},
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
    return unemployment_rules if value == unemployment_rules.REGIME else module_for(value)


def calculate(
    regime: str, data: dict[str, Any], params: Params | None = None
) -> Result | unemployment_rules.UnemploymentResult:
    """Parse, check for contradictions, then compute the monthly amount on `data["on"]` (the unemployment
    benefit: on the termination date, under the law in force then)."""
    module = _module(regime)
    facts = parse_facts(regime, data)
    params = params if params is not None else current_params()
    module.check(facts, params)
    return module.monthly_amount(facts, params)
