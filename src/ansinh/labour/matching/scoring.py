"""The score of a (seeker, vacancy) pair: a sum of points a counsellor can read, one factor per line.

Matches add points and unmet requirements take points away (the Job Market Finland pattern, anchors-labour
§1.1). The same function scores both directions, seeker → vacancies and vacancy → seekers. It is written
over numpy arrays (one row per candidate, the other side a scalar), so that ranking 1 M seekers and
explaining one pair are the same arithmetic; `explain()` turns one row back into factors with reasons.

Points per factor (the constants below):

- occupation: the same code 35; same unit group (4 digits) 30; same minor group (3) 22; same sub-major
  group (2), or an occupation listed in related_occupations.tsv, 12; −2 for each place down the seeker's
  list of wanted occupations. When either code was only coded from a title and waits for a counsellor's
  confirmation: 0.6 × those points, or 21 × the title similarity if more (the titles speak instead).
- job-title words: up to 15 × similarity. Similarity is the Dice coefficient of the accented tokens, plus a
  quarter of what folding adds (toán ~ toàn is a hint, not a match); 0.8 × the folded Dice when one side was
  typed without diacritics.
- place: same commune 20; ≤ 10 km 17; ≤ 25 km 13; ≤ 50 km 8; same province, distance unknown 5 (a
  commune of the same province beyond 50 km earns nothing for the boundary); a commune the seeker
  asked for 20, a province 10; another province and willing to move 3. Another province beyond 50 km and
  not willing to move: −15.
- wage: the offer reaches the expected wage 10; up to 10 % short 4; up to 25 % short 0; further short −8.
- qualification required: met 5, not met −15. General education required and not met: −8.
- experience required: met 5; −4 for each missing year, at most −12.
- required skills: 10 × the share held; −3 for each missing skill, at most −9.
- work type: full time against part time or seasonal (neither side "any") −3.

The best pair scores 100. An age band set by law (Vacancy.age_min/age_max with its legal ground) is a filter,
not a deduction: a seeker outside it is never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy

from ansinh.core.numbers import percent_of
from ansinh.core.text import fold
from ansinh.labour.matching.text import (
    phrases,
    skill_labels,
    skill_terms,
    syllable_set,
    text_key,
    token_weight,
)

OCCUPATION_EXACT = 35.0
OCCUPATION_LEVEL = np.array([0.0, 0.0, 12.0, 22.0, 30.0])  # by common-prefix length 0–4
OCCUPATION_RELATED = 12.0  # listed in related_occupations.tsv: as close as the same sub-major group
OCCUPATION_CHOICE_STEP = 2.0
# A code coded from the title and not yet confirmed by a counsellor (on either side) is weaker evidence.
OCCUPATION_UNCONFIRMED = 0.6
OCCUPATION_FROM_TITLE = OCCUPATION_EXACT * OCCUPATION_UNCONFIRMED  # × title similarity, when unconfirmed
TEXT_MAX = 15.0
TEXT_FOLDED_ONLY = 0.25  # toán ~ toàn: a hint, not a match
TEXT_UNACCENTED = 0.8  # "ke toan": cannot tell toán from toàn, but most likely meant it
PLACE_SAME_COMMUNE = 20.0
PLACE_BANDS = ((10.0, 17.0), (25.0, 13.0), (50.0, 8.0))  # (km at most, points)
PLACE_SAME_PROVINCE = 5.0
PLACE_WANTED_COMMUNE = 20.0
PLACE_WANTED_PROVINCE = 10.0
PLACE_WILLING = 3.0
PLACE_TOO_FAR = -15.0
NEAR_KM = 50.0  # "near": the last distance band
NEIGHBOUR_KM = 100.0  # how far "neighbouring places" reach when results are few
WAGE_FIT = 10.0
WAGE_BANDS = ((0.10, 4.0), (0.25, 0.0))  # (shortfall at most, points)
WAGE_FAR_BELOW = -8.0
QUALIFICATION_MET = 5.0
QUALIFICATION_MISSING = -15.0
GENERAL_EDUCATION_MISSING = -8.0
EXPERIENCE_MET = 5.0
EXPERIENCE_PER_MISSING_YEAR = -4.0
EXPERIENCE_MISSING_CAP = -12.0
SKILLS_MAX = 10.0
SKILL_MISSING = -3.0
SKILLS_MISSING_CAP = -9.0
WORK_TYPE_MISMATCH = -3.0
MAX_SCORE = 100.0

WORK_TYPE_CODE = {"any": 0, "full_time": 1, "part_time": 2, "seasonal": 3}
_WORK_TYPE_LABEL = {
    "full_time": gettext_lazy("full-time"),
    "part_time": gettext_lazy("part-time"),
    "seasonal": gettext_lazy("seasonal"),
}
# What a counsellor says is missing ("thiếu: bằng trung cấp"), by labour.models.Qualification value.
_QUALIFICATION_NOUN = {
    1: gettext_lazy("a vocational course certificate"),
    2: gettext_lazy("an elementary vocational certificate"),
    3: gettext_lazy("an intermediate diploma"),
    4: gettext_lazy("a college diploma"),
    5: gettext_lazy("a university degree"),
    6: gettext_lazy("a master's degree"),
    7: gettext_lazy("a doctorate"),
}
_GENERAL_EDUCATION_NOUN = {
    1: gettext_lazy("primary school completed"),
    2: gettext_lazy("lower secondary school completed"),
    3: gettext_lazy("upper secondary school completed"),
}


@dataclass
class Features:
    """Everything the score reads, one entry per candidate row (or a scalar for the query side)."""

    occ_level: np.ndarray  # 0–4 common prefix digits, 5 = the same code
    occ_related: np.ndarray  # the codes are listed as related (across groups)
    occ_points: np.ndarray
    occ_choice: np.ndarray  # which of the seeker's wanted occupations matched (0 = first)
    text_acc: np.ndarray  # Dice similarity of the accented title tokens
    text_fold: np.ndarray  # … of the folded ones
    text_unaccented: Any  # either side typed without diacritics
    same_commune: Any
    same_province: Any
    km: Any  # NaN when a side has no coordinates
    wanted_commune: Any
    wanted_province: Any
    willing: Any
    seeker_wage: Any  # expected wage (wage_min, else wage_max); NaN unknown
    offer_low: Any  # vacancy wage_min, NaN unknown
    offer_high: Any  # vacancy wage_max, else wage_min
    general_education: Any
    qualification: Any
    experience: Any
    min_general_education: Any
    min_qualification: Any
    min_experience: Any
    skills_required: Any
    skills_held: Any
    seeker_work_type: Any
    vacancy_work_type: Any
    occ_confirmed: Any = True  # both sides' occupation codes confirmed (not only coded from a title)


@dataclass
class Scored:
    total: np.ndarray
    parts: dict[str, np.ndarray]
    text_sim: np.ndarray


def occupation_points(level: np.ndarray, exact: np.ndarray, related: Any, choice: np.ndarray) -> np.ndarray:
    points = np.where(exact, OCCUPATION_EXACT, OCCUPATION_LEVEL[np.minimum(level, 4)])
    points = np.maximum(points, np.where(related, OCCUPATION_RELATED, 0.0))
    return np.where(points > 0, points - OCCUPATION_CHOICE_STEP * choice, 0.0)


def confirmed_points(points: Any, confirmed: Any, sim: Any) -> np.ndarray:
    """Occupation points where either side's code waits for a counsellor's confirmation: the code counts
    0,6 of its points, or the job titles speak instead (up to what an unconfirmed exact code earns), so a
    title miscoded at import is still found by its words."""
    weak = np.maximum(np.asarray(points) * OCCUPATION_UNCONFIRMED, OCCUPATION_FROM_TITLE * np.asarray(sim))
    return np.where(confirmed, points, weak)


def text_similarity(accented: Any, folded: Any, unaccented: Any) -> np.ndarray:
    """Accented Dice, plus a quarter of what folding adds; 0.8 × folded when a side has no diacritics."""
    folded_only = np.maximum(folded - accented, 0.0)
    return np.where(unaccented, TEXT_UNACCENTED * folded, accented + TEXT_FOLDED_ONLY * folded_only)


def within_reach(same_province: Any, km: Any) -> Any:
    """The same province counts as near only within commuting reach: distance first, boundaries second.
    Without coordinates (km unknown) the province is all there is to go on."""
    with np.errstate(invalid="ignore"):
        return np.logical_and(same_province, np.logical_not(np.asarray(km) > NEAR_KM))


def place_points(f: Features) -> np.ndarray:
    km = f.km
    with np.errstate(invalid="ignore"):
        base = np.select(
            [f.same_commune, *(km <= limit for limit, _ in PLACE_BANDS), within_reach(f.same_province, km)],
            [PLACE_SAME_COMMUNE, *(points for _, points in PLACE_BANDS), PLACE_SAME_PROVINCE],
            0.0,
        )
        near = km <= NEAR_KM
    # A wanted place counts beyond home: the home commune and province already score as such.
    wanted_commune = f.wanted_commune & np.logical_not(f.same_commune)
    wanted_province = f.wanted_province & np.logical_not(f.same_province)
    wanted = np.where(
        wanted_commune, PLACE_WANTED_COMMUNE, np.where(wanted_province, PLACE_WANTED_PROVINCE, 0.0)
    )
    moving = np.where(np.logical_and(f.willing, np.logical_not(f.same_province)), PLACE_WILLING, 0.0)
    best = np.maximum(np.maximum(base, wanted), moving)
    too_far = np.logical_not(within_reach(f.same_province, km) | near | np.asarray(f.willing, bool))
    return np.where(best > 0, best, np.where(too_far, PLACE_TOO_FAR, 0.0))


def wage_points(f: Features) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        shortfall = (f.seeker_wage - f.offer_high) / f.seeker_wage
        points = np.select(
            [shortfall <= 0, *(shortfall <= limit for limit, _ in WAGE_BANDS), shortfall > 0],
            [WAGE_FIT, *(p for _, p in WAGE_BANDS), WAGE_FAR_BELOW],
            0.0,
        )
    return np.where(np.isnan(shortfall), 0.0, points)


def effective_general_education(general: Any, qualification: Any) -> Any:
    # A college or university graduate has finished upper secondary school, whatever was recorded.
    return np.where(np.asarray(qualification) >= 4, np.maximum(general, 3), general)


def education_points(f: Features) -> np.ndarray:
    qualification = np.where(
        f.min_qualification > 0,
        np.where(f.qualification >= f.min_qualification, QUALIFICATION_MET, QUALIFICATION_MISSING),
        0.0,
    )
    general = effective_general_education(f.general_education, f.qualification)
    missing = (f.min_general_education > 0) & (general < f.min_general_education)
    return qualification + np.where(missing, GENERAL_EDUCATION_MISSING, 0.0)


def experience_points(f: Features) -> np.ndarray:
    short = np.maximum(f.min_experience - f.experience, 0)
    return np.where(
        f.min_experience > 0,
        np.where(
            short == 0,
            EXPERIENCE_MET,
            np.maximum(EXPERIENCE_PER_MISSING_YEAR * short, EXPERIENCE_MISSING_CAP),
        ),
        0.0,
    )


def skills_points(f: Features) -> np.ndarray:
    required = np.maximum(f.skills_required, 1)
    missing = f.skills_required - f.skills_held
    points = SKILLS_MAX * f.skills_held / required + np.maximum(SKILL_MISSING * missing, SKILLS_MISSING_CAP)
    return np.where(f.skills_required > 0, points, 0.0)


def work_type_points(f: Features) -> np.ndarray:
    clash = (f.seeker_work_type > 0) & (f.vacancy_work_type > 0) & (f.seeker_work_type != f.vacancy_work_type)
    return np.where(clash, WORK_TYPE_MISMATCH, 0.0)


def score(f: Features) -> Scored:
    """The points of every factor and their total, for every row of `f` (rows × seekers in a batch)."""
    sim = text_similarity(f.text_acc, f.text_fold, f.text_unaccented)
    parts = {
        "occupation": confirmed_points(f.occ_points, f.occ_confirmed, sim),
        "text": TEXT_MAX * sim,
        "place": place_points(f),
        "wage": wage_points(f),
        "education": education_points(f),
        "experience": experience_points(f),
        "skills": skills_points(f),
        "work_type": work_type_points(f),
    }
    shape = np.broadcast_shapes(np.shape(f.occ_points), *(np.shape(value) for value in parts.values()))
    parts = {
        name: np.broadcast_to(np.asarray(value, dtype=np.float64), shape) for name, value in parts.items()
    }
    total = np.zeros(shape)
    for value in parts.values():
        total = total + value
    return Scored(total=total, parts=parts, text_sim=np.broadcast_to(sim, shape))


# --- reasons ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One line of the explanation: a stable code, the points it adds (negative: deducted), its values."""

    code: str
    points: float
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Plain floats, without the last-bit noise of the vectorised sums (15.000000000000004).
        object.__setattr__(self, "points", round(float(self.points), 9))

    @property
    def text(self) -> str:
        return reason_text(self)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "points": round(self.points, 1), "text": self.text}


def reason_text(factor: Factor) -> str:
    """The factor as a sentence in the active language (Vietnamese by default)."""
    template = REASONS.get(factor.code)
    if template is None:
        return factor.code
    params = {key: _render(value) for key, value in factor.params.items()}
    text = str(template) % params
    if factor.params.get("choice"):
        text = str(_CHOICE) % {"reason": text, "choice": factor.params["choice"]}
    return text


def _render(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value) if not isinstance(value, int) else value


_CHOICE = gettext_lazy("%(reason)s (the seeker's choice no. %(choice)s)")
REASONS: dict[str, Any] = {
    "occupation.exact": gettext_lazy("same occupation %(code)s"),
    "occupation.unit_group": gettext_lazy("same occupation group %(code)s"),
    "occupation.minor_group": gettext_lazy("close occupation (group %(code)s)"),
    "occupation.sub_major_group": gettext_lazy("same field of work (group %(code)s)"),
    "occupation.related": gettext_lazy("related occupation (%(wanted)s → %(code)s)"),
    "occupation.other": gettext_lazy("other occupation (%(code)s)"),
    "occupation.from_title": gettext_lazy("similar job title (occupation code %(code)s not yet confirmed)"),
    "occupation.unconfirmed": gettext_lazy(
        "occupation read from the job title, not yet confirmed: counts less"
    ),
    "text.accented": gettext_lazy("job title matches: %(words)s"),
    "text.unaccented": gettext_lazy("job title matches (typed without accents): %(words)s"),
    "text.folded_only": gettext_lazy("similar words, different accents: %(words)s"),
    "place.same_commune": gettext_lazy("same commune"),
    "place.same_province_km": gettext_lazy("same province, %(km)s km away"),
    "place.other_province_km": gettext_lazy("other province, %(km)s km away"),
    "place.same_province": gettext_lazy("same province"),
    "place.wanted_commune": gettext_lazy("in the commune where the seeker wants to work"),
    "place.wanted_province": gettext_lazy("in a province where the seeker wants to work"),
    "place.willing_to_move": gettext_lazy("other province; the seeker is willing to move"),
    "place.too_far": gettext_lazy("too far (%(km)s km) and the seeker will not move"),
    "place.too_far_unknown": gettext_lazy("other province and the seeker will not move"),
    "wage.above": gettext_lazy("wage offered at or above the expected wage"),
    "wage.in_range": gettext_lazy("expected wage within the offered range"),
    "wage.below": gettext_lazy("wage offered %(percent)s%% below the expected wage"),
    "wage.unknown": gettext_lazy("wage not stated"),
    "education.met": gettext_lazy("has %(what)s"),
    "education.missing": gettext_lazy("missing: %(what)s"),
    "general_education.missing": gettext_lazy("missing: %(what)s"),
    "experience.met": gettext_lazy("%(years)s years of experience (%(required)s required)"),
    "experience.missing": gettext_lazy("missing: %(required)s years of experience (has %(years)s)"),
    "skills.met": gettext_lazy("has the skills: %(skills)s"),
    "skills.missing": gettext_lazy("missing skills: %(skills)s"),
    "work_type.mismatch": gettext_lazy("wants %(wanted)s work, the job is %(offered)s"),
    "widened.occupation": gettext_lazy("widened: related occupations"),
    "widened.place": gettext_lazy("widened: neighbouring places (within %(km)s km)"),
    "widened.nation": gettext_lazy("widened: the whole country (the seeker is willing to move)"),
}


def _at(value: Any, i: int) -> Any:
    array = np.asarray(value)
    return array.item() if array.ndim == 0 else array[i].item()


def explain(f: Features, scored: Scored, i: int, seeker: Any, vacancy: Any) -> list[Factor]:
    """The factors of row `i`, biggest effect first; `seeker`/`vacancy` are the two profiles."""
    factors = [
        *_occupation_factors(f, scored, i, seeker, vacancy),
        *_text_factors(scored, f, i, seeker, vacancy),
        *_place_factors(f, scored, i),
        *_wage_factors(f, scored, i),
        *_education_factors(f, scored, i),
        *_experience_factors(f, scored, i),
        *_skill_factors(scored, i, seeker, vacancy),
        *_work_type_factors(scored, i, seeker, vacancy),
    ]
    return sorted(factors, key=lambda factor: -abs(factor.points))


def _occupation_factors(f: Features, scored: Scored, i: int, seeker: Any, vacancy: Any) -> list[Factor]:
    level, points, choice = _at(f.occ_level, i), scored.parts["occupation"][i], _at(f.occ_choice, i)
    code = vacancy.occupation
    if not _at(f.occ_confirmed, i) and points > _at(f.occ_points, i) * OCCUPATION_UNCONFIRMED + 1e-9:
        return [Factor("occupation.from_title", points, {"code": code or "?"})]
    if level < 2 and _at(f.occ_related, i) and points > 0:
        wanted = seeker.occupations[choice] if choice < len(seeker.occupations) else ""
        params: dict[str, Any] = {"wanted": wanted, "code": code}
        if choice > 0:
            params["choice"] = choice + 1
        return [Factor("occupation.related", points, params), *_unconfirmed(seeker, vacancy)]
    if level < 2:
        return [Factor("occupation.other", 0.0, {"code": code or "?"})]
    kind = {5: "exact", 4: "unit_group", 3: "minor_group", 2: "sub_major_group"}[level]
    params = {"code": code if level >= 5 else code[:level]}
    if choice > 0:
        params["choice"] = choice + 1
    return [Factor(f"occupation.{kind}", points, params), *_unconfirmed(seeker, vacancy)]


def _unconfirmed(seeker: Any, vacancy: Any) -> list[Factor]:
    confirmed = getattr(seeker, "occupation_confirmed", True) and getattr(
        vacancy, "occupation_confirmed", True
    )
    return [] if confirmed else [Factor("occupation.unconfirmed", 0.0)]


def _text_factors(scored: Scored, f: Features, i: int, seeker: Any, vacancy: Any) -> list[Factor]:
    points = scored.parts["text"][i]
    if points < 0.5:  # a stray generic word ("thợ") is not worth a line
        return []
    s_key, v_key = text_key(seeker.title), text_key(vacancy.title)
    if _at(f.text_unaccented, i):
        words = _runs(seeker.title, s_key.folded & v_key.folded, folded=True)
        return [Factor("text.unaccented", points, {"words": words})]
    accented = _runs(seeker.title, s_key.accented & v_key.accented, folded=False)
    if accented:
        return [Factor("text.accented", points, {"words": accented})]
    words = _runs(seeker.title, s_key.folded & v_key.folded, folded=True)
    return [Factor("text.folded_only", points, {"words": words})]


def _runs(title: str, common: frozenset[str], *, folded: bool) -> list[str]:
    """The seeker's title words that matched, as the runs they form in the title ("hành chính văn phòng",
    "kế toán"), runs with a content word first; at most three."""
    runs: list[list[str]] = []
    for words in phrases(title):
        run: list[str] = []
        for word in [*words, None]:
            if word is not None and (fold(word) if folded else word) in common:
                run.append(word)
            elif run:
                runs.append(run)
                run = []
    runs.sort(key=lambda r: all(token_weight(w, folded=False) < 1 for w in r))  # stable: title order kept
    return list(dict.fromkeys(" ".join(run) for run in runs))[:3]


def _place_factors(f: Features, scored: Scored, i: int) -> list[Factor]:
    points = scored.parts["place"][i]
    km, same_province = _at(f.km, i), _at(f.same_province, i)
    km_text = round(km) if km == km else None
    if _at(f.same_commune, i) and points == PLACE_SAME_COMMUNE:
        return [Factor("place.same_commune", points)]
    if _at(f.wanted_commune, i) and points == PLACE_WANTED_COMMUNE:
        return [Factor("place.wanted_commune", points)]
    if points < 0:
        code = "place.too_far" if km_text is not None else "place.too_far_unknown"
        return [Factor(code, points, {"km": km_text})]
    if _at(f.wanted_province, i) and not same_province and points == PLACE_WANTED_PROVINCE:
        return [Factor("place.wanted_province", points)]
    if points == PLACE_WILLING and not same_province:
        return [Factor("place.willing_to_move", points)]
    if km_text is not None:
        code = "place.same_province_km" if same_province else "place.other_province_km"
        return [Factor(code, points, {"km": km_text})]
    if same_province:
        return [Factor("place.same_province", points)]
    return []


def _wage_factors(f: Features, scored: Scored, i: int) -> list[Factor]:
    points = scored.parts["wage"][i]
    expected, low, high = _at(f.seeker_wage, i), _at(f.offer_low, i), _at(f.offer_high, i)
    if expected != expected or high != high:
        return [Factor("wage.unknown", 0.0)] if expected == expected else []
    if high >= expected:
        code = "wage.above" if low == low and low >= expected else "wage.in_range"
        return [Factor(code, points)]
    below = percent_of(expected - high, expected, 0)  # half up: 12,5 % below reads 13 %
    return [Factor("wage.below", points, {"percent": int(below) if below is not None else 0})]


def _education_factors(f: Features, scored: Scored, i: int) -> list[Factor]:
    factors = []
    required, held = _at(f.min_qualification, i), _at(f.qualification, i)
    if required > 0:
        code = "education.met" if held >= required else "education.missing"
        points = QUALIFICATION_MET if held >= required else QUALIFICATION_MISSING
        factors.append(Factor(code, points, {"what": _QUALIFICATION_NOUN.get(required, required)}))
    general_required = _at(f.min_general_education, i)
    general = _at(effective_general_education(_at(f.general_education, i), held), 0)
    if general_required > 0 and general < general_required:
        what = _GENERAL_EDUCATION_NOUN.get(general_required, general_required)
        factors.append(Factor("general_education.missing", GENERAL_EDUCATION_MISSING, {"what": what}))
    return factors


def _experience_factors(f: Features, scored: Scored, i: int) -> list[Factor]:
    required, held = _at(f.min_experience, i), _at(f.experience, i)
    points = scored.parts["experience"][i]
    if required <= 0:
        return []
    if held >= required:
        return [Factor("experience.met", points, {"years": held, "required": required})]
    return [Factor("experience.missing", points, {"years": held, "required": required})]


def _skill_factors(scored: Scored, i: int, seeker: Any, vacancy: Any) -> list[Factor]:
    terms = skill_terms(vacancy.skills)
    if not terms:
        return []
    held, missing = split_skills(seeker, vacancy)
    factors = []
    if held:
        factors.append(Factor("skills.met", SKILLS_MAX * len(held) / len(terms), {"skills": held}))
    if missing:
        deduction = max(SKILL_MISSING * len(missing), SKILLS_MISSING_CAP)
        factors.append(Factor("skills.missing", deduction, {"skills": missing}))
    return factors


def split_skills(seeker: Any, vacancy: Any) -> tuple[list[str], list[str]]:
    """The vacancy's required skills the seeker holds and those they lack, as the vacancy spells them.

    A skill is held when each of its words is held (`word_held`); the indexes apply the same rule."""
    words = seeker_syllables(seeker)
    folded = {fold(w) for w in words}
    labels = skill_labels(vacancy.skills)
    held, missing = [], []
    for term in skill_terms(vacancy.skills):
        ok = all(word_held(w, words, folded) for w in term.split(" "))
        (held if ok else missing).append(labels.get(term, term))
    return held, missing


def word_held(word: str, words: frozenset[str], folded: set[str]) -> bool:
    """A required word is among the seeker's: the same accented word, or the same once folded when the
    seeker typed it without diacritics ("han" for "hàn") or the vacancy did. "toàn" never holds "toán"."""
    base = fold(word)
    return word in words or base in words or (word.isascii() and base in folded)


def seeker_syllables(seeker: Any) -> frozenset[str]:
    """The words a required skill is looked up in: skills, certificates, field of study, job title."""
    return syllable_set(seeker.skills, seeker.certificates, seeker.field_of_study, seeker.title)


def _work_type_factors(scored: Scored, i: int, seeker: Any, vacancy: Any) -> list[Factor]:
    points = scored.parts["work_type"][i]
    if points >= 0:
        return []
    wanted = _WORK_TYPE_LABEL.get(seeker.work_type, seeker.work_type)
    offered = _WORK_TYPE_LABEL.get(vacancy.work_type, vacancy.work_type)
    return [Factor("work_type.mismatch", points, {"wanted": wanted, "offered": offered})]


def widening_factor(step: str) -> Factor | None:
    if step == "occupation":
        return Factor("widened.occupation", 0.0)
    if step == "place":
        return Factor("widened.place", 0.0, {"km": int(NEIGHBOUR_KM)})
    if step == "nation":
        return Factor("widened.nation", 0.0)
    return None
