"""Adding vacancies and job seekers to a session: searches limited to the actor's scope, not dropdowns."""

from __future__ import annotations

import pytest

from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.fairs import services as fair_services
from tests.labour.test_fairs import fair_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(counsellor):
    return fair_services.fair_create(actor=counsellor, data=fair_data(linked_provinces=[]))


@pytest.fixture
def vacancies(make_vacancy, make_employer, other_counsellor, ha_noi_commune):
    welder = make_vacancy(
        title="Thợ hàn điện", posts=3, employer=make_employer(name="Công ty Cơ khí Mường Thanh")
    )
    sewer = make_vacancy(title="Công nhân may công nghiệp", posts=10)
    far = make_vacancy(
        actor=other_counsellor,
        title="Thợ hàn điện",
        employer=make_employer(actor=other_counsellor, commune=ha_noi_commune, name="Công ty Hàn Hà Nội"),
        commune_id=ha_noi_commune.pk,
    )
    return welder, sewer, far


def _ids(rows):
    return {row.pk for row in rows}


def test_vacancy_search_by_title_employer_occupation_and_code(counsellor, fair, vacancies):
    welder, sewer, _far = vacancies

    def found(query):
        return _ids(fair_selectors.vacancy_candidates(actor=counsellor, fair=fair, query=query))

    assert found("tho han") == {welder.pk}  # accents optional; the other province's stays out
    assert found("mường thanh") == {welder.pk}
    assert found("may") == {sewer.pk}
    assert found(welder.occupation_code) == {welder.pk}
    assert found("") == set()
    fair_services.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=welder.employer_id, vacancies=[(welder.pk, 2)]
    )
    assert found("tho han") == set()  # already at the session


def test_vacancy_search_is_limited(counsellor, fair, make_vacancy, make_employer):
    employer = make_employer()
    for _ in range(fair_selectors.PICKER_LIMIT + 2):
        make_vacancy(title="Thợ hàn điện", employer=employer)
    rows = fair_selectors.vacancy_candidates(actor=counsellor, fair=fair, query="hàn")
    assert len(rows) == fair_selectors.PICKER_LIMIT + 1  # one more than shown says "narrow the search"


def test_vacancy_picker_page_works_with_and_without_htmx(client, counsellor, fair, vacancies):
    welder, _sewer, far = vacancies
    client.force_login(counsellor)
    page = client.get(f"/labour/fairs/{fair.pk}/").content.decode()
    assert 'name="vq"' in page and 'id="id_vacancy"' not in page  # a search, no dropdown of every vacancy
    full = client.get(f"/labour/fairs/{fair.pk}/", {"vq": "thợ hàn"}).content.decode()
    assert "<html" in full and f'name="vacancy" value="{welder.pk}"' in full
    assert f'value="{far.pk}"' not in full
    partial = client.get(f"/labour/fairs/{fair.pk}/", {"vq": "thợ hàn"}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="vacancy-results"') and f'value="{welder.pk}"' in text
    response = client.post(f"/labour/fairs/{fair.pk}/employers/", {"vacancy": welder.pk, "quota": "2"})
    assert response.status_code == 302 and fair.vacancies.get().vacancy == welder
    # A vacancy of another province named in the form is refused like a missing one.
    client.post(f"/labour/fairs/{fair.pk}/employers/", {"vacancy": far.pk, "quota": "1"})
    assert fair.vacancies.count() == 1


def test_seeker_search_by_name_phone_and_personal_id(
    client, counsellor, other_counsellor, fair, make_seeker, ha_noi_commune
):
    mine = make_seeker(person_overrides={"full_name": "Quàng Thị Duyên", "phone": "0987654321"})
    other = make_seeker(person_overrides={"full_name": "Lò Văn Thắng", "phone": "0912345678"})
    far = make_seeker(
        actor=other_counsellor,
        commune=ha_noi_commune,
        person_overrides={"full_name": "Quàng Thị Duyên", "phone": "0987654321"},
    )

    def found(query):
        return _ids(fair_selectors.seeker_candidates(actor=counsellor, fair=fair, query=query))

    assert found("quang thi duyen") == {mine.pk}  # the Hà Nội namesake stays out of scope
    assert found("0987 654 321") == {mine.pk}
    assert found("+84987654321") == {mine.pk}
    assert found(mine.person.personal_id) == {mine.pk}
    assert found(str(other.pk)) == {other.pk}
    assert far.pk not in found(far.person.personal_id)

    client.force_login(counsellor)
    page = client.get(f"/labour/fairs/{fair.pk}/", {"sq": "duyên"}).content.decode()
    assert f'name="seeker" value="{mine.pk}"' in page
    assert mine.person.personal_id not in page and "0987654321" not in page  # masked in the results
    client.post(f"/labour/fairs/{fair.pk}/seekers/", {"seeker": mine.pk})
    assert fair.seekers.get().seeker == mine
    assert found("duyen") == set()  # registered already
    partial = client.get(f"/labour/fairs/{fair.pk}/", {"sq": "thắng"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="seeker-results"')


def test_pickers_are_for_those_who_may_add(client, analyst, fair, vacancies):
    client.force_login(analyst)  # sees sessions, changes nothing
    page = client.get(f"/labour/fairs/{fair.pk}/", {"vq": "hàn", "sq": "thắng"}).content.decode()
    assert 'name="vq"' not in page and 'name="vacancy"' not in page
