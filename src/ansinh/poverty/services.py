"""Writes of the poverty review: create a round, save surveys (drafts, or final and classified), the village
meetings, the public posting, complaints, the commune's decision (which writes the households' poverty
status), and the province's summary of a year.

Every write checks the actor's capability, reaches its rows through `core.scope` (out of scope is "not
found"), checks the round's step, collects every input problem before refusing (`ValidationFailed`, nothing
written), and writes its rows and the audit event in one transaction.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit
from ansinh.poverty import bulk, procedure, questionnaire
from ansinh.poverty.models import (
    Area,
    Complaint,
    FormKind,
    MeetingResult,
    PovertyStatus,
    Round,
    RoundKind,
    RoundState,
    Status,
    Survey,
    Transition,
)
from ansinh.registry.models import Household

MAX_ANSWERS_CHARS = 50_000
ROUND_AUDIT_FIELDS = [
    "kind", "year", "reason", "standard_on", "state", "planned_collection_until", "planned_meeting_on",
    "planned_posting_on", "planned_decision_on", "collection_on", "meeting_on", "posting_on", "decided_on",
    "summarised_on", "decision_number", "decision_date", "decision_signer",
]  # fmt: skip
SURVEY_AUDIT_FIELDS = [
    "village", "form", "area", "answers", "draft", "collector_id", "collected_on", "income_per_capita",
    "deprived", "classification", "provisional", "meeting_result", "meeting_note", "meeting_held_on",
]  # fmt: skip


# --- inputs -------------------------------------------------------------------------------------------


@dataclass
class RoundData:
    commune_id: int | None
    kind: str = RoundKind.PERIODIC
    year: int | None = None
    reason: str = ""
    standard_on: dt.date | None = None
    household_ids: Sequence[int] = ()  # an ad hoc round's households
    planned_collection_until: dt.date | None = None
    planned_meeting_on: dt.date | None = None
    planned_posting_on: dt.date | None = None
    planned_decision_on: dt.date | None = None


@dataclass
class SurveyData:
    answers: dict[str, Any] = field(default_factory=dict)
    final: bool = False
    village: str | None = None
    form: str | None = None
    area: str | None = None
    collected_on: dt.date | None = None


@dataclass
class MeetingData:
    survey_id: int
    result: str
    note: str = ""


@dataclass
class DecisionData:
    number: str
    decision_date: dt.date | None
    signer: str


# --- helpers ------------------------------------------------------------------------------------------


def _stale() -> Conflict:
    return Conflict(
        "round.stale", _("Someone else changed this record after you opened it. Reload it and try again.")
    )


def _round_locked(actor: Actor, round_id: Any, expected_version: int | None = None) -> Round:
    rnd = scope.access(
        Round.objects.select_for_update(of=("self",)).select_related("commune"), actor, round_id, what="round"
    )
    if expected_version is not None and expected_version != rnd.version:
        raise _stale()
    return rnd


def _bump(obj: Any, actor: Actor) -> None:
    obj.version += 1
    obj.updated_by = user_of(actor)


def _state_error(rnd: Round, *expected: str) -> ApplicationError:
    names = ", ".join(str(RoundState(s).label) for s in expected)
    return Conflict(
        "round.wrong_step",
        _("The round is at the step “%(now)s”; this can be done only at: %(expected)s.")
        % {"now": rnd.get_state_display(), "expected": names},
    )


def _require_state(rnd: Round, *expected: str) -> None:
    if rnd.state not in expected:
        raise _state_error(rnd, *expected)


def _date_in_range(
    value: dt.date | None, field_name: str, *, earliest: dt.date, errors: list[ApplicationError]
) -> dt.date:
    today = clock.today()
    day = value or today
    if day > today:
        errors.append(_error(f"{field_name}.future", _("The date is in the future."), field_name))
    elif day < earliest:
        errors.append(
            _error(
                f"{field_name}.too_early",
                _("The date cannot be before %(day)s.") % {"day": earliest.strftime("%d/%m/%Y")},
                field_name,
            )
        )
    return day


def area_of(commune: AdminUnit) -> str:
    """Wards (phường) are urban; communes (xã) and special zones (đặc khu) rural, the standard's split."""
    return Area.URBAN if (commune.unit_type or "").strip().lower() == "phường" else Area.RURAL


def _village_of(household: Household) -> str:
    return (household.address_detail or "").strip()[:200]


def default_standard_on(kind: str, year: int, today: dt.date) -> dt.date:
    """The day a round classifies for: a periodic review at the end of a year classifies the households
    for the next year (its 1 January); an ad hoc one for today."""
    return dt.date(year + 1, 1, 1) if kind == RoundKind.PERIODIC else today


def _open_rounds_of(household_ids: Iterable[int]) -> set[int]:
    """Households already in a round that is not decided yet."""
    return set(
        Survey.objects.filter(
            household_id__in=list(household_ids),
            round__state__in=[RoundState.COLLECTION, RoundState.VILLAGE_MEETING, RoundState.POSTING],
        ).values_list("household_id", flat=True)
    )


# --- the round ----------------------------------------------------------------------------------------


def _clean_round(actor: Actor, data: RoundData, errors: list[ApplicationError]) -> AdminUnit | None:
    commune = None
    if data.commune_id is None:
        errors.append(_error("commune.required", _("Choose the commune."), "commune_id"))
    else:
        commune = AdminUnit.objects.current().filter(level="commune", pk=data.commune_id).first()
        if commune is not None and not scope.in_scope(
            actor, province_code=commune.province_code, commune_id=commune.pk
        ):
            commune = None
        if commune is None:
            errors.append(_error("commune.not_found", _("Commune not found."), "commune_id"))
    if data.kind not in RoundKind.values:
        errors.append(_error("kind.invalid", _("Choose periodic or ad hoc."), "kind"))
    today = clock.today()
    if data.year is None or not 2021 <= data.year <= today.year + 1:
        errors.append(
            _error(
                "year.out_of_range",
                _("Enter a year from 2021 to %(last)s.") % {"last": today.year + 1},
                "year",
            )
        )
    if data.kind == RoundKind.ADHOC:
        if not data.reason.strip():
            errors.append(
                _error("reason.required", _("Give the request or event behind an ad hoc review."), "reason")
            )
        if not data.household_ids:
            errors.append(
                _error("household_ids.required", _("Choose the households to review."), "household_ids")
            )
    if data.year is not None and 2021 <= data.year <= today.year + 1 and data.kind in RoundKind.values:
        from ansinh.poverty import standard

        on = data.standard_on or default_standard_on(data.kind, data.year, today)
        try:
            standard.standard_on(on)
        except standard.PovertyInputError as exc:
            errors.append(
                _error("standard_on.not_held", str(exc.message).removeprefix("on: "), "standard_on")
            )
    if len(data.reason) > 2000:
        errors.append(_error("reason.too_long", _("The reason is too long."), "reason"))
    plans = [
        ("planned_collection_until", data.planned_collection_until),
        ("planned_meeting_on", data.planned_meeting_on),
        ("planned_posting_on", data.planned_posting_on),
        ("planned_decision_on", data.planned_decision_on),
    ]
    given = [(name, day) for name, day in plans if day is not None]
    for (_a, first), (name, second) in itertools.pairwise(given):
        if second < first:
            errors.append(
                _error(
                    f"{name}.before_previous",
                    _("The planned dates must follow the order of the steps."),
                    name,
                )
            )
    return commune


@transaction.atomic
def round_create(*, actor: Actor, data: RoundData) -> Round:
    """Open a review round in a commune at its first step (collection). A periodic round takes every
    household of the commune; an ad hoc one the households chosen. Each gets a draft survey, its village
    copied from the household's address."""
    require(actor, "poverty.change")
    errors: list[ApplicationError] = []
    commune = _clean_round(actor, data, errors)
    households: list[Household] = []
    if commune is not None and data.kind in RoundKind.values:
        base = Household.objects.filter(commune=commune)
        if data.kind == RoundKind.PERIODIC:
            households = list(base.order_by("code"))
            if not households:
                errors.append(
                    _error(
                        "commune.no_households", _("The commune has no household registered."), "commune_id"
                    )
                )
            elif (
                data.year
                and Round.objects.filter(commune=commune, year=data.year, kind=RoundKind.PERIODIC).exists()
            ):
                errors.append(
                    Conflict(
                        "round.duplicate",
                        _("The commune already has its periodic review of this year."),
                        field="year",
                    )
                )
        elif data.household_ids:
            wanted = {int(h) for h in data.household_ids}
            households = list(base.filter(pk__in=wanted).order_by("code"))
            if len(households) != len(wanted):
                errors.append(
                    _error(
                        "household_ids.not_found",
                        _("Some households are not registered in this commune."),
                        "household_ids",
                    )
                )
        busy = _open_rounds_of(h.pk for h in households)
        if busy:
            codes = ", ".join(sorted(h.code for h in households if h.pk in busy)[:5])
            errors.append(
                Conflict(
                    "household.in_open_round",
                    _("Already in a round not yet decided: %(codes)s.") % {"codes": codes},
                    field="household_ids",
                )
            )
    _fail(errors)
    assert commune is not None and data.year is not None
    today = clock.today()
    user = user_of(actor)
    standard_on = data.standard_on or default_standard_on(data.kind, data.year, today)
    rnd = Round(
        commune=commune, province_code=commune.province_code, kind=data.kind, year=data.year,
        reason=data.reason.strip(), standard_on=standard_on, state=RoundState.COLLECTION,
        planned_collection_until=data.planned_collection_until, planned_meeting_on=data.planned_meeting_on,
        planned_posting_on=data.planned_posting_on, planned_decision_on=data.planned_decision_on,
        collection_on=today, collection_by=user, created_by=user, updated_by=user,
    )  # fmt: skip
    try:
        with transaction.atomic():
            rnd.save()
    except IntegrityError:
        raise ValidationFailed(
            [
                Conflict(
                    "round.duplicate",
                    _("The commune already has its periodic review of this year."),
                    field="year",
                )
            ]
        ) from None
    area = area_of(commune)
    Survey.objects.bulk_create(
        [
            Survey(
                round=rnd,
                household=h,
                village=_village_of(h),
                area=area,
                commune=commune,
                province_code=commune.province_code,
                created_by=user,
                updated_by=user,
            )
            for h in households
        ],
        batch_size=1000,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=rnd,
        after=audit.snapshot(rnd, ROUND_AUDIT_FIELDS) | {"households": len(households)},
    )
    return rnd


# --- surveys ------------------------------------------------------------------------------------------


def classify_answers(answers: dict[str, Any], *, on: dt.date, area: str) -> tuple[int, list[str], Any, dict]:
    """(income per capita, deprived indicators, the standard's result, the record kept with the survey) of
    a survey's answers classified by the standard in force on `on`."""
    from ansinh.poverty import questionnaire, standard

    try:
        income = questionnaire.income_per_capita_from(answers)
        deprived, deprivation_lines = questionnaire.deprivations_from_answers(answers, on)
        facts = standard.parse_facts(
            {"on": on.isoformat(), "area": area, "income_per_capita": income.per_capita, "deprived": deprived}
        )
        result = standard.classify(facts)
    except standard.PovertyInputError as exc:
        field_name = f"answers.{exc.field}" if exc.field and exc.field != "answers" else "answers"
        raise ValidationFailed([_error(exc.code, exc.message, field_name)]) from None
    record = _result_record(result)
    record["provisional"] = bool(result.provisional or income.provisional)
    record["income_lines"] = [str(line) for line in income.lines]
    record["deprivation_lines"] = [str(line) for line in deprivation_lines]
    return income.per_capita, list(deprived), result, record


def _survey_locked(actor: Actor, survey_id: Any, expected_version: int | None) -> Survey:
    survey = scope.access(
        Survey.objects.select_for_update(of=("self",)).select_related("round", "household"),
        actor,
        survey_id,
        what="survey",
    )
    if expected_version is not None and expected_version != survey.version:
        raise _stale()
    return survey


def _jsonable_answers(answers: Any, errors: list[ApplicationError]) -> dict[str, Any]:
    import json

    if not isinstance(answers, dict):
        errors.append(_error("answers.invalid", _("The answers must be a set of named values."), "answers"))
        return {}
    try:
        text = json.dumps(answers, ensure_ascii=False)
    except (TypeError, ValueError):
        errors.append(_error("answers.invalid", _("The answers must be a set of named values."), "answers"))
        return {}
    if len(text) > MAX_ANSWERS_CHARS:
        errors.append(_error("answers.too_long", _("The answers are too long."), "answers"))
        return {}
    parsed: dict[str, Any] = json.loads(text)
    return parsed


@transaction.atomic
def survey_save(
    *, actor: Actor, survey_id: Any, data: SurveyData, expected_version: int | None = None
) -> Survey:
    """Save a household's survey: a draft keeps the answers as they are; a final one is classified by the
    standard in force on the round's date. Surveys are entered while the round collects; a survey the
    village meeting disputed is entered again (re-surveyed) during the meetings, and its meeting result
    is then asked again."""
    require(actor, "poverty.change")
    survey = _survey_locked(actor, survey_id, expected_version)
    rnd = survey.round
    re_survey = rnd.state == RoundState.VILLAGE_MEETING and survey.meeting_result == MeetingResult.DISPUTED
    if rnd.state != RoundState.COLLECTION and not re_survey:
        if rnd.state == RoundState.VILLAGE_MEETING:
            raise Conflict(
                "survey.not_disputed",
                _("During the village meetings only a survey the meeting disputed can be entered again."),
            )
        raise _state_error(rnd, RoundState.COLLECTION)
    if re_survey and not data.final:
        raise ValidationFailed(
            [_error("final.required", _("A disputed survey is entered again as final."), "final")]
        )
    errors: list[ApplicationError] = []
    # A member question not asked at the member's age keeps no answer (school attendance of an adult…).
    answers = questionnaire.without_unasked(_jsonable_answers(data.answers, errors), rnd.standard_on)
    if data.form is not None and data.form not in FormKind.values:
        errors.append(_error("form.invalid", _("Choose form B1 or B2."), "form"))
    if data.area is not None and data.area not in Area.values:
        errors.append(_error("area.invalid", _("Choose rural or urban."), "area"))
    village = survey.village if data.village is None else data.village.strip()
    if len(village) > 200:
        errors.append(_error("village.too_long", _("The village name is too long."), "village"))
    if data.final and not village:
        errors.append(_error("village.required", _("Enter the village or hamlet."), "village"))
    collected_on = _date_in_range(
        data.collected_on, "collected_on", earliest=rnd.collection_on, errors=errors
    )
    _fail(errors)
    before = audit.snapshot(survey, SURVEY_AUDIT_FIELDS)
    survey.answers, survey.village = answers, village
    survey.form = data.form or survey.form
    survey.area = data.area or survey.area
    survey.collected_on, survey.collector = collected_on, user_of(actor) or survey.collector
    if data.final:
        income, deprived, result, record = classify_answers(answers, on=rnd.standard_on, area=survey.area)
        survey.income_per_capita, survey.deprived = income, deprived
        survey.classification = str(result.classification)
        survey.provisional = bool(record["provisional"])
        survey.result = record
        survey.classified_on = clock.today()
        survey.draft = False
        if re_survey:
            survey.meeting_result, survey.meeting_held_on = "", None
    else:
        survey.draft = True
        survey.income_per_capita, survey.deprived, survey.classification = None, [], ""
        survey.provisional, survey.result, survey.classified_on = False, {}, None
    _bump(survey, actor)
    survey.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(survey, SURVEY_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=survey, before=changed_before, after=changed_after
    )
    return survey


def _result_record(result: Any) -> dict[str, Any]:
    import json

    raw = result.as_dict() if hasattr(result, "as_dict") else {}
    # Dates and decimals as text: the record is JSON.
    record: dict[str, Any] = json.loads(json.dumps(raw, default=str, ensure_ascii=False))
    return record


# --- village meetings ---------------------------------------------------------------------------------


@transaction.atomic
def meetings_open(
    *, actor: Actor, round_id: Any, on: dt.date | None = None, expected_version: int | None = None
) -> Round:
    """Close the collection and hold the village meetings: every survey must be final."""
    require(actor, "poverty.change")
    rnd = _round_locked(actor, round_id, expected_version)
    _require_state(rnd, RoundState.COLLECTION)
    errors: list[ApplicationError] = []
    day = _date_in_range(on, "on", earliest=rnd.collection_on, errors=errors)
    drafts = rnd.surveys.filter(draft=True).count()
    if drafts:
        errors.append(
            Conflict(
                "round.drafts_left",
                _("%(n)s surveys are still drafts: make every survey final first.") % {"n": drafts},
                field="surveys",
            )
        )
    _fail(errors)
    return _advance(rnd, actor, RoundState.VILLAGE_MEETING, day)


def _advance(rnd: Round, actor: Actor, state: str, day: dt.date) -> Round:
    before = audit.snapshot(rnd, ROUND_AUDIT_FIELDS)
    rnd.state = state
    prefix = {
        RoundState.VILLAGE_MEETING: "meeting",
        RoundState.POSTING: "posting",
        RoundState.DECIDED: "decided",
        RoundState.SUMMARISED: "summarised",
    }[RoundState(state)]
    setattr(rnd, f"{prefix}_on", day)
    setattr(rnd, f"{prefix}_by", user_of(actor))
    _bump(rnd, actor)
    rnd.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(rnd, ROUND_AUDIT_FIELDS))
    action = (
        AuditAction.APPROVE if state in (RoundState.DECIDED, RoundState.SUMMARISED) else AuditAction.SUBMIT
    )
    audit.record(actor=actor, action=action, obj=rnd, before=changed_before, after=changed_after)
    return rnd


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    round_id: Any,
    results: Sequence[MeetingData],
    held_on: dt.date | None = None,
) -> list[Survey]:
    """Record what the village meeting said of each household's result: agreed, or disputed (with a note;
    a disputed survey is entered again, then put to the meeting again)."""
    require(actor, "poverty.change")
    rnd = _round_locked(actor, round_id)
    _require_state(rnd, RoundState.VILLAGE_MEETING)
    errors: list[ApplicationError] = []
    assert rnd.meeting_on is not None
    day = _date_in_range(held_on, "held_on", earliest=rnd.meeting_on, errors=errors)
    if not results:
        errors.append(
            _error("results.required", _("Record the meeting's result for a household."), "results")
        )
    surveys = {s.pk: s for s in rnd.surveys.select_for_update().filter(pk__in=[r.survey_id for r in results])}
    for i, item in enumerate(results):
        where = f"results.{i}"
        survey = surveys.get(item.survey_id)
        if survey is None:
            errors.append(
                _error("survey.not_found", _("This survey is not in the round."), f"{where}.survey_id")
            )
            continue
        if item.result not in MeetingResult.values:
            errors.append(_error("result.invalid", _("Choose agreed or disputed."), f"{where}.result"))
        elif item.result == MeetingResult.DISPUTED and not item.note.strip():
            errors.append(_error("note.required", _("Say what the meeting disputed."), f"{where}.note"))
        if len(item.note) > 2000:
            errors.append(_error("note.too_long", _("The note is too long."), f"{where}.note"))
        if survey.draft:
            errors.append(_error("survey.draft", _("This survey is not final."), f"{where}.survey_id"))
    _fail(errors)
    saved = []
    for item in results:
        survey = surveys[item.survey_id]
        before = audit.snapshot(survey, SURVEY_AUDIT_FIELDS)
        survey.meeting_result, survey.meeting_note = item.result, item.note.strip()
        survey.meeting_held_on = day
        _bump(survey, actor)
        survey.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(survey, SURVEY_AUDIT_FIELDS))
        if changed_after:
            audit.record(
                actor=actor, action=AuditAction.UPDATE, obj=survey, before=changed_before, after=changed_after
            )
        saved.append(survey)
    _bump(rnd, actor)
    rnd.save(update_fields=["version", "updated_by", "updated_at"])
    return saved


# --- posting and complaints ---------------------------------------------------------------------------


@transaction.atomic
def posting_open(
    *, actor: Actor, round_id: Any, on: dt.date | None = None, expected_version: int | None = None
) -> Round:
    """Post the list publicly (niêm yết) once every household's result is agreed by its village meeting."""
    require(actor, "poverty.change")
    rnd = _round_locked(actor, round_id, expected_version)
    _require_state(rnd, RoundState.VILLAGE_MEETING)
    errors: list[ApplicationError] = []
    assert rnd.meeting_on is not None
    day = _date_in_range(on, "on", earliest=rnd.meeting_on, errors=errors)
    waiting = rnd.surveys.exclude(meeting_result=MeetingResult.AGREED).count()
    if waiting:
        errors.append(
            Conflict(
                "round.meetings_pending",
                _("%(n)s households have no agreed meeting result yet (disputed, or not yet put to the "
                  "meeting).") % {"n": waiting},
                field="surveys",
            )
        )  # fmt: skip
    _fail(errors)
    return _advance(rnd, actor, RoundState.POSTING, day)


@transaction.atomic
def complaint_record(
    *,
    actor: Actor,
    survey_id: Any,
    complainant: str,
    text: str,
    received_on: dt.date | None = None,
    round_id: Any = None,
) -> Complaint:
    """A complaint about a household's result received while the list is posted."""
    require(actor, "poverty.change")
    try:
        survey = _survey_locked(actor, survey_id, None)
    except ApplicationError:
        survey = None
    if survey is None or (round_id is not None and str(survey.round_id) != str(round_id)):
        raise ValidationFailed(
            [_error("survey.not_found", _("This survey is not in the round."), "survey_id")]
        )
    rnd = survey.round
    _require_state(rnd, RoundState.POSTING)
    errors: list[ApplicationError] = []
    assert rnd.posting_on is not None
    day = _date_in_range(received_on, "received_on", earliest=rnd.posting_on, errors=errors)
    if not complainant.strip():
        errors.append(_error("complainant.required", _("Enter who complains."), "complainant"))
    elif len(complainant) > 200:
        errors.append(_error("complainant.too_long", _("The name is too long."), "complainant"))
    if not text.strip():
        errors.append(_error("text.required", _("Enter the complaint."), "text"))
    elif len(text) > 4000:
        errors.append(_error("text.too_long", _("The complaint is too long."), "text"))
    _fail(errors)
    complaint = Complaint.objects.create(
        survey=survey, complainant=complainant.strip(), text=text.strip(), received_on=day,
        commune=survey.commune, province_code=survey.province_code, created_by=user_of(actor),
        updated_by=user_of(actor),
    )  # fmt: skip
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=complaint,
        after=audit.snapshot(complaint, ["survey_id", "complainant", "text", "received_on"]),
    )
    return complaint


@transaction.atomic
def complaint_answer(
    *,
    actor: Actor,
    complaint_id: Any,
    answer: str,
    answered_on: dt.date | None = None,
) -> Complaint:
    """The commune's answer to a complaint; an unanswered complaint holds the decision back."""
    require(actor, "poverty.change")
    complaint = scope.access(
        Complaint.objects.select_for_update(of=("self",)).select_related("survey__round"),
        actor,
        complaint_id,
        what="complaint",
    )
    _require_state(complaint.survey.round, RoundState.POSTING)
    if complaint.answered_on is not None:
        raise Conflict("complaint.answered", _("This complaint is already answered."))
    errors: list[ApplicationError] = []
    day = _date_in_range(answered_on, "answered_on", earliest=complaint.received_on, errors=errors)
    if not answer.strip():
        errors.append(_error("answer.required", _("Enter the answer."), "answer"))
    elif len(answer) > 4000:
        errors.append(_error("answer.too_long", _("The answer is too long."), "answer"))
    _fail(errors)
    complaint.answer, complaint.answered_on = answer.strip(), day
    complaint.answered_by = user_of(actor)
    _bump(complaint, actor)
    complaint.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=complaint,
        after={"answer": complaint.answer, "answered_on": day.isoformat()},
    )
    return complaint


# --- the decision and the households' status ----------------------------------------------------------


def transition_of(previous: PovertyStatus | None, classification: str, ever_poor: bool) -> tuple[str, str]:
    """(status, transition) of a household classified `classification` whose current status is `previous`.

    Poor after a status that was not poor: newly poor, or poor again when the household was poor before
    (tái nghèo). Poor to near-poor or above: escaped poverty; near-poor to above: escaped near-poverty
    (the status then reads "escaped" until the next decision)."""
    before = previous.status if previous is not None else None
    if classification == "poor":
        if before == Status.POOR:
            return Status.POOR, Transition.STILL_POOR
        return Status.POOR, Transition.RE_POOR if ever_poor else Transition.NEWLY_POOR
    if classification == "near_poor":
        if before == Status.POOR:
            return Status.NEAR_POOR, Transition.ESCAPED_POVERTY
        if before == Status.NEAR_POOR:
            return Status.NEAR_POOR, Transition.STILL_NEAR_POOR
        return Status.NEAR_POOR, Transition.NEWLY_NEAR_POOR
    if before == Status.POOR:
        return Status.ESCAPED, Transition.ESCAPED_POVERTY
    if before == Status.NEAR_POOR:
        return Status.ESCAPED, Transition.ESCAPED_NEAR_POVERTY
    return (Status.MIDDLE if classification == "middle" else Status.OTHER), Transition.NONE


def _clean_decision(rnd: Round, data: DecisionData, errors: list[ApplicationError]) -> dt.date:
    number, signer = data.number.strip(), data.signer.strip()
    if not number:
        errors.append(_error("number.required", _("Enter the decision number."), "number"))
    elif len(number) > 40:
        errors.append(_error("number.too_long", _("The decision number is too long."), "number"))
    if not signer:
        errors.append(_error("signer.required", _("Enter who signed the decision."), "signer"))
    elif len(signer) > 120:
        errors.append(_error("signer.too_long", _("The name is too long."), "signer"))
    assert rnd.posting_on is not None
    posted = procedure.posting(rnd.posting_on)
    earliest = posted.earliest_decision
    today = clock.today()
    day = data.decision_date or today
    if day > today:
        errors.append(_error("decision_date.future", _("The date is in the future."), "decision_date"))
    elif day < earliest:
        errors.append(
            Conflict(
                "decision_date.posting_not_over",
                (
                    _("The list is posted for %(days)s working days, from %(posted)s to %(last)s: the "
                      "decision can be dated %(earliest)s at the earliest.")
                    if posted.working_days
                    else _("The list is posted for %(days)s days, from %(posted)s to %(last)s: the decision "
                           "can be dated %(earliest)s at the earliest.")
                )
                % {
                    "days": posted.days,
                    "posted": rnd.posting_on.strftime("%d/%m/%Y"),
                    "last": posted.last.strftime("%d/%m/%Y"),
                    "earliest": earliest.strftime("%d/%m/%Y"),
                },
                field="decision_date",
            )
        )  # fmt: skip
    return day


@transaction.atomic
def round_decide(
    *, actor: Actor, round_id: Any, data: DecisionData, expected_version: int | None = None
) -> Round:
    """The commune's decision recognising the poor and near-poor households. From the decision date each
    household of the round gets its new status; the status it had closes the day before."""
    require(actor, "poverty.change")
    rnd = _round_locked(actor, round_id, expected_version)
    _require_state(rnd, RoundState.POSTING)
    errors: list[ApplicationError] = []
    day = _clean_decision(rnd, data, errors)
    open_complaints = Complaint.objects.filter(survey__round=rnd, answered_on__isnull=True).count()
    if open_complaints:
        errors.append(
            Conflict(
                "round.complaints_open",
                _("%(n)s complaints are not answered yet: answer every complaint before deciding.")
                % {"n": open_complaints},
                field="complaints",
            )
        )
    number = data.number.strip()
    if (
        number
        and Round.objects.filter(commune=rnd.commune, decision_number=number).exclude(pk=rnd.pk).exists()
    ):
        errors.append(
            Conflict(
                "number.duplicate", _("This decision number is already used in the commune."), field="number"
            )
        )
    surveys = list(rnd.surveys.select_related("household").order_by("pk"))
    current = {
        s.household_id: s
        for s in PovertyStatus.objects.select_for_update().filter(
            household_id__in=[s.household_id for s in surveys], valid_to__isnull=True
        )
    }
    later = [s for s in current.values() if s.valid_from >= day]
    if later:
        errors.append(
            Conflict(
                "decision_date.before_current_status",
                _(
                    "%(n)s households have a status decided from %(day)s or later: "
                    "date this decision after it."
                )
                % {"n": len(later), "day": max(s.valid_from for s in later).strftime("%d/%m/%Y")},
                field="decision_date",
            )
        )
    _fail(errors)
    ever_poor = set(
        PovertyStatus.objects.filter(
            household_id__in=[s.household_id for s in surveys], status=Status.POOR
        ).values_list("household_id", flat=True)
    )
    rows = []
    for survey in surveys:
        status, transition = transition_of(
            current.get(survey.household_id), survey.classification, survey.household_id in ever_poor
        )
        rows.append(
            bulk.NewStatus(
                household_id=survey.household_id,
                commune_id=survey.household.commune_id,
                province_code=survey.household.province_code,
                status=status,
                transition=transition,
                valid_from=day,
                decision_number=number,
                decision_date=day,
                round_id=rnd.pk,
                survey_id=survey.pk,
            )
        )
    # Set-based: the current statuses closed the day before, the new ones and their audit events streamed in.
    bulk.write_statuses(actor=actor, rows=rows)
    rnd.decision_number, rnd.decision_date, rnd.decision_signer = number, day, data.signer.strip()
    rnd = _advance(rnd, actor, RoundState.DECIDED, clock.today())
    return rnd


# --- the province's summary ---------------------------------------------------------------------------


@transaction.atomic
def rounds_summarise(
    *, actor: Actor, year: int, on: dt.date | None = None, province_code: str | None = None
) -> list[Round]:
    """The province marks its communes' decided rounds of a year summarised (tổng hợp kết quả). Every
    round of the year must be decided first."""
    require(actor, "poverty.summarise")
    errors: list[ApplicationError] = []
    today = clock.today()
    day = on or today
    if day > today:
        errors.append(_error("on.future", _("The date is in the future."), "on"))
    rounds = scope.restrict(Round.objects.select_for_update(of=("self",)), actor).filter(year=year)
    if province_code:
        rounds = rounds.filter(province_code=province_code)
    pending = rounds.filter(state__in=[RoundState.COLLECTION, RoundState.VILLAGE_MEETING, RoundState.POSTING])
    if pending.exists():
        errors.append(
            Conflict(
                "summary.rounds_pending",
                _("%(n)s rounds of %(year)s are not decided yet.") % {"n": pending.count(), "year": year},
                field="year",
            )
        )
    decided = list(rounds.filter(state=RoundState.DECIDED).select_related("commune").order_by("pk"))
    if not decided and not errors:
        errors.append(
            _error(
                "summary.nothing", _("No decided round of %(year)s to summarise.") % {"year": year}, "year"
            )
        )
    _fail(errors)
    return [_advance(rnd, actor, RoundState.SUMMARISED, max(day, rnd.decided_on or day)) for rnd in decided]
