"""The text columns of seekers and vacancies, built one way everywhere (services, imports, demo data).

- Titles: `title_columns("Thợ hàn  điện")` → ("Thợ hàn điện", "thợ hàn điện", "tho han dien"): the stored
  form (`core.text.normalize`: NFC, canonical tone placement, single spaces), `accent_key` (lower case
  with diacritics) and `search_key` (folded: no diacritics, đ→d).
- Skills: `skills_columns("Hàn MIG; đọc bản vẽ, hàn mig")` → ("Hàn MIG; đọc bản vẽ", "doc ban ve|han mig"):
  the display list (terms separated by "; ", first spelling kept) and the folded term set, sorted and
  joined by "|". `skill_set(folded)` gives the set back. Terms are split on ; , | and new lines.
"""

from __future__ import annotations

import re

from ansinh.core.text import accent_key, normalize, search_key

SKILL_SEPARATOR = "|"
_SKILL_SPLIT = re.compile(r"[;,|\n\r]+")


def title_columns(text: str) -> tuple[str, str, str]:
    title = normalize(text or "")
    return title, accent_key(title), search_key(title)


def skills_columns(text: str) -> tuple[str, str]:
    display: list[str] = []
    folded: set[str] = set()
    for raw in _SKILL_SPLIT.split(text or ""):
        term = normalize(raw).strip(" .-")
        key = search_key(term)
        if key and key not in folded:
            folded.add(key)
            display.append(term)
    return "; ".join(display), SKILL_SEPARATOR.join(sorted(folded))


def skill_set(folded: str) -> frozenset[str]:
    """The folded skill terms stored in a `skills_folded` column."""
    return frozenset(t for t in (folded or "").split(SKILL_SEPARATOR) if t)


def search_terms(text: str) -> list[str]:
    """Folded words of a search box entry."""
    return search_key(text or "").split()
