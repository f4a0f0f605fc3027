"""Administrative units over HTTP (mounted at /api/v1/geo). Public reference data: no authentication."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ansinh.geo import selectors
from ansinh.geo.convert import convert_address
from ansinh.geo.models import AdminUnit, UnitLineage

router = Router(tags=["geo"], auth=None)

LevelName = Literal["province", "district", "commune"]


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    unit_type: str
    level: str
    structure: str
    parent_code: str | None
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    latitude: float | None
    longitude: float | None
    area_km2: float | None

    @staticmethod
    def resolve_parent_code(obj: AdminUnit | dict) -> str | None:
        if isinstance(obj, dict):  # the detail view, already serialised
            return obj["parent_code"]
        return obj.parent.code if obj.parent_id else None


class LinkOut(Schema):
    code: str
    name: str
    level: str
    structure: str
    kind: str
    is_default: bool
    share: float | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitDetailOut(UnitOut):
    successors: list[LinkOut]
    predecessors: list[LinkOut]


class UnitCodeRef(Schema):
    code: str
    name: str


class OldUnits(Schema):
    province: UnitCodeRef
    district: UnitCodeRef
    commune: UnitCodeRef | None  # None only for the island districts that had no communes


class NewUnits(Schema):
    province: UnitCodeRef | None
    commune: UnitCodeRef | None


class Candidate(UnitCodeRef):
    is_default: bool
    share: float | None


class ConvertOut(Schema):
    input: str
    old: OldUnits
    new: NewUnits
    split: bool
    candidates: list[Candidate]


class UnitFilters(Schema):
    level: LevelName
    on: dt.date | None = None
    parent: str | None = None


@router.get("/units", response=list[UnitOut], auth=None, summary="Units in force on a day")
@paginate
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    return selectors.unit_list(level=filters.level, on=filters.on, parent_code=filters.parent)


@router.get("/units/{level}/{code}", response=UnitDetailOut, auth=None, summary="One unit with its lineage")
def unit_detail(
    request: HttpRequest, level: LevelName, code: str, on: dt.date | None = None
) -> dict[str, Any]:
    unit = selectors.unit_get(level=level, code=code, on=on)
    return {
        **UnitOut.model_validate(unit).model_dump(),
        "successors": [_link(link, link.successor) for link in selectors.successors(unit=unit)],
        "predecessors": [_link(link, link.predecessor) for link in selectors.predecessors(unit=unit)],
    }


@router.get("/convert", response=ConvertOut, auth=None, summary="Old-structure address to new units")
def convert(request: HttpRequest, address: str) -> dict[str, Any]:
    return convert_address(address)


def _link(link: UnitLineage, unit: AdminUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "structure": unit.structure,
        "kind": link.kind,
        "is_default": link.is_default,
        "share": link.share,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }
