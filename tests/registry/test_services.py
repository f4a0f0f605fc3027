from __future__ import annotations

import pytest
from django.utils import translation

from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.registry import selectors, services
from ansinh.registry.inputs import HouseholdData, parse_person
from ansinh.registry.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _raw(commune, **overrides):
    raw = {
        "full_name": "nguyễn  thị hoà",
        "personal_id": "",
        "birth_date": "1990-04-12",
        "sex": "F",
        "ethnicity": "01",
        "commune_id": commune.pk,
    }
    raw.update(overrides)
    return raw


def _fields(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_create_normalises_name_and_audits(province_officer, commune_a):
    person = services.person_create(actor=province_officer, data=parse_person(_raw(commune_a)))
    assert person.full_name == "Nguyễn Thị Hòa"
    assert person.name_folded == "nguyen thi hoa"
    assert person.province_code == "11"
    assert person.search_doc.startswith("nguyen thi hoa y1990 p11 c")
    event = AuditEvent.objects.get(object_type="registry.person", object_id=str(person.pk), action="create")
    assert event.actor == province_officer
    assert event.after["full_name"] == "Nguyễn Thị Hòa"


def test_every_bad_field_is_named_and_nothing_saved(province_officer, commune_a):
    raw = _raw(
        commune_a,
        full_name="",
        birth_date="2099-01-01",
        sex="X",
        ethnicity="99",
        phone="12345",
        bank_code="VCB",
        bank_account="",
    )
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(actor=province_officer, data=parse_person(raw))
    fields = _fields(caught.value)
    assert fields == {
        "full_name": "full_name.required",
        "birth_date": "birth_date.future",
        "sex": "sex.invalid",
        "ethnicity": "ethnicity.unknown",
        "phone": "phone.invalid",
        "bank_account": "bank_account.required",
    }
    assert Person.objects.count() == 0


def test_unparseable_values_name_their_field(commune_a):
    with pytest.raises(ValidationFailed) as caught:
        parse_person(_raw(commune_a, birth_date="31/02/1990", commune_id="abc"))
    assert _fields(caught.value) == {"birth_date": "field.bad_date", "commune": "field.not_integer"}


def test_a_year_typed_with_a_digit_missing_is_refused_not_stored(commune_a):
    # strptime reads "0196" as the year 196; a birth or death date that old is a typing slip.
    with pytest.raises(ValidationFailed) as caught:
        parse_person(_raw(commune_a, birth_date="12/04/0196", death_date="0001-01-01"))
    assert _fields(caught.value) == {
        "birth_date": "field.date_out_of_range",
        "death_date": "field.date_out_of_range",
    }


def test_messages_are_vietnamese_by_default_and_english_when_switched(province_officer, commune_a):
    raw = _raw(commune_a, full_name="")
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(actor=province_officer, data=parse_person(raw))
    error = caught.value.errors[0]
    with translation.override("vi"):
        assert str(error.message) == "Nhập họ và tên."
    with translation.override("en"):
        assert str(error.message) == "Enter the full name."


def test_personal_id_must_agree_with_sex_and_birth_year(province_officer, commune_a):
    # 011 (Điện Biên), century/sex digit 0 = male born 19xx, year 90.
    raw = _raw(commune_a, personal_id="011090123456", sex="F", birth_date="1991-01-01")
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(actor=province_officer, data=parse_person(raw))
    codes = {e.code for e in caught.value.errors}
    assert {"personal_id.sex_mismatch", "personal_id.birth_year_mismatch"} <= codes


def test_duplicate_personal_id_refused(make_person, province_officer, commune_a):
    first = make_person()
    raw = _raw(commune_a, personal_id=first.personal_id, birth_date=str(first.birth_date), sex=first.sex)
    with pytest.raises(Conflict) as caught:
        services.person_create(actor=province_officer, data=parse_person(raw))
    assert caught.value.code == "personal_id.duplicate"
    assert Person.objects.count() == 1


def test_year_only_birth_and_child_without_id(province_officer, commune_a):
    person = services.person_create(
        actor=province_officer, data=parse_person(_raw(commune_a, birth_date="", birth_year="1948"))
    )
    assert person.birth_date is None and person.birth_year == 1948
    assert person.birth_date_precision == "year"
    assert person.personal_id is None


def test_deceased_needs_a_plausible_date(province_officer, commune_a):
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(actor=province_officer, data=parse_person(_raw(commune_a, status="deceased")))
    assert _fields(caught.value) == {"death_date": "death_date.required"}
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(
            actor=province_officer,
            data=parse_person(_raw(commune_a, status="deceased", death_date="1980-01-01")),
        )
    assert _fields(caught.value) == {"death_date": "death_date.before_birth"}


def test_commune_outside_scope_reads_as_not_found(commune_officer, commune_b):
    with pytest.raises(ValidationFailed) as caught:
        services.person_create(actor=commune_officer, data=parse_person(_raw(commune_b)))
    assert _fields(caught.value) == {"commune": "commune.not_found"}


def test_update_writes_only_changed_fields_and_bumps_version(make_person, commune_officer, commune_a):
    person = make_person()
    raw = {**_raw(commune_a), "full_name": person.full_name, "personal_id": person.personal_id}
    raw.update(birth_date=str(person.birth_date), sex=person.sex, phone="0987 654 321")
    updated = services.person_update(
        actor=commune_officer, person_id=person.pk, data=parse_person(raw), expected_version=1
    )
    assert updated.version == 2 and updated.phone == "0987654321"
    event = AuditEvent.objects.get(object_id=str(person.pk), action="update")
    assert event.before == {"phone": "0912345678"} and event.after == {"phone": "0987654321"}
    with pytest.raises(Conflict):
        services.person_update(
            actor=commune_officer, person_id=person.pk, data=parse_person(raw), expected_version=1
        )


def test_update_out_of_scope_is_not_found(make_person, other_commune_officer, commune_a):
    person = make_person()
    with pytest.raises(NotFound):
        services.person_update(
            actor=other_commune_officer, person_id=person.pk, data=parse_person(_raw(commune_a))
        )


def test_read_only_roles_cannot_write(analyst, auditor, commune_a):
    for actor in (analyst, auditor):
        with pytest.raises(PermissionDenied):
            services.person_create(actor=actor, data=parse_person(_raw(commune_a)))


def test_full_view_is_audited(make_person, auditor):
    person = make_person()
    services.person_view_full(actor=auditor, person_id=person.pk)
    assert AuditEvent.objects.filter(action="view", object_id=str(person.pk), actor=auditor).count() == 1


@pytest.mark.parametrize(
    "query", ["nguyen thi hoa", "Nguyễn Thị Hoà", "NGUYỄN THỊ HÒA", "nguyen th", "hoa nguyen"]
)
def test_search_is_diacritic_and_tone_placement_insensitive(make_person, commune_officer, query):
    target = make_person(full_name="Nguyễn Thị Hòa")
    make_person(full_name="Trần Văn Hòa", sex="M")
    found = selectors.person_search(actor=commune_officer, query=query)
    assert target in found
    assert all("nguyen" in p.name_folded for p in found)


def test_search_by_id_birth_year_and_commune(make_person, province_officer, commune_b):
    a = make_person(full_name="Quàng Thị Xuân", birth_date="1975-02-02")
    b = make_person(full_name="Quàng Thị Xuân", birth_date="1988-02-02", commune_id=commune_b.pk)
    assert selectors.person_search(actor=province_officer, query=a.personal_id) == [a]
    assert selectors.person_search(actor=province_officer, query="quang thi xuan 1988") == [b]
    assert selectors.person_search(actor=province_officer, query="quang thi xuan", birth_year=1975) == [a]
    assert selectors.person_search(actor=province_officer, query="xuan", commune=commune_b.pk) == [b]


def test_search_respects_scope(make_person, commune_officer, other_commune_officer, commune_b):
    make_person(full_name="Lường Văn Ơn", sex="M", commune_id=commune_b.pk)
    assert selectors.person_search(actor=commune_officer, query="luong van on") == []
    assert len(selectors.person_search(actor=other_commune_officer, query="luong van on")) == 1


def test_search_index_follows_edits(make_person, province_officer, commune_a):
    person = make_person(full_name="Cà Văn Pọm", sex="M")
    raw = {**_raw(commune_a), "full_name": "Cà Văn Pọn", "personal_id": person.personal_id}
    raw.update(birth_date=str(person.birth_date), sex="M")
    services.person_update(actor=province_officer, person_id=person.pk, data=parse_person(raw))
    assert selectors.person_search(actor=province_officer, query="ca van pom") == []
    assert selectors.person_search(actor=province_officer, query="ca van pon") == [
        Person.objects.get(pk=person.pk)
    ]


def test_household_membership_rules(make_person, province_officer, commune_a):
    head = make_person(full_name="Lò Văn Thắng", sex="M", birth_date="1970-01-01")
    wife = make_person(full_name="Lò Thị Ánh", birth_date="1972-01-01")
    household = services.household_create(
        actor=province_officer, data=HouseholdData(commune_id=commune_a.pk), head_id=head.pk
    )
    assert household.head == head and household.code.startswith("H")
    services.household_add_member(
        actor=province_officer, household_id=household.pk, person_id=wife.pk, relationship="spouse"
    )
    other = services.household_create(actor=province_officer, data=HouseholdData(commune_id=commune_a.pk))
    with pytest.raises(ApplicationError) as caught:
        services.household_add_member(
            actor=province_officer, household_id=other.pk, person_id=wife.pk, relationship="head"
        )
    assert caught.value.code == "person.already_member"
    services.household_remove_member(actor=province_officer, household_id=household.pk, person_id=wife.pk)
    services.household_add_member(
        actor=province_officer, household_id=other.pk, person_id=wife.pk, relationship="head"
    )
    assert HouseholdMember.objects.filter(person=wife, left_on__isnull=True).get().household == other
    assert [m.person for m in selectors.household_members(household=household)] == [head]


def test_household_with_bad_head_saves_nothing(province_officer, commune_a):
    with pytest.raises(ApplicationError):
        services.household_create(
            actor=province_officer, data=HouseholdData(commune_id=commune_a.pk), head_id=999999
        )
    assert Household.objects.count() == 0


def test_search_ranks_typed_accents_then_typed_order(make_person, commune_officer):
    ban = make_person(full_name="Bàn Văn Lở", sex="M")
    lo = make_person(full_name="Lò Văn Bản", sex="M")
    lo_exact = make_person(full_name="Lo Văn Bản", sex="M")
    assert selectors.person_search(actor=commune_officer, query="Lò Văn") == [lo, lo_exact, ban]
    assert selectors.person_search(actor=commune_officer, query="lo van")[-1] == ban


def test_search_by_partial_personal_id(make_person, province_officer):
    person = make_person()
    assert selectors.person_search(actor=province_officer, query=person.personal_id[:10]) == [person]
    assert selectors.person_search(actor=province_officer, query=person.personal_id[:9] + "x") == []


def test_an_exact_name_is_found_among_more_namesakes_than_the_index_is_asked_for(
    make_person, province_officer
):
    for _ in range(12):
        make_person(full_name="Nguyễn Văn Anh", sex="M")
    target = make_person(full_name="Nguyễn Văn An", sex="M", birth_date="1961-06-06")
    # Limit 1 asks the full-text index for 10 candidates, all of them "Anh" (the last word is a prefix).
    found = selectors.person_search(actor=province_officer, query="nguyen van an", limit=1)
    assert found == [target]


def test_search_loads_whole_records_only_for_the_page_shown(make_person, province_officer):
    from django.db.models.signals import post_init

    wanted = make_person(full_name="Lò Văn Hặc", sex="M")
    for _ in range(6):
        make_person(full_name="Lo Van Hac", sex="M")
    built: list[Person] = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=Person)
    try:
        found = selectors.person_search(actor=province_officer, query="Lò Văn Hặc", limit=2)
    finally:
        post_init.disconnect(count, sender=Person)
    assert found[0] == wanted  # the same accents as typed still come first
    assert len(found) == 2
    assert len(built) == 2
    assert found[0].commune.name  # loaded with the record, not one query per row
