"""Reference lists every app shares: the 54 ethnic groups and the banks benefits are paid into.

The data lives in `core/data/*.csv` with its sources in `core/data/README.md`; each file is read once
per process. Codes are what the registry stores (`Person.ethnicity = "01"`, `Person.bank_code = "VCB"`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils.translation import gettext_lazy as _

from ansinh.core.identifiers import field_error
from ansinh.core.text import search_key

# Benefit payments go to plain account numbers: digits only, 6 to 19 of them. 19 is the longest card
# number (ISO/IEC 7812) a NAPAS transfer can be addressed to; accounts shorter than 6 digits are not
# known and are taken for truncations. Provisional (❓): project rule, not from a bank's documentation.
ACCOUNT_MIN_DIGITS = 6
ACCOUNT_MAX_DIGITS = 19
_ACCOUNT_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Ethnicity:
    code: str  # GSO code "01"–"54" (Decision 121-TCTK/PPCĐ, 1979)
    name: str  # "Kinh", "Khơ-me"
    other_names: tuple[str, ...] = ()  # "Khmer", "Mông": spellings met in forms and imports


@dataclass(frozen=True)
class Bank:
    code: str  # VietQR code, upper case: "VCB"
    short_name: str  # "Vietcombank"
    name: str  # "Ngân hàng TMCP Ngoại Thương Việt Nam"
    bin: str  # NAPAS bank identification number: "970436"
    note: str = ""  # why a row is provisional, or a former name


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("ansinh.core").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _ethnicities() -> dict[str, Ethnicity]:
    rows = _rows("ethnicities.csv")
    return {
        row["code"]: Ethnicity(row["code"], row["name"], tuple(filter(None, row["other_names"].split(";"))))
        for row in rows
    }


@cache
def _banks() -> dict[str, Bank]:
    return {row["code"]: Bank(**row) for row in _rows("banks.csv")}


def ethnicities() -> list[Ethnicity]:
    """The 54 groups in code order (01 Kinh … 54 Rơ-măm): the order of every drop-down."""
    return list(_ethnicities().values())


def is_ethnicity(code: str) -> bool:
    return code in _ethnicities()


def ethnicity_name(code: str) -> str:
    """ "05" → "Khơ-me". KeyError for a code that is not on the list (see `is_ethnicity`)."""
    return _ethnicities()[code].name


def ethnicity_by_name(name: str) -> Ethnicity | None:
    """Match a written name as imports give it: "Mông", "KHMER", "gia rai", "Ê Đê" → the group."""
    return _ethnicity_names().get(_name_key(name))


def validate_ethnicity(code: str) -> str:
    """`code` if it is one of the 54, else ApplicationError `ethnicity.unknown` on field "ethnicity"."""
    if not is_ethnicity(code):
        message = _("Ethnicity code %(ethnicity_code)s is not on the list of 54 ethnic groups.")
        raise field_error("ethnicity.unknown", message, field="ethnicity", ethnicity_code=code)
    return code


def banks() -> list[Bank]:
    """Banks in the order of data/banks.csv: the state-owned banks and NHCSXH first."""
    return list(_banks().values())


def bank_get(code: str) -> Bank | None:
    """The bank with this code ("VCB", case-insensitive), or None."""
    return _banks().get(code.strip().upper())


def bank_label(code: str) -> str:
    """What a bank is called on every page, line and export for people: its short name ("VBA" →
    "Agribank", as the drop-downs offer it); an unknown code comes back as it was."""
    bank = bank_get(code) if code else None
    return bank.short_name if bank else code


def validate_bank_account(bank_code: str, number: str) -> str:
    """The account number without spaces, dots or dashes, if the bank is known and the number is well formed.

    Raises ApplicationError `bank.unknown` (field "bank_code") or else `bank.account_invalid` (field
    "bank_account": digits only, ACCOUNT_MIN_DIGITS to ACCOUNT_MAX_DIGITS of them).
    """
    if bank_get(bank_code) is None:
        message = _("Bank code %(bank_code)s is not on the list of banks.")
        raise field_error("bank.unknown", message, field="bank_code", bank_code=bank_code)
    number = _ACCOUNT_SEPARATORS.sub("", number)
    if not (
        number.isascii() and number.isdigit() and ACCOUNT_MIN_DIGITS <= len(number) <= ACCOUNT_MAX_DIGITS
    ):
        message = _("Bank account number must be %(min)s to %(max)s digits.")
        params = {"min": ACCOUNT_MIN_DIGITS, "max": ACCOUNT_MAX_DIGITS}
        raise field_error("bank.account_invalid", message, field="bank_account", **params)
    return number


def _name_key(name: str) -> str:
    return re.sub(r"[\s\-'’]", "", search_key(name))


@cache
def _ethnicity_names() -> dict[str, Ethnicity]:
    return {
        _name_key(name): ethnicity
        for ethnicity in _ethnicities().values()
        for name in (ethnicity.name, *ethnicity.other_names)
    }
