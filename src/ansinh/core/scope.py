"""The one place where scope is enforced.

Every scoped model has `province_code` and `commune`. `restrict()` narrows a queryset to what
the actor may see; `access()` fetches one row by id through the same filter and raises the
same `NotFound` whether the row is missing or outside the actor's scope.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound, PermissionDenied


def scope_q(
    actor: Actor, *, province_field: str = "province_code", commune_field: str = "commune"
) -> models.Q:
    """A filter for the rows in the actor's scope; matches nothing for an actor with no valid scope."""
    nothing = models.Q(pk__in=[])
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return nothing
    level = actor.scope_level
    if level is None:
        return models.Q()
    unit = actor.scope_unit
    if unit is None or unit.level != level:
        return nothing
    if level == "province":
        return models.Q(**{province_field: unit.code})
    return models.Q(**{f"{commune_field}_id": unit.pk})


def restrict[M: models.Model](
    queryset: models.QuerySet[M], actor: Actor, **fields: str
) -> models.QuerySet[M]:
    return queryset.filter(scope_q(actor, **fields))


def access[M: models.Model](
    queryset: models.QuerySet[M], actor: Actor, pk: Any, *, what: str, **fields: str
) -> M:
    try:
        return restrict(queryset, actor, **fields).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound(what) from None


def in_scope(actor: Actor, *, province_code: str, commune_id: int) -> bool:
    """Whether a unit (e.g. the commune a record is being moved to) lies inside the actor's scope."""
    level = getattr(actor, "scope_level", "missing")
    if level is None:
        return True
    unit = actor.scope_unit
    if unit is None:
        return False
    if level == "province":
        return unit.code == province_code
    return unit.pk == commune_id


def require(actor: Actor, *capabilities: str) -> None:
    """What the actor's role may do (scope, which rows, is the filters above): PermissionDenied unless
    the actor is logged in and has every one of `capabilities`."""
    if (
        actor is None
        or not getattr(actor, "is_authenticated", False)
        or not all(actor.can(c) for c in capabilities)
    ):
        raise PermissionDenied()
