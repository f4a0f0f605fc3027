"""Scope of the merit registry: the managing province owns the dossier, a commune officer sees the records
of the persons living in the commune; out of scope reads exactly as missing, in reads and in bodies."""

from __future__ import annotations

import pytest

from ansinh.core.cli import Operator
from ansinh.core.errors import NotFound, ValidationFailed
from ansinh.merit import selectors, services
from ansinh.merit.inputs import parse_caregiver, parse_record, parse_relative
from ansinh.registry.services import person_relocate
from tests.conftest import _user
from tests.merit.conftest import record_raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person, commune_b, ha_noi_commune, province_officer, other_province_officer):
    here = make_person(sex="M", birth_date="1947-01-01")
    next_door = make_person(sex="M", birth_date="1946-01-01", commune_id=commune_b.pk)
    far = make_person(
        actor=other_province_officer, sex="M", birth_date="1945-01-01", commune_id=ha_noi_commune.pk
    )
    return here, next_door, far


@pytest.fixture
def records(people, make_record, other_province_officer):
    here, next_door, far = people
    return make_record(here), make_record(next_door), make_record(far, actor=other_province_officer)


def test_each_officer_lists_the_records_of_their_area(
    records, commune_officer, other_commune_officer, province_officer, other_province_officer, analyst
):
    here, next_door, far = records

    def listed(actor):
        return set(selectors.record_queryset(actor=actor).values_list("pk", flat=True))

    assert listed(commune_officer) == {here.pk}
    assert listed(other_commune_officer) == {next_door.pk}
    assert listed(province_officer) == {here.pk, next_door.pk}
    assert listed(other_province_officer) == {far.pk}
    assert listed(analyst) == {here.pk, next_door.pk, far.pk}


def test_out_of_scope_reads_as_missing(records, commune_officer, province_officer):
    here, next_door, far = records
    selectors.record_get(actor=commune_officer, record_id=here.pk)
    for actor, record_id in (
        (commune_officer, next_door.pk),
        (province_officer, far.pk),
        (province_officer, 99999),
    ):
        with pytest.raises(NotFound):
            selectors.record_get(actor=actor, record_id=record_id)


def test_the_managing_province_keeps_the_dossier_when_the_person_moves(
    people, make_record, province_officer, other_province_officer, ha_noi_commune, commune_officer
):
    here = people[0]
    record = make_record(here)
    person_relocate(actor=Operator("registry.change"), person=here, unit=ha_noi_commune)
    # The dossier stays with Điện Biên; the commune where the person now lives sees it too.
    assert selectors.record_get(actor=province_officer, record_id=record.pk).province_code == "11"
    with pytest.raises(NotFound):
        selectors.record_get(actor=commune_officer, record_id=record.pk)
    with pytest.raises(NotFound):
        selectors.record_get(actor=other_province_officer, record_id=record.pk)
    ha_noi_commune_officer = _user("xa_hanoi", "commune_officer", ha_noi_commune)
    assert selectors.record_get(actor=ha_noi_commune_officer, record_id=record.pk) == record


def test_a_person_named_in_the_body_must_be_in_scope(people, commune_officer, province_officer):
    _here, next_door, far = people
    for actor, person in ((commune_officer, next_door), (province_officer, far)):
        for person_id in (person.pk, 987654):
            with pytest.raises(ValidationFailed) as caught:
                services.record_create(actor=actor, person_id=person_id, data=parse_record(record_raw()))
            assert [(e.code, e.field) for e in caught.value.errors] == [("person_id.not_found", "person_id")]


def test_writes_on_another_areas_record_are_not_found(
    records, people, commune_officer, make_martyr, commune_b
):
    here, next_door, _far = records
    with pytest.raises(NotFound):
        services.caregiver_add(
            actor=commune_officer,
            record_id=next_door.pk,
            data=parse_caregiver({"person_id": people[0].pk, "valid_from": "01/01/2021"}),
        )
    # A caregiver living in another commune is not offered to a commune officer.
    with pytest.raises(ValidationFailed) as caught:
        services.caregiver_add(
            actor=commune_officer,
            record_id=here.pk,
            data=parse_caregiver({"person_id": people[1].pk, "valid_from": "01/01/2021"}),
        )
    assert caught.value.errors[0].field == "person_id"
    martyr_b = make_martyr(commune=commune_b)
    with pytest.raises(NotFound):
        services.relative_link(
            actor=commune_officer,
            martyr_id=martyr_b.pk,
            data=parse_relative({"person_id": people[0].pk, "relation": "spouse"}),
        )


def test_martyrs_are_scoped_by_their_commune(
    make_martyr, commune_b, commune_officer, province_officer, other_province_officer
):
    here = make_martyr()
    there = make_martyr(commune=commune_b)
    assert list(selectors.martyr_queryset(actor=commune_officer)) == [here]
    assert set(selectors.martyr_queryset(actor=province_officer)) == {here, there}
    assert not selectors.martyr_queryset(actor=other_province_officer).exists()


def test_a_martyrs_relatives_outside_scope_are_only_counted(
    make_martyr, make_person, commune_b, province_officer, commune_officer
):
    martyr = make_martyr()
    widow = make_person(sex="F", birth_date="1951-01-01")
    son = make_person(sex="M", birth_date="1970-01-01", commune_id=commune_b.pk)
    for person, relation in ((widow, "spouse"), (son, "child")):
        services.relative_link(
            actor=province_officer,
            martyr_id=martyr.pk,
            data=parse_relative({"person_id": person.pk, "relation": relation}),
        )
    shown, elsewhere = selectors.martyr_relatives(actor=commune_officer, martyr=martyr)
    assert [r.person_id for r in shown] == [widow.pk] and elsewhere == 1
    shown, elsewhere = selectors.martyr_relatives(actor=province_officer, martyr=martyr)
    assert len(shown) == 2 and elsewhere == 0
