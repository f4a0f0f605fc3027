from __future__ import annotations

import json
import re
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ansinh.core import context


def client_ip(request) -> str | None:
    """The client's address: behind a trusted reverse proxy (BEHIND_PROXY), the last hop it recorded in
    X-Forwarded-For (the one it saw itself, which the client cannot forge); otherwise REMOTE_ADDR."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return request.META.get("REMOTE_ADDR") or None


# A client's X-Request-ID ends up in the audit log and in log lines: accept only a short token of safe
# characters (no spaces, quotes, control characters or markup); anything else gets an id of our own.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")

# API answers without personal data, which browsers and proxies may cache.
PUBLIC_API_PREFIXES = (
    "/api/v1/geo/",
    "/api/v1/calc/",
    "/api/v1/board/vacancies",
    "/api/v1/openapi.json",
    "/api/v1/docs",
)


def request_id_of(request) -> str:
    sent = request.headers.get("X-Request-ID", "")
    return sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def _may_be_stored(request) -> bool:
    """Whether a shared or browser cache may keep the response: never for a signed-in user (every page
    can show personal data) nor for the API, except its public parts."""
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        return False
    path = request.path_info
    return not path.startswith("/api/") or path.startswith(PUBLIC_API_PREFIXES)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        token = context.bind(context.RequestContext(ip=client_ip(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        if not _may_be_stored(request):
            add_never_cache_headers(response)
        return response


# PostgreSQL refuses the NUL character in text ("A string literal cannot contain NUL (0x00)
# characters"), SQLite stores it and then cuts strings at it: no field of the product ever needs it.
NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_in(value: Any, path: str) -> str | None:
    """The dotted path of the first key or string holding a NUL inside a parsed JSON value, or None."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            where = where.replace(NUL, "")
            if NUL in str(key):
                return where
            found = _nul_in(item, where)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _nul_field(request) -> str | None:
    sources = [request.GET, request.POST] if request.content_type in _FORM_TYPES else [request.GET]
    for params in sources:
        for key, values in params.lists():
            if NUL in key or any(NUL in value for value in values):
                return key.replace(NUL, "")
    if request.content_type == "application/json" and b"\\u0000" in request.body:
        try:
            parsed = json.loads(request.body)
        except ValueError:
            return None  # the API says the body is not valid JSON
        return _nul_in(parsed, "")
    return None


class RefuseNulMiddleware:
    """Refuse a request carrying a NUL character in a query-string, form or JSON value (400, field named)
    before any view parses it, so no database ever sees one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _nul_field(request)
        if field is None:
            return self.get_response(request)
        message = _("%(field)s: contains a NUL character, which is not allowed.") % {"field": field}
        if request.path.startswith("/api/"):
            body = {"code": "request.nul_character", "message": str(message), "field": field}
            return JsonResponse(body, status=400)
        return HttpResponseBadRequest(str(message), content_type="text/plain; charset=utf-8")
