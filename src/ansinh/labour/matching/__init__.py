"""Two-way matching (kết nối cung – cầu lao động) of job seekers and vacancies, ranked, with reasons.

- `profiles`: what matching knows (plain dataclasses); `text`: Vietnamese tokens, accented and folded.
- `scoring`: the points of each factor and the reasons; `columns`: inverted lists, titles, skills;
  `index`: the vacancy and seeker indexes; `rank`: candidates → score → widening → explanation, one query
  or a batch; `evaluation`: hit@k and nDCG@k on the hand-built set. None of these touch the database.
- `source`: database rows → profiles; `selectors`: `matches_for_seeker` / `matches_for_vacancy` for an actor.
"""

from ansinh.labour.matching.profiles import Place, SeekerProfile, VacancyProfile
from ansinh.labour.matching.rank import Match, match_seekers, match_vacancies, score_pair

__all__ = [
    "Match",
    "Place",
    "SeekerProfile",
    "VacancyProfile",
    "match_seekers",
    "match_vacancies",
    "matches_for_seeker",
    "matches_for_vacancy",
    "score_pair",
]


def __getattr__(name: str):
    # The selectors import the ORM; load them only when asked, so the pure core works without Django apps.
    if name in ("matches_for_seeker", "matches_for_vacancy"):
        from ansinh.labour.matching import selectors

        return getattr(selectors, name)
    raise AttributeError(name)
