"""Occupation look-up for the counsellor's forms."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.core.webkit.views import officer_view, requires
from ansinh.labour.reference import classifications, coding


@officer_view
@requires("labour.view")
def occupation_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: the occupation codes a typed job title points to, under the title field."""
    title = request.GET.get("title", "").strip()[:200]
    matches = coding.map_occupation(title, limit=3) if title else []
    suggestions = [(m.code, classifications.occupation_label(m.code)) for m in matches]
    return render(request, "labour/_occupation_suggest.html", {"suggestions": suggestions})
