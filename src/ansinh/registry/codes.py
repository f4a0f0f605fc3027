"""Household codes (mã hộ): one format wherever a household is made, imported, loaded or shown.

    H{commune code}-{serial}      H03202-7F3A1C

"H", the five-digit GSO code of the commune the household was registered in (as a personal ID number
starts with the province of birth), a dash, and a serial of upper-case letters and digits. A household
registered through the form or the API gets six random hexadecimal characters; demo data gets `S`, the
seed and the household's number in base 36 (H03202-S0001002S), so a run can be found again; `S` is not
a hexadecimal digit, so the two never collide. The code stays when the commune later merges.
"""

from __future__ import annotations

import re
import secrets

CODE_RE = re.compile(r"H(\d{5})-([0-9A-Z]{4,13})")
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def household_code(commune_code: str, serial: str) -> str:
    return f"H{commune_code}-{serial}"


def new_household_code(commune_code: str) -> str:
    """A fresh code for a household of this commune: H03202-7F3A1C."""
    return household_code(commune_code, secrets.token_hex(3).upper())


def commune_of(code: str) -> str | None:
    """The commune code inside a well-formed household code; None if the code has another shape."""
    match = CODE_RE.fullmatch(code)
    return match.group(1) if match else None


def _base36(value: int, width: int) -> str:
    out = ""
    while value:
        value, digit = divmod(value, 36)
        out = _DIGITS[digit] + out
    return out.rjust(width, "0")


def demo_serial(seed: int, number: int) -> str:
    """`S` + seed (4 base-36 digits, seeds up to 999.999) + the household's number (4 or more)."""
    return f"S{_base36(seed, 4)}{_base36(number, 4)}"


def demo_pattern(seed: int) -> str:
    """A regular expression (SQLite and PostgreSQL alike) matching the codes of one demo run."""
    return rf"^H[0-9]{{5}}-S{_base36(seed, 4)}[0-9A-Z]{{4,}}$"
