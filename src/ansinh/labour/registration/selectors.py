"""Reads of labour registration (job seekers, employers, vacancies). Every query passes through
`ansinh.core.scope`: a counsellor sees the seekers, employers and vacancies of their province; nationwide
roles see all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.scope import require
from ansinh.labour.models import (
    Employer,
    JobSeeker,
    SeekerStatus,
    Vacancy,
    VacancyQuerySet,
    VacancyStatus,
)
from ansinh.labour.registration.text import search_terms
from ansinh.registry import resolve

_DIGITS = re.compile(r"^\d{9,12}$")
MAX_TERMS = 6


def _terms(query: str) -> list[str]:
    return search_terms(query)[:MAX_TERMS]


# --- seekers ---------------------------------------------------------------------------------------


def seeker_queryset(*, actor: Actor) -> QuerySet[JobSeeker]:
    require(actor, "labour.view")
    return scope.restrict(JobSeeker.objects.select_related("person", "commune"), actor)


def seeker_get(*, actor: Actor, seeker_id: Any) -> JobSeeker:
    """One seeker in scope for masked display; `services.seeker_view_full` for the full, audited record."""
    require(actor, "labour.view")
    return scope.access(
        JobSeeker.objects.select_related("person", "commune"), actor, seeker_id, what="seeker"
    )


def seeker_person_visible(*, actor: Actor, seeker: JobSeeker) -> bool:
    """Whether the actor may read the seeker's person in full. A registration in the actor's scope can
    belong to a person recorded in another unit (moved since); that person's details stay hidden."""
    return resolve.person_visible(actor=actor, person=seeker.person)


@dataclass
class SeekerFilters:
    query: str = ""  # name, job title, occupation code (accents optional) or personal ID
    status: str = SeekerStatus.ACTIVE  # "" for all
    occupation: str = ""  # a code or a prefix: "72" = every metal trade
    commune: int | None = None
    province: str = ""


def seeker_list(*, actor: Actor, filters: SeekerFilters | None = None) -> QuerySet[JobSeeker]:
    """Seekers in scope matching the filters, newest registration first.

    Text matches the folded `search_folded` column (person name + title + occupation code), every typed
    word as a substring: "nguyen han" finds "Nguyễn Văn Hòa, Thợ hàn". Digits alone search the personal ID.
    """
    f = filters or SeekerFilters()
    qs = seeker_queryset(actor=actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.occupation:
        qs = qs.filter(occupation_code__startswith=f.occupation.strip())
    if f.commune:
        qs = qs.filter(commune_id=f.commune)
    if f.province:
        qs = qs.filter(province_code=f.province)
    return seeker_text_filter(qs, query=f.query).order_by("-registered_on", "-id")


def seeker_text_filter(qs: QuerySet[JobSeeker], *, query: str) -> QuerySet[JobSeeker]:
    """Name, job title or occupation code (every word, accents optional); digits alone: the personal ID."""
    query = (query or "").strip()
    if _DIGITS.match(pid.compact(query)):
        return qs.filter(person__personal_id__startswith=pid.compact(query))
    for term in _terms(query):
        qs = qs.filter(search_folded__contains=term)
    return qs


# --- employers -------------------------------------------------------------------------------------


def employer_queryset(*, actor: Actor) -> QuerySet[Employer]:
    require(actor, "labour.view")
    return scope.restrict(Employer.objects.select_related("commune"), actor)


def employer_get(*, actor: Actor, employer_id: Any) -> Employer:
    require(actor, "labour.view")
    return scope.access(Employer.objects.select_related("commune"), actor, employer_id, what="employer")


def employer_list(
    *, actor: Actor, query: str = "", active: bool | None = None, commune: int | None = None
) -> QuerySet[Employer]:
    """Employers in scope; the query matches the folded name (every word) or the start of the tax code."""
    qs = employer_queryset(actor=actor)
    if active is not None:
        qs = qs.filter(is_active=active)
    if commune:
        qs = qs.filter(commune_id=commune)
    return with_open_vacancies(employer_text_filter(qs, query=query)).order_by("name_folded", "id")


def employer_text_filter(qs: QuerySet[Employer], *, query: str) -> QuerySet[Employer]:
    """The folded name (every word) or the start of the tax code."""
    compact = re.sub(r"[\s.\-]", "", query or "")
    if compact.isdigit():
        return qs.filter(tax_code__startswith=compact)
    for term in _terms(query):
        qs = qs.filter(name_folded__contains=term)
    return qs


def with_open_vacancies(qs: QuerySet[Employer]) -> QuerySet[Employer]:
    return qs.annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status=VacancyStatus.OPEN)))


# --- vacancies -------------------------------------------------------------------------------------


def vacancy_queryset(*, actor: Actor) -> QuerySet[Vacancy]:
    require(actor, "labour.view")
    return scope.restrict(Vacancy.objects.select_related("employer", "commune"), actor)


def vacancy_get(*, actor: Actor, vacancy_id: Any) -> Vacancy:
    require(actor, "labour.view")
    return scope.access(
        Vacancy.objects.select_related("employer", "commune"), actor, vacancy_id, what="vacancy"
    )


@dataclass
class VacancyFilters:
    query: str = ""  # title or employer name, accents optional
    status: str = VacancyStatus.OPEN  # "" for all
    occupation: str = ""  # code or prefix
    employer: int | None = None
    commune: int | None = None
    province: str = ""
    current_only: bool = False  # open and the deadline not passed


def vacancy_list(*, actor: Actor, filters: VacancyFilters | None = None) -> QuerySet[Vacancy]:
    f = filters or VacancyFilters()
    qs = vacancy_queryset(actor=actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.current_only:
        qs = qs.filter(VacancyQuerySet.open_now_q(clock.today()))
    if f.occupation:
        qs = qs.filter(occupation_code__startswith=f.occupation.strip())
    if f.employer:
        qs = qs.filter(employer_id=f.employer)
    if f.commune:
        qs = qs.filter(commune_id=f.commune)
    if f.province:
        qs = qs.filter(province_code=f.province)
    return vacancy_text_filter(qs, query=f.query).order_by("-opened_on", "-id")


def vacancy_text_filter(qs: QuerySet[Vacancy], *, query: str) -> QuerySet[Vacancy]:
    """The title or the employer's name, every word, accents optional."""
    for term in _terms(query):
        qs = qs.filter(Q(title_folded__contains=term) | Q(employer__name_folded__contains=term))
    return qs


# --- occupation codings waiting for a counsellor --------------------------------------------------------


@dataclass(frozen=True)
class QueuedCoding:
    """A seeker or vacancy whose occupation was coded from its title and waits for confirmation."""

    id: int
    title: str
    code: str
    candidates: list[tuple[str, str, str]]  # (code, label, score as "0,71")


def occupation_queue(*, actor: Actor, kind: str, limit: int = 200) -> tuple[list[QueuedCoding], int]:
    """The unconfirmed codings of seekers or vacancies in scope, oldest first, and how many there are."""
    from ansinh.core.numbers import format_number
    from ansinh.labour.reference.classifications import occupation_label

    qs: QuerySet[Any] = seeker_queryset(actor=actor) if kind == "seekers" else vacancy_queryset(actor=actor)
    qs = qs.filter(occupation_confirmed=False)
    rows = list(
        qs.order_by("id").values_list("id", "title", "occupation_code", "occupation_candidates")[:limit]
    )
    out = []
    for pk, title, code, raw in rows:
        candidates = []
        for part in raw.split():
            cand, _sep, score = part.partition(":")
            candidates.append((cand, occupation_label(cand), format_number(float(score or 0), 2)))
        out.append(QueuedCoding(pk, title, code, candidates))
    return out, qs.count() if len(rows) == limit else len(rows)
