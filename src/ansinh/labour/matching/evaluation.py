"""Quality measured, not assumed: hit@k and nDCG@k of the ranking on a hand-built evaluation set.

The set (tests/labour/data/match_eval.json) lists job seekers and the vacancies a counsellor would propose
to each, graded 2 (good fit) or 1 (acceptable), among near-miss distractors and accent traps. The reverse
direction (vacancy → seekers) reuses the same judgments: a seeker is relevant to a vacancy with the grade
the vacancy has for that seeker. The ranking runs through the same code as production (`rank`), over
profiles built from the file, with no database.

- hit@k: the share of queries with at least one relevant result in the top k.
- nDCG@k: gain 2^grade − 1, discount log2(rank + 1), normalised by the best possible order of the judged set.
- top-1: the share of queries whose first result is relevant.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ansinh.labour.matching import rank
from ansinh.labour.matching.index import SeekerIndex, VacancyIndex
from ansinh.labour.matching.profiles import Place, SeekerProfile, VacancyProfile

DEFAULT_SET = Path(__file__).resolve().parents[4] / "tests" / "labour" / "data" / "match_eval.json"


@dataclass
class EvalSet:
    seekers: dict[str, SeekerProfile]
    vacancies: list[VacancyProfile]
    judgments: dict[str, dict[int, int]]  # query id → vacancy id → grade
    notes: dict[str, str]
    traps: dict[str, set[int]]  # query id → vacancies that only match once diacritics are folded away
    today: dt.date
    classes: dict[str, str] = field(default_factory=dict)  # query id → class of issue 18, or "base"


@dataclass
class Scores:
    queries: int
    hit_at_k: float
    ndcg_at_k: float
    top1: float
    k: int
    per_query: dict[str, dict[str, Any]] = field(default_factory=dict)
    traps_in_top: int = 0  # accent-trap vacancies found in a top k
    traps: int = 0  # … out of

    def as_dict(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "k": self.k,
            "hit": self.hit_at_k,
            "ndcg": self.ndcg_at_k,
            "top1": self.top1,
            "traps_in_top": self.traps_in_top,
            "traps": self.traps,
        }


def load(path: Path | str = DEFAULT_SET) -> EvalSet:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    places = {
        key: Place(province, int(code), lat, lon)
        for key, (province, code, lat, lon, _name) in data["places"].items()
    }
    vacancies = [_vacancy(v, places) for v in data["vacancies"]]
    seekers, judgments, notes, traps, classes = {}, {}, {}, {}, {}
    for n, query in enumerate(data["queries"], 1):
        seekers[query["id"]] = _seeker(n, query["seeker"], places)
        judgments[query["id"]] = {int(k): v for k, v in query["relevant"].items()}
        notes[query["id"]] = query.get("note", "")
        traps[query["id"]] = set(query.get("traps", []))
        classes[query["id"]] = query.get("class", "base")
    today = dt.date.fromisoformat(data["today"])
    return EvalSet(seekers, vacancies, judgments, notes, traps, today, classes)


def _vacancy(v: dict[str, Any], places: dict[str, Place]) -> VacancyProfile:
    low, high = v.get("wage", [None, None])
    return VacancyProfile(
        id=v["id"],
        title=v["title"],
        occupation=v["occupation"],
        place=places[v["place"]],
        skills=v.get("skills", ""),
        min_general_education=v.get("min_general_education", 0),
        min_qualification=v.get("min_qualification", 0),
        min_experience_years=v.get("min_experience_years", 0),
        wage_min=low,
        wage_max=high,
        work_type=v.get("work_type", "full_time"),
        occupation_confirmed=v.get("occupation_confirmed", True),
    )


def _seeker(n: int, s: dict[str, Any], places: dict[str, Place]) -> SeekerProfile:
    def text(value: str) -> str:
        # Decomposed input, as some phone keyboards and macOS send it: matching must not care.
        return unicodedata.normalize("NFD", value) if s.get("nfd") else value

    return SeekerProfile(
        id=n,
        title=text(s["title"]),
        occupations=tuple(s["occupations"]),
        home=places[s["home"]],
        skills=text(s.get("skills", "")),
        certificates=text(s.get("certificates", "")),
        general_education=s.get("general_education", 3),
        qualification=s.get("qualification", 0),
        experience_years=s.get("experience_years", 0),
        wage_min=s.get("wage_min"),
        work_type=s.get("work_type", "full_time"),
        willing_to_move=s.get("willing_to_move", False),
        occupation_confirmed=s.get("occupation_confirmed", True),
    )


def ndcg(ranked: list[int], grades: dict[int, int], k: int) -> float:
    dcg = sum((2 ** grades.get(item, 0) - 1) / math.log2(i + 2) for i, item in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def measure(results: dict[str, list[int]], judgments: dict[str, dict[int, int]], k: int = 10) -> Scores:
    per_query = {}
    for query, grades in judgments.items():
        ranked = results.get(query, [])
        per_query[query] = {
            "ranked": ranked[:k],
            "hit": any(grades.get(item, 0) > 0 for item in ranked[:k]),
            "ndcg": ndcg(ranked, grades, k),
            "top1": bool(ranked) and grades.get(ranked[0], 0) > 0,
        }
    n = len(per_query) or 1
    return Scores(
        queries=len(per_query),
        hit_at_k=sum(q["hit"] for q in per_query.values()) / n,
        ndcg_at_k=sum(q["ndcg"] for q in per_query.values()) / n,
        top1=sum(q["top1"] for q in per_query.values()) / n,
        k=k,
        per_query=per_query,
    )


Ranker = Callable[[SeekerProfile], list[int]]


def evaluate_seekers(data: EvalSet, *, k: int = 10, widen: bool = True) -> Scores:
    """Seeker → vacancies over the whole vacancy pool."""
    index = VacancyIndex.build(data.vacancies)
    results = {}
    for query, seeker in data.seekers.items():
        ranking = rank.rank_vacancies(index, seeker, top=k, widen=widen, today=data.today)
        results[query] = [int(i) for i in ranking.ids]
    scores = measure(results, data.judgments, k)
    scores.traps = sum(len(t) for t in data.traps.values())
    scores.traps_in_top = sum(len(t & set(results[q][:k])) for q, t in data.traps.items())
    return scores


def reverse_judgments(data: EvalSet) -> dict[int, dict[int, int]]:
    """Vacancy id → seeker id → grade, for every vacancy judged relevant to some seeker."""
    reverse: dict[int, dict[int, int]] = {}
    for query, grades in data.judgments.items():
        for vacancy_id, grade in grades.items():
            reverse.setdefault(vacancy_id, {})[data.seekers[query].id] = grade
    return reverse


def evaluate_vacancies(data: EvalSet, *, k: int = 10, widen: bool = True) -> Scores:
    """Vacancy → seekers over the pool of all the set's seekers."""
    index = SeekerIndex.build(list(data.seekers.values()))
    by_id = {v.id: v for v in data.vacancies}
    judgments = reverse_judgments(data)
    results = {}
    for vacancy_id in judgments:
        ranking = rank.rank_seekers(index, by_id[vacancy_id], top=k, widen=widen, today=data.today)
        results[str(vacancy_id)] = [int(i) for i in ranking.ids]
    return measure(results, {str(v): g for v, g in judgments.items()}, k)


def by_class(data: EvalSet, scores: Scores) -> dict[str, dict[str, float]]:
    """Seeker → vacancies figures per class of query (coding, synonyms, distance, skills, accents, base)."""
    out: dict[str, dict[str, float]] = {}
    for name in sorted(set(data.classes.values())):
        queries = [q for q, c in data.classes.items() if c == name and q in scores.per_query]
        n = len(queries) or 1
        rows = [scores.per_query[q] for q in queries]
        out[name] = {
            "queries": len(queries),
            "hit": sum(r["hit"] for r in rows) / n,
            "ndcg": sum(r["ndcg"] for r in rows) / n,
            "top1": sum(r["top1"] for r in rows) / n,
            "traps_in_top": sum(len(data.traps[q] & set(scores.per_query[q]["ranked"])) for q in queries),
        }
    return out
