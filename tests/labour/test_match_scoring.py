"""The score of a pair and its reasons, without a database: the arithmetic a counsellor is shown."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from django.utils import translation

from ansinh.labour.matching import rank, scoring
from ansinh.labour.matching.index import SeekerIndex, VacancyIndex, code_keys
from ansinh.labour.matching.profiles import Place, SeekerProfile, VacancyProfile

TODAY = dt.date(2026, 11, 20)
HOAN_KIEM = Place("01", 70, 21.032, 105.85)
CAU_GIAY = Place("01", 166, 21.0309, 105.788)  # 6 km west of Hoàn Kiếm
TU_SON = Place("24", 9367, 21.0994, 105.963)  # Bắc Ninh, 14 km north-east
DIEN_BIEN = Place("11", 3127, 21.4061, 103.067)  # about 300 km away
NO_COORDINATES = Place("01", 99999)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def electrician(**changes) -> SeekerProfile:
    base = SeekerProfile(
        id=1,
        title="Thợ điện công trình",
        occupations=("7411",),
        home=HOAN_KIEM,
        skills="Đấu nối tủ điện; đọc bản vẽ điện",
        general_education=3,
        qualification=3,
        experience_years=3,
        wage_min=9_000_000,
    )
    return replace(base, **changes)


def vacancy(**changes) -> VacancyProfile:
    base = VacancyProfile(
        id=10,
        title="Thợ điện công trình",
        occupation="7411",
        place=CAU_GIAY,
        skills="Đấu nối tủ điện",
        min_qualification=3,
        min_experience_years=2,
        wage_min=8_000_000,
        wage_max=12_000_000,
    )
    return replace(base, **changes)


def codes(match: rank.Match) -> dict[str, float]:
    return {factor.code: factor.points for factor in match.factors}


def test_a_perfect_pair_scores_the_maximum_and_says_why():
    match = rank.score_pair(electrician(home=CAU_GIAY), vacancy())
    assert match.score == pytest.approx(scoring.MAX_SCORE)
    assert codes(match) == {
        "occupation.exact": 35,
        "text.accented": 15,
        "place.same_commune": 20,
        "wage.in_range": 10,
        "education.met": 5,
        "experience.met": 5,
        "skills.met": 10,
    }
    assert "same occupation 7411" in match.reasons
    assert "expected wage within the offered range" in match.reasons


def test_factors_add_up_to_the_score():
    match = rank.score_pair(electrician(qualification=2, experience_years=0), vacancy(place=TU_SON))
    assert sum(f.points for f in match.factors) == pytest.approx(match.score)


def test_distance_band_is_named_with_the_distance():
    match = rank.score_pair(electrician(), vacancy())
    assert codes(match)["place.same_province_km"] == scoring.PLACE_BANDS[0][1]
    assert "same province, 6 km away" in match.reasons


def test_a_neighbouring_province_within_reach_is_near():
    match = rank.score_pair(electrician(), vacancy(place=TU_SON))
    assert codes(match)["place.other_province_km"] == 13
    assert "other province, 14 km away" in match.reasons


def test_far_away_and_unwilling_to_move_is_deducted_willing_is_not():
    assert codes(rank.score_pair(electrician(), vacancy(place=DIEN_BIEN)))["place.too_far"] == -15
    willing = rank.score_pair(electrician(willing_to_move=True), vacancy(place=DIEN_BIEN))
    assert codes(willing)["place.willing_to_move"] == 3


def test_a_province_the_seeker_asked_for_counts():
    seeker = electrician(wanted_provinces=frozenset({"11"}))
    assert codes(rank.score_pair(seeker, vacancy(place=DIEN_BIEN)))["place.wanted_province"] == 10


def test_same_province_without_coordinates():
    match = rank.score_pair(electrician(home=NO_COORDINATES), vacancy())
    assert codes(match)["place.same_province"] == 5


def test_missing_qualification_is_deducted_and_named():
    match = rank.score_pair(electrician(qualification=2), vacancy())
    assert codes(match)["education.missing"] == -15
    assert "missing: an intermediate diploma" in match.reasons


def test_missing_general_education_counts_unless_a_degree_implies_it():
    assert codes(rank.score_pair(electrician(general_education=2), vacancy(min_general_education=3)))[
        "general_education.missing"
    ] == pytest.approx(-8)
    graduate = electrician(general_education=2, qualification=5)
    assert "general_education.missing" not in codes(
        rank.score_pair(graduate, vacancy(min_general_education=3))
    )


def test_missing_experience_costs_per_year_up_to_a_cap():
    assert codes(rank.score_pair(electrician(experience_years=1), vacancy()))["experience.missing"] == -4
    assert (
        codes(rank.score_pair(electrician(experience_years=0), vacancy(min_experience_years=9)))[
            "experience.missing"
        ]
        == -12
    )


def test_missing_skills_are_listed_as_the_vacancy_wrote_them():
    match = rank.score_pair(electrician(), vacancy(skills="Đấu nối tủ điện; Hàn MIG; AutoCAD"))
    assert codes(match)["skills.met"] == pytest.approx(10 / 3)
    assert codes(match)["skills.missing"] == -6
    assert "missing skills: Hàn MIG, AutoCAD" in match.reasons


def test_skills_typed_without_accents_still_match_folded():
    match = rank.score_pair(electrician(skills="dau noi tu dien"), vacancy())
    assert codes(match)["skills.met"] == 10


@pytest.mark.parametrize(
    ("offer", "code", "points"),
    [
        ((9_000_000, 12_000_000), "wage.above", 10),
        ((7_000_000, 9_000_000), "wage.in_range", 10),
        ((7_000_000, 8_500_000), "wage.below", 4),  # 5.6 % short
        ((6_000_000, 7_000_000), "wage.below", 0),  # 22 % short
        ((5_000_000, 6_000_000), "wage.below", -8),  # 33 % short
        ((None, None), "wage.unknown", 0),
    ],
)
def test_wage_fit(offer, code, points):
    match = rank.score_pair(electrician(), vacancy(wage_min=offer[0], wage_max=offer[1]))
    assert codes(match)[code] == points


@pytest.mark.parametrize(
    ("code", "factor", "points"),
    [
        ("7411", "occupation.exact", 35),
        ("7412", "occupation.minor_group", 22),
        ("7421", "occupation.sub_major_group", 12),
        ("7127", "occupation.related", 12),  # related_occupations.tsv: air-conditioning ↔ electrician
        ("5120", "occupation.other", 0),
    ],
)
def test_occupation_hierarchy(code, factor, points):
    match = rank.score_pair(electrician(), vacancy(occupation=code, title="Việc làm"))
    assert codes(match)[factor] == points


def test_second_choice_occupation_scores_a_little_less_and_says_so():
    seeker = electrician(occupations=("7212", "7411"))
    match = rank.score_pair(seeker, vacancy())
    assert codes(match)["occupation.exact"] == 33
    assert "same occupation 7411 (the seeker's choice no. 2)" in match.reasons


def test_work_type_clash():
    assert codes(rank.score_pair(electrician(), vacancy(work_type="part_time")))["work_type.mismatch"] == -3
    assert "work_type.mismatch" not in codes(
        rank.score_pair(electrician(work_type="any"), vacancy(work_type="part_time"))
    )


def test_code_keys_keep_leading_zeros_apart():
    assert code_keys("0110")[3] != code_keys("110")[2]
    assert code_keys("7411")[:3] == code_keys("7412")[:3]
    assert code_keys("")[0] == -1


# --- Vietnamese text in the score ------------------------------------------------------------------------


def accountant(title: str = "Kế toán tổng hợp") -> SeekerProfile:
    return SeekerProfile(2, title, ("2411",), HOAN_KIEM, qualification=3, wage_min=10_000_000)


def test_toan_is_not_toan():
    # "Lái xe toàn thời gian" (full-time driver) must not look like accounting work to an accountant.
    trap = rank.score_pair(accountant(), vacancy(title="Lái xe toàn thời gian", occupation="8322"))
    right = rank.score_pair(accountant(), vacancy(title="Kế toán viên", occupation="8322"))
    assert codes(trap).get("text.folded_only", 0) < 1
    assert codes(right)["text.accented"] > 5


def test_unaccented_query_matches_folded_but_below_an_accented_match():
    accented = rank.score_pair(accountant("Kế toán tổng hợp"), vacancy(title="Kế toán tổng hợp"))
    bare = rank.score_pair(accountant("ke toan tong hop"), vacancy(title="Kế toán tổng hợp"))
    assert codes(accented)["text.accented"] == 15
    assert codes(bare)["text.unaccented"] == pytest.approx(15 * scoring.TEXT_UNACCENTED)
    assert "job title matches (typed without accents): ke toan tong hop" in bare.reasons


def test_matched_words_are_shown_as_the_runs_they_form_in_the_title():
    seeker = accountant("Hành chính văn phòng")
    match = rank.score_pair(seeker, vacancy(title="Nhân viên hành chính văn phòng"))
    assert "job title matches: hành chính văn phòng" in match.reasons
    partial = rank.score_pair(accountant("Kế toán tổng hợp"), vacancy(title="Kế toán viên"))
    assert "job title matches: kế toán" in partial.reasons


@pytest.mark.parametrize(
    "title",
    [
        "Thợ điện công trình",
        unicodedata.normalize("NFD", "Thợ điện công trình"),
        "THỢ ĐIỆN CÔNG TRÌNH",
        "Thợ  điện công trình",
    ],
)
def test_spelling_variants_score_alike(title):
    assert rank.score_pair(electrician(title=title), vacancy()).score == pytest.approx(100 - 20 + 17)


def test_old_tone_placement_scores_like_the_new_one():
    old = rank.score_pair(electrician(title="Thợ sửa điều hoà"), vacancy(title="Thợ sửa điều hòa"))
    assert codes(old)["text.accented"] == 15


# --- the index ranks with the same arithmetic as one pair -----------------------------------------------


def pool() -> list[VacancyProfile]:
    return [
        vacancy(id=10),
        vacancy(id=11, place=TU_SON),
        vacancy(id=12, place=DIEN_BIEN),
        vacancy(id=13, occupation="7412", title="Thợ cơ điện"),
        vacancy(id=14, occupation="5120", title="Đầu bếp", skills=""),
        vacancy(id=15, min_qualification=5),
        vacancy(id=16, age_min=18, age_max=35),
        vacancy(id=17, deadline=TODAY - dt.timedelta(days=1)),
    ]


def test_ranked_scores_equal_pair_scores():
    seeker = electrician(age=40)
    matches, _ = rank.match_vacancies(VacancyIndex.build(pool(), keep_profiles=True), seeker, today=TODAY)
    by_id = {v.id: v for v in pool()}
    for match in matches:
        assert match.score == pytest.approx(rank.score_pair(seeker, by_id[match.id]).score)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_legal_age_band_and_passed_deadline_are_filters():
    matches, _ = rank.match_vacancies(
        VacancyIndex.build(pool(), keep_profiles=True), electrician(age=40), today=TODAY
    )
    ids = [m.id for m in matches]
    assert 16 not in ids and 17 not in ids
    young, _ = rank.match_vacancies(
        VacancyIndex.build(pool(), keep_profiles=True), electrician(age=30), today=TODAY
    )
    assert 16 in [m.id for m in young]


def test_unrelated_occupation_is_not_proposed():
    matches, _ = rank.match_vacancies(
        VacancyIndex.build(pool(), keep_profiles=True), electrician(), today=TODAY
    )
    assert 14 not in [m.id for m in matches]


def test_both_directions_give_the_same_score():
    seeker = electrician(id=7, wanted_communes=frozenset({9367}))
    for v in pool()[:6]:
        forward = rank.score_pair(seeker, v).score
        backward = rank.explain_seekers(v, [seeker])[0].score
        assert forward == pytest.approx(backward)


def test_seekers_for_a_vacancy_within_a_scope():
    seekers = [
        electrician(id=1),
        electrician(id=2, home=DIEN_BIEN, willing_to_move=True),
        electrician(id=3, occupations=("5120",), title="Đầu bếp"),
        electrician(id=4, home=TU_SON),
    ]
    index = SeekerIndex.build(seekers, keep_profiles=True)
    everyone, _ = rank.match_seekers(index, vacancy(), today=TODAY)
    assert [m.id for m in everyone][:2] == [1, 4]
    hanoi, _ = rank.match_seekers(index, vacancy(), scope={"province": "01"}, today=TODAY)
    assert {m.id for m in hanoi} == {1}


# --- widening -------------------------------------------------------------------------------------------


def test_few_results_widen_to_related_occupations_then_places_and_say_so():
    vacancies = [
        vacancy(id=20, occupation="7412", title="Thợ cơ điện"),  # same minor group, near
        vacancy(id=21, place=Place("25", 1, 21.3, 105.4)),  # same code, ~ 55 km, other province
        vacancy(id=22, place=DIEN_BIEN),  # same code, far
    ]
    index = VacancyIndex.build(vacancies, keep_profiles=True)
    matches, ranking = rank.match_vacancies(index, electrician(), today=TODAY)
    steps = {m.id: m.step for m in matches}
    assert steps == {20: "occupation", 21: "place"}
    assert ranking.widened == ["occupation", "place"]
    widened = next(m for m in matches if m.id == 20)
    assert "widened: related occupations" in widened.reasons
    strict, _ = rank.match_vacancies(index, electrician(), today=TODAY, widen=False)
    assert strict == []
    anywhere, _ = rank.match_vacancies(index, electrician(willing_to_move=True), today=TODAY)
    assert {m.id: m.step for m in anywhere}[22] == "nation"


def test_enough_strict_results_need_no_widening():
    vacancies = [vacancy(id=30 + n) for n in range(5)] + [vacancy(id=40, occupation="7412")]
    matches, ranking = rank.match_vacancies(
        VacancyIndex.build(vacancies, keep_profiles=True), electrician(), top=5, today=TODAY
    )
    assert [m.id for m in matches] == [30, 31, 32, 33, 34]
    assert ranking.widened == []


def test_filters_narrow_the_vacancies():
    index = VacancyIndex.build(pool(), keep_profiles=True)
    only_bac_ninh, _ = rank.match_vacancies(index, electrician(), today=TODAY, filters={"province": "24"})
    assert [m.id for m in only_bac_ninh] == [11]
    within_10_km, _ = rank.match_vacancies(index, electrician(), today=TODAY, max_km=10)
    assert 11 not in [m.id for m in within_10_km]


def test_an_unconfirmed_occupation_code_counts_less_and_says_so():
    confirmed = vacancy(id=10)
    coded = vacancy(id=11, occupation_confirmed=False)
    index = VacancyIndex.build([coded, confirmed], keep_profiles=True)
    matches, _ = rank.match_vacancies(index, electrician(), today=TODAY)
    assert [m.id for m in matches] == [10, 11]
    points = {m.id: {f.code: f.points for f in m.factors} for m in matches}
    assert points[11]["occupation.exact"] == pytest.approx(
        scoring.OCCUPATION_EXACT * scoring.OCCUPATION_UNCONFIRMED
    )
    assert "occupation.unconfirmed" in points[11] and "occupation.unconfirmed" not in points[10]
    assert any("not yet confirmed" in reason for reason in matches[1].reasons)
    # The other direction weighs a seeker's unconfirmed code the same way.
    seekers = SeekerIndex.build(
        [electrician(id=1), electrician(id=2, occupation_confirmed=False)], keep_profiles=True
    )
    found, _ = rank.match_seekers(seekers, confirmed, today=TODAY)
    assert [m.id for m in found] == [1, 2]


def test_same_province_beyond_commuting_reach_earns_nothing_for_the_boundary():
    far_same_province = replace(DIEN_BIEN, province_code="01")  # same province code, 300 km away
    near_other_province = vacancy(id=12, place=TU_SON)  # 14 km, another province
    far = vacancy(id=13, place=far_same_province)
    index = VacancyIndex.build([far, near_other_province], keep_profiles=True)
    matches, _ = rank.match_vacancies(index, electrician(), today=TODAY)
    assert matches[0].id == 12
    by_id = {m.id: {f.code: f.points for f in m.factors} for m in matches}
    if 13 in by_id:
        assert by_id[13].get("place.same_province_km", 0) == 0
    unknown = vacancy(id=14, place=NO_COORDINATES)
    scored, _ = rank.match_vacancies(
        VacancyIndex.build([unknown], keep_profiles=True), electrician(), today=TODAY
    )
    assert {f.code: f.points for f in scored[0].factors}["place.same_province"] == scoring.PLACE_SAME_PROVINCE


def test_skills_match_on_meaning_not_on_a_literal_word():
    from ansinh.labour.matching.scoring import split_skills

    teacher = electrician(title="Giáo viên mầm non", skills="", certificates="Bằng cao đẳng sư phạm mầm non")
    post = vacancy(skills="Chứng chỉ sư phạm mầm non; English")
    held, missing = split_skills(teacher, post)
    assert held == ["Chứng chỉ sư phạm mầm non"] and missing == ["English"]
    speaker = replace(teacher, skills="Tiếng Anh giao tiếp")
    assert split_skills(speaker, post) == (["Chứng chỉ sư phạm mầm non", "English"], [])
    # A certificate does not stand in for a degree.
    degree = vacancy(skills="Bằng đại học kế toán")
    assert split_skills(electrician(skills="Chứng chỉ kế toán"), degree)[1] == ["Bằng đại học kế toán"]
    # The index counts the same skills as the explanation.
    index = VacancyIndex.build([post], keep_profiles=True)
    matches, _ = rank.match_vacancies(index, teacher, today=TODAY)
    met = {f.code: f for f in matches[0].factors}["skills.met"]
    assert met.params["skills"] == ["Chứng chỉ sư phạm mầm non"]
