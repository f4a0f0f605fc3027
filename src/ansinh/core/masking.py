"""Masking personal data wherever it is listed rather than read as one audited full record.

Lists, exports, change histories and the audit log show personal ID numbers, bank and wallet accounts
and phone numbers masked; the full values appear only on a record's own page, whose opening is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ansinh.core.identifiers import personal_id as pid


def mask_personal_id(number: str | None) -> str:
    """ "001234567890" → "001******890"; "" when there is none."""
    return pid.mask(number) if number else ""


def mask_account(number: str | None) -> str:
    """Only the last four digits of an account: "******6789"."""
    number = number or ""
    return ("*" * max(len(number) - 4, 0) + number[-4:]) if number else ""


def mask_phone(phone: str | None) -> str:
    """The first and last three digits of a phone number: "091****678"."""
    phone = phone or ""
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:] if len(phone) > 6 else "*" * len(phone)


# The keys under which audit events and histories store personal data, and how each is masked.
MASKED_KEYS: dict[str, Callable[[str | None], str]] = {
    "personal_id": mask_personal_id,
    "bank_account": mask_account,
    "account": mask_account,
    "wallet_account": mask_account,
    "phone": mask_phone,
}


def mask_values(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A copy of an audit event's before/after values with the personal data in it masked."""
    if values is None:
        return None
    return {
        key: MASKED_KEYS[key](str(value)) if key in MASKED_KEYS and value not in (None, "") else value
        for key, value in values.items()
    }


WITHHELD = "•••"

# Audit events about these objects stay readable to everyone who may search the log: they are the log's
# own subject for an administrator (users, tokens, reference data), not personal records.
OPEN_OBJECT_PREFIXES = ("accounts.", "geo.", "core.job", "reports.indicator")


def audit_values(values: Mapping[str, Any] | None, *, object_type: str, reads_persons: bool) -> dict | None:
    """An audit event's before/after values as a reader of the log may see them: personal data masked;
    and for a reader who may not read persons (the system administrator), the values of personal records
    withheld altogether — which fields changed stays visible, not what they hold."""
    if values is None:
        return None
    if reads_persons or object_type.startswith(OPEN_OBJECT_PREFIXES):
        return mask_values(values)
    return {key: WITHHELD for key in values}
