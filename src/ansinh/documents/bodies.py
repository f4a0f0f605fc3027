"""Issuing bodies and places named from the administrative units (Decree 30/2020/NĐ-CP Appendix I)."""

from __future__ import annotations

from ansinh.documents.kit import IssuingBody, place_name
from ansinh.geo.models import AdminUnit

PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
PEOPLES_COMMITTEE_SHORT = "UBND"


def province_name(code: str) -> str:
    unit = AdminUnit.objects.current().filter(level="province", code=code).only("name").first()
    return unit.name if unit else ""


def committee(unit_name: str, *, superior: str = "") -> IssuingBody:
    """'Xã Mường Phăng' → ỦY BAN NHÂN DÂN XÃ MƯỜNG PHĂNG (symbol UBND). Since 1 July 2025 a commune has no
    district above it, so no superior body is shown unless given."""
    return IssuingBody(f"{PEOPLES_COMMITTEE} {unit_name.upper()}", PEOPLES_COMMITTEE_SHORT, superior)


def committee_short(unit_name: str) -> str:
    """'Tỉnh Điện Biên' → 'UBND TỈNH ĐIỆN BIÊN' (a superior body's line)."""
    return f"{PEOPLES_COMMITTEE_SHORT} {unit_name.upper()}"


def place(unit_name: str) -> str:
    return place_name(unit_name)


def in_sentence(unit_name: str) -> str:
    """'Tỉnh Điện Biên' → 'tỉnh Điện Biên', as a unit is named inside a sentence."""
    return unit_name[:1].lower() + unit_name[1:]
