"""Scoped selectors: a centre sees its province's seekers; filters; the dashboard's counts."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from ansinh.core.errors import NotFound, PermissionDenied
from ansinh.labour.dashboard import selectors as dashboard_selectors
from ansinh.labour.registration import selectors
from ansinh.labour.registration.selectors import SeekerFilters, VacancyFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(make_seeker, make_vacancy, make_employer, other_counsellor, ha_noi_commune):
    ours = make_seeker(person_overrides={"full_name": "Đặng Thị Thuỷ"}, title="Nuôi trồng thuỷ sản")
    employer = make_employer(actor=other_counsellor, commune=ha_noi_commune)
    theirs = make_seeker(actor=other_counsellor, commune=ha_noi_commune, title="Kế toán")
    theirs_vacancy = make_vacancy(actor=other_counsellor, employer=employer, title="Kế toán tổng hợp",
                                  wage_min=8_000_000, wage_max=12_000_000)  # fmt: skip
    return {"ours": ours, "theirs": theirs, "theirs_vacancy": theirs_vacancy, "our_vacancy": make_vacancy()}


def test_counsellor_sees_only_their_province(two_provinces, counsellor, other_counsellor, analyst):
    assert list(selectors.seeker_list(actor=counsellor)) == [two_provinces["ours"]]
    assert list(selectors.seeker_list(actor=other_counsellor)) == [two_provinces["theirs"]]
    assert selectors.seeker_list(actor=analyst).count() == 2
    with pytest.raises(NotFound):
        selectors.seeker_get(actor=counsellor, seeker_id=two_provinces["theirs"].pk)
    with pytest.raises(NotFound):
        selectors.vacancy_get(actor=counsellor, vacancy_id=two_provinces["theirs_vacancy"].pk)
    assert list(selectors.vacancy_list(actor=counsellor)) == [two_provinces["our_vacancy"]]


def test_roles_without_labour_view(commune_officer):
    with pytest.raises(PermissionDenied):
        selectors.seeker_list(actor=commune_officer)


@pytest.mark.parametrize(
    "query",
    [
        "thuy",
        "THỦY",
        "thuỷ",
        "dang thi",
        "ĐẶNG",
        "đặng thị thủy",
        "nuoi trong",
        unicodedata.normalize("NFD", "Đặng Thuỷ"),
    ],
)
def test_folded_search_any_accents_and_tone_placement(two_provinces, counsellor, query):
    assert list(selectors.seeker_list(actor=counsellor, filters=SeekerFilters(query=query))) == [
        two_provinces["ours"]
    ]


def test_search_by_personal_id_and_filters(two_provinces, counsellor, analyst):
    ours = two_provinces["ours"]
    number = ours.person.personal_id
    assert list(selectors.seeker_list(actor=counsellor, filters=SeekerFilters(query=number[:9]))) == [ours]
    assert (
        selectors.seeker_list(actor=analyst, filters=SeekerFilters(occupation="24")).get().title == "Kế toán"
    )
    assert selectors.seeker_list(actor=analyst, filters=SeekerFilters(province="11")).get() == ours
    assert not selectors.seeker_list(actor=counsellor, filters=SeekerFilters(query="ke toan")).exists()
    assert selectors.vacancy_list(actor=analyst, filters=VacancyFilters(query="tong hop")).count() == 1


def test_dashboard_counts_and_placements(today, two_provinces, counsellor, other_counsellor):
    from ansinh.labour.referrals.selectors import placements_in_month
    from ansinh.labour.referrals.services import placement_record

    placement_record(
        actor=counsellor,
        seeker_id=two_provinces["ours"].pk,
        placed_on=today,
        employer_name="Công ty May 10",
    )
    counts = dashboard_selectors.dashboard_counts(actor=counsellor)
    assert counts["placements_this_month"] == 1 and counts["active_seekers"] == 0
    assert dashboard_selectors.dashboard_counts(actor=other_counsellor)["placements_this_month"] == 0
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    assert placements_in_month(actor=counsellor, month=last_month) == 0
    by_occupation = dashboard_selectors.vacancies_by_occupation(actor=counsellor)
    assert [(r["occupation_code"], r["n"], r["posts"]) for r in by_occupation] == [("8153", 1, 20)]
    assert by_occupation[0]["name"] == "Công nhân may công nghiệp"


def test_expired_vacancy_is_not_open_now(today, make_vacancy, counsellor):
    past = today - dt.timedelta(days=40)
    make_vacancy(opened_on=past.isoformat(), deadline=(past + dt.timedelta(days=10)).isoformat())
    assert dashboard_selectors.dashboard_counts(actor=counsellor)["open_vacancies"] == 0
    assert selectors.vacancy_list(actor=counsellor).count() == 1  # still open until closed
    assert selectors.vacancy_list(actor=counsellor, filters=VacancyFilters(current_only=True)).count() == 0
