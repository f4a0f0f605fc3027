"""Pages speak Vietnamese unless the user picked another language with the switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, and many officers' browsers are
set to English; the design says Vietnamese by default, English by choice. Placed right after
LocaleMiddleware, this re-activates LANGUAGE_CODE for pages when no language cookie was set. The API
(`/api/`) keeps Accept-Language: machine clients choose their error language that way.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    api_prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and not request.path_info.startswith(
            self.api_prefix
        ):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
