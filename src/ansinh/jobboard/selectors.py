"""Reads of the job board.

Public reads (no actor) see only what a job seeker may apply for: vacancies open today whose deadline has
not passed (`labour.models.VacancyQuerySet.open_now`), with the employer's name and the contact the board
may show.
Nothing about job seekers is read here.

Search runs in the database, one query for the page and one for the count:

* Every typed word must start a word of the vacancy title or of the employer's name, compared on the
  folded columns (`title_folded`, `name_folded`: no diacritics, đ→d), so "ke toan" finds "Kế toán".
* Relevance adds points per word: a word that matches with the diacritics as typed (`title_accented`)
  scores above one that matches only after folding, so "toán" ranks "Kế toán" above "An toàn lao động",
  and "toàn" the other way round; the whole phrase in the title and a title that starts with it score more.
* Filters use the indexed columns of `labour.Vacancy` (province, occupation-code prefix, wage).

Counsellor reads (the queues) go through `ansinh.core.scope` like every other scoped read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.paginator import Page
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import require
from ansinh.core.text import accent_key, search_key
from ansinh.core.webkit.lists import CappedPaginator
from ansinh.geo.models import AdminUnit, Level
from ansinh.jobboard.models import (
    CentreContact,
    EmployerContact,
    InterestStatus,
    SubmissionStatus,
    VacancyInterest,
    VacancySubmission,
)
from ansinh.labour.models import Employer, Vacancy
from ansinh.labour.reference import classifications, coding, taxcode

MAX_TERMS = 6
COUNT_CAP = 1000
_WORDS = re.compile(r"\w+")  # "kế-toán", "kế toán," → two words
SORTS = ("relevance", "newest", "wage")


@dataclass
class BoardFilters:
    query: str = ""
    province: str = ""  # a current province code ("01")
    occupation: str = ""  # a code or code prefix ("72"), or words of an occupation name ("kế toán")
    wage_min: int | None = None  # the least monthly wage wanted, in đồng
    sort: str = "relevance"
    notes: list[str] = field(default_factory=list)  # what the search understood, for the page


_PROVINCES: list[tuple[str, str]] = []


def provinces() -> list[tuple[str, str]]:
    """(code, name) of the 34 current provinces, by name. Kept for the life of the process once loaded
    (they change by law, with a reload of the units and a restart), so a page of results asks once."""
    if not _PROVINCES:
        _PROVINCES.extend(
            AdminUnit.objects.current()
            .filter(level=Level.PROVINCE)
            .order_by("name_folded")
            .values_list("code", "name")
        )
    return list(_PROVINCES)


def province_name(code: str) -> str:
    return dict(provinces()).get(code, "")


# --- occupations -------------------------------------------------------------------------------------


@cache
def _folded_occupations() -> list[tuple[str, str]]:
    return [(row.code, search_key(row.name)) for row in classifications.occupations().values()]


def occupation_prefixes(text: str) -> list[str]:
    """Code prefixes an occupation filter stands for: "72" → ["72"]; "kế toán" → the groups whose name
    has those words (a major group covers its sub-groups), plus the unit groups a job title names
    ("thợ hàn" → 7212). An empty list means nothing matched."""
    text = (text or "").strip()
    if not text:
        return []
    if text.isdigit():
        return [text[:4]]
    folded = search_key(text)
    padded = f" {folded}"
    codes = {code for code, name in _folded_occupations() if padded in f" {name}"}
    codes |= {match.code for match in coding.map_occupation(text, limit=5) if match.exact_accents}
    # Keep only the widest: "24" already covers "2411".
    return sorted(c for c in codes if not any(c != p and c.startswith(p) for p in codes))


# --- public search -----------------------------------------------------------------------------------


def public_vacancies(*, today: dt.date | None = None) -> QuerySet[Vacancy]:
    """Every vacancy the public may see: open, deadline not passed."""
    return Vacancy.objects.open_now(today or clock.today()).select_related("employer", "commune")


def _word_start(column: str, term: str) -> Q:
    return Q(**{f"{column}__startswith": term}) | Q(**{f"{column}__contains": f" {term}"})


def _terms(query: str) -> list[tuple[str, str]]:
    """(folded, accented) word pairs of the query; the accented one is "" where the user typed none."""
    folded = _WORDS.findall(search_key(query))
    accented = _WORDS.findall(accent_key(query))
    if len(folded) != len(accented):
        accented = folded
    pairs = [(f, a if a != f else "") for f, a in zip(folded, accented, strict=True)]
    return list(dict.fromkeys(pairs))[:MAX_TERMS]


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def vacancy_search(filters: BoardFilters, *, today: dt.date | None = None) -> QuerySet[Vacancy]:
    """Open vacancies matching the filters, in the order asked for, from the vacancy table alone (no join:
    the employer-name match is a subquery), so the database sorts narrow rows; `vacancy_page` then
    fetches the 20 shown with their employer and commune."""
    qs = Vacancy.objects.open_now(today or clock.today())
    if filters.province:
        qs = qs.filter(province_code=filters.province)
    if filters.occupation:
        prefixes = occupation_prefixes(filters.occupation)
        if not prefixes:
            filters.notes.append(str(_("No occupation matches “%(text)s”.") % {"text": filters.occupation}))
            return qs.none()
        by_code = Q()
        for prefix in prefixes:
            by_code |= Q(occupation_code__startswith=prefix)
        qs = qs.filter(by_code)
    if filters.wage_min is not None:
        qs = qs.filter(
            Q(wage_max__gte=filters.wage_min) | Q(wage_max__isnull=True, wage_min__gte=filters.wage_min)
        )
    terms = _terms(filters.query)
    score: Any = Value(0, output_field=IntegerField())
    for folded, accented in terms:
        in_title = _word_start("title_folded", folded)
        employers = Employer.objects.filter(_word_start("name_folded", folded)).values("pk")
        qs = qs.filter(in_title | Q(employer_id__in=employers))
        score = score + _points(in_title, 2)
        if accented:
            score = score + _points(_word_start("title_accented", accented), 3)
    if terms:
        phrase = " ".join(f for f, _a in terms)
        score = (
            score
            + _points(Q(title_folded__contains=phrase), 2)
            + _points(Q(title_folded__startswith=phrase), 1)
        )
    return _ordered(qs.annotate(score=score), filters.sort if terms else _no_relevance(filters.sort))


def vacancy_page(qs: QuerySet[Vacancy], number: Any, size: int) -> tuple[Page, list[Vacancy]]:
    """One page of a search: the ids in order (one narrow query, plus the capped count), then those rows
    with their employer and commune (one query)."""
    # Nobody pages through more than COUNT_CAP vacancies: the count stops there ("narrow the search").
    page = CappedPaginator(qs.values_list("pk", flat=True), size, cap=COUNT_CAP).get_page(number)
    ids = list(page.object_list)
    found = Vacancy.objects.select_related("employer", "commune").in_bulk(ids)
    return page, [found[pk] for pk in ids if pk in found]


def _no_relevance(sort: str) -> str:
    return "newest" if sort == "relevance" else sort


def _ordered(qs: QuerySet[Vacancy], sort: str) -> QuerySet[Vacancy]:
    if sort == "wage":
        offered = Coalesce(F("wage_max"), F("wage_min"))
        return qs.order_by(offered.desc(nulls_last=True), "-opened_on", "-id")
    if sort == "newest":
        return qs.order_by("-opened_on", "-id")
    return qs.order_by(F("score").desc(), "-opened_on", "-id")


def public_vacancy_get(*, vacancy_id: Any, today: dt.date | None = None) -> Vacancy:
    """One vacancy the public may see; a closed, expired or missing one is NotFound alike."""
    try:
        return public_vacancies(today=today).get(pk=vacancy_id)
    except (Vacancy.DoesNotExist, ValueError, TypeError):
        raise NotFound("vacancy") from None


# --- contacts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Who to call about a vacancy: the employer's contact where it agreed to be shown, else the centre."""

    name: str
    phone: str
    email: str
    address: str = ""
    website: str = ""
    hours: str = ""
    is_centre: bool = True


def centre_contact(province_code: str) -> Contact:
    row = CentreContact.objects.filter(province_code=province_code).first()
    if row is not None:
        return Contact(row.name, row.phone, row.email, row.address, row.website, row.hours)
    province = province_name(province_code)
    if province.startswith(("Tỉnh ", "Thành phố ")):  # "Trung tâm … tỉnh Điện Biên", lower case mid-sentence
        province = province[0].lower() + province[1:]
    name = _("Employment service centre of %(province)s") % {"province": province}
    return Contact(str(name), "", "")


def vacancy_contact(vacancy: Vacancy) -> Contact:
    employer = vacancy.employer
    public = EmployerContact.objects.filter(employer_id=employer.pk, public=True).exists()
    if public and (employer.contact_phone or employer.contact_email):
        return Contact(employer.contact_name, employer.contact_phone, employer.contact_email, is_centre=False)
    return centre_contact(vacancy.province_code)


# --- submission status (public, by reference and tax code) -------------------------------------------


def submission_status(*, reference_number: str, tax_code: str) -> VacancySubmission:
    """A submission by its reference and the employer's tax code; either wrong reads as not found."""
    ref = (reference_number or "").strip().upper()
    code = taxcode.compact(tax_code)
    row = VacancySubmission.objects.filter(reference=ref).first() if ref and code else None
    if row is None or row.tax_code != code:
        raise NotFound("submission")
    return row


# --- counsellor queues -------------------------------------------------------------------------------


def interest_list(*, actor: Actor, status: str = InterestStatus.NEW) -> QuerySet[VacancyInterest]:
    require(actor, "labour.change")
    qs = scope.restrict(VacancyInterest.objects.select_related("vacancy", "vacancy__employer"), actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def interest_get(*, actor: Actor, interest_id: Any) -> VacancyInterest:
    require(actor, "labour.change")
    return scope.access(
        VacancyInterest.objects.select_related("vacancy", "vacancy__employer", "seeker"),
        actor,
        interest_id,
        what="interest",
    )


def submission_list(*, actor: Actor, status: str = SubmissionStatus.PENDING) -> QuerySet[VacancySubmission]:
    require(actor, "labour.change")
    qs = scope.restrict(VacancySubmission.objects.select_related("commune"), actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def submission_get(*, actor: Actor, submission_id: Any) -> VacancySubmission:
    require(actor, "labour.change")
    return scope.access(
        VacancySubmission.objects.select_related("commune", "employer_commune", "decided_by"),
        actor,
        submission_id,
        what="submission",
    )


def queue_counts(*, actor: Actor) -> dict[str, int]:
    return {
        "interests": interest_list(actor=actor).count(),
        "submissions": submission_list(actor=actor).count(),
    }
