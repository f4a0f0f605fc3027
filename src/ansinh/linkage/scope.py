"""Whose pairs and merges they are.

A pair (or a merge) of two records in one province belongs to that province, and to the commune when both
records are in it. When the two records sit in two provinces it belongs to both: `province_code` holds
one, `other_province_code` the other, and an officer of either province finds it in the queue. Each side
sees its own record in full and the other only as a masked summary (`selectors.pair_sides`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import in_scope, scope_q


def visible[M: models.Model](queryset: models.QuerySet[M], actor: Actor) -> models.QuerySet[M]:
    """The pairs or merges in the actor's queue: either province's, or the commune's."""
    mine = scope_q(actor, commune_field="commune")
    theirs = scope_q(actor, province_field="other_province_code", commune_field="commune")
    return queryset.filter(mine | theirs)


def get[M: models.Model](queryset: models.QuerySet[M], actor: Actor, pk: Any, *, what: str) -> M:
    """One pair or merge by id through the same filter; out of scope is the same `NotFound` as missing."""
    try:
        return visible(queryset, actor).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound(what) from None


def sees(actor: Actor, person: Any) -> bool:
    """Whether the actor may see this record of a pair in full (else only its masked summary)."""
    return in_scope(actor, province_code=person.province_code, commune_id=person.commune_id)
