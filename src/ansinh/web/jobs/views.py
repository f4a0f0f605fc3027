"""Progress of background jobs: a page, and the partial that htmx polls until the job finishes.

Every page that shows a job (the payment cycle, the simulation, an import, the job's own page) includes
the polled partial. When a poll finds the job finished, the answer asks the browser to load the page
again (HX-Refresh), so the page's own state — status, counts, totals, buttons — comes fresh from the
server together with the finished job, never "done · 100 %" beside the figures from before.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.core.jobs import job_get
from ansinh.core.webkit.views import officer_view


@officer_view
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(actor=request.user, job_id=job_id)
    if request.htmx:
        if job.finished:
            # Only a running job polls: this is the poll that saw it finish. htmx reloads the page
            # before swapping anything in.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "jobs/_progress.html", {"job": job})
    return render(request, "jobs/detail.html", {"job": job})
