"""The list kit: paging with a bounded total, sorting by declared columns (codes in natural order), each
filter kind, scope in the list, the count and the export, masking, audited exports, the background export
for large lists whose file only its owner may fetch, and no 500 for any parameter."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from ansinh.core.models import AuditAction, AuditEvent, Job, JobStatus
from ansinh.core.webkit import listkit as lk
from ansinh.core.webkit.listkit import export
from ansinh.registry.models import Household
from ansinh.web import lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def xlsx_text(content: bytes) -> str:
    """The text of a workbook's sheet and shared strings (no spreadsheet reader needed)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        names = [n for n in book.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]
        return "".join(book.read(n).decode() for n in names)


def xlsx_rows(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return len(re.findall(r"<row ", book.read("xl/worksheets/sheet1.xml").decode()))


def _household(code, commune, head=None):
    return Household.objects.create(
        code=code, commune=commune, province_code=commune.province_code, head=head
    )


def _page(definition, actor, **params):
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = str(value)
    return lk.ListPage.read(definition, actor=actor, get=query, path="/x/")


SMALL = lk.ListDef(
    name="test.households",
    title="Test households",
    url_name="web:household_list",
    rows=lists.HOUSEHOLDS.rows,
    columns=lists.HOUSEHOLDS.columns,
    filters=lists.HOUSEHOLDS.filters,
    order="code",
    page_size=3,
    cap=5,
)


# --- paging and totals ------------------------------------------------------------------------------


def test_pages_through_every_row_with_a_total(province_officer, commune_a):
    for n in range(5):
        _household(f"H{n}", commune_a)
    first, last = _page(SMALL, province_officer), _page(SMALL, province_officer, page=2)
    assert first.total == 5 and not first.capped
    assert [r[0].text for r in first.rows] == ["H0", "H1", "H2"]
    assert [r[0].text for r in last.rows] == ["H3", "H4"]
    assert first.next_url.endswith("page=2") and not last.next_url


def test_the_count_stops_at_the_cap_and_says_more(province_officer, commune_a):
    for n in range(7):
        _household(f"H{n}", commune_a)
    page = _page(SMALL, province_officer)
    assert page.capped and page.total == 5
    with translation.override("en"):
        html = render_to_string("listkit/results.html", {"list": page})
    assert "More than 5 found" in html
    assert 'aria-current="page">1<' in html and "page=2" in html


def test_a_page_past_the_end_shows_the_last_page(province_officer, commune_a):
    for n in range(4):
        _household(f"H{n}", commune_a)
    assert [r[0].text for r in _page(SMALL, province_officer, page=99).rows] == ["H3"]


# --- sorting ----------------------------------------------------------------------------------------


def test_codes_sort_naturally_in_the_database(province_officer, commune_a):
    for code in ("1020", "113", "100", "99"):
        _household(code, commune_a)
    up = _page(lists.HOUSEHOLDS, province_officer)
    down = _page(lists.HOUSEHOLDS, province_officer, sort="-code")
    assert [r[0].text for r in up.rows] == ["99", "100", "113", "1020"]
    assert [r[0].text for r in down.rows] == ["1020", "113", "100", "99"]
    assert "LENGTH" in str(up.queryset.query).upper()


@pytest.mark.parametrize("column", [c.name for c in lists.HOUSEHOLDS.columns if c.sortable])
def test_sorts_by_each_declared_column(column, province_officer, commune_a, commune_b, make_person):
    heads = [make_person(full_name=name) for name in ("Lò Văn Bình", "Cà Thị An", "Quàng Văn Chiến")]
    for n, (head, commune) in enumerate(zip(heads, (commune_b, commune_a, commune_a), strict=True)):
        _household(f"H{n}", commune, head)
    index = [c.name for c in lists.HOUSEHOLDS.columns].index(column)
    up = [r[index].text for r in _page(lists.HOUSEHOLDS, province_officer, sort=column).rows]
    down = [r[index].text for r in _page(lists.HOUSEHOLDS, province_officer, sort=f"-{column}").rows]
    assert len(up) == 3
    assert down == list(reversed(up)) or len(set(up)) < 3
    page = _page(lists.HOUSEHOLDS, province_officer, sort=column)
    assert page.headers[index].aria_sort == "ascending"
    assert f"sort=-{column}" in page.headers[index].url


def test_sorting_is_only_by_declared_columns_and_always_has_a_tie_breaker(province_officer):
    page = _page(lists.HOUSEHOLDS, province_officer, sort="address")  # declared but not sortable
    assert page.sort == "code"
    page = _page(lists.HOUSEHOLDS, province_officer, sort="head__person__password")
    assert page.sort == "code"
    assert str(page.queryset.query).rstrip().endswith('."id" ASC')


def test_header_links_keep_the_other_parameters(province_officer):
    page = _page(lists.HOUSEHOLDS, province_officer, q="lo", page=3)
    url = page.headers[1].url
    assert "q=lo" in url and "sort=head" in url and "page=" not in url


# --- filters ----------------------------------------------------------------------------------------


def test_households_are_found_by_the_heads_name_without_accents(province_officer, commune_a, make_person):
    _household("H1", commune_a, make_person(full_name="Lò Văn Bình"))
    _household("H2", commune_a, make_person(full_name="Cà Thị An"))
    page = _page(lists.HOUSEHOLDS, province_officer, q="lo van")
    assert [r[0].text for r in page.rows] == ["H1"]
    assert [r[0].text for r in _page(lists.HOUSEHOLDS, province_officer, q="h2").rows] == ["H2"]


def test_unit_filter_offers_and_applies_only_communes_in_scope(
    province_officer, commune_a, commune_b, ha_noi_commune
):
    _household("A1", commune_a)
    _household("B1", commune_b)
    page = _page(lists.HOUSEHOLDS, province_officer, commune=commune_b.pk)
    assert [r[0].text for r in page.rows] == ["B1"]
    outside = _page(lists.HOUSEHOLDS, province_officer, commune=ha_noi_commune.pk)
    assert outside.notices and outside.total == 2  # refused, said, ignored


def test_number_range_filter(province_officer, commune_a, make_person):
    from ansinh.registry.models import HouseholdMember

    full = _household("H1", commune_a)
    _household("H2", commune_a)
    for name in ("Lò Văn A", "Lò Văn B"):
        HouseholdMember.objects.create(
            household=full, person=make_person(full_name=name), relationship="head"
        )
    assert [r[0].text for r in _page(lists.HOUSEHOLDS, province_officer, members_min=2).rows] == ["H1"]
    assert [r[0].text for r in _page(lists.HOUSEHOLDS, province_officer, members_max=0).rows] == ["H2"]


def test_choice_and_date_range_filters(province_officer, make_person):
    dated = lk.ListDef(
        name="test.persons_born",
        title="Born",
        url_name="web:person_search",
        rows=lists.PERSONS.rows,
        columns=lists.PERSONS.columns,
        filters=(*lists.PERSONS.filters, lk.DateRange("born", "Born", "birth_date")),
        order="name",
    )
    make_person(full_name="Cà Văn Một", sex="M", birth_date="1980-05-06")
    make_person(full_name="Cà Thị Hai", sex="F", birth_date="1990-05-06")
    men = _page(dated, province_officer, sex="M")
    assert [r[0].text for r in men.rows] == ["Cà Văn Một"]
    born = _page(dated, province_officer, born_from="01/01/1985", born_to="06/05/1990")
    assert [r[0].text for r in born.rows] == ["Cà Thị Hai"]
    assert "Born" in born.applied and "06/05/1990" in born.applied["Born"]
    bad = _page(dated, province_officer, sex="X", born_from="31/02/1990")
    assert len(bad.notices) == 2 and bad.total == 2


def test_person_search_pages_through_all_matches_by_name_id_and_phone(province_officer, make_person):
    people = [make_person(full_name="Cà Thị Mai", phone=f"09100000{n:02d}") for n in range(4)]
    make_person(full_name="Lò Văn Pọm")
    assert _page(lists.PERSONS, province_officer, q="ca thi mai").total == 4
    assert _page(lists.PERSONS, province_officer, q=people[2].personal_id).total == 1
    assert _page(lists.PERSONS, province_officer, q="0910000003").total == 1
    assert _page(lists.PERSONS, province_officer).total == 5  # no search: the whole scope


# --- scope, masking, export -------------------------------------------------------------------------


def test_another_communes_rows_never_appear(commune_officer, commune_a, commune_b, login):
    _household("A1", commune_a)
    _household("B1", commune_b)
    page = _page(lists.HOUSEHOLDS, commune_officer, commune=commune_b.pk)
    assert [r[0].text for r in page.rows] == ["A1"] and page.total == 1
    response = login(commune_officer).post(f"/households/?commune={commune_b.pk}")
    text = xlsx_text(response.content)
    assert "A1" in text and "B1" not in text


def test_commune_officer_browses_the_whole_commune(commune_officer, make_person, login):
    for n in range(3):
        make_person(full_name=f"Lò Văn {'ABC'[n]}")
    body = login(commune_officer).get("/persons/").content.decode()
    assert body.count("Lò Văn") == 3


def test_personal_ids_are_masked_in_the_list_and_the_export(commune_officer, make_person, login):
    from ansinh.core.identifiers import personal_id as pid

    person = make_person(full_name="Đặng Thị Dương")
    client = login(commune_officer)
    body = client.get("/persons/").content.decode()
    assert pid.mask(person.personal_id) in body and person.personal_id not in body
    response = client.post("/persons/?q=dang")
    assert response["Content-Type"] == export.XLSX_TYPE
    text = xlsx_text(response.content)
    assert pid.mask(person.personal_id) in text and person.personal_id not in text
    assert "Đặng Thị Dương" in text


def test_every_export_is_audited_with_the_list_its_filters_and_rows(commune_officer, make_person, login):
    make_person(full_name="Cà Thị Mai", sex="F")
    make_person(full_name="Cà Văn Nam", sex="M")
    response = login(commune_officer).post("/persons/?sex=F&sort=-name")
    assert response.status_code == 200
    assert xlsx_rows(response.content) == 5 + 1  # header block, column names, one row
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == commune_officer
    assert event.after["list"] == "registry.persons" and event.after["rows"] == 1
    assert any("F" in v or "Nữ" in v or "Female" in v for v in event.after["filters"].values())


def test_a_large_export_goes_to_a_job_whose_file_only_its_owner_gets(
    settings,
    commune_officer,
    other_commune_officer,
    province_officer,
    make_person,
    login,
    django_capture_on_commit_callbacks,
):
    settings.LIST_EXPORT_SYNC_ROWS = 2
    for n in range(3):
        make_person(full_name=f"Cà Thị {'ABC'[n]}")
    client = login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/persons/")
    job = Job.objects.get(kind=export.JOB_KIND)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["rows"] == 3
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, after__job=job.pk).count() == 1
    download = client.get(job.result["url"])
    assert download.status_code == 200
    assert xlsx_rows(b"".join(download.streaming_content)) == 5 + 3
    assert login(other_commune_officer).get(job.result["url"]).status_code == 404
    assert login(province_officer).get(job.result["url"]).status_code == 404
    downloads = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="core.job")
    assert downloads.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "sort=bogus",
        "sort=-",
        "page=abc",
        "page=-4",
        "page=99999999999999999999999",
        "commune=xyz",
        "commune=99999999999999999999999",
        "birth_year_min=abc&birth_year_max=-1",
        "birth_year=1985abc",
        "sex=Z",
        "status=%00",
        "q=%00%00",
        "q=" + "a" * 500,
        "q=(((",
        "q=1985",
    ],
)
def test_invalid_parameters_never_give_a_500(query, province_officer, login):
    client = login(province_officer)
    for url in ("/persons/", "/households/"):
        status = client.get(f"{url}?{query}").status_code
        assert status == (400 if "%00" in query else 200)  # a NUL is refused before any view
