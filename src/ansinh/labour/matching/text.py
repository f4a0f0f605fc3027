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


# Job-title synonyms as centres write them (regional words, everyday words for a trade): a title holds the
# tokens of the common form too, so "Thợ hồ" meets "Thợ xây" and "Tài xế" meets "Lái xe" on their words.
# Additive: the typed words still count as typed. Sources as labour/data/occupation_synonyms.tsv.
TITLE_SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(variant.split()): tuple(common.split())
    for common, variants in (
        ("thợ xây", ("thợ hồ", "thợ nề", "thợ xây dựng")),
        ("xây trát", ("xây tô", "tô trát", "xây tường")),
        ("lái xe", ("tài xế", "tài xế lái xe")),
        ("điều dưỡng", ("y tá",)),
        ("công nhân may", ("thợ may công nghiệp", "may công nghiệp")),
        ("giúp việc", ("ô sin", "osin")),
        ("giao hàng", ("shipper", "giao nhận")),
        ("bán hàng", ("sales", "sale")),
        ("kế toán", ("accountant", "accounting")),
        ("lễ tân", ("receptionist",)),
        ("lập trình viên", ("developer", "programmer", "dev")),
        ("thiết kế đồ họa", ("graphic designer",)),
        ("kiểm tra chất lượng", ("kcs", "qc", "kiểm hàng")),
        ("phục vụ", ("waiter", "waitress", "chạy bàn", "bồi bàn")),
        ("bảo vệ", ("security guard", "security")),
    )
    for variant in variants
}
_LONGEST_SYNONYM = max(len(k) for k in TITLE_SYNONYMS)


def _common_forms(syllables: list[str]) -> list[list[str]]:
    """The common form of each synonym phrase found in a title's syllables, as phrases of their own."""
    found = []
    for size in range(min(_LONGEST_SYNONYM, len(syllables)), 0, -1):
        for start in range(len(syllables) - size + 1):
            common = TITLE_SYNONYMS.get(tuple(syllables[start : start + size]))
            if common is not None:
                found.append(list(common))
    return found


@lru_cache(maxsize=200_000)
def text_key(text: str) -> TextKey:
    """Unigrams and in-phrase bigrams of `text` (and of the common form of a synonym it contains),
    accented and folded. Cached: titles repeat a lot."""
    accented: set[str] = set()
    for syllables in phrases(text):
        for words in (syllables, *_common_forms(syllables)):
            accented.update(words)
            accented.update(f"{a} {b}" for a, b in itertools.pairwise(words))
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


# Skills on meaning, not on a literal word: a small concept table (accent-key words). A required skill's
# phrase is rewritten to its concept ("certificate" → "chứng chỉ"); a seeker's words hold the concept of
# what they name, and a degree holds a certificate's place too (a pre-school teaching degree meets "chứng
# chỉ sư phạm mầm non"), never the reverse.
SKILL_CONCEPTS: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(variant.split()): tuple(concept.split())
    for concept, variants in (
        ("chứng chỉ", ("certificate", "certification", "giấy chứng nhận", "chứng nhận")),
        ("bằng", ("văn bằng", "bằng cấp", "degree", "diploma")),
        ("bằng lái", ("bằng lái xe", "giấy phép lái xe", "gplx", "driving licence", "driving license")),
        ("tiếng anh", ("anh văn", "english", "ngoại ngữ tiếng anh")),
        ("tiếng nhật", ("nhật ngữ", "japanese")),
        ("tiếng hàn", ("hàn ngữ", "korean")),
        ("tiếng trung", ("hoa ngữ", "tiếng hoa", "chinese")),
        ("tin học văn phòng", ("ms office", "microsoft office", "word excel", "tin học")),
        ("an toàn lao động", ("atvslđ", "an toàn vệ sinh lao động", "hse")),
    )
    for variant in variants
}
# What a seeker's own words also hold: a degree (of any level) is a credential a certificate asks for.
DEGREE_WORDS = frozenset(
    tuple(w.split()) for w in ("bằng", "cao đẳng", "đại học", "trung cấp", "thạc sĩ", "tiến sĩ", "cử nhân")
)
_LONGEST_CONCEPT = max(len(k) for k in SKILL_CONCEPTS)


def concept_words(syllables: list[str]) -> list[str]:
    """Syllables with each phrase of the concept table replaced by its concept, longest phrase first."""
    out: list[str] = []
    i = 0
    while i < len(syllables):
        for size in range(min(_LONGEST_CONCEPT, len(syllables) - i), 0, -1):
            concept = SKILL_CONCEPTS.get(tuple(syllables[i : i + size]))
            if concept is not None:
                out.extend(concept)
                i += size
                break
        else:
            out.append(syllables[i])
            i += 1
    return out


@lru_cache(maxsize=50_000)
def skill_terms(text: str) -> tuple[str, ...]:
    """The terms of a skills list ("Hàn TIG; đọc bản vẽ") in accent-key form, in order, without repeats,
    each phrase in its concept form (`concept_words`)."""
    seen: dict[str, None] = {}
    for syllables in phrases(text):
        seen.setdefault(" ".join(concept_words(syllables)), None)
    return tuple(seen)


@lru_cache(maxsize=50_000)
def skill_labels(text: str) -> dict[str, str]:
    """Each skill term's key (as `skill_terms`) → the spelling to show ("bằng lái b2" → "Bằng lái B2")."""
    labels: dict[str, str] = {}
    for part in _PHRASE_BREAK.split(text or ""):
        words = _SYLLABLE.findall(normalize(part))
        if words:
            labels.setdefault(" ".join(concept_words([w.lower() for w in words])), " ".join(words))
    return labels


@lru_cache(maxsize=200_000)
def syllable_set(*texts: str) -> frozenset[str]:
    """Every syllable of the texts (accent-key form), with the concepts they name (`concept_words`; a
    degree also holds "chứng chỉ"): what a required skill's words are looked up in."""
    held: set[str] = set()
    for text in texts:
        for syllables in phrases(text):
            held.update(syllables)
            held.update(concept_words(syllables))
            if any(
                tuple(syllables[i : i + n]) in DEGREE_WORDS for n in (1, 2) for i in range(len(syllables))
            ):
                held.update(("chứng", "chỉ", "bằng"))
    return frozenset(held)
