"""The labour lists on the list kit: every declared column sorts both ways, filters apply, the default
status (active seekers, open vacancies) can be widened to all, and 'Xuất Excel' writes the filtered rows
with personal IDs masked; the API's exports keep working."""

from __future__ import annotations

import pytest

from ansinh.core.identifiers import personal_id as pid
from tests.core.test_listkit import xlsx_rows, xlsx_text

pytestmark = pytest.mark.django_db

LISTS = [
    "/labour/seekers/",
    "/labour/employers/",
    "/labour/vacancies/",
    "/labour/referrals/",
    "/labour/fairs/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_column_sorts_both_ways_and_exports(path, client, counsellor, make_seeker, make_vacancy):
    make_seeker()
    make_vacancy()
    client.force_login(counsellor)
    page = client.get(path).context["list"]
    for header in page.headers:
        if header.url:
            for sort in (header.column.name, f"-{header.column.name}"):
                assert client.get(path, {"sort": sort}).status_code == 200, sort
    response = client.post(path)
    assert response.status_code == 200 and xlsx_rows(response.content) >= 5


def test_seekers_default_to_active_and_export_masked(client, counsellor, make_seeker):
    seeker = make_seeker(person_overrides={"full_name": "Nguyễn Thị Hoà"})
    client.force_login(counsellor)
    assert client.get("/labour/seekers/").context["list"].total == 1
    assert client.get("/labour/seekers/", {"status": "closed"}).context["list"].total == 0
    assert client.get("/labour/seekers/", {"status": ""}).context["list"].total == 1
    text = xlsx_text(client.post("/labour/seekers/?q=nguyen").content)
    number = seeker.person.personal_id
    assert seeker.person.full_name in text and pid.mask(number) in text and number not in text


def test_seekers_of_another_province_never_appear(client, other_counsellor, make_seeker):
    make_seeker()
    client.force_login(other_counsellor)
    assert client.get("/labour/seekers/").context["list"].total == 0
    assert xlsx_rows(client.post("/labour/seekers/").content) == 5  # the header block only


def test_the_api_exports_keep_working(client, counsellor, make_seeker):
    make_seeker()
    client.force_login(counsellor)
    assert client.get("/labour/seekers/export/", {"format": "csv"}).status_code == 200
