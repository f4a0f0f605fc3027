"""The review round from opening to the province's summary, through the services: a disputed household
surveyed again, a complaint answered, the decision writing the households' status, a later decision closing
it; the refusals of each step; `household_status_on` by date."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.poverty import selectors, services
from ansinh.poverty.models import PovertyStatus, Round, Survey
from tests.poverty.conftest import answers_for

pytestmark = pytest.mark.django_db

OPENED = dt.date(2025, 10, 6)
MEETING = dt.date(2025, 11, 3)
POSTED = dt.date(2025, 11, 17)
DECIDED = dt.date(2025, 11, 20)


def codes(exc: ApplicationError) -> set[str]:
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    return {e.code for e in errors}


def open_round(actor, commune, *, year=2025, kind="periodic", **kw):
    return services.round_create(
        actor=actor, data=services.RoundData(commune_id=commune.pk, kind=kind, year=year, **kw)
    )


def finalise(actor, survey, classification, **kw):
    answers = answers_for(classification, on=survey.round.standard_on, area=survey.area)
    return services.survey_save(
        actor=actor, survey_id=survey.pk, data=services.SurveyData(answers=answers, final=True, **kw)
    )


def survey_of(rnd, household):
    return Survey.objects.get(round=rnd, household=household)


@pytest.fixture
def village(commune_a, make_household):
    """Four households of commune A: three in Bản Noong Bua, one in Bản Co Mận."""
    return [
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Noong Bua"),
        make_household(village="Bản Co Mận"),
    ]


def run_to_posting(actor, commune, households, results, *, year=2025, start=OPENED):
    """Open a periodic round, finalise every survey with `results` (one classification per household),
    hold the meetings (all agreed) and post the list."""
    with clock.frozen(start):
        rnd = open_round(actor, commune, year=year)
    with clock.frozen(start + dt.timedelta(days=14)):
        for household, result in zip(households, results, strict=True):
            finalise(actor, survey_of(rnd, household), result)
    with clock.frozen(start + dt.timedelta(days=28)):
        services.meetings_open(actor=actor, round_id=rnd.pk)
        services.meeting_record(
            actor=actor,
            round_id=rnd.pk,
            results=[services.MeetingData(s.pk, "agreed") for s in rnd.surveys.all()],
        )
    with clock.frozen(start + dt.timedelta(days=42)):
        services.posting_open(actor=actor, round_id=rnd.pk)
    rnd.refresh_from_db()
    return rnd


def test_round_from_opening_to_summary(commune_officer, province_officer, commune_a, village):
    poor, near, middle, moved = village
    with clock.frozen(OPENED):
        rnd = open_round(commune_officer, commune_a, planned_meeting_on=MEETING, planned_decision_on=DECIDED)
    assert (rnd.state, rnd.standard_on, rnd.collection_on) == ("collection", dt.date(2026, 1, 1), OPENED)
    assert rnd.surveys.count() == 4
    assert survey_of(rnd, moved).village == "Bản Co Mận"

    with clock.frozen(dt.date(2025, 10, 20)):
        draft = services.survey_save(
            actor=commune_officer,
            survey_id=survey_of(rnd, poor).pk,
            data=services.SurveyData(answers={"half": "written"}),
        )
        assert draft.draft and draft.classification == ""
        finalise(commune_officer, survey_of(rnd, poor), "poor")
        finalise(commune_officer, survey_of(rnd, near), "near_poor")
        finalise(commune_officer, survey_of(rnd, middle), "middle")
        finalise(commune_officer, survey_of(rnd, moved), "near_poor", village="Bản Co Mận 2")
    assert survey_of(rnd, poor).classification == "poor"
    assert survey_of(rnd, poor).result["classification"] == "poor"
    assert survey_of(rnd, moved).village == "Bản Co Mận 2"

    with clock.frozen(MEETING):
        services.meetings_open(actor=commune_officer, round_id=rnd.pk)
        services.meeting_record(
            actor=commune_officer,
            round_id=rnd.pk,
            results=[
                services.MeetingData(survey_of(rnd, poor).pk, "agreed"),
                services.MeetingData(survey_of(rnd, near).pk, "agreed"),
                services.MeetingData(
                    survey_of(rnd, middle).pk, "disputed", "Hộ có xe tải, thu nhập cao hơn khai"
                ),
                services.MeetingData(survey_of(rnd, moved).pk, "agreed"),
            ],
        )
    progress = {v.village: v for v in selectors.round_progress(rnd)}
    assert (progress["Bản Noong Bua"].households, progress["Bản Noong Bua"].agreed) == (3, 2)
    assert progress["Bản Noong Bua"].disputed == 1
    # Disputed: the list cannot be posted until the household is surveyed again and agreed.
    with clock.frozen(MEETING), pytest.raises(ValidationFailed) as refused:
        services.posting_open(actor=commune_officer, round_id=rnd.pk)
    assert "round.meetings_pending" in codes(refused.value)
    with clock.frozen(MEETING + dt.timedelta(days=2)):
        resurveyed = finalise(commune_officer, survey_of(rnd, middle), "other")
        assert (resurveyed.classification, resurveyed.meeting_result) == ("other", "")
        services.meeting_record(
            actor=commune_officer,
            round_id=rnd.pk,
            results=[services.MeetingData(resurveyed.pk, "agreed")],
        )

    with clock.frozen(POSTED):
        services.posting_open(actor=commune_officer, round_id=rnd.pk)
        complaint = services.complaint_record(
            actor=commune_officer,
            survey_id=survey_of(rnd, near).pk,
            complainant="Lò Văn Minh",
            text="Hộ này mới mua máy cày.",
        )
    # An unanswered complaint holds the decision back, even after the 3 days.
    decision = services.DecisionData(number="125/QĐ-UBND", decision_date=DECIDED, signer="Lò Văn Sơn")
    with clock.frozen(DECIDED), pytest.raises(ValidationFailed) as refused:
        services.round_decide(actor=commune_officer, round_id=rnd.pk, data=decision)
    assert codes(refused.value) == {"round.complaints_open"}
    with clock.frozen(DECIDED):
        services.complaint_answer(
            actor=commune_officer,
            complaint_id=complaint.pk,
            answer="Đã xác minh: máy cày đi mượn, giữ kết quả.",
        )
        rnd = services.round_decide(actor=commune_officer, round_id=rnd.pk, data=decision)
    assert (rnd.state, rnd.decision_number, rnd.decided_on) == ("decided", "125/QĐ-UBND", DECIDED)
    statuses = {s.household_id: s for s in PovertyStatus.objects.filter(round=rnd)}
    assert {h: (s.status, s.transition) for h, s in statuses.items()} == {
        poor.pk: ("poor", "newly_poor"),
        near.pk: ("near_poor", "newly_near_poor"),
        middle.pk: ("other", "none"),
        moved.pk: ("near_poor", "newly_near_poor"),
    }
    assert all(s.valid_from == DECIDED and s.valid_to is None for s in statuses.values())
    assert AuditEvent.objects.filter(object_type="poverty.povertystatus").count() == 4

    # The province summarises the year.
    with clock.frozen(dt.date(2025, 12, 5)):
        summarised = services.rounds_summarise(actor=province_officer, year=2025)
    assert [r.pk for r in summarised] == [rnd.pk]
    rnd.refresh_from_db()
    assert (rnd.state, rnd.summarised_on, rnd.summarised_by) == (
        "summarised", dt.date(2025, 12, 5), province_officer,
    )  # fmt: skip
    summary = selectors.year_summary(actor=province_officer, year=2025)
    assert (summary.summarised, summary.households, summary.poor, summary.near_poor) == (1, 4, 1, 2)


def test_a_later_decision_closes_the_status_and_names_the_transition(commune_officer, commune_a, village):
    poor, near, middle, other = village
    first = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "poor"])
    with clock.frozen(dt.date(2025, 11, 25)):
        services.round_decide(
            actor=commune_officer,
            round_id=first.pk,
            data=services.DecisionData("30/QĐ-UBND", dt.date(2025, 11, 25), "Lò Văn Sơn"),
        )
    # A year later: the first poor household escapes, the near-poor one falls into poverty, the middle one
    # stays; the fourth is still poor.
    second = run_to_posting(
        commune_officer, commune_a, village, ["middle", "poor", "middle", "poor"], year=2026,
        start=dt.date(2026, 10, 5),
    )  # fmt: skip
    day = dt.date(2026, 11, 20)
    with clock.frozen(day):
        services.round_decide(
            actor=commune_officer,
            round_id=second.pk,
            data=services.DecisionData("41/QĐ-UBND", day, "Lò Văn Sơn"),
        )
    rows = PovertyStatus.objects.filter(household=poor).order_by("valid_from")
    assert [(r.status, r.valid_from, r.valid_to) for r in rows] == [
        ("poor", dt.date(2025, 11, 25), dt.date(2026, 11, 19)),
        ("escaped", day, None),
    ]
    current = {s.household_id: s.transition for s in PovertyStatus.objects.filter(valid_to__isnull=True)}
    assert current == {
        poor.pk: "escaped_poverty",
        near.pk: "newly_poor",
        middle.pk: "none",
        other.pk: "still_poor",
    }
    # The status on a date: before the first decision none, then each decision's.
    assert selectors.household_status_on(poor.pk, dt.date(2025, 11, 24)) is None
    assert selectors.household_status_on(poor.pk, dt.date(2025, 11, 25)) == "poor"
    assert selectors.household_status_on(poor.pk, dt.date(2026, 11, 19)) == "poor"
    assert selectors.household_status_on(poor.pk, day) == "escaped"
    assert selectors.household_statuses_on([poor.pk, near.pk, 987654], dt.date(2026, 1, 1)) == {
        poor.pk: "poor",
        near.pk: "near_poor",
    }
    assert selectors.household_statuses_on([poor.pk, near.pk], day) == {poor.pk: "escaped", near.pk: "poor"}


def test_poor_again_after_escaping(commune_officer, commune_a, make_household):
    household = make_household()
    for year, result, number in ((2024, "poor", "1"), (2025, "middle", "2"), (2026, "poor", "3")):
        rnd = run_to_posting(
            commune_officer, commune_a, [household], [result], year=year, start=dt.date(year, 9, 1)
        )
        with clock.frozen(dt.date(year, 11, 1)):
            services.round_decide(
                actor=commune_officer,
                round_id=rnd.pk,
                data=services.DecisionData(f"{number}/QĐ-UBND", dt.date(year, 11, 1), "Lò Văn Sơn"),
            )
    history = PovertyStatus.objects.filter(household=household).order_by("valid_from")
    assert [(s.status, s.transition) for s in history] == [
        ("poor", "newly_poor"),
        ("escaped", "escaped_poverty"),
        ("poor", "re_poor"),
    ]


# --- refusals -------------------------------------------------------------------------------------------


def test_steps_out_of_order_are_refused(commune_officer, commune_a, village):
    with clock.frozen(OPENED):
        rnd = open_round(commune_officer, commune_a)
    with clock.frozen(MEETING):
        with pytest.raises(ApplicationError) as refused:
            services.posting_open(actor=commune_officer, round_id=rnd.pk)
        assert refused.value.code == "round.wrong_step" and refused.value.status == 409
        with pytest.raises(ApplicationError) as refused:
            services.round_decide(
                actor=commune_officer, round_id=rnd.pk, data=services.DecisionData("1", MEETING, "A")
            )
        assert refused.value.code == "round.wrong_step"
        # Drafts left: the collection cannot close.
        with pytest.raises(ValidationFailed) as refused:
            services.meetings_open(actor=commune_officer, round_id=rnd.pk)
        assert "round.drafts_left" in codes(refused.value)
        assert "4" in str(refused.value.errors[0].message)
    rnd.refresh_from_db()
    assert rnd.state == "collection" and rnd.meeting_on is None


def test_decision_before_the_posting_ends_is_refused(commune_officer, commune_a, village):
    rnd = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "other"])
    assert rnd.posting_on == OPENED + dt.timedelta(days=42)
    too_early = rnd.posting_on + dt.timedelta(days=2)
    with clock.frozen(too_early), pytest.raises(ValidationFailed) as refused:
        services.round_decide(
            actor=commune_officer,
            round_id=rnd.pk,
            data=services.DecisionData("7/QĐ-UBND", too_early, "Lò Văn Sơn"),
        )
    assert codes(refused.value) == {"decision_date.posting_not_over"}
    assert refused.value.errors[0].field == "decision_date"
    assert not PovertyStatus.objects.exists()
    rnd.refresh_from_db()
    assert rnd.state == "posting" and rnd.decision_number == ""
    on_time = rnd.posting_on + dt.timedelta(days=3)
    with clock.frozen(on_time):
        services.round_decide(
            actor=commune_officer,
            round_id=rnd.pk,
            data=services.DecisionData("7/QĐ-UBND", on_time, "Lò Văn Sơn"),
        )
    assert PovertyStatus.objects.count() == 4


def test_decision_input_is_checked_field_by_field(commune_officer, commune_a, village):
    rnd = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "other"])
    day = rnd.posting_on + dt.timedelta(days=5)
    with clock.frozen(day), pytest.raises(ValidationFailed) as refused:
        services.round_decide(
            actor=commune_officer, round_id=rnd.pk, data=services.DecisionData(" ", day + dt.timedelta(1), "")
        )
    assert {(e.code, e.field) for e in refused.value.errors} == {
        ("number.required", "number"),
        ("signer.required", "signer"),
        ("decision_date.future", "decision_date"),
    }
    assert PovertyStatus.objects.count() == 0


def test_periodic_round_once_a_year_and_adhoc_needs_reason(commune_officer, commune_a, village):
    with clock.frozen(OPENED):
        open_round(commune_officer, commune_a)
        with pytest.raises(ValidationFailed) as refused:
            open_round(commune_officer, commune_a)
        assert "round.duplicate" in codes(refused.value)
        with pytest.raises(ValidationFailed) as refused:
            open_round(commune_officer, commune_a, kind="adhoc", household_ids=[village[0].pk])
        # The household is already in an open round, and the reason is missing.
        assert codes(refused.value) == {"reason.required", "household.in_open_round"}


def test_adhoc_round_takes_the_chosen_households(commune_officer, commune_a, village):
    with clock.frozen(OPENED):
        rnd = open_round(
            commune_officer,
            commune_a,
            kind="adhoc",
            reason="Hộ bị lũ cuốn trôi nhà",
            household_ids=[village[1].pk],
        )
    assert list(rnd.surveys.values_list("household_id", flat=True)) == [village[1].pk]
    assert rnd.standard_on == OPENED


def test_surveys_are_closed_outside_collection(commune_officer, commune_a, village):
    rnd = run_to_posting(commune_officer, commune_a, village, ["poor", "near_poor", "middle", "other"])
    with pytest.raises(ApplicationError) as refused:
        finalise(commune_officer, survey_of(rnd, village[0]), "middle")
    assert refused.value.code == "round.wrong_step"
    assert survey_of(rnd, village[0]).classification == "poor"


# --- scope ----------------------------------------------------------------------------------------------


def test_another_commune_is_not_found(commune_officer, other_commune_officer, commune_a, commune_b, village):
    with clock.frozen(OPENED):
        rnd = open_round(commune_officer, commune_a)
        with pytest.raises(ValidationFailed) as refused:
            open_round(other_commune_officer, commune_a)
    assert codes(refused.value) == {"commune.not_found"}
    survey = rnd.surveys.first()
    with pytest.raises(NotFound):
        selectors.round_get(actor=other_commune_officer, round_id=rnd.pk)
    with pytest.raises(NotFound):
        selectors.survey_get(actor=other_commune_officer, survey_id=survey.pk)
    with pytest.raises(NotFound):
        services.survey_save(actor=other_commune_officer, survey_id=survey.pk, data=services.SurveyData())
    with pytest.raises(NotFound):
        services.meetings_open(actor=other_commune_officer, round_id=rnd.pk)
    assert list(selectors.round_list(actor=other_commune_officer)) == []
    assert [r.pk for r in selectors.round_list(actor=commune_officer)] == [rnd.pk]
    with pytest.raises(NotFound):
        selectors.household_status_history(actor=other_commune_officer, household_id=village[0].pk)


def test_province_and_roles(
    commune_officer, province_officer, other_province_officer, counsellor, auditor, commune_a, village
):
    with clock.frozen(OPENED):
        rnd = open_round(province_officer, commune_a)
    assert selectors.round_get(actor=province_officer, round_id=rnd.pk) == rnd
    assert selectors.round_get(actor=auditor, round_id=rnd.pk) == rnd
    with pytest.raises(NotFound):
        selectors.round_get(actor=other_province_officer, round_id=rnd.pk)
    with pytest.raises(PermissionDenied):
        selectors.round_get(actor=counsellor, round_id=rnd.pk)
    with pytest.raises(PermissionDenied):
        services.meetings_open(actor=auditor, round_id=rnd.pk)
    with pytest.raises(PermissionDenied):
        services.rounds_summarise(actor=commune_officer, year=2025)


def test_summary_waits_for_every_round(province_officer, commune_officer, commune_a, village):
    with clock.frozen(OPENED):
        open_round(commune_officer, commune_a)
    with pytest.raises(ValidationFailed) as refused:
        services.rounds_summarise(actor=province_officer, year=2025)
    assert codes(refused.value) == {"summary.rounds_pending"}
    assert not Round.objects.filter(state="summarised").exists()
