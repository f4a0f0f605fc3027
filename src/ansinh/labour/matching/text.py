"""Vietnamese text as matching sees it: syllables, bigrams, an accented and a folded form of each.

Folding merges real words (toán "accounting" and toàn "full", tải "truck" and tại "at"; see
anchors-labour §2.2), so every text is kept twice: `accented` tokens (`core.text.accent_key`: NFC,
canonical tone placement, lower case, diacritics kept) and `folded` tokens (`core.text.fold`). A match on
the accented form is evidence; a match only after folding is a weak hint, unless one side was typed
without any diacritics, in which case folding is all there is to compare.

Tokens are syllables plus the bigrams of neighbouring syllables inside one phrase ("kế toán tổng hợp"
→ kế, toán, tổng, hợp, "kế toán", "toán tổng", "tổng hợp"), so a phrase outranks scattered syllables.
Phrases end at ; , . ( ) and line breaks; a bigram never spans two skills of a list.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ansinh.core.text import accent_key, fold, normalize

_PHRASE_BREAK = re.compile(r"[;,.()\[\]\n\r|:+•]+")
_SYLLABLE = re.compile(r"[^\W_]+")

# Syllables that appear in every other job title or skill and say little about the job itself.
# "toàn" and "tại" are listed, but not their folded forms "toan" and "tai", which are also "toán"
# (accounting) and "tải" (truck): see FOLDED_STOP.
STOP = frozenset(
    {
        *("nhân", "viên", "công", "ty", "tuyển", "dụng", "cần", "làm", "việc", "có", "và", "các", "tại"),
        *("theo", "trong", "người", "lao", "động", "cho", "của", "một", "những", "với", "để", "được"),
        *("là", "thời", "gian", "toàn", "giờ", "hành", "chính", "khu", "vực", "tp", "tỉnh", "xã", "the"),
        *("and", "of", "đi", "ở", "từ", "năm", "trên", "dưới", "hoặc", "về"),
        # Generic role words: craftsman, technician, specialist. "Thợ hàn" and "thợ mộc" share only "thợ".
        *("thợ", "kỹ", "thuật", "chuyên"),
    }
)
_AMBIGUOUS_FOLDS = frozenset({"toan", "tai", "cong", "co", "cac", "tren", "ve", "di", "lam", "nam"})
FOLDED_STOP = frozenset(fold(word) for word in STOP) - _AMBIGUOUS_FOLDS

STOP_WEIGHT = 0.2  # a stop syllable still counts a little: "nhân viên" is not nothing
BIGRAM_WEIGHT = 2.0  # two syllables in a row: a phrase, worth two loose syllables


@dataclass(frozen=True, slots=True)
class TextKey:
    """One text as two token sets; `unaccented` when it was typed without a single diacritic."""

    accented: frozenset[str]
    folded: frozenset[str]
    unaccented: bool

    @property
    def empty(self) -> bool:
        return not self.folded


EMPTY = TextKey(frozenset(), frozenset(), True)


def phrases(text: str) -> list[list[str]]:
    """The syllables of each phrase, in the accented key form."""
    # Split first: normalising collapses line breaks, which end a phrase.
    parts = _PHRASE_BREAK.split(text or "")
    return [syllables for part in parts if (syllables := _SYLLABLE.findall(accent_key(part)))]


@lru_cache(maxsize=200_000)
def text_key(text: str) -> TextKey:
    """Unigrams and in-phrase bigrams of `text`, accented and folded. Cached: titles repeat a lot."""
    accented: set[str] = set()
    for syllables in phrases(text):
        accented.update(syllables)
        accented.update(f"{a} {b}" for a, b in itertools.pairwise(syllables))
    if not accented:
        return EMPTY
    folded = frozenset(fold(token) for token in accented)
    return TextKey(frozenset(accented), folded, unaccented=all(token.isascii() for token in accented))


@lru_cache(maxsize=100_000)
def token_weight(token: str, *, folded: bool) -> float:
    """Bigrams weigh twice a syllable; stop syllables a fifth. The same for both forms of a token."""
    stop = FOLDED_STOP if folded else STOP
    parts = token.split(" ")
    base = sum(STOP_WEIGHT if part in stop else 1.0 for part in parts) / len(parts)
    return base * (BIGRAM_WEIGHT if len(parts) > 1 else 1.0)


@lru_cache(maxsize=50_000)
def skill_terms(text: str) -> tuple[str, ...]:
    """The terms of a skills list ("Hàn TIG; đọc bản vẽ") in accent-key form, in order, without repeats."""
    seen: dict[str, None] = {}
    for syllables in phrases(text):
        seen.setdefault(" ".join(syllables), None)
    return tuple(seen)


@lru_cache(maxsize=50_000)
def skill_labels(text: str) -> dict[str, str]:
    """Each skill term's key (as `skill_terms`) → the spelling to show ("bằng lái b2" → "Bằng lái B2")."""
    labels: dict[str, str] = {}
    for part in _PHRASE_BREAK.split(text or ""):
        words = _SYLLABLE.findall(normalize(part))
        if words:
            labels.setdefault(" ".join(w.lower() for w in words), " ".join(words))
    return labels


@lru_cache(maxsize=200_000)
def syllable_set(*texts: str) -> frozenset[str]:
    """Every syllable of the texts (accent-key form): what a required skill's words are looked up in."""
    return frozenset(s for text in texts for syllables in phrases(text) for s in syllables)
