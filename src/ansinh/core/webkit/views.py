"""View decorators and responses of the officer pages.

Selectors and services raise `NotFound` (missing and out of scope alike) and `PermissionDenied`;
`officer_view` turns them into Django's 404 and 403 so both render the same error pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from ansinh.core import numbers
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (every page request does)."""

    htmx: HtmxDetails


def officer_view(view: View) -> View:
    """Log-in required; the application's NotFound / PermissionDenied become 404 / 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc.message)) from None

    return login_required(wrapped)


def requires(capability: str) -> Callable[[View], View]:
    """The user must hold `capability` (a role permission such as "registry.change"), else 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user  # ansinh.accounts' User; officer_view has already required a log-in
            if not user.can(capability):
                raise PermissionDenied()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def int_param(raw: str | None) -> int | None:
    """An id or year from the query string; None for anything that is not one (negative, huge, "²")."""
    try:
        return numbers.parse_integer(raw, field="param", minimum=0, maximum=numbers.INT64_MAX)
    except ApplicationError:
        return None


def render_partial(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the named partial when htmx asks to swap just that part.

    A history restore (back button after the cache was lost) wants the whole page again; and the answer
    varies on HX-Request so that no cache hands a fragment to a full page load.
    """
    htmx = cast(HtmxHttpRequest, request).htmx
    wants_partial = htmx and not htmx.boosted and not htmx.history_restore_request
    response = render(request, f"{template}#{partial}" if wants_partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def form_status(form: forms.Form) -> int:
    """200 for a fresh form; a refused one answers like the API would (422, or 409 for a conflict)."""
    return getattr(form, "refusal_status", 422) if form.errors else 200


def attachment(
    name: str, content_type: str, content: bytes = b"", *, path: Path | None = None
) -> HttpResponseBase:
    """A file to download: in memory, or streamed from `path` when the file is stored (a large bank file is
    never read into memory). The arguments come in the order exports return them, so
    `attachment(*export(...))` answers with the export."""
    if path is not None:
        return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
