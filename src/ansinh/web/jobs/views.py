"""Progress of background jobs: a page, and the partial that htmx polls until the job finishes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.core.jobs import job_get
from ansinh.core.webkit.views import officer_view


@officer_view
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(actor=request.user, job_id=job_id)
    if request.htmx:
        return render(request, "jobs/_progress.html", {"job": job})
    return render(request, "jobs/detail.html", {"job": job})
