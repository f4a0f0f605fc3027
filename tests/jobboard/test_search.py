"""Public search: accent-free typing, accent traps, filters, sorting, paging, and only open vacancies."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.jobboard import selectors
from ansinh.jobboard.selectors import BoardFilters

pytestmark = pytest.mark.django_db


def _ids(**filters):
    return [v.pk for v in selectors.vacancy_search(BoardFilters(**filters))]


def test_accent_free_query_finds_accented_title(accountant, welder):
    assert _ids(query="ke toan") == [accountant.pk]
    assert _ids(query="KE TOAN") == [accountant.pk]
    assert _ids(query="tho han") == [welder.pk]


def test_words_must_start_a_word(accountant):
    # "toan" starts a word of "kế toán"; "oan" does not, so it matches nothing.
    assert _ids(query="oan") == []


def test_accent_trap_toan_ranks_the_typed_accent_first(accountant, safety_officer):
    # Both titles fold to "toan"; the accent typed decides which one comes first.
    assert _ids(query="toán") == [accountant.pk, safety_officer.pk]
    assert _ids(query="toàn") == [safety_officer.pk, accountant.pk]
    assert set(_ids(query="toan")) == {accountant.pk, safety_officer.pk}


def test_nfd_and_old_tone_placement_are_the_same_query(accountant, safety_officer):
    import unicodedata

    assert _ids(query=unicodedata.normalize("NFD", "kế toán"))[0] == accountant.pk


def test_employer_name_matches(make_employer, make_vacancy):
    employer = make_employer(name="Công ty Cổ phần Sông Đà 9")
    vacancy = make_vacancy(employer=employer, title="Công nhân xây dựng", occupation_code="7111")
    assert _ids(query="song da") == [vacancy.pk]


def test_closed_and_expired_never_shown(accountant, expired, closed):
    assert _ids(query="ke toan") == [accountant.pk]
    assert _ids() == [accountant.pk]


def test_expired_today_is_still_open_until_the_day_ends(today, make_vacancy):
    vacancy = make_vacancy(
        title="Thủ kho",
        occupation_code="4321",
        opened_on=(today - dt.timedelta(days=3)).isoformat(),
        deadline=today.isoformat(),
    )
    assert _ids(query="thu kho") == [vacancy.pk]
    assert [
        v.pk
        for v in selectors.vacancy_search(BoardFilters(query="thu kho"), today=today + dt.timedelta(days=1))
    ] == []


def test_province_filter(accountant, ha_noi_vacancy):
    assert set(_ids(query="ke toan")) == {accountant.pk, ha_noi_vacancy.pk}
    assert _ids(query="ke toan", province="01") == [ha_noi_vacancy.pk]
    assert _ids(query="ke toan", province="11") == [accountant.pk]


def test_occupation_filter_by_code_prefix_and_by_name(accountant, welder, safety_officer):
    assert _ids(occupation="72") == [welder.pk]
    assert _ids(occupation="7212") == [welder.pk]
    assert _ids(occupation="24") == [accountant.pk]
    assert _ids(occupation="ke toan") == [accountant.pk]
    assert _ids(occupation="thợ hàn") == [welder.pk]
    assert _ids(occupation="9") == []


def test_unknown_occupation_name_says_so(accountant):
    filters = BoardFilters(occupation="phi hành gia vũ trụ xyz")
    assert list(selectors.vacancy_search(filters)) == []
    assert filters.notes


def test_minimum_wage_filter(accountant, welder, safety_officer):
    # A vacancy qualifies when the most it offers reaches the wage wanted.
    assert set(_ids(wage_min=12_000_000)) == {accountant.pk}
    assert set(_ids(wage_min=10_500_000)) == {accountant.pk, safety_officer.pk}
    assert set(_ids(wage_min=10_000_000)) == {accountant.pk, safety_officer.pk, welder.pk}


def test_sort_by_wage_and_newest(accountant, welder, safety_officer):
    assert _ids(sort="wage") == [accountant.pk, safety_officer.pk, welder.pk]
    assert _ids(sort="newest") == [safety_officer.pk, welder.pk, accountant.pk]


def test_search_is_two_queries_whatever_the_number_of_rows(
    client, make_vacancy, django_assert_max_num_queries
):
    employer = make_vacancy(title="Kế toán viên", occupation_code="2411").employer
    for i in range(25):
        make_vacancy(employer=employer, title=f"Kế toán viên {i}", occupation_code="2411")
    with django_assert_max_num_queries(4):  # session-less page: count + rows (+ provinces)
        response = client.get("/viec-lam/", {"q": "ke toan"})
    assert response.status_code == 200


def test_page_searches_without_js_and_pages(client, make_vacancy):
    employer = make_vacancy(title="Kế toán viên", occupation_code="2411").employer
    for i in range(24):
        make_vacancy(employer=employer, title=f"Kế toán viên {i}", occupation_code="2411")
    first = client.get("/viec-lam/", {"q": "ke toan"}).content.decode()
    assert "25" in first and "?q=ke+toan&amp;page=2" in first
    second = client.get("/viec-lam/", {"q": "ke toan", "page": 2}).content.decode()
    assert second.count('href="/viec-lam/') >= 5


def test_htmx_answers_only_the_results(client, accountant):
    response = client.get("/viec-lam/", {"q": "ke toan"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Kế toán tổng hợp" in body
    assert "<form" not in body


def test_bad_wage_is_ignored_with_a_note(client, accountant):
    response = client.get("/viec-lam/", {"wage_min": "nhiều tiền"})
    assert response.status_code == 200
    assert "Kế toán tổng hợp" in response.content.decode()


def test_wage_in_vietnamese_format(client, accountant):
    body = client.get("/viec-lam/", {"q": "ke toan"}).content.decode()
    assert "9.000.000 – 14.000.000 đ" in body


def test_detail_of_open_vacancy_and_404_for_closed_or_expired(client, accountant, expired, closed):
    body = client.get(f"/viec-lam/{accountant.pk}/").content.decode()
    assert "Kế toán tổng hợp" in body and accountant.employer.name in body
    assert "9.000.000 – 14.000.000 đ" in body
    assert client.get(f"/viec-lam/{expired.pk}/").status_code == 404
    assert client.get(f"/viec-lam/{closed.pk}/").status_code == 404
    assert client.get("/viec-lam/999999/").status_code == 404


def test_employer_contact_is_private_unless_marked_public(client, counsellor, accountant):
    from ansinh.jobboard import services

    body = client.get(f"/viec-lam/{accountant.pk}/").content.decode()
    assert "0912000111" not in body and "tuyendung@dienbienxanh.vn" not in body
    assert "Trung tâm Dịch vụ việc làm tỉnh Điện Biên" in body
    services.employer_contact_set(actor=counsellor, employer_id=accountant.employer_id, public=True)
    body = client.get(f"/viec-lam/{accountant.pk}/").content.decode()
    assert "0912000111" in body and "tuyendung@dienbienxanh.vn" in body


def test_centre_contact_replaces_the_default(client, counsellor, accountant):
    from ansinh.jobboard import services

    services.centre_contact_save(
        actor=counsellor,
        values={
            "name": "Trung tâm DVVL Điện Biên",
            "phone": "0215 3825 999",
            "address": "Phường Điện Biên Phủ",
        },
    )
    body = client.get(f"/viec-lam/{accountant.pk}/").content.decode()
    assert "Trung tâm DVVL Điện Biên" in body and "02153825999" in body


def test_nothing_about_seekers_on_public_pages(client, make_seeker, accountant):
    seeker = make_seeker(title="Kế toán viên", person_overrides={"full_name": "Lò Thị Kế Toán"})
    person = seeker.person
    for url in ("/viec-lam/?q=ke+toan", f"/viec-lam/{accountant.pk}/", "/api/v1/board/vacancies?q=ke%20toan",
                f"/api/v1/board/vacancies/{accountant.pk}"):  # fmt: skip
        body = client.get(url).content.decode()
        assert person.full_name not in body
        assert person.personal_id not in body
        assert person.phone not in body


def test_punctuation_in_the_query_separates_words(accountant):
    assert _ids(query="kế-toán,") == [accountant.pk]
    assert _ids(query="   ") == [accountant.pk]


def test_counts_stop_at_the_cap(client, make_vacancy, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    employer = make_vacancy(title="Thủ kho", occupation_code="4321").employer
    for _ in range(4):
        make_vacancy(employer=employer, title="Thủ kho", occupation_code="4321")
    body = client.get("/viec-lam/", {"q": "thu kho"}).content.decode()
    assert "Tìm thấy hơn 3 vị trí" in body
    data = client.get("/api/v1/board/vacancies", {"q": "thu kho"}).json()
    assert (data["count"], data["more"]) == (3, True)
