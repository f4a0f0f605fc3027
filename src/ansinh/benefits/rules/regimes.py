"""Which rules module computes which regime (chế độ): social assistance, social pension, and the regimes a
higher app registers in `core.extensions.enrolled_regimes` (merit, whose law lives in the merit app).

Kept apart from the package's shared helpers, which the regime modules import, so that no import runs in a
circle.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.utils.translation import gettext_lazy

from ansinh.benefits.rules import social_assistance, social_pension
from ansinh.benefits.rules.base import FactsError
from ansinh.core import extensions


def module_for(regime: Any) -> ModuleType:
    """The rules module of a regime ('social_assistance' / 'social-assistance' / Regime value)."""
    name = str(getattr(regime, "value", regime)).replace("-", "_")
    modules = {"social_assistance": social_assistance, "social_pension": social_pension}
    if name in modules:
        return modules[name]
    registered = extensions.enrolled_regimes.get(name)
    if registered is not None:
        module: ModuleType = registered.module
        return module
    raise FactsError(
        "facts.unknown_regime",
        gettext_lazy("Unknown regime: %(regime)s.") % {"regime": name},
        field="regime",
    )
