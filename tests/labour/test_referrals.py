"""Referrals and placements: the placement closes the search, fills a post, tells listeners in the same
transaction; contradictions are refused with field errors; time to placement per province and commune."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from ansinh.core.errors import NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.labour import signals
from ansinh.labour.models import JobSeeker, Placement, Referral
from ansinh.labour.referrals import selectors as referral_selectors
from ansinh.labour.referrals import services as referral_services
from ansinh.labour.registration import services

pytestmark = pytest.mark.django_db


def _codes(exc) -> dict[str, str]:
    return {e.code: e.field for e in exc.value.errors}


@pytest.fixture
def placed_signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(
            {"sender": sender, "in_atomic": transaction.get_connection().in_atomic_block, **kwargs}
        )

    signals.seeker_placed.connect(receiver)
    yield received
    signals.seeker_placed.disconnect(receiver)


def test_refer_and_hire_places_the_seeker(today, counsellor, make_seeker, make_vacancy, placed_signals):
    seeker = make_seeker(registered_on=today - dt.timedelta(days=30))
    vacancy = make_vacancy(posts=2)
    referral = referral_services.referral_create(
        actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk, score=71.26
    )
    assert (referral.status, referral.score, referral.province_code) == ("pending", 71.3, "11")

    referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="interviewed")
    referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="hired")

    seeker.refresh_from_db()
    vacancy.refresh_from_db()
    placement = Placement.objects.get(seeker=seeker)
    assert (seeker.status, seeker.close_reason, seeker.closed_on) == (
        "closed",
        "placed",
        today,
    )
    assert (placement.source, placement.referral_id, placement.vacancy_id) == (
        "referral",
        referral.pk,
        vacancy.pk,
    )
    assert placement.days == 30
    assert (vacancy.posts_filled, vacancy.status) == (1, "open")
    assert len(placed_signals) == 1
    sent = placed_signals[0]
    assert sent["sender"] is Placement and sent["source"] == "placement" and sent["in_atomic"]
    assert sent["seeker"].pk == seeker.pk and sent["on"] == today and sent["actor"] == counsellor
    assert AuditEvent.objects.filter(object_type__icontains="placement", action="create").exists()


def test_last_post_closes_the_vacancy(today, counsellor, make_seeker, make_vacancy):
    vacancy = make_vacancy(posts=1)
    first, second = make_seeker(), make_seeker(title="Thợ may")
    referral_services.placement_record(
        actor=counsellor, seeker_id=first.pk, placed_on=today, vacancy_id=vacancy.pk
    )
    vacancy.refresh_from_db()
    assert (vacancy.posts_filled, vacancy.status, vacancy.close_reason) == (1, "closed", "filled")
    with pytest.raises(ValidationFailed) as exc:
        referral_services.placement_record(
            actor=counsellor, seeker_id=second.pk, placed_on=today, vacancy_id=vacancy.pk
        )
    assert _codes(exc) == {"vacancy.closed": "vacancy"}
    assert JobSeeker.objects.get(pk=second.pk).status == "active"  # nothing half-done


def test_contradictions_are_refused_with_field_errors(
    today, counsellor, make_seeker, make_vacancy, placed_signals
):
    seeker = make_seeker(registered_on=today - dt.timedelta(days=10))
    with pytest.raises(ValidationFailed) as exc:
        referral_services.placement_record(
            actor=counsellor,
            seeker_id=seeker.pk,
            placed_on=today - dt.timedelta(days=11),
            employer_name="Cty A",
        )
    assert _codes(exc) == {"placed_on.before_registration": "placed_on"}
    with pytest.raises(ValidationFailed) as exc:
        referral_services.placement_record(actor=counsellor, seeker_id=seeker.pk, placed_on=None)
    assert _codes(exc) == {"placed_on.required": "placed_on", "employer_name.required": "employer_name"}
    with pytest.raises(ValidationFailed) as exc:
        referral_services.placement_record(
            actor=counsellor,
            seeker_id=seeker.pk,
            placed_on=today + dt.timedelta(days=1),
            employer_name="Cty A",
        )
    assert _codes(exc) == {"placed_on.future": "placed_on"}

    services.seeker_close(actor=counsellor, seeker_id=seeker.pk, reason="withdrawn")
    with pytest.raises(ValidationFailed) as exc:
        referral_services.placement_record(
            actor=counsellor, seeker_id=seeker.pk, placed_on=today, employer_name="Cty A"
        )
    assert _codes(exc) == {"seeker.closed": "seeker"}

    vacancy = make_vacancy()
    services.vacancy_close(actor=counsellor, vacancy_id=vacancy.pk, reason="withdrawn")
    with pytest.raises(ValidationFailed) as exc:
        referral_services.referral_create(
            actor=counsellor, seeker_id=make_seeker(title="Kế toán").pk, vacancy_id=vacancy.pk
        )
    assert _codes(exc) == {"vacancy.closed": "vacancy"}
    assert placed_signals == [] and Placement.objects.count() == 0


def test_self_reported_placement(today, counsellor, make_seeker, placed_signals):
    seeker = make_seeker()
    placement = referral_services.placement_record(
        actor=counsellor,
        seeker_id=seeker.pk,
        placed_on=today,
        employer_name="  Hợp tác xã  Mường Phăng ",
        job_title="Thợ hàn",
    )
    assert (placement.source, placement.employer_name, placement.vacancy_id) == (
        "self_reported",
        "Hợp tác xã Mường Phăng",
        None,
    )
    assert placed_signals[0]["source"] == "self_reported"


def test_duplicate_referral_and_settled_outcome(counsellor, make_seeker, make_vacancy):
    seeker, vacancy = make_seeker(), make_vacancy()
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    with pytest.raises(ValidationFailed) as exc:
        referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    assert _codes(exc) == {"referral.duplicate": "vacancy"}
    with pytest.raises(ValidationFailed) as exc:
        referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="pending")
    assert _codes(exc) == {"status.invalid": "status"}
    referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="declined")
    referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="hired")
    assert Referral.objects.get(pk=referral.pk).status == "hired"
    with pytest.raises(Exception) as exc:
        referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="rejected")
    assert exc.value.code == "referral.settled"


def test_referral_scope_and_capability(counsellor, other_counsellor, analyst, make_seeker, make_vacancy):
    seeker, vacancy = make_seeker(), make_vacancy()
    with pytest.raises(NotFound):
        referral_services.referral_create(actor=other_counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    with pytest.raises(PermissionDenied):
        referral_services.referral_create(actor=analyst, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    with pytest.raises(NotFound):
        referral_services.referral_outcome(actor=other_counsellor, referral_id=referral.pk, status="hired")
    assert list(referral_selectors.referral_list(actor=other_counsellor)) == []
    assert [r.pk for r in referral_selectors.referral_list(actor=analyst)] == [referral.pk]


def test_refer_to_another_provinces_open_vacancy(
    counsellor, other_counsellor, make_seeker, make_vacancy, ha_noi_commune
):
    from ansinh.labour.registration.inputs import parse_employer, parse_vacancy
    from tests.labour.conftest import tax_code

    employer = services.employer_create(
        actor=other_counsellor,
        data=parse_employer(
            {"tax_code": tax_code(77_001), "name": "Công ty Hà Nội", "commune_id": ha_noi_commune.pk}
        ),
    )
    vacancy = services.vacancy_create(
        actor=other_counsellor,
        data=parse_vacancy(
            {"employer_id": employer.pk, "title": "Thợ hàn điện", "posts": 1, "wage_min": 8_000_000}
        ),
    )
    seeker = make_seeker()
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    referral_services.referral_outcome(actor=counsellor, referral_id=referral.pk, status="hired")
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.posts_filled) == ("closed", 1)  # closed by the placement, not an edit


def test_time_to_placement(today, counsellor, analyst, make_seeker, commune_a, commune_b):
    for days, commune in ((10, commune_a), (20, commune_a), (60, commune_a), (40, commune_b)):
        seeker = make_seeker(commune=commune, registered_on=today - dt.timedelta(days=days))
        referral_services.placement_record(
            actor=counsellor, seeker_id=seeker.pk, placed_on=today, employer_name="Cty"
        )
    units, total = referral_selectors.time_to_placement(
        actor=counsellor, start=today - dt.timedelta(days=5), end=today, by="commune"
    )
    by_code = {u.code: u for u in units}
    assert (
        by_code[commune_a.code].count,
        by_code[commune_a.code].median_days,
        by_code[commune_a.code].mean_days,
    ) == (3, 20.0, 30.0)
    assert (by_code[commune_b.code].count, by_code[commune_b.code].median_days) == (1, 40.0)
    assert by_code[commune_a.code].name == commune_a.name
    assert (total.count, total.median_days, total.mean_days) == (4, 30.0, 32.5)
    provinces, _ = referral_selectors.time_to_placement(actor=analyst, start=today, end=today, by="province")
    assert [(p.code, p.count) for p in provinces] == [("11", 4)]
    empty, none = referral_selectors.time_to_placement(
        actor=counsellor, start=today - dt.timedelta(days=30), end=today - dt.timedelta(days=1)
    )
    assert empty == [] and none.count == 0 and none.median_days is None
