"""Seeker, employer and vacancy services: validation (every error at once), one person once, scope,
optimistic locking, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.labour.models import JobSeeker, SeekerPlace, Vacancy
from ansinh.labour.registration import services
from ansinh.labour.registration.inputs import parse_employer, parse_seeker, parse_vacancy
from ansinh.registry.inputs import parse_person
from ansinh.registry.models import Person
from tests.labour.conftest import person_raw, seeker_raw

pytestmark = pytest.mark.django_db


def _codes(exc) -> set[str]:
    return {e.code for e in exc.value.errors}


# --- seekers ---------------------------------------------------------------------------------------


def test_register_new_person_and_seeker(counsellor, commune_a):
    seeker = services.seeker_register(
        actor=counsellor,
        data=parse_seeker(seeker_raw(commune_a, occupation_codes="7212, 7214", desired_provinces="11,01")),
        person=parse_person(person_raw(full_name="lò  văn THẮNG")),
    )
    assert seeker.person.full_name == "Lò Văn Thắng"
    assert seeker.person.commune_id == commune_a.pk
    assert (seeker.province_code, seeker.commune_id) == ("11", commune_a.pk)
    assert (seeker.title, seeker.title_accented, seeker.title_folded) == (
        "Thợ hàn điện",
        "thợ hàn điện",
        "tho han dien",
    )
    assert seeker.occupation_code == "7212"
    assert list(seeker.occupations.values_list("occupation_code", "rank")) == [("7212", 1), ("7214", 2)]
    assert set(SeekerPlace.objects.filter(seeker=seeker).values_list("province_code", flat=True)) == {
        "11",
        "01",
    }
    assert seeker.skills_folded == "doc ban ve|han mig"
    assert seeker.search_folded == "lo van thang tho han dien 7212"
    assert seeker.consent_at is not None
    event = AuditEvent.objects.get(object_type="labour.jobseeker", object_id=str(seeker.pk))
    assert event.action == "create" and event.after["occupation_codes"] == ["7212", "7214"]
    assert AuditEvent.objects.filter(object_type="registry.person", object_id=str(seeker.person_id)).exists()


def test_occupation_mapped_from_title_when_no_code(make_seeker):
    assert make_seeker(title="Tài xế xe tải").occupation_code == "8332"


def test_existing_person_found_by_personal_id(make_person, counsellor, commune_a):
    person = make_person(full_name="Nguyễn Thị Hòa", sex="F", birth_date="1990-04-02")
    raw = {"full_name": "NGUYEN THI HOA", "personal_id": person.personal_id, "birth_year": 1990, "sex": "F"}
    seeker = services.seeker_register(
        actor=counsellor, data=parse_seeker(seeker_raw(commune_a)), person=parse_person(raw)
    )
    assert seeker.person_id == person.pk
    assert Person.objects.filter(personal_id=person.personal_id).count() == 1


def test_personal_id_of_someone_else_is_refused(make_person, counsellor, commune_a):
    person = make_person(full_name="Nguyễn Thị Hòa", birth_date="1990-04-02")
    raw = {"full_name": "Trần Văn Nam", "personal_id": person.personal_id, "birth_year": 1990, "sex": "M"}
    with pytest.raises(ValidationFailed) as exc:
        services.seeker_register(
            actor=counsellor, data=parse_seeker(seeker_raw(commune_a)), person=parse_person(raw)
        )
    assert "personal_id.other_person" in _codes(exc)
    assert not JobSeeker.objects.exists()


def test_every_error_at_once_and_nothing_saved(counsellor, commune_a):
    raw = seeker_raw(
        commune_a,
        title="",
        general_education="",
        wage_min=9_000_000,
        wage_max=5_000_000,
        occupation_codes="9999",
        email="not-mail",
        work_type="sometimes",
    )
    with pytest.raises(ValidationFailed) as exc:
        services.seeker_register(
            actor=counsellor, data=parse_seeker(raw), person=parse_person(person_raw(full_name="", sex="X"))
        )
    assert {
        "title.required",
        "general_education.required",
        "wage_max.below_min",
        "occupation_codes.unknown",
        "email.invalid",
        "work_type.invalid",
        "full_name.required",
        "sex.invalid",
    } <= _codes(exc)
    assert not JobSeeker.objects.exists()
    assert not Person.objects.exists()  # the new person was rolled back with the refusal


def test_an_unrecognised_title_is_kept_for_a_counsellor(make_seeker):
    seeker = make_seeker(title="xyz qwerty")  # not refused: kept, and queued for a code
    assert not seeker.occupation_confirmed and seeker.occupation_code == ""
    assert not seeker.occupations.exists()


def test_an_uncertain_title_keeps_its_best_candidates(make_seeker):
    seeker = make_seeker(title="Nhân viên vận hành xưởng tráng gương")
    assert not seeker.occupation_confirmed
    codes = [part.split(":")[0] for part in seeker.occupation_candidates.split()]
    assert codes and seeker.occupation_code == codes[0]


def test_a_recognised_title_or_a_given_code_is_confirmed(make_seeker, make_person):
    seeker = make_seeker(title="Công nhân nuôi tôm")
    assert seeker.occupation_confirmed and seeker.occupation_code == "6221"
    other = make_seeker(title="xyz qwerty", occupation_codes=["7212"], person=make_person())
    assert other.occupation_confirmed and other.occupation_candidates == ""


def test_confirming_codings_in_bulk(counsellor, other_counsellor, make_seeker, make_person, make_vacancy):
    from ansinh.core.errors import ApplicationError, NotFound
    from ansinh.labour.registration.services import occupations_confirm

    first = make_seeker(title="Nhân viên vận hành xưởng tráng gương")
    second = make_seeker(title="xyz qwerty", person=make_person())
    with pytest.raises(NotFound):  # another province's counsellor does not see them
        occupations_confirm(actor=other_counsellor, kind="seekers", choices={first.pk: "8181"})
    with pytest.raises(ApplicationError) as exc:
        occupations_confirm(actor=counsellor, kind="seekers", choices={first.pk: "99"})
    assert exc.value.code == "occupation_code.unknown"
    done = occupations_confirm(
        actor=counsellor, kind="seekers", choices={first.pk: first.occupation_code, second.pk: "8181"}
    )
    assert done == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.occupation_confirmed and second.occupation_confirmed
    assert second.occupation_code == "8181"
    assert list(second.occupations.values_list("occupation_code", flat=True)) == ["8181"]
    assert occupations_confirm(actor=counsellor, kind="seekers", choices={first.pk: "8181"}) == 0  # done
    vacancy = make_vacancy(title="Vị trí ABC XYZ")
    assert not vacancy.occupation_confirmed
    assert occupations_confirm(actor=counsellor, kind="vacancies", choices={vacancy.pk: "9329"}) == 1


def test_too_young_and_second_open_registration(today, make_seeker, make_person):
    child = make_person(birth_date=f"{today.year - 14}-01-01")
    with pytest.raises(ValidationFailed) as exc:
        make_seeker(person=child)
    assert "person.too_young" in _codes(exc)
    adult = make_person(birth_date="1990-01-01")
    make_seeker(person=adult)
    with pytest.raises(ValidationFailed) as exc:
        make_seeker(person=adult)
    assert "seeker.already_registered" in _codes(exc)


def test_commune_outside_scope_reads_as_not_found(make_seeker, ha_noi_commune):
    with pytest.raises(ValidationFailed) as exc:
        make_seeker(commune=ha_noi_commune)
    assert "commune.not_found" in _codes(exc)


def test_roles_without_labour_change_are_refused(make_seeker, analyst, province_officer, commune_officer):
    for actor in (analyst, province_officer, commune_officer):
        with pytest.raises(PermissionDenied):
            make_seeker(actor=actor)


def test_update_with_stale_version_conflicts(make_seeker, counsellor, commune_a):
    seeker = make_seeker()
    raw = seeker_raw(commune_a, title="Thợ hàn MIG", wage_min=8_000_000)
    updated = services.seeker_update(
        actor=counsellor, seeker_id=seeker.pk, data=parse_seeker(raw), expected_version=seeker.version
    )
    assert updated.version == 2 and updated.title == "Thợ hàn MIG" and updated.wage_min == 8_000_000
    event = AuditEvent.objects.filter(object_id=str(seeker.pk), action="update").get()
    assert event.before == {"title": "Thợ hàn điện", "wage_min": 7_000_000}
    with pytest.raises(Conflict):
        services.seeker_update(
            actor=counsellor, seeker_id=seeker.pk, data=parse_seeker(raw), expected_version=1
        )


def test_other_province_counsellor_gets_not_found(make_seeker, other_counsellor, commune_a):
    seeker = make_seeker()
    with pytest.raises(NotFound):
        services.seeker_update(
            actor=other_counsellor, seeker_id=seeker.pk, data=parse_seeker(seeker_raw(commune_a))
        )
    with pytest.raises(NotFound):
        services.seeker_close(actor=other_counsellor, seeker_id=seeker.pk, reason="withdrawn")


def test_close_seeker(today, make_seeker, counsellor):
    seeker = make_seeker()
    with pytest.raises(ValidationFailed) as refused:  # a job found is recorded as a placement
        services.seeker_close(actor=counsellor, seeker_id=seeker.pk, reason="placed")
    assert refused.value.errors[0].code == "reason.record_placement"
    closed = services.seeker_close(actor=counsellor, seeker_id=seeker.pk, reason="withdrawn")
    assert (closed.status, closed.close_reason, closed.closed_on) == ("closed", "withdrawn", today)
    with pytest.raises(ApplicationError) as exc:
        services.seeker_close(actor=counsellor, seeker_id=seeker.pk, reason="withdrawn")
    assert exc.value.code == "seeker.closed"


def test_view_full_is_audited(make_seeker, counsellor):
    seeker = make_seeker()
    services.seeker_view_full(actor=counsellor, seeker_id=seeker.pk)
    assert AuditEvent.objects.filter(object_id=str(seeker.pk), action="view").count() == 1


# --- employers -------------------------------------------------------------------------------------


def test_employer_create_and_duplicate_tax_code(make_employer, counsellor, commune_a):
    employer = make_employer(tax_code="0100233488", name="công ty tnhh  hòa bình")
    assert employer.tax_code == "0100233488" and employer.name_folded == "cong ty tnhh hoa binh"
    raw = {"tax_code": "0100-233-488", "name": "Khác", "commune_id": commune_a.pk}
    with pytest.raises(ValidationFailed) as exc:
        services.employer_create(actor=counsellor, data=parse_employer(raw))
    assert "tax_code.duplicate" in _codes(exc)


def test_employer_errors_at_once(counsellor, commune_a):
    raw = {
        "tax_code": "0100233480",
        "name": "",
        "industry_code": "Z",
        "contact_phone": "12",
        "commune_id": None,
    }
    with pytest.raises(ValidationFailed) as exc:
        services.employer_create(actor=counsellor, data=parse_employer(raw))
    assert {
        "tax_code.bad_check_digit",
        "name.required",
        "industry_code.unknown",
        "contact_phone.invalid",
        "commune.required",
    } <= _codes(exc)


def test_employer_update_version(make_employer, counsellor, commune_a):
    employer = make_employer()
    raw = {"tax_code": employer.tax_code, "name": "Tên mới", "commune_id": commune_a.pk}
    updated = services.employer_update(
        actor=counsellor, employer_id=employer.pk, data=parse_employer(raw), expected_version=1
    )
    assert updated.name == "Tên mới" and updated.version == 2
    with pytest.raises(Conflict):
        services.employer_update(
            actor=counsellor, employer_id=employer.pk, data=parse_employer(raw), expected_version=1
        )


# --- vacancies -------------------------------------------------------------------------------------


def test_vacancy_create(today, make_vacancy):
    vacancy = make_vacancy(skills="May máy 1 kim; vắt sổ")
    assert vacancy.occupation_code == "8153"
    assert vacancy.commune_id == vacancy.employer.commune_id  # the employer's commune by default
    assert vacancy.title_folded == "cong nhan may cong nghiep"
    assert vacancy.skills_folded == "may may 1 kim|vat so"
    assert vacancy.status == "open" and vacancy.opened_on == today


def test_vacancy_rules(today, make_vacancy):
    yesterday = today - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        make_vacancy(
            posts=0,
            age_min=18,
            wage_min=2_000_000,
            wage_max=3_000_000,
            deadline=yesterday.isoformat(),
            opened_on=today.isoformat(),
            occupation_code="72",
        )
    assert {
        "posts.out_of_range",
        "age_reason.required",
        "wage.below_minimum",
        "deadline.before_opening",
        "occupation_code.unknown",
    } <= _codes(exc)
    assert not Vacancy.objects.exists()


def test_vacancy_age_band_with_legal_ground(make_vacancy):
    vacancy = make_vacancy(title="Thợ mỏ", age_min=18, age_reason="Công việc nặng nhọc (BLLĐ 2019, Điều 147)")
    assert (vacancy.age_min, vacancy.occupation_code) == (18, "8111")


def test_part_time_may_pay_less_than_monthly_minimum(make_vacancy):
    assert make_vacancy(work_type="part_time", wage_min=2_000_000, wage_max=3_000_000).pk


def test_vacancy_reference_unique_per_employer(make_vacancy, make_employer):
    employer = make_employer()
    make_vacancy(employer=employer, reference="TD-01")
    with pytest.raises(ValidationFailed) as exc:
        make_vacancy(employer=employer, reference="TD-01")
    assert "reference.duplicate" in _codes(exc)
    assert make_vacancy(reference="TD-01").pk  # another employer may use it


def test_vacancy_of_other_province_employer(make_vacancy, make_employer, other_counsellor, ha_noi_commune):
    employer = make_employer()
    with pytest.raises(ValidationFailed) as exc:
        services.vacancy_create(
            actor=other_counsellor,
            data=parse_vacancy(
                {"employer_id": employer.pk, "title": "Kế toán", "commune_id": ha_noi_commune.pk}
            ),
        )
    assert "employer.not_found" in _codes(exc)


def test_vacancy_update_and_close(make_vacancy, counsellor):
    vacancy = make_vacancy()
    raw = {"employer_id": vacancy.employer_id, "title": "Công nhân may", "posts": 30, "wage_min": 6_500_000}
    updated = services.vacancy_update(
        actor=counsellor, vacancy_id=vacancy.pk, data=parse_vacancy(raw), expected_version=1
    )
    assert (updated.posts, updated.version, updated.opened_on) == (30, 2, vacancy.opened_on)
    closed = services.vacancy_close(
        actor=counsellor, vacancy_id=vacancy.pk, reason="filled", expected_version=2
    )
    assert closed.status == "closed" and closed.close_reason == "filled"
    with pytest.raises(Conflict):
        services.vacancy_close(actor=counsellor, vacancy_id=vacancy.pk, reason="filled", expected_version=2)


@pytest.mark.parametrize(
    ("on", "floor"),
    [
        (dt.date(2024, 6, 30), 3_250_000),  # Decree 38/2022/NĐ-CP, Art. 3 (region IV)
        (dt.date(2024, 7, 1), 3_450_000),  # Decree 74/2024/NĐ-CP, Art. 3
        (dt.date(2026, 1, 1), 3_700_000),  # Decree 293/2025/NĐ-CP, Art. 3
    ],
)
def test_the_wage_floor_is_the_lowest_regional_minimum_in_force(db, on, floor):
    assert services.lowest_minimum_wage(on) == floor
    assert services.lowest_minimum_wage(dt.date(2020, 1, 1)) is None  # before the first recorded row
