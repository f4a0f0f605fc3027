"""One engine: the cold SQL candidate path ranks the evaluation set exactly as the in-memory engine.

The evaluation set's vacancies are written to the database at their real communes; each seeker of the set
is ranked by both paths of `matching.selectors` (SQL candidates then the same scorer, against the whole
open pool in memory). Same candidates, same order, same scores.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ansinh.labour.matching import evaluation, rank, selectors, source
from ansinh.labour.matching.index import VacancyIndex

pytestmark = pytest.mark.django_db


@pytest.fixture
def eval_in_db(units, make_employer, commune_a):
    from ansinh.geo.models import AdminUnit
    from ansinh.labour.models import Vacancy
    from ansinh.labour.registration.text import skills_columns, title_columns

    data = evaluation.load()
    communes = {
        unit.code: unit
        for unit in AdminUnit.objects.filter(structure="2025", level="commune", code__in=_codes())
    }
    employer = make_employer(commune=commune_a)
    by_code = {p.commune_id: communes[f"{p.commune_id:05d}"] for v in data.vacancies for p in [v.place]}
    rows = []
    for v in data.vacancies:
        unit = by_code[v.place.commune_id]
        title, accented, folded = title_columns(v.title)
        skills, skills_folded = skills_columns(v.skills)
        rows.append(
            Vacancy(
                id=v.id, employer=employer, title=title, title_accented=accented, title_folded=folded,
                occupation_code=v.occupation, occupation_confirmed=v.occupation_confirmed,
                commune=unit, province_code=unit.province_code, skills=skills, skills_folded=skills_folded,
                min_general_education=v.min_general_education, min_qualification=v.min_qualification,
                min_experience_years=v.min_experience_years, wage_min=v.wage_min, wage_max=v.wage_max,
                work_type=v.work_type, opened_on=data.today,
            )
        )  # fmt: skip
    Vacancy.objects.bulk_create(rows)
    seekers = {}
    for query, seeker in data.seekers.items():
        unit = communes[f"{seeker.home.commune_id:05d}"]
        seekers[query] = replace(seeker, home=source.place(unit.province_code, unit.pk))
    return data, seekers


def _codes() -> list[str]:
    import json

    raw = json.loads(evaluation.DEFAULT_SET.read_text(encoding="utf-8"))
    return [code for _province, code, *_rest in raw["places"].values()]


def test_cold_sql_path_ranks_as_the_in_memory_engine(eval_in_db):
    from ansinh.labour.models import Vacancy

    data, seekers = eval_in_db
    warm = VacancyIndex.build(source.vacancy_profiles(Vacancy.objects.open_now(data.today)))
    options = {"top": 10, "widen": True, "today": data.today}
    differ = []
    for query, seeker in seekers.items():
        memory = rank.rank_vacancies(warm, seeker, **options)
        _index, cold = selectors._staged(
            lambda near, seeker=seeker: VacancyIndex.build(
                source.vacancy_profiles(
                    selectors._vacancy_candidates(seeker, today=data.today, filters={}, near=near)
                )
            ),
            lambda index, seeker=seeker, **extra: rank.rank_vacancies(index, seeker, **(options | extra)),
            10,
        )
        left = [(int(i), round(float(s), 6)) for i, s in zip(memory.ids, memory.scores, strict=True)]
        right = [(int(i), round(float(s), 6)) for i, s in zip(cold.ids, cold.scores, strict=True)]
        if left != right:
            differ.append((query, left, right))
    summary = [(q, [i for i, _ in a], [i for i, _ in b]) for q, a, b in differ]
    assert not differ, (len(differ), len(seekers), summary[:8])
