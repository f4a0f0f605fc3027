"""Form B2 asks each member only the questions that apply at their age (school attendance for children of 3
to 15, adult education for 16 to 30, nutrition under 16, health insurance from 6, work from 15, inability to
work for 16 to 59): the question list says so, the phone form hides the others, the API lists the questions
asked of each member, and an answer to a question not asked at the member's age is not kept."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.poverty import questionnaire, questions, services
from tests.poverty.test_web_api import households, login, opened, post_json  # noqa: F401 (fixtures)

ON = dt.date(2026, 1, 1)
ALWAYS = {"age"}


def asked(age):
    return {q.key for q in questionnaire.member_questions_for(age, ON)}


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, {"malnourished"}),
        (2, {"malnourished"}),
        (3, {"malnourished", "in_school"}),
        (5, {"malnourished", "in_school"}),
        (6, {"malnourished", "in_school", "health_insurance"}),
        (14, {"malnourished", "in_school", "health_insurance"}),
        (15, {"malnourished", "in_school", "health_insurance", "employment"}),
        (16, {"health_insurance", "employment", "education", "studying", "unable_to_work"}),
        (30, {"health_insurance", "employment", "education", "studying", "unable_to_work"}),
        (31, {"health_insurance", "employment", "unable_to_work"}),
        (59, {"health_insurance", "employment", "unable_to_work"}),
        (60, {"health_insurance", "employment"}),
        (90, {"health_insurance", "employment"}),
    ],
)
def test_questions_asked_at_each_age(age, expected):
    assert asked(age) == ALWAYS | expected


def test_every_member_question_while_the_age_is_unknown():
    every = {q.key for q in questionnaire.questions_on(ON) if q.scope == "member"}
    assert asked(None) == every
    assert len(every) > len(asked(40))


def test_the_question_list_carries_the_ages():
    listed = {q["key"]: q for q in (q.as_dict() for q in questionnaire.questions_on(ON))}
    assert listed["in_school"]["ages"] == {"from": 3, "under": 16}
    assert listed["education"]["ages"] == {"from": 16, "under": 31}
    assert listed["health_insurance"]["ages"] == {"from": 6, "under": None}
    assert listed["age"]["ages"] is None
    assert "ages" not in listed["dwelling"]


def test_answers_not_asked_are_dropped():
    answers = {
        "members": [
            {"age": 40, "in_school": False, "malnourished": True, "employment": "self_employed"},
            {"age": 8, "in_school": True, "employment": "unemployed", "education": "none"},
            {"in_school": False},  # no age yet: kept, the reader asks for the age
            "not a member",
        ],
        "dwelling": "durable",
    }
    assert questionnaire.without_unasked(answers, ON) == {
        "members": [
            {"age": 40, "employment": "self_employed"},
            {"age": 8, "in_school": True},
            {"in_school": False},
            "not a member",
        ],
        "dwelling": "durable",
    }
    assert questionnaire.without_unasked("not an object", ON) == "not an object"


def test_an_adult_answering_a_childs_question_changes_nothing():
    """A 40-year-old marked "not at school" is not deprived in school attendance: the answer is dropped."""
    base = {
        "members": [{"age": 40, "employment": "self_employed", "health_insurance": True}],
        "dwelling": "durable", "floor_area_m2": 40, "water_source": "piped", "latrine": "septic",
        "uses_phone_or_internet": True, "information_devices": ["tv"],
    }  # fmt: skip
    with_noise = {**base, "members": [{**base["members"][0], "in_school": False, "malnourished": True}]}
    assert questionnaire.deprivations_from_answers(
        questionnaire.without_unasked(with_noise, ON), ON
    ) == questionnaire.deprivations_from_answers(base, ON)


def test_form_hides_the_questions_not_asked():
    sections = questions.form_sections({"members": [{"age": 40}, {"age": 9}, {}]}, ON)
    adult, child, unknown = ({f.key: f for f in block.fields} for block in sections.members)
    assert not adult["in_school"].asked and not adult["malnourished"].asked
    assert adult["education"].asked is False and adult["employment"].asked
    assert child["in_school"].asked and not child["employment"].asked
    assert all(f.asked for f in unknown.values())
    assert (adult["in_school"].ages_from, adult["in_school"].ages_under) == (3, 16)
    assert (adult["employment"].ages_from, adult["employment"].ages_under) == (15, "")


@pytest.mark.django_db
def test_phone_form_and_api(opened, commune_officer, today):  # noqa: F811
    web = login(commune_officer)
    survey = opened.surveys.order_by("pk").first()
    saved = web.post(
        f"/poverty/surveys/{survey.pk}/",
        {"member_count": "2", "m-0-age": "41", "m-0-in_school": "no", "m-0-employment": "self_employed",
         "m-1-age": "7", "m-1-in_school": "yes", "m-1-employment": "unemployed", "final": "0",
         "village": "Bản Noong Bua"},
    )  # fmt: skip
    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.answers["members"] == [
        {"age": 41, "employment": "self_employed"},
        {"age": 7, "in_school": True},
    ]
    page = web.get(f"/poverty/surveys/{survey.pk}/").content.decode()
    adult_school = page.split('name="m-0-in_school"')[0].rsplit("<div", 1)[1]
    child_school = page.split('name="m-1-in_school"')[0].rsplit("<div", 1)[1]
    assert 'data-ages-from="3" data-ages-under="16" hidden' in adult_school
    assert "hidden" not in child_school
    # The API: the questions asked of each member, and an unasked answer not kept.
    api = login(commune_officer)
    body = post_json(
        api,
        f"/api/v1/poverty/surveys/{survey.pk}",
        {"answers": {"members": [{"age": 20, "in_school": False, "education": "higher", "studying": False},
                                 {"age": 4, "education": "none", "in_school": True}]}},
        "put",
    ).json()  # fmt: skip
    assert body["answers"]["members"] == [
        {"age": 20, "education": "higher", "studying": False},
        {"age": 4, "in_school": True},
    ]
    assert set(body["member_questions"][0]) == asked(20)
    assert set(body["member_questions"][1]) == asked(4)
    assert {q["key"]: q.get("ages") for q in body["questions"]}["studying"] == {"from": 16, "under": 31}
    assert services.survey_save  # the API and the page save through the same service
