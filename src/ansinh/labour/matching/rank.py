"""Ranking over an index, widening when few results come back, and explaining the winners.

Steps, in order, until `top` results are found (La Bonne Boîte's fallbacks, anchors-labour §1.1):

1. `strict`: the same unit group (4 digits) or a close title (similarity ≥ 0.5), and near: same province,
   within 50 km, or a place the seeker asked for;
2. `occupation`: widened to related occupations: the same minor (3 digits) or sub-major group (2 digits),
   an occupation listed as related (related_occupations.tsv), or a title with similarity ≥ 0.2;
3. `place`: widened to neighbouring places, within 100 km;
4. `nation`: the whole country, for seekers willing to move.

A wider step only fills the places the narrower ones left. The list is then ordered by score (then lower id),
and every result a widening found carries a `widened.*` factor, so the counsellor is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ansinh.core import clock
from ansinh.labour.matching import scoring
from ansinh.labour.matching.index import PartitionedSeekerIndex, SeekerIndex, VacancyIndex
from ansinh.labour.matching.profiles import SeekerProfile, VacancyProfile
from ansinh.labour.matching.text import text_key

STEPS = ("strict", "occupation", "place", "nation")
STRICT_TEXT = 0.5
STRICT_LEVEL = 4
RELATED_LEVEL = 2


@dataclass
class Match:
    """One ranked result: the other side's id, its score, the factors that make it, the step that found it."""

    id: int
    score: float
    factors: list[scoring.Factor]
    step: str = "strict"
    title: str = ""

    @property
    def widened(self) -> bool:
        return self.step != "strict"

    @property
    def reasons(self) -> list[str]:
        return [factor.text for factor in self.factors]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 1),
            "reasons": self.reasons,
            "factors": [factor.as_dict() for factor in self.factors],
            "widened": None if self.step == "strict" else self.step,
            "title": self.title,
        }


@dataclass
class Ranking:
    """Row positions in the index, their scores and steps; `steps` lists the widenings that were needed."""

    rows: np.ndarray
    scores: np.ndarray
    steps: list[str]
    candidates: int = 0
    widened: list[str] = field(default_factory=list)
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # of the rows, in order


def step_masks(f: scoring.Features, scored: scoring.Scored) -> dict[str, np.ndarray]:
    level, sim, km = f.occ_level, scored.text_sim, np.asarray(f.km)
    with np.errstate(invalid="ignore"):
        near = scoring.within_reach(f.same_province, km) | (km <= scoring.NEAR_KM)
        near = near | f.wanted_commune | f.wanted_province
        neighbour = near | (km <= scoring.NEIGHBOUR_KM)
    # What a title shares only once folded (thợ may ~ thợ máy) is a hint for the score, never a reason to
    # take a row in: unless a side was typed without diacritics, the accented similarity decides.
    sim = np.where(f.text_unaccented, sim, np.minimum(sim, f.text_acc))
    strict_occ = (level >= STRICT_LEVEL) | (sim >= STRICT_TEXT)
    related_occ = (level >= RELATED_LEVEL) | f.occ_related | (sim >= 0.2)
    shape = scored.total.shape
    masks = {
        "strict": strict_occ & near,
        "occupation": related_occ & near,
        "place": related_occ & neighbour,
        "nation": related_occ & (neighbour | f.willing),
    }
    return {name: np.broadcast_to(mask, shape) for name, mask in masks.items()}


def pick(
    ids: np.ndarray,
    total: np.ndarray,
    masks: dict[str, np.ndarray],
    *,
    top: int,
    widen: bool,
    min_score: float,
) -> tuple[np.ndarray, list[str]]:
    """Positions of the top results, step by step; and the step of each."""
    taken = np.zeros(len(ids), dtype=bool)
    chosen: list[np.ndarray] = []
    steps: list[str] = []
    for step in STEPS if widen else STEPS[:1]:
        room = top - len(steps)
        if room <= 0:
            break
        positions = np.flatnonzero(masks[step] & ~taken & (total > min_score))
        best = top_positions(positions, ids, total, room)
        taken[best] = True
        chosen.append(best)
        steps += [step] * len(best)
    if not chosen:
        return np.empty(0, dtype=np.int64), []
    positions = np.concatenate(chosen)
    order = np.lexsort((ids[positions], -total[positions]))
    return positions[order], [steps[i] for i in order]


def top_positions(positions: np.ndarray, ids: np.ndarray, total: np.ndarray, k: int) -> np.ndarray:
    """The k best positions by score, then lower id (ties at the cut-off too: deterministic)."""
    if len(positions) > k:
        threshold = np.partition(total[positions], len(positions) - k)[len(positions) - k]
        positions = positions[total[positions] >= threshold]
    order = np.lexsort((ids[positions], -total[positions]))
    return positions[order[:k]]


# --- one direction at a time ---------------------------------------------------------------------------


def rank_vacancies(
    index: VacancyIndex,
    seeker: SeekerProfile,
    *,
    top: int = 10,
    widen: bool = True,
    today: dt.date | None = None,
    min_score: float = 0.0,
    filters: dict[str, Any] | None = None,
    max_km: float | None = None,
) -> Ranking:
    """Vacancies for a seeker: row positions in `index`, best first."""
    hits = index.text.hits(text_key(seeker.title))
    rows = index.reachable([seeker], index.candidates(seeker, hits))
    rows = rows[index.eligible(seeker, rows, today=today or clock.today())]
    rows = index.filtered(rows, **(filters or {}))
    return _rank(index.id, rows, index.features(seeker, rows, hits), top, widen, min_score, max_km)


def rank_seekers(
    index: SeekerIndex | PartitionedSeekerIndex,
    vacancy: VacancyProfile,
    *,
    top: int = 10,
    widen: bool = True,
    today: dt.date | None = None,
    min_score: float = 0.0,
    scope: dict[str, Any] | None = None,
    filters: dict[str, Any] | None = None,
    max_km: float | None = None,
) -> Ranking:
    """Seekers for a vacancy, within `scope` ({"province": "11"} or {"commune": id}; {} = nation)."""
    today = today or clock.today()
    if isinstance(index, PartitionedSeekerIndex):
        return _rank_partitions(
            index, vacancy, top, widen, today, min_score, scope or {}, filters or {}, max_km
        )
    hits = index.text.hits(text_key(vacancy.title))
    rows = index.in_scope(index.candidates(vacancy, hits), **(scope or {}))
    rows = index.reachable(vacancy, rows)
    rows = rows[index.eligible(vacancy, rows, today=today)]
    rows = index.filtered(rows, **(filters or {}))
    return _rank(index.id, rows, index.features(vacancy, rows, hits), top, widen, min_score, max_km)


def _rank(ids_all, rows, features, top, widen, min_score, max_km) -> Ranking:
    scored = scoring.score(features)
    masks = _within(step_masks(features, scored), features, max_km)
    positions, steps = pick(ids_all[rows], scored.total, masks, top=top, widen=widen, min_score=min_score)
    widened = [step for step in STEPS[1:] if step in steps]
    chosen = rows[positions]
    return Ranking(chosen, scored.total[positions], steps, len(rows), widened, ids_all[chosen])


def _within(
    masks: dict[str, np.ndarray], features: scoring.Features, max_km: float | None
) -> dict[str, np.ndarray]:
    if max_km is None:
        return masks
    with np.errstate(invalid="ignore"):
        inside = np.asarray(features.km) <= max_km
    return {name: mask & inside for name, mask in masks.items()}


def _rank_partitions(index, vacancy, top, widen, today, min_score, scope, filters, max_km) -> Ranking:
    """`rank_seekers` over province partitions: near ones and visitors first, then the willing if needed."""
    key = text_key(vacancy.title)
    args = (vacancy, key, today, filters, max_km)
    if "province" in scope:  # a counsellor: the seekers living in the province, nobody else
        part = index.homes.get(str(scope["province"]))
        blocks = [_partition_block(part, *args, scope={}, willing_only=False)] if part is not None else []
        return _ranked(blocks, top, widen, min_score)
    homes = index.homes.values() if scope else index.near(vacancy)
    blocks = [_partition_block(part, *args, scope=scope, willing_only=False) for part in homes]
    visitors = index.visitors.get(vacancy.place.province_code)
    if visitors is not None and not scope:
        blocks.append(_partition_block(visitors, *args, scope={}, willing_only=False))
    # Without the nation step, seekers of far provinces cannot be chosen: if the near ones fill the list,
    # the willing overlay would change nothing.
    ranking = _ranked(blocks, top, widen, min_score, nation=False)
    if widen and len(ranking.ids) < top and not scope:
        blocks.append(_partition_block(index.willing, *args, scope={}, willing_only=True))
        ranking = _ranked(blocks, top, widen, min_score)
    return ranking


def _ranked(blocks, top, widen, min_score, *, nation: bool = True) -> Ranking:
    ids, total, masks = _stack(blocks)
    ids, first = np.unique(ids, return_index=True)  # a seeker found in two partitions counts once
    total, masks = total[first], {step: mask[first] for step, mask in masks.items()}
    if not nation:
        masks["nation"] = np.zeros(len(ids), dtype=bool)
    positions, steps = pick(ids, total, masks, top=top, widen=widen, min_score=min_score)
    widened = [step for step in STEPS[1:] if step in steps]
    return Ranking(positions, total[positions], steps, len(ids), widened, ids[positions])


def _partition_block(part, vacancy, key, today, filters, max_km, *, scope, willing_only: bool):
    hits = part.text.hits(key)
    rows = part.in_scope(part.candidates(vacancy, hits), **scope)
    rows = rows[part.willing[rows]] if willing_only else part.reachable(vacancy, rows)
    rows = rows[part.eligible(vacancy, rows, today=today)]
    rows = part.filtered(rows, **filters)
    features = part.features(vacancy, rows, hits)
    scored = scoring.score(features)
    return part.id[rows], scored.total, _within(step_masks(features, scored), features, max_km)


def _stack(blocks) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    if not blocks:
        empty = np.empty(0)
        return empty.astype(np.int64), empty, {step: empty.astype(bool) for step in STEPS}
    ids = np.concatenate([b[0] for b in blocks])
    total = np.concatenate([b[1] for b in blocks])
    masks = {step: np.concatenate([b[2][step] for b in blocks]) for step in STEPS}
    return ids, total, masks


# --- explanations ---------------------------------------------------------------------------------------


def explain_vacancies(
    seeker: SeekerProfile, vacancies: Sequence[VacancyProfile], steps: Sequence[str] | None = None
) -> list[Match]:
    """Score and explain each vacancy for the seeker (same arithmetic as the ranking)."""
    index = VacancyIndex.build(vacancies)
    hits = index.text.hits(text_key(seeker.title))
    rows = np.arange(index.n)
    features = index.features(seeker, rows, hits)
    return _matches(features, vacancies, steps, lambda v: (seeker, v))


def explain_seekers(
    vacancy: VacancyProfile, seekers: Sequence[SeekerProfile], steps: Sequence[str] | None = None
) -> list[Match]:
    index = SeekerIndex.build(seekers)
    hits = index.text.hits(text_key(vacancy.title))
    rows = np.arange(index.n)
    features = index.features(vacancy, rows, hits)
    return _matches(features, seekers, steps, lambda s: (s, vacancy))


def _matches(features, others, steps, pair: Callable[[Any], tuple[Any, Any]]) -> list[Match]:
    scored = scoring.score(features)
    matches = []
    for i, other in enumerate(others):
        seeker, vacancy = pair(other)
        step = steps[i] if steps else "strict"
        factors = scoring.explain(features, scored, i, seeker, vacancy)
        widening = scoring.widening_factor(step)
        if widening is not None:
            factors.append(widening)
        matches.append(Match(other.id, float(scored.total[i]), factors, step, other.title))
    return matches


def score_pair(seeker: SeekerProfile, vacancy: VacancyProfile) -> Match:
    """The score and factors of one pair."""
    return explain_vacancies(seeker, [vacancy])[0]


def match_vacancies(
    index: VacancyIndex, seeker: SeekerProfile, *, profiles: Sequence[VacancyProfile] | None = None, **options
) -> tuple[list[Match], Ranking]:
    """Rank then explain, for an index built with `keep_profiles=True` (tests, evaluation, benchmarks)."""
    ranking = rank_vacancies(index, seeker, **options)
    source = profiles or index.profiles or []
    chosen = [source[row] for row in ranking.rows]
    return explain_vacancies(seeker, chosen, ranking.steps), ranking


def match_seekers(
    index: SeekerIndex, vacancy: VacancyProfile, *, profiles: Sequence[SeekerProfile] | None = None, **options
) -> tuple[list[Match], Ranking]:
    ranking = rank_seekers(index, vacancy, **options)
    source = profiles or index.profiles or []
    chosen = [source[row] for row in ranking.rows]
    return explain_seekers(vacancy, chosen, ranking.steps), ranking


# --- batch ----------------------------------------------------------------------------------------------


def batch_vacancies(
    index: VacancyIndex,
    seekers: Iterable[SeekerProfile],
    *,
    top: int = 10,
    today: dt.date | None = None,
    cells: int = 2_000_000,
) -> Iterator[tuple[int, np.ndarray, np.ndarray, list[str]]]:
    """(seeker id, vacancy ids, scores, steps) for every seeker: the nightly "jobs for everyone" run.

    Seekers who want the same job in the same words (title and occupations) share their title hits and
    candidate rows, and are scored together: one numpy pass over a (seekers × candidates) block of at most
    `cells` cells instead of one pass per seeker. Same results as `rank_vacancies` (ties at the cut-off
    closer than 0.001 points aside); output in the order of the groups, not of the input."""
    today = today or clock.today()
    groups: dict[tuple[str, tuple[str, ...], bool], list[SeekerProfile]] = {}
    for seeker in seekers:
        groups.setdefault((seeker.title, seeker.occupations, seeker.occupation_confirmed), []).append(seeker)
    for members in groups.values():
        hits = index.text.hits(text_key(members[0].title))
        rows = index.candidates(members[0], hits)
        # Within a group, seekers of one province who will not move can only reach nearby rows.
        by_reach: dict[tuple[str, bool], list[SeekerProfile]] = {}
        for seeker in members:
            by_reach.setdefault((seeker.home.province_code, seeker.willing_to_move), []).append(seeker)
        for (_, willing), part in by_reach.items():
            if not willing:
                yield from _batch_part(index, part, index.reachable(part, rows), hits, top, today, cells)
                continue
            # Willing to move: the nation step only fills what nearer steps leave, so rank the near rows
            # first and go back over the whole country for the seekers still short of `top`.
            near = index.reachable(part, rows, staying=True)
            short = []
            for result in _batch_part(index, part, near, hits, top, today, cells, nation=False):
                if len(result[1]) < top:
                    short.append(result[0])
                else:
                    yield result
            if short:
                again = [s for s in part if s.id in set(short)]
                yield from _batch_part(index, again, rows, hits, top, today, cells)


def _batch_part(index, seekers, rows, hits, top, today, cells, *, nation: bool = True):
    step = max(1, cells // max(len(rows), 1))
    for start in range(0, len(seekers), step):
        yield from _batch_block(index, seekers[start : start + step], rows, hits, top, today, nation=nation)


def _batch_block(index, seekers, rows, hits, top, today, *, nation: bool = True):
    features = index.group_features(seekers, rows, hits)
    scored = scoring.score(features)
    masks = step_masks(features, scored)
    if not nation:
        masks["nation"] = np.zeros(scored.total.shape, dtype=bool)
    first = np.full(scored.total.shape, len(STEPS), dtype=np.int8)
    for k in reversed(range(len(STEPS))):
        first[masks[STEPS[k]]] = k
    valid = index.group_eligible(seekers, rows, today=today) & (scored.total > 0) & (first < len(STEPS))
    key = np.where(valid, first * 1000.0 - scored.total, np.inf)
    ids = index.id[rows]
    margin = min(top + 5, len(rows))
    near_best = (
        np.argpartition(key, margin - 1, axis=1)[:, :margin] if margin else np.empty((len(seekers), 0), int)
    )
    for i, seeker in enumerate(seekers):
        cand = near_best[i][np.isfinite(key[i, near_best[i]])]
        cand = cand[np.lexsort((ids[cand], -scored.total[i, cand], first[i, cand]))][:top]
        cand = cand[np.lexsort((ids[cand], -scored.total[i, cand]))]
        yield seeker.id, ids[cand], scored.total[i, cand], [STEPS[k] for k in first[i, cand]]
