"""Counsellor pages of job-fair sessions under /labour/fairs/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from ansinh.core.periods import add_months, month_of
from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.fairs import services as fair_services
from ansinh.labour.models import JobFair, Placement
from tests.labour.test_fairs import fair_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(counsellor, make_seeker, make_vacancy, today):
    fair = fair_services.fair_create(actor=counsellor, data=fair_data(linked_provinces=[]))
    vacancy = make_vacancy(title="Thợ hàn điện", posts=3)
    fair_services.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=vacancy.employer_id, vacancies=[(vacancy.pk, 2)]
    )
    seeker = make_seeker()
    registration = fair_services.fair_seeker_register(actor=counsellor, fair_id=fair.pk, seeker_id=seeker.pk)
    return fair, vacancy, seeker, registration


def test_plan_a_session_through_the_form(today, client, counsellor):
    client.force_login(counsellor)
    assert client.get("/labour/fairs/new/").status_code == 200
    form = {
        "title": "Phiên giao dịch việc làm định kỳ",
        "mode": "hybrid",
        "venue": "Hội trường Trung tâm",
        "online_link": "https://vieclam.example.vn/p",
        "day": f"{today:%d/%m/%Y}",
        "start_time": "07:30",
        "end_time": "11:30",
        "slot_minutes": "15",
        "linked_provinces": ["01"],
    }
    bad = client.post("/labour/fairs/new/", {**form, "start_time": "7h30", "venue": ""})
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "HH:MM" in html or "08:30" in html
    assert JobFair.objects.count() == 0
    response = client.post("/labour/fairs/new/", form)
    fair = JobFair.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/labour/fairs/{fair.pk}/"
    assert timezone.localtime(fair.starts_at).strftime("%H:%M") == "07:30" and fair.slot_minutes == 15
    page = client.get(f"/labour/fairs/{fair.pk}/").content.decode()
    assert "Phiên giao dịch việc làm định kỳ" in page and "Trực tiếp và trực tuyến" in page
    assert "Thành phố Hà Nội" in page  # the linked province by its name, not its code
    listing = client.get("/labour/fairs/")
    assert [f.pk for f in listing.context["list"].page.object_list] == [fair.pk]


def test_session_page_registers_books_and_records_outcomes(client, counsellor, session, make_seeker):
    fair, _vacancy, seeker, registration = session
    client.force_login(counsellor)
    page = client.get(f"/labour/fairs/{fair.pk}/")
    html = page.content.decode()
    assert seeker.person.full_name in html and "Thợ hàn điện" in html
    assert seeker.person.personal_id not in html  # masked on the session page
    assert "7212" in html  # a pre-match reason names the occupation

    other = make_seeker(title="Thợ hàn hơi")
    response = client.post(f"/labour/fairs/{fair.pk}/seekers/", {"seeker": str(other.pk)})
    assert response.status_code == 302 and fair.seekers.count() == 2
    response = client.post(f"/labour/fairs/{fair.pk}/seekers/", {"seeker": other.person.personal_id})
    assert fair.seekers.count() == 2  # already registered: refused, shown as a message
    offer = fair.vacancies.get()
    slot = fair.starts_at.isoformat()
    client.post(
        f"/labour/fairs/{fair.pk}/interviews/",
        {"fair_seeker": registration.pk, "fair_vacancy": offer.pk, "slot_start": slot, "table": "C3"},
    )
    interview = fair.interviews.get()
    assert interview.table == "C3"

    row = client.post(
        f"/labour/fairs/{fair.pk}/interviews/{interview.pk}/outcome/",
        {"outcome": "hired", "placed_on": "31/02/2026"},
        headers={"HX-Request": "true"},
    )
    assert row.status_code == 200 and 'role="alert"' in row.content.decode()  # an impossible date
    row = client.post(
        f"/labour/fairs/{fair.pk}/interviews/{interview.pk}/outcome/",
        {"outcome": "hired"},
        headers={"HX-Request": "true"},
    )
    text = row.content.decode()
    assert text.lstrip().startswith("<tr") and "Được tuyển dụng" in text
    assert Placement.objects.get(seeker=seeker).source == "fair"


def test_status_and_export(client, counsellor, session):
    fair = session[0]
    client.force_login(counsellor)
    client.post(f"/labour/fairs/{fair.pk}/status/", {"status": "held", "note": "Đã tổ chức"})
    fair.refresh_from_db()
    assert fair.status == "held"
    response = client.get(f"/labour/fairs/{fair.pk}/export/", {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "Ket-qua-phien" in response["Content-Disposition"]


def test_pages_scope_and_roles(client, session, other_counsellor, commune_officer, analyst):
    fair = session[0]
    url = f"/labour/fairs/{fair.pk}/"
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(commune_officer)
    assert client.get("/labour/fairs/").status_code == 403
    client.force_login(other_counsellor)  # not linked to this session
    assert client.get(url).status_code == 404
    assert client.post(f"/labour/fairs/{fair.pk}/status/", {"status": "held"}).status_code == 404
    client.force_login(analyst)
    assert client.get(url).status_code == 200
    assert client.get("/labour/fairs/new/").status_code == 403
    assert client.post(f"{url}status/", {"status": "held"}).status_code == 403


def test_dashboard_shows_sessions_and_time_to_placement(today, client, counsellor, session):
    from ansinh.labour.referrals import services as referral_services

    _fair, _, seeker, _ = session
    referral_services.placement_record(
        actor=counsellor, seeker_id=seeker.pk, placed_on=today, employer_name="Cty May"
    )
    client.force_login(counsellor)
    response = client.get("/labour/")
    assert response.context["sessions"] == {"planned": 1, "held": 0}
    assert response.context["placements_month"] == 1
    assert response.context["time_overall"].count == 1
    assert seeker.commune.name in response.content.decode()
    since = add_months(month_of(today), -11)
    assert date_format(since, "m/Y") in response.content.decode()


def test_pages_do_not_query_per_row(client, counsellor, session, make_seeker, django_assert_max_num_queries):
    fair = session[0]
    offer = fair.vacancies.get()
    for n in range(6):
        registration = fair_services.fair_seeker_register(
            actor=counsellor, fair_id=fair.pk, seeker_id=make_seeker(title="Thợ hàn").pk
        )
        fair_services.interview_schedule(
            actor=counsellor,
            fair_id=fair.pk,
            fair_seeker_id=registration.pk,
            fair_vacancy_id=offer.pk,
            slot_start=fair_selectors.slots(fair)[n],
            table="A",
        )
    for _ in range(3):
        fair_services.fair_create(actor=counsellor, data=fair_data())
    client.force_login(counsellor)
    with django_assert_max_num_queries(20):  # constant: no query per registration or interview
        assert client.get(f"/labour/fairs/{fair.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert len(client.get("/labour/fairs/").context["list"].rows) == 4
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/labour/fairs/{fair.pk}/seekers").json()["count"] == 7
