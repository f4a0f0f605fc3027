"""Vietnamese text: NFC normalisation, canonical tone placement, diacritic folding."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ→d, single spaces: "Nguyễn Thị Hòa" → "nguyen thi hoa"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
