"""The end of a caregiver's period and the removal of a martyr link made by mistake, through the API: the
checks, the refusal while a relative's record rests on the link, scope, audit."""

from __future__ import annotations

import pytest
from django.test import Client

from ansinh.core.models import AuditEvent
from ansinh.merit.inputs import parse_caregiver, parse_record, parse_relative
from ansinh.merit.models import Caregiver, MartyrRelative
from ansinh.merit.services import caregiver_add, record_create, relative_link
from tests.merit.conftest import record_raw

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_caregivers_period_ends(
    province_officer, other_province_officer, veteran, make_person, make_record, today
):
    record = make_record(veteran, category="war_invalid")
    helper = make_person(sex="F", birth_date="1975-01-01")
    caregiver_add(
        actor=province_officer,
        record_id=record.pk,
        data=parse_caregiver({"person_id": helper.pk, "valid_from": "01/01/2025"}),
    )
    url = f"/api/v1/merit/records/{record.pk}/caregivers/end"
    client = login(province_officer)
    early = client.post(url, {"valid_to": "2024-12-01"}, content_type="application/json")
    assert early.status_code == 422 and early.json()["errors"][0]["code"] == "valid_to.before_start"
    assert (
        login(other_province_officer)
        .post(url, {"valid_to": "2026-03-01"}, content_type="application/json")
        .status_code
        == 404
    )
    done = client.post(url, {"valid_to": "2026-03-01"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert Caregiver.objects.get().valid_to.isoformat() == "2026-03-01"
    again = client.post(url, {"valid_to": "2026-03-02"}, content_type="application/json")
    assert again.json()["errors"][0]["code"] == "caregiver.none_current"
    assert AuditEvent.objects.filter(object_type="merit.caregiver", action="update").count() == 1


def test_a_link_made_by_mistake_is_removed(province_officer, make_person, make_martyr, today):
    martyr = make_martyr(birth_year="1950")
    other = make_martyr(birth_year="1952")
    father = make_person(sex="M", birth_date="1925-01-01")
    relative_link(
        actor=province_officer,
        martyr_id=martyr.pk,
        data=parse_relative({"person_id": father.pk, "relation": "father"}),
    )
    record_create(
        actor=province_officer, person_id=father.pk, data=parse_record(record_raw(category="martyr_relative"))
    )
    client = login(province_officer)
    url = f"/api/v1/merit/martyrs/{martyr.pk}/relatives/unlink"
    no_reason = client.post(url, {"person_id": father.pk}, content_type="application/json")
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    live = client.post(url, {"person_id": father.pk, "reason": "Nhập nhầm"}, content_type="application/json")
    assert live.status_code == 409
    relative_link(
        actor=province_officer,
        martyr_id=other.pk,
        data=parse_relative({"person_id": father.pk, "relation": "father"}),
    )
    gone = client.post(url, {"person_id": father.pk, "reason": "Nhập nhầm"}, content_type="application/json")
    assert gone.status_code == 204
    assert list(MartyrRelative.objects.values_list("martyr_id", flat=True)) == [other.pk]
    assert AuditEvent.objects.filter(object_type="merit.martyrrelative", action="delete").count() == 1
    unlinked = client.post(url, {"person_id": father.pk, "reason": "x"}, content_type="application/json")
    assert unlinked.json()["errors"][0]["code"] == "person_id.not_linked"


def test_a_martyrs_record_is_corrected(
    province_officer, other_province_officer, commune_a, make_martyr, today
):
    from tests.merit.conftest import martyr_raw

    martyr = make_martyr(certificate_number="TQ-EDIT-1")
    make_martyr(certificate_number="TQ-EDIT-2")
    client = login(province_officer)
    url = f"/api/v1/merit/martyrs/{martyr.pk}"
    body = martyr_raw(commune_a, certificate_number="TQ-EDIT-2", grave_location="Nghĩa trang Điện Biên Phủ")
    taken = client.put(url, body, content_type="application/json")
    assert taken.status_code == 422
    assert taken.json()["errors"][0]["code"] == "certificate_number.taken"
    body["certificate_number"] = "TQ-EDIT-1"
    body["version"] = martyr.version
    done = client.put(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["grave_location"] == "Nghĩa trang Điện Biên Phủ"
    stale = client.put(url, body | {"grave_location": "Khác"}, content_type="application/json")
    assert stale.status_code == 409
    assert login(other_province_officer).put(url, body, content_type="application/json").status_code == 404
    page = client.get(f"/merit/martyrs/{martyr.pk}/edit/")
    assert page.status_code == 200 and "TQ-EDIT-1" in page.content.decode()
    bad = client.post(f"/merit/martyrs/{martyr.pk}/edit/", {"full_name": ""})
    assert bad.status_code == 422
    assert AuditEvent.objects.filter(object_type="merit.martyr", action="update").count() == 1
