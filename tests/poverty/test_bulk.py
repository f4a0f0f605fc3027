"""The vectorised classification gives what `standard.classify` gives, household by household."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from ansinh.poverty import bulk, standard


def _sample(on: dt.date, n: int, seed: int):
    rng = np.random.default_rng(seed)
    codes = standard.standard_on(on).codes
    area = rng.integers(0, 2, n, dtype=np.int8)
    # Incomes around every bound of both standards, and exactly on them.
    edges = np.asarray([1_500_000, 2_000_000, 2_200_000, 2_250_000, 2_800_000, 3_000_000], dtype=np.int64)
    income = rng.integers(0, 4_000_000, n, dtype=np.int64)
    on_edge = rng.random(n) < 0.3
    income[on_edge] = rng.choice(edges, on_edge.sum()) + rng.integers(-1, 2, on_edge.sum())
    deprived = rng.random((n, len(codes))) < rng.choice([0.05, 0.2, 0.5], n)[:, None]
    return area, income, deprived, codes


@pytest.mark.parametrize("on", [dt.date(2024, 7, 1), dt.date(2026, 3, 1), dt.date(2028, 1, 1)])
def test_same_result_as_classify_on_a_sample(on):
    area, income, deprived, codes = _sample(on, 3000, seed=on.year)
    outcome = bulk.classify_many(on, area, income, deprived)
    labels = outcome.labels()
    for i in range(len(income)):
        facts = standard.parse_facts(
            {
                "on": on.isoformat(),
                "area": standard.AREAS[area[i]],
                "income_per_capita": int(income[i]),
                "deprived": [c for c, d in zip(codes, deprived[i], strict=True) if d],
            }
        )
        result = standard.classify(facts)
        assert (labels[i], bool(outcome.provisional[i]), int(outcome.deprivations[i])) == (
            result.classification,
            result.provisional,
            result.deprivations,
        ), (i, facts)
    assert {"poor", "near_poor", "other"} <= set(labels)  # the sample reaches the branches


def test_wrong_columns_are_refused():
    on = dt.date(2026, 3, 1)
    area, income, deprived, _codes = _sample(on, 10, seed=1)
    with pytest.raises(ValueError, match="deprived"):
        bulk.classify_many(on, area, income, deprived[:, :5])
    with pytest.raises(ValueError, match="area"):
        bulk.classify_many(on, area + 2, income, deprived)
    with pytest.raises(ValueError, match="income_per_capita"):
        bulk.classify_many(on, area, income - 10_000_000, deprived)
    with pytest.raises(standard.PovertyInputError):
        bulk.classify_many(dt.date(2019, 1, 1), area, income, deprived)
