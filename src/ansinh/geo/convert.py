"""Convert an address written in the old structure (before 1/7/2025) to the old and the new units.

"Xã Bảo Ninh, Thành phố Đồng Hới, Tỉnh Quảng Bình" (or "bao ninh, dong hoi, quang binh") is read
right to left, province → district → commune, each part matched among the children of the unit found
before it, through our own tables; the new units then come from the lineage the loader recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError
from ansinh.core.text import fold
from ansinh.geo.models import AdminUnit, Level, Structure, UnitLineage
from ansinh.geo.selectors import current_unit_for, successors

_COUNTRY = {"viet nam", "vietnam", "vn"}
_PUNCTUATION = re.compile(r"[.,;:/\\_\-–—()\"'“”]+")
_SPACES = re.compile(r"\s+")
# What officers write before a name, folded, with the type it stands for. Single letters ("H. Lệ
# Thủy", "P. 12") count only when a name follows them.
_PREFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("thanh", "pho"), "Thành phố"),
    (("tp",), "Thành phố"),
    (("thi", "xa"), "Thị xã"),
    (("tx",), "Thị xã"),
    (("thi", "tran"), "Thị trấn"),
    (("tt",), "Thị trấn"),
    (("dac", "khu"), "Đặc khu"),
    (("tinh",), "Tỉnh"),
    (("t",), "Tỉnh"),
    (("quan",), "Quận"),
    (("q",), "Quận"),
    (("huyen",), "Huyện"),
    (("h",), "Huyện"),
    (("phuong",), "Phường"),
    (("p",), "Phường"),
    (("xa",), "Xã"),
    (("x",), "Xã"),
)
# "Q1", "P12", "TPHCM": a type abbreviation glued to the name.
_GLUED = re.compile(r"^(?:(q|p|quan|phuong)\d+|(tp)[a-z]{2,})$")
_PROVINCE_NOT_FOUND = _("Province not found: “%(text)s”.")
_DISTRICT_NOT_FOUND = _("District not found in %(within)s: “%(text)s”.")
_COMMUNE_NOT_FOUND = _("Commune not found in %(within)s: “%(text)s”.")
_MISSING = {
    "province": _("The address names no province."),
    "district": _("The address names no district."),
    "commune": _("The address names no commune."),
}


def convert_address(text: str) -> dict[str, Any]:
    """Old units named by `text` and the new province and commune they now belong to.

    Raises ApplicationError `address.province_not_found` / `address.district_not_found` /
    `address.commune_not_found` (or `…_ambiguous` when a part fits several units) naming the part.
    A two-part address ("Bảo Ninh, Quảng Bình") is read as commune and province when its first part
    is not a district of that province.
    """
    parts = _parts(text)
    province = _match(
        "province",
        parts[-1] if parts else "",
        AdminUnit.objects.filter(structure=Structure.LEGACY, level=Level.PROVINCE).order_by(),
        _PROVINCE_NOT_FOUND,
        within=None,
    )
    district, commune = _district_and_commune(province, parts[:-1])
    links = list(successors(unit=commune or district))
    default = links[0].successor if links else None
    split = any(link.kind == "split" for link in links)
    new_province = default.parent if default else current_unit_for(unit=province)
    return {
        "input": text,
        "old": {"province": _ref(province), "district": _ref(district), "commune": _ref(commune)},
        "new": {"province": _ref(new_province), "commune": _ref(default)},
        "split": split,
        "candidates": [_candidate(link) for link in links] if split else [],
    }


def _district_and_commune(province: AdminUnit, parts: list[str]) -> tuple[AdminUnit, AdminUnit | None]:
    district_text = parts[-1] if parts else ""
    # No ORDER BY in these lookups: with one, SQLite walks the (level, code) index, not the parent's.
    districts = AdminUnit.objects.filter(parent=province, level=Level.DISTRICT).order_by()
    try:
        district = _match("district", district_text, districts, _DISTRICT_NOT_FOUND, within=province)
    except ApplicationError as error:
        # "Bảo Ninh, Quảng Bình": with only two parts, the first may be a commune of the province.
        commune = _commune_of_province(province, district_text) if len(parts) == 1 else None
        if commune is None or error.code != "address.district_not_found":
            raise
        return commune.parent, commune
    communes = list(AdminUnit.objects.filter(parent=district, level=Level.COMMUNE).order_by())
    if not communes:
        # Island districts (Côn Đảo, Lý Sơn…) had no communes: whatever precedes them is a street.
        return district, None
    commune_text = parts[-2] if len(parts) >= 2 else ""
    return district, _match("commune", commune_text, communes, _COMMUNE_NOT_FOUND, within=district)


def _commune_of_province(province: AdminUnit, text: str) -> AdminUnit | None:
    communes = AdminUnit.objects.filter(
        structure=Structure.LEGACY, level=Level.COMMUNE, province_code=province.code
    ).select_related("parent")
    try:
        return _match("commune", text, communes.order_by(), _COMMUNE_NOT_FOUND, within=province)
    except ApplicationError:
        return None


def _parts(text: str) -> list[str]:
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if parts and _clean(fold(parts[-1])) in _COUNTRY:
        parts.pop()
    return parts


# --- matching one part among candidate units ---------------------------------------------------------


@dataclass(frozen=True)
class _Tier:
    normalise: Callable[[str], str]
    use_aliases: bool = False


_TIERS = (
    _Tier(lambda text: text),  # as written, diacritics and all: tells "Thiệu Hóa" from "Thiệu Hòa"
    _Tier(fold),  # without diacritics or with other tone placement ("Hoà")
    _Tier(lambda text: fold(text).replace(" ", "")),  # "BaoNinh"
    _Tier(lambda text: fold(text).replace(" ", ""), use_aliases=True),  # former names, "HCM", "HN"
)


def _match(
    part: str, text: str, units: Iterable[AdminUnit], message: Any, *, within: AdminUnit | None
) -> AdminUnit:
    """The one unit among `units` that `text` names, trying stricter readings first."""
    forms = _forms(text)
    if not forms:
        raise ApplicationError(
            f"address.{part}_not_found", _MISSING[part], field="address", part=part, text=text
        )
    candidates = list(units)
    for tier in _TIERS:
        written = {tier.normalise(form) for form in forms}
        matches: dict[AdminUnit, bool] = {}  # unit → matched on its full name ("Xã Bảo Ninh")
        for unit in candidates:
            full = tier.normalise(_clean(unit.name))
            keys = set(unit.aliases) if tier.use_aliases else {full, *map(tier.normalise, _short_keys(unit))}
            if written & keys:
                matches[unit] = full in written
        if len(matches) == 1:
            return next(iter(matches))
        named_in_full = [unit for unit, full in matches.items() if full]
        if len(named_in_full) == 1:
            return named_in_full[0]
        if matches:
            raise ApplicationError(
                f"address.{part}_ambiguous",
                _(
                    "“%(text)s” fits several units: %(names)s. "
                    "Write the unit type too (xã, phường, thị trấn…)."
                )
                % {"text": text, "names": ", ".join(sorted(unit.name for unit in matches))},
                field="address",
                part=part,
                text=text,
            )
    raise ApplicationError(
        f"address.{part}_not_found",
        message % {"text": text, "within": within.name if within else ""},
        field="address",
        part=part,
        text=text,
    )


def _forms(text: str) -> set[str]:
    """Readings of one written part: as written, without its type prefix, and with the prefix spelt out."""
    cleaned = _clean(text)
    tokens = cleaned.split(" ") if cleaned else []
    if len(tokens) == 1 and (glued := _GLUED.match(fold(tokens[0]))):
        prefix = glued.group(1) or glued.group(2)
        tokens = [prefix, tokens[0][len(prefix) :]]
    forms = {cleaned, " ".join(tokens)} - {""}
    folded = [fold(token) for token in tokens]
    for prefix, unit_type in _PREFIXES:
        if len(folded) > len(prefix) and tuple(folded[: len(prefix)]) == prefix:
            rest = " ".join(tokens[len(prefix) :])
            forms |= {rest, f"{unit_type.lower()} {rest}"}
    return forms


def _short_keys(unit: AdminUnit) -> set[str]:
    name = _clean(unit.name)
    keys = {_clean(unit.short_name)}
    if unit.unit_type and name.startswith(unit.unit_type.lower() + " "):
        keys.add(name[len(unit.unit_type) + 1 :])  # "Phường 1" → "1", to match "P.1"
    return keys - {""}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


# --- output ------------------------------------------------------------------------------------------


def _ref(unit: AdminUnit | None) -> dict[str, str] | None:
    return {"code": unit.code, "name": unit.name} if unit else None


def _candidate(link: UnitLineage) -> dict[str, Any]:
    return {
        "code": link.successor.code,
        "name": link.successor.name,
        "is_default": link.is_default,
        "share": link.share,
    }
