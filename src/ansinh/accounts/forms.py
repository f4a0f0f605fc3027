"""Forms of the user-administration pages: optional strings handed to the accounts services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import User
from ansinh.accounts.roles import Role
from ansinh.core.webkit.forms import CHOOSE, ServiceForm, select_field, text_field


def _password(label: Any, **attrs: Any) -> forms.CharField:
    widget = forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": 200, **attrs})
    return forms.CharField(label=label, required=False, strip=False, widget=widget)


class UserForm(ServiceForm):
    """Create (with username and a temporary password) or edit (name, e-mail, role, scope unit)."""

    username = text_field(maxlength=150, autocomplete="off", autocapitalize="none", spellcheck="false")
    full_name = text_field(maxlength=150, autocomplete="off")
    email = text_field(maxlength=254, inputmode="email", autocomplete="off", spellcheck="false")
    role = select_field([("", CHOOSE), *Role.choices])
    scope_unit = text_field(maxlength=100, autocomplete="off", type="search")
    password = _password(_("Temporary password"))
    field_labels = {
        "username": _("Username"),
        "full_name": _("Full name"),
        "email": _("E-mail"),
        "role": _("Role"),
        "scope_unit": _("Scope unit"),
    }

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["username"], self.fields["password"]
        else:
            self.fields["password"].help_text = _(
                "Leave empty to have one generated. Either way it is shown once, and the user must change "
                "it at the first log-in."
            )
        self.fields["scope_unit"].help_text = _(
            "Province roles work in a province, the commune officer in a commune; nationwide roles take "
            "none. Type a part of the name or the code."
        )
        self.fields["role"].widget.attrs["aria-required"] = "true"

    @staticmethod
    def initial_for(user: User) -> dict[str, Any]:
        unit = user.scope_unit
        return {
            "full_name": user.get_full_name(),
            "email": user.email,
            "role": user.role,
            "scope_unit": unit.name if unit else "",
        }


class PasswordResetForm(ServiceForm):
    password = _password(_("New temporary password"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = _("Leave empty to have one generated.")


class TokenForm(ServiceForm):
    name = text_field(maxlength=100, autocomplete="off")
    days = text_field(maxlength=4, inputmode="numeric", size=5)
    field_labels = {"name": _("Token name"), "days": _("Valid for (days)")}


class PasswordChangeForm(ServiceForm):
    current = _password(_("Current password"), autocomplete="current-password")
    new = _password(_("New password"))
    repeat = _password(_("New password again"))
