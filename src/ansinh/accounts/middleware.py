"""After an administrator's password reset, the user chooses their own password before anything else."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    # The password page itself, leaving, and what those pages need.
    allowed = ("/account/password/", "/logout/", "/static/", "/i18n/", "/login/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path_info.startswith(self.allowed)
        ):
            if request.path_info.startswith("/api/"):
                message = _("Change your temporary password first (on the web page Change password).")
                return JsonResponse({"code": "password.change_required", "message": message}, status=403)
            return redirect("accounts:password_change")
        return self.get_response(request)
