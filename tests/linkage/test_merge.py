"""Merges keep every reference and are undone exactly; a new foreign key to Person that the merge does not
handle fails here; enrolments in regimes that exclude each other are listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from ansinh.core.errors import Conflict, NotFound, PermissionDenied
from ansinh.linkage.models import Merge
from ansinh.linkage.services import (
    NOT_REPOINTED,
    REFERENCES,
    person_foreign_keys,
    person_merge,
    person_unmerge,
)
from ansinh.registry.models import Person
from tests.linkage.conftest import make_person, new_id

pytestmark = pytest.mark.django_db


def test_every_foreign_key_to_person_is_handled_by_the_merge():
    handled = set(REFERENCES) | set(NOT_REPOINTED)
    missing = person_foreign_keys() - handled
    assert not missing, f"merge does not re-point {sorted(missing)}: add them to linkage.services.REFERENCES"
    assert not (set(REFERENCES) - person_foreign_keys()), "REFERENCES names a field that no longer exists"


def _references() -> dict[tuple[str, str, int], int]:
    """Every reference to a person in the database: (model, field, row) → person id."""
    from django.apps import apps

    found = {}
    for label, field in REFERENCES:
        model = apps.get_model(label)
        for pk, person in model._default_manager.values_list("pk", f"{field}_id"):
            if person is not None:
                found[(label, field, pk)] = person
    return found


def _memberships() -> dict[int, tuple[int, dt.date | None]]:
    from ansinh.registry.models import HouseholdMember

    return {
        pk: (person, left)
        for pk, person, left in HouseholdMember.objects.values_list("pk", "person_id", "left_on")
    }


@pytest.fixture
def world(db):
    from tests.security.world import build

    return build()


def test_merge_re_points_every_reference_and_unmerge_restores_them(world):
    """The persons of one place hold a household, an enrolment with decisions and payment lines, a
    job-seeker registration and an unemployment claim: all merged into one, then all merged back."""
    place = world.places["own"]
    officer = world.officers["11"]
    kept = place.objects["person"]
    already = Merge.objects.filter(undone_at__isnull=True).values_list("merged_id", flat=True)
    others = list(
        Person.objects.filter(commune=place.commune)
        .exclude(pk=kept.pk)
        .exclude(pk__in=already)
        .order_by("pk")
    )
    assert len(others) >= 3
    others.sort(key=lambda p: not p.ui_claims.exists())  # the claimant (also a job seeker) first
    before, members_before = _references(), _memberships()
    kinds = {label for (label, _f, _pk), person in before.items() if person in {p.pk for p in others}}
    assert {"benefits.enrolment", "labour.jobseeker", "unemployment.claim", "payments.paymentline"} <= kinds

    merges, moved_kinds = [], set()
    for other in others:
        try:
            merge = person_merge(actor=officer, kept=kept, merged=other, reason="same person")
        except Conflict:  # a second active job-seeker registration: refused, nothing changed
            assert any(person == other.pk for person in _references().values())
            continue
        merges.append(merge)
        moved_kinds |= {entry["model"] for entry in merge.references}
        assert not any(person == other.pk for person in _references().values())
        assert Person.objects.filter(pk=other.pk).exists()  # marked, never deleted
    assert {
        "benefits.enrolment",
        "labour.jobseeker",
        "unemployment.claim",
        "payments.paymentline",
    } <= moved_kinds
    assert _references() != before

    for merge in reversed(merges):
        person_unmerge(actor=officer, merge_id=merge.pk, reason="two people after all")
    assert _references() == before
    assert _memberships() == members_before
    assert not Merge.objects.filter(pk__in=[m.pk for m in merges], undone_at__isnull=True).exists()


def test_merge_is_audited(world):
    from ansinh.core.models import AuditEvent

    place = world.places["own"]
    kept, other = place.objects["person"], place.objects["enrolment"].person
    merge = person_merge(actor=world.officers["11"], kept=kept, merged=other, reason="same person")
    event = AuditEvent.objects.filter(object_type="registry.person", object_id=str(other.pk)).latest("pk")
    assert event.after["merged_into"] == kept.pk and event.after["merge"] == merge.pk


def test_two_open_memberships_merge_and_come_back(commune_a, province_officer):
    from ansinh.registry.models import Household, HouseholdMember

    a = make_person(commune_a, name="Lò Văn Thắng", birth_date=dt.date(1960, 1, 1), personal_id=new_id())
    b = make_person(commune_a, name="Lo Van Thang", birth_date=dt.date(1960, 1, 1))
    for n, person in enumerate((a, b)):
        household = Household.objects.create(
            code=f"HH-T-{n}", commune=commune_a, province_code="11", head=person
        )
        HouseholdMember.objects.create(household=household, person=person, relationship="head")
    merge = person_merge(actor=province_officer, kept=a, merged=b, reason="same")
    assert HouseholdMember.objects.filter(person=a, left_on__isnull=True).count() == 1
    assert HouseholdMember.objects.filter(person=a).count() == 2
    person_unmerge(actor=province_officer, merge_id=merge.pk, reason="not the same")
    assert HouseholdMember.objects.get(person=b).left_on is None
    assert Household.objects.get(code="HH-T-1").head_id == b.pk


def _enrol(person, regime):
    from ansinh.benefits.models import Enrolment

    return Enrolment.objects.create(
        person=person, regime=regime, clause="5a" if regime == "social_assistance" else "",
        facts={}, facts_from=dt.date(2025, 7, 1), status="active", start_month=dt.date(2025, 7, 1),
        channel="bank", commune=person.commune, province_code=person.province_code,
    )  # fmt: skip


def test_enrolments_that_exclude_each_other_are_listed(commune_a, province_officer):
    a = make_person(commune_a, name="Quàng Thị Ún", birth_date=dt.date(1940, 2, 3), personal_id=new_id(1940))
    b = make_person(commune_a, name="Quang Thi Un", birth_year=1940)
    assistance, pension = _enrol(a, "social_assistance"), _enrol(b, "social_pension")
    merge = person_merge(actor=province_officer, kept=a, merged=b, reason="same")
    assert {e["enrolment"] for e in merge.exclusive_enrolments} == {assistance.pk, pension.pk}


def test_two_live_enrolments_in_one_regime_refuse_the_merge(commune_a, province_officer):
    a = make_person(commune_a, name="Quàng Thị Ún", birth_date=dt.date(1940, 2, 3), personal_id=new_id(1940))
    b = make_person(commune_a, name="Quang Thi Un", birth_year=1940)
    _enrol(a, "social_pension")
    _enrol(b, "social_pension")
    with pytest.raises(Conflict) as exc, transaction.atomic():
        person_merge(actor=province_officer, kept=a, merged=b, reason="same")
    assert exc.value.code == "merge.conflict"
    assert b.enrolments.count() == 1 and not Merge.objects.exists()


def test_a_merged_person_cannot_be_merged_again(commune_a, province_officer):
    a, b, c = (
        make_person(commune_a, name="Lò Văn Thắng", birth_date=dt.date(1960, 1, 1), personal_id=new_id(1960))
        for _ in range(3)
    )
    merge = person_merge(actor=province_officer, kept=a, merged=b, reason="same")
    with pytest.raises(Conflict):
        person_merge(actor=province_officer, kept=c, merged=b, reason="same")
    person_unmerge(actor=province_officer, merge_id=merge.pk, reason="no")
    with pytest.raises(Conflict):
        person_unmerge(actor=province_officer, merge_id=merge.pk, reason="again")


def test_unmerge_scope_and_role(commune_a, province_officer, other_province_officer, commune_officer, units):
    from tests.conftest import _user

    a = make_person(commune_a, name="Lò Văn Thắng", birth_date=dt.date(1960, 1, 1), personal_id=new_id(1960))
    b = make_person(commune_a, name="Lo Van Thang", birth_date=dt.date(1960, 1, 1))
    merge = person_merge(actor=province_officer, kept=a, merged=b, reason="same")
    with pytest.raises(NotFound):
        person_unmerge(actor=other_province_officer, merge_id=merge.pk, reason="x")
    with pytest.raises(PermissionDenied):
        person_unmerge(actor=_user("thanhtra", "auditor"), merge_id=merge.pk, reason="x")
    person_unmerge(actor=commune_officer, merge_id=merge.pk, reason="both in my commune")
