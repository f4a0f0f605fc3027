"""Register interest: validation named per field, consent, honeypot, rate limit, the counsellor's queue."""

from __future__ import annotations

import pytest

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.core.phones import compact, validate_mobile
from ansinh.jobboard import services
from ansinh.jobboard.inputs import InterestData
from ansinh.jobboard.models import InterestStatus, VacancyInterest

pytestmark = pytest.mark.django_db

GOOD = {"full_name": "nguyễn thị hoà", "phone": "+84 912 345 678", "email": "Hoa@Example.vn", "consent": True}


def _fields(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0912345678", "0912345678"), ("0912 345 678", "0912345678"), ("+84912345678", "0912345678"),
     ("84 912.345.678", "0912345678"), ("(039) 123-4567", "0391234567"), ("0561234567", "0561234567")],
)  # fmt: skip
def test_mobile_numbers_accepted(typed, stored):
    assert validate_mobile(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [("", "phone.required"), ("09123", "phone.invalid"), ("01234567890", "phone.old_mobile"),
     ("0212345678", "phone.invalid"), ("091234567a", "phone.not_digits"), ("02153825111", "phone.invalid")],
)  # fmt: skip
def test_mobile_numbers_refused(typed, code):
    with pytest.raises(ApplicationError) as exc:
        validate_mobile(typed)
    assert exc.value.code == code and exc.value.field == "phone"
    assert compact(typed) is not None


def test_interest_saved_normalised_and_audited_without_contact_details(accountant):
    row = services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.1")
    assert row.full_name == "Nguyễn Thị Hòa"
    assert row.phone == "0912345678" and row.email == "hoa@example.vn"
    assert row.province_code == "11" and row.commune_id == accountant.commune_id
    assert row.status == InterestStatus.NEW and row.consent_at is not None
    event = AuditEvent.objects.get(object_type="jobboard.vacancyinterest", object_id=str(row.pk))
    assert event.action == AuditAction.CREATE
    assert "0912345678" not in str(event.after) and "Hòa" not in str(event.after)


def test_every_field_error_at_once(accountant):
    with pytest.raises(ValidationFailed) as exc:
        services.interest_register(
            vacancy_id=accountant.pk,
            data=InterestData(full_name="", phone="12345", email="not-an-address", consent=False),
        )
    assert _fields(exc.value) == {
        "full_name": "full_name.required",
        "phone": "phone.invalid",
        "email": "email.invalid",
        "consent": "consent.required",
    }
    assert not VacancyInterest.objects.exists()


def test_closed_or_expired_vacancy_takes_no_interest(expired, closed):
    for vacancy in (expired, closed):
        with pytest.raises(NotFound):
            services.interest_register(vacancy_id=vacancy.pk, data=InterestData(**GOOD))


def test_honeypot_refuses(accountant):
    with pytest.raises(ApplicationError) as exc:
        services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD, trap="http://spam"))
    assert exc.value.code == "form.rejected"
    assert not VacancyInterest.objects.exists()


def test_rate_limit_per_address(accountant, settings):
    settings.JOBBOARD_RATE_LIMIT = 3
    for _ in range(3):
        services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.9")
    with pytest.raises(services.TooManyRequests) as exc:
        services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.9")
    assert exc.value.status == 429
    # Another address is not affected, and refused forms do not count.
    services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.10")
    assert VacancyInterest.objects.count() == 4


# --- the web form -----------------------------------------------------------------------------------


def test_web_form_success_redirects_with_message(client, accountant):
    response = client.post(
        f"/viec-lam/{accountant.pk}/quan-tam/",
        {"full_name": "Lò Văn Thắng", "phone": "0987 654 321", "consent": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Cảm ơn" in response.content.decode()
    assert VacancyInterest.objects.get().phone == "0987654321"


def test_web_form_errors_beside_fields_in_vietnamese(client, accountant):
    response = client.post(f"/viec-lam/{accountant.pk}/quan-tam/", {"full_name": "", "phone": "0123"})
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        'id="id_phone_error"' in body
        and 'id="id_full_name_error"' in body
        and 'id="id_consent_error"' in body
    )
    assert "Số di động có 10 chữ số" in body


def test_web_form_needs_csrf(accountant):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/viec-lam/{accountant.pk}/quan-tam/", {"full_name": "A B", "phone": "0912345678", "consent": "on"}
    )
    assert response.status_code == 403
    assert not VacancyInterest.objects.exists()


def test_web_form_rate_limited(client, accountant, settings):
    settings.JOBBOARD_RATE_LIMIT = 1
    data = {"full_name": "Lò Văn Thắng", "phone": "0987654321", "consent": "on"}
    assert client.post(f"/viec-lam/{accountant.pk}/quan-tam/", data).status_code == 302
    assert client.post(f"/viec-lam/{accountant.pk}/quan-tam/", data).status_code == 429


# --- the counsellor's queue -------------------------------------------------------------------------


@pytest.fixture
def interest(accountant):
    return services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD))


def test_queue_shows_the_province_only(client, counsellor, other_counsellor, interest):
    client.force_login(counsellor)
    body = client.get("/labour/board/interests/").content.decode()
    assert "Nguyễn Thị Hòa" in body and "0912345678" in body
    assert client.get(f"/labour/board/interests/{interest.pk}/").status_code == 200
    assert AuditEvent.objects.filter(
        object_id=str(interest.pk), action=AuditAction.VIEW, actor=counsellor
    ).exists()
    client.force_login(other_counsellor)
    assert "Nguyễn Thị Hòa" not in client.get("/labour/board/interests/").content.decode()
    assert client.get(f"/labour/board/interests/{interest.pk}/").status_code == 404
    assert (
        client.post(f"/labour/board/interests/{interest.pk}/handle/", {"confirmed": "1"}).status_code == 404
    )


def test_queue_refuses_roles_and_anonymous(client, commune_officer, province_officer, interest):
    assert client.get("/labour/board/interests/").status_code == 302
    for user in (commune_officer, province_officer):
        client.force_login(user)
        assert client.get("/labour/board/interests/").status_code == 403
        assert (
            client.post(f"/labour/board/interests/{interest.pk}/handle/", {"confirmed": "1"}).status_code
            == 403
        )
    with pytest.raises(PermissionDenied):
        services.interest_mark_handled(actor=commune_officer, interest_id=interest.pk)


def test_mark_handled(client, counsellor, interest):
    client.force_login(counsellor)
    response = client.post(
        f"/labour/board/interests/{interest.pk}/handle/", {"confirmed": "1", "note": "Đã gọi, hẹn phỏng vấn"}
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.HANDLED and interest.handled_note == "Đã gọi, hẹn phỏng vấn"
    assert AuditEvent.objects.filter(object_id=str(interest.pk), action=AuditAction.UPDATE).exists()
    with pytest.raises(ApplicationError):
        services.interest_mark_handled(actor=counsellor, interest_id=interest.pk)


def test_register_as_job_seeker_from_the_request(client, counsellor, interest, commune_a):
    from ansinh.labour.models import JobSeeker

    client.force_login(counsellor)
    page = client.get(f"/labour/board/interests/{interest.pk}/seeker/").content.decode()
    assert 'value="Nguyễn Thị Hòa"' in page and 'value="0912345678"' in page
    response = client.post(
        f"/labour/board/interests/{interest.pk}/seeker/",
        {"full_name": "Nguyễn Thị Hòa", "birth_date": "02/03/1996", "sex": "F", "ethnicity": "01",
         "phone": "0912345678", "commune": str(commune_a.pk), "title": "Kế toán", "occupation_codes": "2411",
         "general_education": "3", "qualification": "4", "consent_contact": "on",
         "desired_provinces": ["11"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    seeker = JobSeeker.objects.get()
    interest.refresh_from_db()
    assert interest.seeker_id == seeker.pk and interest.status == InterestStatus.HANDLED
    assert seeker.person.full_name == "Nguyễn Thị Hòa"


def test_register_as_job_seeker_errors_stay_on_the_form(client, counsellor, interest):
    client.force_login(counsellor)
    response = client.post(f"/labour/board/interests/{interest.pk}/seeker/", {"full_name": "Nguyễn Thị Hòa"})
    assert response.status_code == 422
    interest.refresh_from_db()
    assert interest.status == InterestStatus.NEW and interest.seeker_id is None


def test_queue_query_count_does_not_grow(
    client, counsellor, accountant, welder, django_assert_max_num_queries
):
    for vacancy in (accountant, welder) * 5:
        services.interest_register(vacancy_id=vacancy.pk, data=InterestData(**GOOD))
    client.force_login(counsellor)
    with django_assert_max_num_queries(8):  # session, user, scope unit, rows, two counts (+ savepoints)
        response = client.get("/labour/board/interests/")
    assert response.content.decode().count("0912345678") == 10


def test_registering_the_asker_never_links_a_person_of_another_province(
    accountant, counsellor, make_person, other_province_officer, ha_noi_commune
):
    from ansinh.labour.models import JobSeeker
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person

    far_away = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, birth_date="1985-06-17"
    )
    row = services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.2")
    seeker = {"commune_id": accountant.commune_id, "title": "Kế toán", "general_education": 3,
              "desired_provinces": ["11"]}  # fmt: skip
    person = {"full_name": far_away.full_name, "personal_id": far_away.personal_id, "birth_year": 1985,
              "sex": far_away.sex}  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        services.interest_register_seeker(
            actor=counsellor, interest_id=row.pk, data=parse_seeker(seeker), person=parse_person(person)
        )
    assert [e.code for e in exc.value.errors] == ["personal_id.registered_elsewhere"]
    assert not JobSeeker.objects.filter(person=far_away).exists()


def test_registering_the_asker_checks_possible_duplicates(accountant, counsellor, make_person):
    """The asker typed without a number, like a person already registered: the candidates come back."""
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person
    from ansinh.registry.resolve import PossibleDuplicate

    known = make_person(full_name="Nguyễn Thị Hòa", birth_date="1990-04-12", personal_id="", phone="")
    row = services.interest_register(vacancy_id=accountant.pk, data=InterestData(**GOOD), client="10.0.0.3")
    seeker = {"commune_id": known.commune_id, "title": "Kế toán", "general_education": 3}
    person = {"full_name": "nguyen thi hoa", "birth_date": "1990-04-12", "sex": "F"}
    with pytest.raises(PossibleDuplicate) as exc:
        services.interest_register_seeker(
            actor=counsellor, interest_id=row.pk, data=parse_seeker(seeker), person=parse_person(person)
        )
    assert [c["id"] for c in exc.value.candidates] == [known.pk]
    linked = services.interest_register_seeker(
        actor=counsellor, interest_id=row.pk, data=parse_seeker(seeker),
        person=parse_person({**person, "link_to": known.pk}),
    )  # fmt: skip
    assert linked.person_id == known.pk
