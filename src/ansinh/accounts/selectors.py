"""Reads of user accounts, for the system administrator only: anyone else is told they do not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import ApiToken, User
from ansinh.accounts.roles import SCOPE_LEVEL
from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound, field_error
from ansinh.core.text import fold
from ansinh.geo.models import AdminUnit, Structure

UNIT_SUGGESTIONS = 15


def _manager(actor: Actor) -> None:
    if not isinstance(actor, User) or not actor.can("accounts.manage"):
        raise NotFound("user")


@dataclass(frozen=True)
class UserFilters:
    query: str = ""  # a part of the username or of the full name
    role: str = ""
    unit: str = ""  # the GSO code of the scope unit, or of the province of a commune scope
    active: bool | None = None


def user_list(*, actor: Actor, filters: UserFilters = UserFilters()) -> QuerySet[User]:
    _manager(actor)
    users = User.objects.select_related("scope_unit")
    if filters.role:
        users = users.filter(role=filters.role)
    if filters.active is not None:
        users = users.filter(is_active=filters.active)
    if filters.unit:
        users = users.filter(Q(scope_unit__code=filters.unit) | Q(scope_unit__province_code=filters.unit))
    return user_text_filter(users, query=filters.query).order_by("username")


def user_text_filter(users: QuerySet[User], *, query: str) -> QuerySet[User]:
    """Every typed word in the username or the full name."""
    for word in (query or "").split()[:5]:
        users = users.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    return users


def user_get(*, actor: Actor, user_id: int | None) -> User:
    _manager(actor)
    user = User.objects.select_related("scope_unit").filter(pk=user_id).first() if user_id else None
    if user is None:
        raise NotFound("user")
    return user


def user_tokens(*, actor: Actor, user: User) -> QuerySet[ApiToken]:
    _manager(actor)
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def scope_units(*, actor: Actor, role: str, query: str, limit: int = UNIT_SUGGESTIONS) -> list[AdminUnit]:
    """Current units of the level a role works at whose name or code matches what was typed: a province
    for province roles, a commune (with its province in the label) for commune officers; none for roles
    that work nationwide."""
    _manager(actor)
    level = SCOPE_LEVEL.get(role)
    typed = (query or "").strip()[:100]
    if level is None or not typed:
        return []
    units = AdminUnit.objects.current().filter(level=level, structure=Structure.REFORM_2025)
    if typed.isdigit():
        units = units.filter(code__startswith=typed)
    else:
        for word in fold(typed).split()[:5]:
            units = units.filter(name_folded__contains=word)
    return list(units.select_related("parent").order_by("name_folded", "code")[:limit])


def scope_unit_find(*, actor: Actor, role: str, unit_id: int | None, query: str) -> list[AdminUnit]:
    """The unit chosen (by id, from the suggestions) or the units matching what was typed."""
    _manager(actor)
    level = SCOPE_LEVEL.get(role)
    if level is None:
        return []
    if unit_id:
        chosen = AdminUnit.objects.current().filter(pk=unit_id, level=level, structure=Structure.REFORM_2025)
        return list(chosen.select_related("parent")[:1])
    found = scope_units(actor=actor, role=role, query=query)
    exact = [unit for unit in found if unit.name_folded == fold(query.strip()) or unit.code == query.strip()]
    return exact if len(exact) == 1 else found


def scope_unit_by_code(*, actor: Actor, role: str, code: str) -> AdminUnit | None:
    """The current unit with this GSO code at the level of the role (API clients name units by code);
    None when no code is given. A code matching nothing is a field error on `scope_unit`."""
    _manager(actor)
    code = (code or "").strip()
    if not code:
        return None
    level = SCOPE_LEVEL.get(role) or "province"
    unit = AdminUnit.objects.current().filter(level=level, structure=Structure.REFORM_2025, code=code).first()
    if unit is None:
        raise field_error(
            "user.unknown_unit", _("No current unit of this level has this code."), "scope_unit"
        )
    return unit
