"""Job-fair sessions: host and linked provinces, registrations with pre-matching, a schedule without
double bookings, outcomes (a hire is a placement), figures, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.indicators import Computed
from ansinh.labour import indicators
from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.fairs import services as fair_services
from ansinh.labour.fairs.services import FairData
from ansinh.labour.models import FairMatch, JobFair, Placement
from ansinh.labour.referrals import services as referral_services

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def fair_data(**overrides) -> FairData:
    today = clock.today()
    values = {
        "title": "Phiên giao dịch việc làm tháng",
        "mode": "hybrid",
        "venue": "Trung tâm DVVL tỉnh",
        "online_link": "https://vieclam.example.vn/phien-1",
        "starts_at": at(today, 8),
        "ends_at": at(today, 11),
        "slot_minutes": 30,
        "linked_provinces": ["01"],
    }
    values.update(overrides)
    return FairData(**values)


def _codes(exc) -> dict[str, str]:
    return {e.code: e.field for e in exc.value.errors}


@pytest.fixture
def fair(counsellor, today):
    return fair_services.fair_create(actor=counsellor, data=fair_data())


def test_create_validates_every_field(today, counsellor, commune_a, ha_noi_commune):
    with pytest.raises(ValidationFailed) as exc:
        fair_services.fair_create(
            actor=counsellor,
            data=FairData(
                title="",
                mode="online",
                online_link="ftp://x",
                starts_at=at(today, 10),
                ends_at=at(today, 9),
                slot_minutes=2,
                linked_provinces=["99"],
                host_commune_id=ha_noi_commune.pk,
            ),
        )
    assert _codes(exc) == {
        "title.required": "title",
        "online_link.invalid": "online_link",
        "ends_at.out_of_range": "ends_at",
        "slot_minutes.out_of_range": "slot_minutes",
        "linked_provinces.unknown": "linked_provinces",
        "host_commune.not_found": "host_commune",
    }
    with pytest.raises(ValidationFailed) as exc:
        fair_services.fair_create(actor=counsellor, data=fair_data(mode="in_person", venue=""))
    assert _codes(exc) == {"venue.required": "venue"}
    made = fair_services.fair_create(
        actor=counsellor, data=fair_data(host_commune_id=commune_a.pk, linked_provinces=["01", "11", "01"])
    )
    assert (made.province_code, made.host_commune_id, made.status) == ("11", commune_a.pk, "planned")
    assert list(made.linked.values_list("province_code", flat=True)) == ["01"]  # the host is not linked


def test_scope_host_linked_and_others(fair, counsellor, other_counsellor, analyst, units):
    from tests.conftest import _user

    # Hà Nội is linked: it sees the session but does not manage it.
    assert fair_selectors.fair_get(actor=other_counsellor, fair_id=fair.pk) == fair
    with pytest.raises(PermissionDenied):
        fair_services.fair_set_status(actor=other_counsellor, fair_id=fair.pk, status="cancelled")
    assert fair_selectors.fair_get(actor=analyst, fair_id=fair.pk) == fair
    with pytest.raises(PermissionDenied):
        fair_services.fair_create(actor=analyst, data=fair_data())
    from ansinh.geo.models import AdminUnit

    third = AdminUnit.objects.current().filter(level="province").exclude(code__in=["11", "01"]).first()
    stranger = _user("tuvan_khac", "employment_counsellor", third)
    with pytest.raises(NotFound):
        fair_selectors.fair_get(actor=stranger, fair_id=fair.pk)
    assert list(fair_selectors.fair_list(actor=stranger)) == []


def test_registration_prematch_schedule_outcomes(
    fair, counsellor, other_counsellor, make_seeker, make_employer, make_vacancy, ha_noi_commune
):
    employer = make_employer()
    welder = make_vacancy(
        employer=employer, title="Thợ hàn điện", posts=3, skills="hàn MIG", min_general_education=3
    )
    sewing = make_vacancy(employer=employer, title="Công nhân may công nghiệp", posts=10)
    fair_services.employer_register(
        actor=counsellor,
        fair_id=fair.pk,
        employer_id=employer.pk,
        vacancies=[(welder.pk, 2), (sewing.pk, None)],
    )
    seeker = make_seeker(title="Thợ hàn điện")
    registration = fair_services.fair_seeker_register(actor=counsellor, fair_id=fair.pk, seeker_id=seeker.pk)
    matches = list(FairMatch.objects.filter(fair_seeker=registration).select_related("fair_vacancy"))
    assert next(m.fair_vacancy.vacancy_id for m in matches) == welder.pk  # the welder's job ranks first
    assert matches[0].score > matches[1].score and matches[0].reasons
    assert any("7212" in r for r in matches[0].reason_texts)
    assert matches[0].reasons[0]["code"].startswith("occupation.")

    # A linked province registers its own seeker; the host's list shows both, Hà Nội's only its own.
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person
    from tests.labour.conftest import person_raw, seeker_raw

    hn_seeker = services.seeker_register(
        actor=other_counsellor,
        data=parse_seeker(seeker_raw(ha_noi_commune, desired_provinces=["01"])),
        person=parse_person(person_raw()),
    )
    hn_reg = fair_services.fair_seeker_register(
        actor=other_counsellor, fair_id=fair.pk, seeker_id=hn_seeker.pk
    )
    with pytest.raises(ValidationFailed) as exc:
        fair_services.fair_seeker_register(
            actor=other_counsellor, fair_id=fair.pk, seeker_id=seeker.pk
        )  # not theirs
    assert _codes(exc) == {"seeker.not_found": "seeker"}
    assert {r.pk for r in fair_selectors.registrations(actor=counsellor, fair=fair)} == {
        registration.pk,
        hn_reg.pk,
    }
    assert [r.pk for r in fair_selectors.registrations(actor=other_counsellor, fair=fair)] == [hn_reg.pk]

    offer = fair.vacancies.get(vacancy=welder)
    slot = fair.starts_at
    interview = fair_services.interview_schedule(
        actor=counsellor,
        fair_id=fair.pk,
        fair_seeker_id=registration.pk,
        fair_vacancy_id=offer.pk,
        slot_start=slot,
        table="B1",
    )
    other_offer = fair.vacancies.get(vacancy=sewing)
    with pytest.raises(ValidationFailed) as exc:  # the seeker's slot and the table's slot are taken
        fair_services.interview_schedule(
            actor=counsellor,
            fair_id=fair.pk,
            fair_seeker_id=registration.pk,
            fair_vacancy_id=other_offer.pk,
            slot_start=slot,
            table="B1",
        )
    assert _codes(exc) == {"slot_start.seeker_busy": "slot_start", "table.busy": "table"}
    with pytest.raises(ValidationFailed) as exc:
        fair_services.interview_schedule(
            actor=counsellor,
            fair_id=fair.pk,
            fair_seeker_id=hn_reg.pk,
            fair_vacancy_id=other_offer.pk,
            slot_start=slot + dt.timedelta(minutes=10),
        )
    assert _codes(exc) == {"slot_start.off_grid": "slot_start"}
    online = fair_services.interview_schedule(
        actor=counsellor, fair_id=fair.pk, fair_seeker_id=hn_reg.pk, fair_vacancy_id=offer.pk, slot_start=slot
    )  # same slot, online
    assert online.online_link == fair.online_link and online.table == ""
    with pytest.raises(PermissionDenied):
        fair_services.interview_schedule(
            actor=other_counsellor,
            fair_id=fair.pk,
            fair_seeker_id=hn_reg.pk,
            fair_vacancy_id=other_offer.pk,
            slot_start=slot + dt.timedelta(minutes=30),
        )

    # The host cannot hire Hà Nội's seeker (their centre closes the registration); Hà Nội can.
    with pytest.raises(ValidationFailed) as exc:
        fair_services.interview_outcome(
            actor=counsellor, fair_id=fair.pk, interview_id=online.pk, outcome="hired"
        )
    assert _codes(exc) == {"outcome.other_centre": "outcome"}
    fair_services.interview_outcome(
        actor=other_counsellor, fair_id=fair.pk, interview_id=online.pk, outcome="preselected"
    )
    fair_services.interview_outcome(
        actor=counsellor, fair_id=fair.pk, interview_id=interview.pk, outcome="interviewed"
    )
    fair_services.interview_outcome(
        actor=counsellor, fair_id=fair.pk, interview_id=interview.pk, outcome="hired"
    )
    placement = Placement.objects.get(seeker=seeker)
    assert (placement.source, placement.interview_id, placement.vacancy_id) == (
        "fair",
        interview.pk,
        welder.pk,
    )
    welder.refresh_from_db()
    assert welder.posts_filled == 1
    with pytest.raises(ValidationFailed) as exc:
        fair_services.interview_outcome(
            actor=counsellor, fair_id=fair.pk, interview_id=interview.pk, outcome="not_selected"
        )
    assert "outcome.final" in _codes(exc)

    figures = fair_selectors.counts([fair.pk])[fair.pk]
    assert (
        figures.employers,
        figures.vacancies,
        figures.posts,
        figures.seekers,
        figures.interviews,
        figures.interviewed,
        figures.preselected,
        figures.hired,
    ) == (1, 2, 12, 2, 2, 2, 2, 1)


def test_quota_and_closed_vacancy(fair, counsellor, make_employer, make_vacancy):
    employer = make_employer()
    vacancy = make_vacancy(employer=employer, posts=2)
    with pytest.raises(ValidationFailed) as exc:
        fair_services.employer_register(
            actor=counsellor, fair_id=fair.pk, employer_id=employer.pk, vacancies=[(vacancy.pk, 3)]
        )
    assert _codes(exc) == {"quota.out_of_range": "quota"}
    with pytest.raises(ValidationFailed) as exc:
        fair_services.employer_register(
            actor=counsellor, fair_id=fair.pk, employer_id=employer.pk, vacancies=[]
        )
    assert _codes(exc) == {"vacancies.required": "vacancies"}


def test_status_rules(today, counsellor, make_seeker):
    tomorrow = today + dt.timedelta(days=1)
    later = fair_services.fair_create(
        actor=counsellor, data=fair_data(starts_at=at(tomorrow, 8), ends_at=at(tomorrow, 12))
    )
    with pytest.raises(ValidationFailed) as exc:
        fair_services.fair_set_status(actor=counsellor, fair_id=later.pk, status="held")
    assert _codes(exc) == {"status.not_yet": "status"}
    fair_services.fair_set_status(actor=counsellor, fair_id=later.pk, status="cancelled", note="Bão")
    with pytest.raises(ApplicationError) as exc:
        fair_services.fair_seeker_register(actor=counsellor, fair_id=later.pk, seeker_id=make_seeker().pk)
    assert exc.value.code == "fair.not_planned"
    with pytest.raises(ApplicationError):
        fair_services.fair_set_status(actor=counsellor, fair_id=later.pk, status="held")


def test_sessions_this_month(fair, counsellor, other_counsellor):
    assert fair_selectors.sessions_this_month(actor=counsellor) == {"planned": 1, "held": 0}
    assert fair_selectors.sessions_this_month(actor=other_counsellor) == {
        "planned": 0,
        "held": 0,
    }  # hosted only


def test_indicator_job_fairs(today, counsellor, commune_a, dien_bien):
    province_fair = fair_services.fair_create(actor=counsellor, data=fair_data())
    commune_fair = fair_services.fair_create(actor=counsellor, data=fair_data(host_commune_id=commune_a.pk))
    fair_services.fair_create(actor=counsellor, data=fair_data())  # planned: not counted
    for made in (province_fair, commune_fair):
        fair_services.fair_set_status(actor=counsellor, fair_id=made.pk, status="held")
    rows = sorted(indicators.SOURCES["LM.JOB_FAIRS"](today.replace(day=1), today), key=lambda c: c.unit_code)
    assert rows == sorted(
        [Computed("11", Decimal(1)), Computed(commune_a.code, Decimal(1))], key=lambda c: c.unit_code
    )
    assert list(indicators.job_fairs(today + dt.timedelta(days=1), today + dt.timedelta(days=30))) == []
    assert JobFair.objects.count() == 3


def test_indicator_new_jobs(today, counsellor, make_seeker, commune_a, commune_b):
    for commune in (commune_a, commune_a, commune_b):
        seeker = make_seeker(commune=commune)
        referral_services.placement_record(
            actor=counsellor, seeker_id=seeker.pk, placed_on=today, employer_name="Cty"
        )
    rows = {c.unit_code: c.value for c in indicators.SOURCES["LM.NEW_JOBS"](today, today)}
    assert rows == {commune_a.code: Decimal(2), commune_b.code: Decimal(1)}
    assert list(indicators.new_jobs(today - dt.timedelta(days=9), today - dt.timedelta(days=1))) == []


def test_demo_sessions_referrals_placements(units):
    from ansinh.labour.demo import demo_labour_load
    from ansinh.labour.models import FairInterview, Referral, Vacancy

    as_of = dt.date(2026, 11, 1)

    def snapshot():
        return (
            list(
                JobFair.objects.order_by("starts_at").values_list(
                    "title", "mode", "status", "host_commune_id"
                )
            ),
            list(
                Referral.objects.order_by("seeker__person_id", "referred_on").values_list(
                    "seeker__person_id", "vacancy__reference", "status", "referred_on"
                )
            ),
            list(
                Placement.objects.order_by("seeker__person_id").values_list(
                    "seeker__person_id", "source", "placed_on", "days"
                )
            ),
        )

    result = demo_labour_load(province_code="11", seekers=200, vacancies=60, seed=4, as_of=as_of)
    assert (result.sessions, result.placements > 0, result.referrals > 0) == (5, True, True)
    assert (
        JobFair.objects.filter(status="held").count() == 3
        and JobFair.objects.filter(status="planned").count() == 2
    )
    assert FairMatch.objects.exists() and FairInterview.objects.filter(outcome="hired").exists()
    for placement in Placement.objects.select_related("seeker", "vacancy"):
        assert placement.seeker.status == "closed" and placement.seeker.close_reason == "placed"
        assert placement.placed_on >= placement.seeker.registered_on and placement.placed_on <= as_of
        assert placement.days == (placement.placed_on - placement.seeker.registered_on).days
    for vacancy in Vacancy.objects.filter(posts_filled__gt=0):
        assert vacancy.posts_filled == vacancy.placements.count() <= vacancy.posts
    held = {c.unit_code for c in indicators.job_fairs(dt.date(2026, 8, 1), as_of)}
    assert held and held <= {
        "11",
        *JobFair.objects.exclude(host_commune=None).values_list("host_commune__code", flat=True),
    }
    before = snapshot()
    demo_labour_load(province_code="11", seekers=200, vacancies=60, seed=4, as_of=as_of, force=True)
    after = snapshot()
    assert after[0] == before[0] and [r[1:] for r in after[2]] == [r[1:] for r in before[2]]


def test_edit_keeps_booked_slots_on_the_grid(fair, counsellor, make_seeker, make_vacancy):
    vacancy = make_vacancy()
    fair_services.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=vacancy.employer_id, vacancies=[(vacancy.pk, 1)]
    )
    registration = fair_services.fair_seeker_register(
        actor=counsellor, fair_id=fair.pk, seeker_id=make_seeker().pk
    )
    fair_services.interview_schedule(
        actor=counsellor, fair_id=fair.pk, fair_seeker_id=registration.pk,
        fair_vacancy_id=fair.vacancies.get().pk, slot_start=fair.starts_at + dt.timedelta(minutes=30),
        table="A",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        fair_services.fair_update(actor=counsellor, fair_id=fair.pk, data=fair_data(slot_minutes=20))
    assert _codes(exc) == {"starts_at.booked": "starts_at"}
    fair.refresh_from_db()
    assert fair.slot_minutes == 30
    updated = fair_services.fair_update(
        actor=counsellor, fair_id=fair.pk, data=fair_data(slot_minutes=15, title="Mới")
    )
    assert (updated.title, updated.slot_minutes, updated.version) == ("Mới", 15, 2)
