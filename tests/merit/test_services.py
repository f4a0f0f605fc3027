"""Records, martyrs and relatives, assessments, caregivers and care: what the services accept, refuse and
audit, and what the database itself forbids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ansinh.core.errors import Conflict, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.merit import selectors, services
from ansinh.merit.inputs import (
    parse_assessment,
    parse_care,
    parse_caregiver,
    parse_martyr,
    parse_record,
    parse_relative,
)
from ansinh.merit.models import Category, InjuryAssessment, MartyrRelative, MeritRecord
from tests.merit.conftest import martyr_raw, record_raw

pytestmark = pytest.mark.django_db


def _fields(exc: ValidationFailed) -> set[str]:
    return {e.field for e in exc.errors}


def test_a_record_belongs_to_the_registry_person_and_its_managing_province(
    make_record, veteran, province_officer, dien_bien
):
    record = make_record(veteran, dossier_number="DB-0012")
    assert record.person_id == veteran.pk
    assert record.managing_province == dien_bien and record.province_code == "11"
    assert record.status == "active" and record.status_from == dt.date(2020, 5, 4)
    event = AuditEvent.objects.get(object_type__icontains="meritrecord", action=AuditAction.CREATE)
    assert event.after["category"] == "war_invalid" and event.after["dossier_number"] == "DB-0012"


def test_a_commune_officer_records_for_their_own_province(make_record, veteran, commune_officer, dien_bien):
    record = make_record(veteran, actor=commune_officer)
    assert record.managing_province == dien_bien


def test_every_missing_field_is_named_in_vietnamese():
    with pytest.raises(ValidationFailed) as caught:
        parse_record({"category": "knight", "decision_date": "31/02/2020"})
    assert _fields(caught.value) == {"category", "decision_number", "decision_date", "decision_body"}
    messages = {e.field: str(e.message) for e in caught.value.errors}
    assert messages["category"] == "Hãy chọn diện đối tượng."
    assert messages["decision_number"] == "Hãy nhập số quyết định công nhận."


def test_one_live_record_per_person_and_category(make_record, veteran):
    make_record(veteran)
    with pytest.raises(Conflict) as caught:
        make_record(veteran)
    assert caught.value.field == "category"
    # Another category is another record.
    make_record(veteran, category="agent_orange")
    assert MeritRecord.objects.filter(person=veteran).count() == 2


def test_a_terminated_record_frees_the_category(make_record, veteran, province_officer):
    first = make_record(veteran)
    raw = {**record_raw(), "status": "terminated", "status_from": "01/01/2022"}
    services.record_update(
        actor=province_officer, record_id=first.pk, data=parse_record(raw, with_category=False)
    )
    again = make_record(veteran)
    assert again.pk != first.pk and again.status == "active"


def test_the_database_refuses_a_second_live_record(make_record, veteran):
    record = make_record(veteran)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeritRecord.objects.create(
            person=veteran,
            category=record.category,
            decision_number="x",
            decision_date=record.decision_date,
            decision_body="x",
            managing_province=record.managing_province,
            province_code="11",
            status_from=record.decision_date,
        )


def test_the_dossier_number_is_unique_in_a_province(make_record, veteran, mother):
    make_record(veteran, dossier_number="HS-1")
    with pytest.raises(Conflict) as caught:
        make_record(mother, category="heroic_mother", dossier_number="HS-1")
    assert caught.value.field == "dossier_number"


def test_a_heroic_mother_is_a_woman(make_record, veteran, mother):
    with pytest.raises(ValidationFailed) as caught:
        make_record(veteran, category="heroic_mother")
    assert _fields(caught.value) == {"category"}
    assert make_record(mother, category="heroic_mother").category == Category.HEROIC_MOTHER


def test_a_future_decision_is_refused(make_record, veteran, today):
    with pytest.raises(ValidationFailed) as caught:
        make_record(veteran, decision_date="2026-04-01")
    assert _fields(caught.value) == {"decision_date"}


def test_a_martyr_relative_record_needs_the_link_first(make_record, make_martyr, veteran, province_officer):
    with pytest.raises(ValidationFailed) as caught:
        make_record(veteran, category="martyr_relative")
    assert _fields(caught.value) == {"category"}
    martyr = make_martyr(birth_year="1975", sacrificed_on="17/02/1979", certificate_date="01/01/1980")
    services.relative_link(
        actor=province_officer,
        martyr_id=martyr.pk,
        data=parse_relative({"person_id": veteran.pk, "relation": "father"}),
    )
    assert make_record(veteran, category="martyr_relative").category == "martyr_relative"


def test_roles_without_the_capability_are_refused(veteran, analyst, auditor, counsellor):
    for actor in (analyst, auditor, counsellor):
        with pytest.raises(PermissionDenied):
            services.record_create(actor=actor, person_id=veteran.pk, data=parse_record(record_raw()))


def test_editing_a_record_is_audited_and_versioned(make_record, veteran, province_officer):
    record = make_record(veteran)
    raw = {**record_raw(), "decision_number": "77/QĐ-SNV", "status": "suspended", "status_from": "01/02/2024"}
    updated = services.record_update(
        actor=province_officer, record_id=record.pk, data=parse_record(raw, with_category=False)
    )
    assert updated.version == 2 and updated.status == "suspended"
    assert updated.category == "war_invalid"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert event.after["decision_number"] == "77/QĐ-SNV" and event.before["status"] == "active"
    with pytest.raises(Conflict):
        services.record_update(
            actor=province_officer,
            record_id=record.pk,
            data=parse_record(raw, with_category=False),
            expected_version=1,
        )


def test_deceased_status_needs_the_death_in_the_registry(make_record, veteran, province_officer):
    record = make_record(veteran)
    raw = {**record_raw(), "status": "deceased", "status_from": "01/02/2024"}
    with pytest.raises(ValidationFailed) as caught:
        services.record_update(
            actor=province_officer, record_id=record.pk, data=parse_record(raw, with_category=False)
        )
    assert _fields(caught.value) == {"status"}


# --- martyrs and relatives --------------------------------------------------------------------------


def test_a_martyr_is_registered_with_the_certificate(make_martyr, commune_a):
    martyr = make_martyr()
    assert martyr.full_name == "Lò Văn Bình" and martyr.name_folded == "lo van binh"
    assert martyr.commune == commune_a and martyr.province_code == "11"
    assert martyr.sacrificed_on == dt.date(1972, 7, 27)


def test_a_certificate_number_is_recorded_once(make_martyr):
    make_martyr(certificate_number="TQ-1")
    with pytest.raises(Conflict) as caught:
        make_martyr(certificate_number="TQ-1")
    assert caught.value.field == "certificate_number"


def test_martyr_dates_are_checked(commune_a):
    with pytest.raises(ValidationFailed) as caught:
        parse_martyr(martyr_raw(commune_a, sacrificed_on="", certificate_number="", full_name=""))
    assert _fields(caught.value) == {"sacrificed_on", "certificate_number", "full_name"}


def test_a_certificate_before_the_sacrifice_is_refused(make_martyr):
    with pytest.raises(ValidationFailed) as caught:
        make_martyr(certificate_date="01/01/1970")
    assert _fields(caught.value) == {"certificate_date"}


def test_a_martyr_of_another_commune_is_out_of_reach(commune_officer, commune_b):
    with pytest.raises(ValidationFailed) as caught:
        services.martyr_create(actor=commune_officer, data=parse_martyr(martyr_raw(commune_b)))
    assert _fields(caught.value) == {"commune_id"}


def _link(actor, martyr, person, relation, **extra):
    return services.relative_link(
        actor=actor,
        martyr_id=martyr.pk,
        data=parse_relative({"person_id": person.pk, "relation": relation, **extra}),
    )


def test_relatives_are_linked_with_their_relation(make_martyr, make_person, province_officer):
    martyr = make_martyr()
    widow = make_person(sex="F", birth_date="1951-01-01")
    son = make_person(sex="M", birth_date="1970-01-01")
    _link(province_officer, martyr, widow, "spouse")
    _link(province_officer, martyr, son, "child")
    assert set(MartyrRelative.objects.filter(martyr=martyr).values_list("relation", flat=True)) == {
        "spouse",
        "child",
    }
    with pytest.raises(ValidationFailed) as caught:
        _link(province_officer, martyr, son, "child")
    assert _fields(caught.value) == {"person_id"}


def test_relations_follow_sex_and_age(make_martyr, make_person, province_officer):
    martyr = make_martyr()
    woman = make_person(sex="F", birth_date="1925-01-01")
    with pytest.raises(ValidationFailed) as caught:
        _link(province_officer, martyr, woman, "father")
    assert _fields(caught.value) == {"relation"}
    young = make_person(sex="F", birth_date="1960-01-01")
    with pytest.raises(ValidationFailed):
        _link(province_officer, martyr, young, "mother")
    _link(province_officer, martyr, woman, "mother")
    with pytest.raises(ValidationFailed):
        _link(province_officer, martyr, make_person(sex="F", birth_date="1926-01-01"), "mother")


def test_a_nurturer_raised_the_martyr_for_ten_years(make_martyr, make_person, province_officer):
    martyr = make_martyr()
    aunt = make_person(sex="F", birth_date="1920-01-01")
    with pytest.raises(ValidationFailed) as caught:
        _link(province_officer, martyr, aunt, "nurturer", nurtured_years="9")
    assert _fields(caught.value) == {"nurtured_years"}
    assert _link(province_officer, martyr, aunt, "nurturer", nurtured_years="12").nurtured_years == 12
    with pytest.raises(IntegrityError), transaction.atomic():
        MartyrRelative.objects.create(
            martyr=martyr, person=make_person(), relation="nurturer", nurtured_years=3
        )


# --- assessments ------------------------------------------------------------------------------------


def _assess(actor, record, **raw):
    values = {"rate": "61", "assessed_on": "01/03/2021", "medical_council": "Hội đồng GĐYK tỉnh", **raw}
    return services.assessment_record(actor=actor, record_id=record.pk, data=parse_assessment(values))


def test_the_assessment_in_force_is_the_latest_on_or_before_a_date(make_record, veteran, province_officer):
    record = make_record(veteran)
    _assess(province_officer, record, rate="41", assessed_on="01/03/2010")
    _assess(province_officer, record, rate="81", especially_severe="on", assessed_on="15/06/2022")
    assert selectors.assessment_in_force(record=record, on=dt.date(2009, 12, 31)) is None
    assert selectors.assessment_in_force(record=record, on=dt.date(2022, 6, 14)).rate == 41
    in_force = selectors.assessment_in_force(record=record, on=dt.date(2022, 6, 15))
    assert in_force.rate == 81 and in_force.especially_severe


def test_an_assessment_is_for_assessed_categories_only(make_record, mother, province_officer):
    record = make_record(mother, category="heroic_mother")
    with pytest.raises(ValidationFailed) as caught:
        _assess(province_officer, record)
    assert _fields(caught.value) == {"rate"}


def test_the_rate_is_a_percentage(make_record, veteran, province_officer):
    record = make_record(veteran)
    for bad in ("101", "-5", "ba mươi"):
        with pytest.raises(ValidationFailed) as caught:
            _assess(province_officer, record, rate=bad)
        assert _fields(caught.value) == {"rate"}
    with pytest.raises(ValidationFailed) as caught:
        _assess(province_officer, record, rate="61", especially_severe=True)
    assert _fields(caught.value) == {"especially_severe"}
    with pytest.raises(IntegrityError), transaction.atomic():
        InjuryAssessment.objects.create(
            record=record, rate=120, assessed_on=dt.date(2020, 1, 1), medical_council="x"
        )


def test_one_assessment_a_day(make_record, veteran, province_officer):
    record = make_record(veteran)
    _assess(province_officer, record)
    with pytest.raises(ValidationFailed) as caught:
        _assess(province_officer, record, rate="71")
    assert _fields(caught.value) == {"assessed_on"}


# --- caregivers and care ----------------------------------------------------------------------------


def test_a_new_caregiver_ends_the_current_one(make_record, mother, make_person, province_officer):
    record = make_record(mother, category="heroic_mother")
    daughter = make_person(sex="F", birth_date="1960-01-01")
    grandson = make_person(sex="M", birth_date="1985-01-01")
    first = services.caregiver_add(
        actor=province_officer,
        record_id=record.pk,
        data=parse_caregiver({"person_id": daughter.pk, "valid_from": "01/07/2021"}),
    )
    services.caregiver_add(
        actor=province_officer,
        record_id=record.pk,
        data=parse_caregiver({"person_id": grandson.pk, "valid_from": "01/01/2024"}),
    )
    first.refresh_from_db()
    assert first.valid_to == dt.date(2023, 12, 31)
    neighbour = make_person(sex="F", birth_date="1970-01-01")

    def closed(start, end):
        return services.caregiver_add(
            actor=province_officer,
            record_id=record.pk,
            data=parse_caregiver({"person_id": neighbour.pk, "valid_from": start, "valid_to": end}),
        )

    for start, end in (("01/01/2023", "31/03/2023"), ("01/06/2024", "31/12/2024")):
        with pytest.raises(ValidationFailed) as caught:
            closed(start, end)
        assert _fields(caught.value) == {"valid_from"}
    assert closed("01/01/2019", "30/06/2021").valid_to == dt.date(2021, 6, 30)
    assert [c.person_id for c in selectors.caregivers(record=record)] == [
        grandson.pk,
        daughter.pk,
        neighbour.pk,
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.caregiver_add(
            actor=province_officer,
            record_id=record.pk,
            data=parse_caregiver({"person_id": mother.pk, "valid_from": "01/01/2025"}),
        )
    assert _fields(caught.value) == {"person_id"}


def test_a_period_ends_after_it_starts():
    with pytest.raises(ValidationFailed) as caught:
        parse_care({"organisation": "Đoàn xã", "valid_from": "01/01/2024", "valid_to": "01/01/2023"})
    assert _fields(caught.value) == {"valid_to"}


def test_care_by_an_organisation_is_for_a_heroic_mother(make_record, mother, veteran, province_officer):
    record = make_record(mother, category="heroic_mother")
    care = services.care_add(
        actor=province_officer,
        record_id=record.pk,
        data=parse_care(
            {"organisation": "Ngân hàng Nông nghiệp chi nhánh Điện Biên", "valid_from": "01/01/2020"}
        ),
    )
    assert selectors.care_assignments(record=record) == [care]
    other = make_record(veteran)
    with pytest.raises(ValidationFailed) as caught:
        services.care_add(
            actor=province_officer,
            record_id=other.pk,
            data=parse_care({"organisation": "Đoàn xã", "valid_from": "01/01/2020"}),
        )
    assert _fields(caught.value) == {"organisation"}
