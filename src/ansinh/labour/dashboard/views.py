"""The centre dashboard: this month's figures of the counsellor's scope, vacancies and seekers by
occupation, job-fair sessions and the time from registration to placement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.core import clock
from ansinh.core.periods import add_months, month_of
from ansinh.core.webkit.views import officer_view, requires
from ansinh.labour.dashboard import selectors as dashboard_selectors
from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.referrals import selectors as referral_selectors


@officer_view
@requires("labour.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = clock.today()
    since = add_months(month_of(today), -11)  # time to placement over the last twelve months
    by_commune, overall = referral_selectors.time_to_placement(
        actor=user, start=since, end=today, by="commune"
    )
    context = {
        "counts": dashboard_selectors.dashboard_counts(actor=user),
        "vacancies_by_occupation": dashboard_selectors.vacancies_by_occupation(actor=user),
        "seekers_by_occupation": dashboard_selectors.seekers_by_occupation(actor=user),
        "sessions": fair_selectors.sessions_this_month(actor=user, today=today),
        "placements_month": referral_selectors.placements_in_month(actor=user, month=today),
        "time_since": since,
        "time_by_commune": sorted(by_commune, key=lambda u: (-u.count, u.name))[:20],
        "time_overall": overall,
    }
    return render(request, "labour/dashboard.html", context)
