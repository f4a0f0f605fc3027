from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.utils.cache import add_never_cache_headers

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
