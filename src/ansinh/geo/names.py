"""What a unit is called on a page, in a document or an export: its name ("Tỉnh Điện Biên"), never its
bare code ("11") where a reader expects a place. The code comes back only for a unit the data lacks."""

from __future__ import annotations

from collections.abc import Iterable

from ansinh.geo.models import AdminUnit, Level


def province_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Code → current name of the provinces (all of them, or those of `codes`), in one query."""
    units = AdminUnit.objects.current().filter(level=Level.PROVINCE)
    if codes is not None:
        units = units.filter(code__in=set(codes))
    return dict(units.values_list("code", "name"))


def province_name(code: str) -> str:
    """ "11" → "Tỉnh Điện Biên"; the code itself if no current province has it, "" for no code."""
    if not code:
        return ""
    return province_names([code]).get(code, code)
