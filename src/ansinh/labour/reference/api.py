"""Occupation codes (VSCO 2020) for API clients, by code prefix or by job title:
/api/v1/labour/occupations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from ansinh.core.errors import PermissionDenied
from ansinh.labour.reference import classifications, coding

router = Router(tags=["labour"])


class OccupationOut(Schema):
    code: str
    name: str
    name_en: str
    level: int
    provisional: bool


@router.get(
    "/occupations", response=list[OccupationOut], summary="Occupation codes: by code prefix or job title"
)
def occupations(request: HttpRequest, q: str = "", level: int | None = None):
    if not request.user.can("labour.view"):
        raise PermissionDenied()
    rows = classifications.occupations()
    if q and not q.strip().isdigit():
        return [_occupation(rows[m.code]) for m in coding.map_occupation(q, limit=10)]
    found = [
        r for code, r in rows.items() if code.startswith(q.strip()) and (level is None or r.level == level)
    ]
    return [_occupation(r) for r in found[:200]]


def _occupation(row: classifications.OccupationRow) -> dict:
    return {"code": row.code, "name": row.name, "name_en": row.name_en, "level": row.level,
            "provisional": row.provisional}  # fmt: skip
