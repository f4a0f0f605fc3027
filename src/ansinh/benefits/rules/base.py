"""What every rule returns: an amount with the explanation lines behind it.

Rules are pure: facts and a `Params` snapshot in, a `Result` out; no ORM, no request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ansinh.core.errors import ApplicationError


@dataclass(frozen=True)
class Line:
    label: str  # translated into the active language: "Khoản 5a: người cao tuổi từ 60 đến dưới 80 tuổi"
    amount: int  # đồng
    basis: str  # "500.000 đ × 1,5 — Nghị định 20/2021/NĐ-CP, Điều 6; mức chuẩn: Nghị định 76/2024/NĐ-CP"

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "amount": self.amount, "basis": self.basis}


@dataclass(frozen=True)
class Result:
    regime: str
    eligible: bool
    monthly_amount: int
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()
    clause: str = ""  # the clause paid (the highest), "" for the social pension or when not eligible
    provisional: bool = False  # a parameter used is only reported or unconfirmed (⚠️ / ❓)
    citations: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "eligible": self.eligible,
            "monthly_amount": self.monthly_amount,
            "lines": [line.as_dict() for line in self.lines],
            "notes": list(self.notes),
            "provisional": self.provisional,
        }


class FactsError(ApplicationError):
    """Facts that are malformed or contradict themselves or the law (the calculator exits 2)."""

    status = 422
