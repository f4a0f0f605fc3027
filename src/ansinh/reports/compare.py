"""% of plan (đạt …% kế hoạch) and change against the same period last year (so với cùng kỳ).

Pure functions over Decimals (no ORM), rounded half up to two decimals, as the sector writes them:

- % of plan = value / plan × 100: 485.412 against a plan of 530.000 → 91,59 ("đạt 91,6% kế hoạch");
  62.850 against 58.000 → 108,36 ("vượt 8,36% kế hoạch", i.e. 108,36% of plan).
- change = (value − previous) / previous × 100: 54 sessions after 41 → 31,71 ("tăng 31,7% so với cùng kỳ").

Ratio indicators (rates in %) are also compared in percentage points, which is how the sector speaks of
them: "tỷ lệ lao động nông nghiệp 31,1%, vượt 0,4% mục tiêu" is 0,4 points better than the target, and
for a rate where lower is better (poverty, unemployment, agricultural share) being under target is "vượt".
So a ratio's Figure carries both: `plan_pct`/`change_pct` (relative, as the contract defines them) and
`plan_gap`/`change_points` (value − plan, value − previous, in points), and the wording uses the points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ansinh.core.numbers import format_number, round_half_up

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def rounded(value: Decimal, places: int = 2) -> Decimal:
    return round_half_up(value, places)


def ratio_pct(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100, unrounded; None without a positive denominator."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator * HUNDRED / denominator


def plan_pct(value: Decimal | None, plan: Decimal | None) -> Decimal | None:
    """value as a % of plan (108,36 means 8,36% over plan); None without a positive plan."""
    if value is None or plan is None or plan <= 0:
        return None
    return rounded(value * HUNDRED / plan)


def change_pct(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Relative change against the same period last year, in %; None without a positive previous value."""
    if value is None or previous is None or previous <= 0:
        return None
    return rounded((value - previous) * HUNDRED / previous)


# An entered figure above this multiple of the year's plan is shown with a warning (not refused: plans
# are sometimes set low); a typing slip ("628500" for "62850") is the usual cause.
IMPLAUSIBLE_MULTIPLE = Decimal(3)


def implausible(value: Decimal | None, plan: Decimal | None, *, ratio: bool = False) -> bool:
    """Whether a sum far exceeds the year's plan (rates are bounded by their range instead)."""
    if ratio or value is None or plan is None or plan <= 0:
        return False
    return value > plan * IMPLAUSIBLE_MULTIPLE


def points(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """value − reference, for rates (percentage points)."""
    if value is None or reference is None:
        return None
    return rounded(value - reference)


@dataclass(frozen=True)
class Phrase:
    """A comparison as words: `verb` is reached | exceeded | short | up | down | same; `amount` ≥ 0."""

    verb: str
    amount: Decimal

    def text(self, *, target: str = "") -> str:
        amount = format_number(self.amount, 2, strip=True)
        texts = {
            "reached": _("reached %(amount)s%% of plan"),
            "exceeded": _("%(amount)s%% over plan"),
            "short": _("%(amount)s%% short of plan"),
            "up": _("up %(amount)s%% on the same period last year"),
            "down": _("down %(amount)s%% on the same period last year"),
            "same": _("unchanged on the same period last year"),
        }
        return texts[self.verb] % {"amount": amount}


def plan_phrase(
    *, value: Decimal | None, plan: Decimal | None, ratio: bool = False, higher_is_better: bool = True
) -> Phrase | None:
    """ "đạt 91,6% kế hoạch" / "vượt 8,36% kế hoạch"; for rates, the gap in points ("vượt 0,4%")."""
    if ratio:
        gap = points(value, plan)
        if gap is None:
            return None
        better = gap > 0 if higher_is_better else gap < 0
        if gap == 0:
            return Phrase("reached", HUNDRED)
        return Phrase("exceeded" if better else "short", abs(gap))
    pct = plan_pct(value, plan)
    if pct is None:
        return None
    if pct > HUNDRED:
        return Phrase("exceeded", pct - HUNDRED)
    return Phrase("reached", pct)


def change_phrase(*, value: Decimal | None, previous: Decimal | None, ratio: bool = False) -> Phrase | None:
    """ "tăng 31,7% so với cùng kỳ"; for rates, the change in points."""
    delta = points(value, previous) if ratio else change_pct(value, previous)
    if delta is None:
        return None
    if delta == 0:
        return Phrase("same", Decimal(0))
    return Phrase("up" if delta > 0 else "down", abs(delta))
