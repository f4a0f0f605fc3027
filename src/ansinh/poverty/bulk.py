"""`standard.classify` over many households at once, with numpy: the same rule, the same law rows.

`classify` builds the explanation (lines, notes, citations) that a survey keeps; a national re-run of a
million households needs only the outcome. `classify_many` reads the same rows of the standard in force on
`on` (the line per area, the middle bound per area when published, the minimum count of deprivations) and
applies the rule to whole columns:

* income ≤ line and deprivations ≥ minimum → poor; income ≤ line, fewer → near-poor;
* above the line: ≤ the middle bound → middle, above → other; without a published bound → other,
  provisional;
* provisional as `classify` says: the standard's rows or indicators flagged, or no middle bound used.

`tests/poverty/test_bulk.py` checks it against `classify` household by household on a random sample.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ansinh.poverty.standard import AREAS, CLASSIFICATIONS, standard_on

# The classification codes in `Outcome.classification`: an index into CLASSIFICATIONS.
POOR, NEAR_POOR, MIDDLE, OTHER = (CLASSIFICATIONS.index(c) for c in ("poor", "near_poor", "middle", "other"))


@dataclass(frozen=True)
class Outcome:
    classification: npt.NDArray[np.int8]  # index into standard.CLASSIFICATIONS
    deprivations: npt.NDArray[np.int16]  # how many indicators each household is deprived in
    provisional: npt.NDArray[np.bool_]
    codes: tuple[str, ...]  # the standard's indicator codes: the columns of `deprived`

    def labels(self) -> npt.NDArray[np.str_]:
        return np.asarray(CLASSIFICATIONS)[self.classification]


def classify_many(
    on: dt.date,
    area: npt.NDArray[np.int8],
    income_per_capita: npt.NDArray[np.int64],
    deprived: npt.NDArray[np.bool_],
) -> Outcome:
    """Classify n households by the standard in force on `on`.

    `area`: n indices into standard.AREAS (0 rural, 1 urban); `income_per_capita`: n whole đồng per person
    per month (≥ 0); `deprived`: n × k booleans, column j the j-th indicator of the standard (in the order
    of the law, `standard_on(on).codes`). The columns are built by code, not typed: a wrong shape or value
    is a programming error (ValueError naming the column); PovertyInputError when no standard is held on
    `on`, as `classify` says."""
    standard = standard_on(on)
    codes = standard.codes
    n = len(income_per_capita)
    if deprived.ndim != 2 or deprived.shape != (n, len(codes)):
        raise ValueError(
            f"deprived: expected {n} × {len(codes)} booleans (the indicators of {standard.name})"
        )
    if area.shape != (n,) or (n and (area.min() < 0 or area.max() >= len(AREAS))):
        raise ValueError("area: each value must be 0 (rural) or 1 (urban)")
    if n and income_per_capita.min() < 0:
        raise ValueError("income_per_capita: must be ≥ 0")
    count_row = standard.row("poor.min_deprivations")
    lines, bounds, published = [], [], []
    for name in AREAS:
        line_row, middle_row = standard.row(f"line.{name}"), standard.row(f"middle.{name}")
        assert line_row is not None and count_row is not None, f"standard {standard.name} lacks a line"
        lines.append(line_row.value)
        bounds.append(middle_row.value if middle_row is not None else 0)
        published.append(middle_row is not None)
    line = np.asarray(lines, dtype=np.int64)[area]
    bound = np.asarray(bounds, dtype=np.int64)[area]
    has_bound = np.asarray(published, dtype=np.bool_)[area]
    count = deprived.sum(axis=1, dtype=np.int16)
    below = income_per_capita <= line
    classification = np.full(n, OTHER, dtype=np.int8)
    classification[below & (count >= count_row.value)] = POOR
    classification[below & (count < count_row.value)] = NEAR_POOR
    classification[~below & has_bound & (income_per_capita <= bound)] = MIDDLE
    # The standard's flag covers every row in force on `on` and its indicator list (as in `classify`).
    provisional = np.full(n, standard.provisional, dtype=np.bool_) | (~below & ~has_bound)
    return Outcome(classification=classification, deprivations=count, provisional=provisional, codes=codes)
