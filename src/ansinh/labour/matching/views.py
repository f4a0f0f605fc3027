"""Match lists on the seeker and vacancy pages (htmx), each row with its reasons and a referral button."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.core.webkit.views import officer_view, requires
from ansinh.labour.referrals import selectors as referral_selectors

MATCH_TOP = 10


@officer_view
@requires("labour.view")
def seeker_matches(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """htmx: the best open vacancies for a seeker, with reasons and a referral button on each."""
    found = referral_selectors.vacancies_to_refer(actor=request.user, seeker_id=seeker_id, top=MATCH_TOP)
    context = {"rows": found.rows, "side": "seeker", "seeker_id": seeker_id, "widened": found.widened}
    return render(request, "labour/_matches.html", context)


@officer_view
@requires("labour.view")
def vacancy_matches(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """htmx: the best job seekers in scope for a vacancy, with a referral button on each."""
    found = referral_selectors.seekers_to_refer(actor=request.user, vacancy_id=vacancy_id, top=MATCH_TOP)
    context = {"rows": found.rows, "side": "vacancy", "vacancy_id": vacancy_id, "widened": found.widened}
    return render(request, "labour/_matches.html", context)
