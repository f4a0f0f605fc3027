"""The user list of the system administrator, declared once for the list kit (`ansinh.core.webkit.listkit`):
filtered by role, province and status, searched by name or username, sorted, paged and exported."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.accounts import selectors
from ansinh.accounts.roles import Role
from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.geo.models import AdminUnit, Level

NATIONWIDE = _("Nationwide")
ACTIVE_CHOICES = [("1", pgettext_lazy("account", "Active")), ("0", pgettext_lazy("account", "Deactivated"))]


def _user_url(user: Any) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


def _scope(user: Any) -> str:
    unit = user.scope_unit
    return f"{unit.name} ({unit.code})" if unit else str(NATIONWIDE)


def _status(user: Any) -> str:
    return str(ACTIVE_CHOICES[0][1] if user.is_active else ACTIVE_CHOICES[1][1])


def _provinces(actor: Actor) -> list[tuple[str, str]]:
    return list(
        AdminUnit.objects.current()
        .filter(level=Level.PROVINCE)
        .order_by("name_folded")
        .values_list("code", "name")
    )


USERS = lk.ListDef(
    name="accounts.users",
    title=_("Users"),
    url_name="accounts:user_list",
    rows=lambda actor: selectors.user_list(actor=actor),
    columns=(
        lk.Column("username", _("Username"), "username", sort=("username",), link=_user_url, css="mono"),
        lk.Column("name", _("Full name"), "get_full_name", sort=("last_name", "first_name")),
        lk.Column("role", _("Role"), "get_role_display", sort=("role",)),
        lk.Column("scope", _("Scope unit"), _scope, sort=("scope_unit__name",)),
        lk.Column("status", _("Status"), _status, sort=("is_active",)),
        lk.Column("last_login", _("Last log-in"), "last_login", sort=("last_login",), fmt=lk.DATETIME),
    ),
    filters=(
        lk.Search(
            label=_("Name or username"),
            search=lambda qs, text, actor: selectors.user_text_filter(qs, query=text),
        ),
        lk.Choice("role", _("Role"), "role", Role.choices),
        lk.Choice("province", _("Province"), "scope_unit__province_code", _provinces),
        lk.Choice("active", _("Status"), "is_active", ACTIVE_CHOICES),
    ),
    order="username",
    file_stem="Danh-sach-nguoi-dung",
    empty=_("No user found."),
)
