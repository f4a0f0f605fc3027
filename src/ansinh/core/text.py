"""Vietnamese text: NFC normalisation, canonical tone placement, diacritic folding.

Five keys for five jobs:

- `clean(text)`: free text as typed (addresses, notes, thôn/tổ): NFC, invisible characters dropped,
  whitespace trimmed and collapsed; letters, case and tone marks untouched.
- `normalize(text)`: the stored form. NFC, single spaces, one tone placement per syllable.
- `normalize_name(text)`: `normalize` plus "Nguyễn Thị Hòa" capitalisation, for person names.
- `accent_key(text)`: lower-case canonical form *with* diacritics. `toán` ≠ `toàn`, `Hoà` == `hòa`.
- `fold(text)` / `search_key(text)`: lower case, no diacritics, đ→d. What search and duplicate
  blocking compare: "Nguyễn Thị Hòa" → "nguyen thi hoa".

Tone placement (the rule `normalize` applies)
---------------------------------------------
Vietnamese has two spellings in wide use for a handful of rhymes: "hòa / hoà", "thủy / thuỷ",
"khỏe / khoẻ". Both are correct; a registry needs exactly one, or "Thủy" and "Thuỷ" become two people.
We keep the placement used in administrative documents and on the citizen-ID card (and in the
official unit names "Khánh Hòa", "Thanh Hóa", "Hòa Bình"). Per syllable, after the onset is split off
(`qu` and `gi` count as onsets: quý, già, giữa):

1. A vowel with a quality mark (ă â ê ô ơ ư) takes the tone; in ươ the second one: trường, người,
   rượu, tuyển, khuấy, thuở, hoặc.
2. Otherwise a single vowel takes it: mã, quý, gì.
3. Otherwise, if a final consonant follows, the last vowel takes it: hoàn, toán, huỳnh, hoạch.
4. Otherwise three vowels put it on the middle one: ngoài, xoáy, khuỷu, ngoẹo.
5. Otherwise (two vowels, open syllable) the first one: hòa, khỏe, thủy, mùa, mía, hài, túi.

Only rule 5 differs from the "modern" placement (hoà, khoẻ, thuỷ), which puts the tone on the
second vowel of oa / oe / uy; switching styles means changing that one rule.

A word that is not a well-formed Vietnamese syllable (José, Müller, Ksor, two tone marks) is left as
it was typed, only NFC-composed. Case is kept letter by letter: "HOÀ" → "HÒA". The Icelandic Ð/ð
(U+00D0/U+00F0) and African Ɖ/ɖ, which look like Đ/đ and arrive from legacy keyboards and PDFs,
become Đ/đ inside Vietnamese words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATIN_MARKS = re.compile("[\u0300-\u036f]+")  # Combining Diacritical Marks: every one is Mn

# Characters that render as nothing and slip in from Word or the web: zero-width space / joiners,
# word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# A word: letters plus any combining marks (which NFC may leave standing alone).
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Which quality mark each vowel may carry: ă; â ê ô; ơ ư.
_QUALITY = {_BREVE: frozenset("a"), _CIRCUMFLEX: frozenset("aeo"), _HORN: frozenset("ou")}
_MARKED = {("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê"}
_MARKED |= {("o", _CIRCUMFLEX): "ô", ("o", _HORN): "ơ", ("u", _HORN): "ư"}
_ETH = {"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"}  # lookalikes of Đ/đ

_VOWELS = frozenset("aeiouy")
_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
# Final consonants; k for the Central Highlands names (Đắk Lắk, Krông Búk). Onsets are not
# checked: minority names (Hmông, Mdrắk) have clusters Kinh words lack, and the nucleus and coda
# already tell a Vietnamese syllable from a foreign word.
_CODAS = frozenset({"", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"})
# Vowel nuclei after the onset (qu/gi included) is split off.
_NUCLEI = frozenset(
    {
        *("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"),
        *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi"),
        *("ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê"),
        *("iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu"),
    }
)


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ→d, single spaces: "Nguyễn Thị Hòa" → "nguyen thi hoa"."""
    if not text.isascii():
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        text = _LATIN_MARKS.sub("", text)
        if not text.isascii():  # marks outside the Latin block (Cyrillic, Thai, …): the slow way
            text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def fold_words(text: str) -> str:
    """`fold`, word by word with a cache: equal to `fold(text)` for any text, and cheaper on names, whose
    few thousand distinct words repeat across a file of a hundred thousand rows."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join([folded for folded in map(_fold_word, text.split()) if folded])


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def clean(text: str) -> str:
    """Free text as the officer typed it: NFC, invisible characters dropped, single spaces.

    "  Tổ dân phố  20 " → "Tổ dân phố 20"; no capitalisation, no tone moves, so saving a form unchanged
    stores exactly what it showed.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def normalize(text: str) -> str:
    """NFC, invisible characters dropped, whitespace trimmed and collapsed, tones placed canonically."""
    if text.isascii():
        return " ".join(text.split())
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = " ".join(text.split())
    return _WORD.sub(lambda m: _canonical_word(m.group()), text)


def normalize_name(text: str) -> str:
    """`normalize`, then each word capitalised: "NGUYỄN thị hoà" → "Nguyễn Thị Hòa"; H'Hen, Y-Moan.

    Done per space-separated part, each part once (`_name_part`): a registry import repeats the same
    few hundred family, middle and given names across its rows."""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join([_name_part(part) for part in text.split()])


@lru_cache(maxsize=65536)
def _name_part(part: str) -> str:
    """One space-free part of a name, its words canonical and capitalised (a word never spans a space)."""
    return _WORD.sub(lambda m: _capitalise(_canonical_word(m.group())), part)


def search_key(text: str) -> str:
    """What search compares: `fold(normalize(text))`."""
    return fold(normalize(text))


def accent_key(text: str) -> str:
    """Lower-case canonical form with diacritics: "Hoà" and "hòa" agree, "toán" and "toàn" do not."""
    return normalize(text).lower()


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    """One word in canonical form; a word that is not a Vietnamese syllable comes back as it was."""
    if word.isascii():
        return word
    letters = _letters(unicodedata.normalize("NFD", word))
    if letters is None:
        return word
    syllable = _tone_position(letters)
    if syllable is None:
        if len(letters) == 1 and letters[0][0] in _ETH:  # an initial: "Ð." → "Đ."
            return _ETH[letters[0][0]]
        return word
    position, tone = syllable
    rebuilt = []
    for index, (base, quality, _) in enumerate(letters):
        marks = quality + (tone if index == position else "")
        rebuilt.append(_ETH.get(base, base) + marks)
    return unicodedata.normalize("NFC", "".join(rebuilt))


def _letters(decomposed: str) -> list[tuple[str, str, str]] | None:
    """Split an NFD word into (base letter, quality mark, tone mark); None if a mark is foreign."""
    letters: list[list[str]] = []
    for ch in decomposed:
        if not unicodedata.combining(ch):
            letters.append([ch, "", ""])
        elif not letters:
            return None
        elif ch in _TONES and not letters[-1][2]:
            letters[-1][2] = ch
        elif ch in _QUALITY and not letters[-1][1] and letters[-1][0].lower() in _QUALITY[ch]:
            letters[-1][1] = ch
        else:  # ü, ç, a second tone on one letter, a breve on e, …
            return None
    return [(base, quality, tone) for base, quality, tone in letters]


def _tone_position(letters: list[tuple[str, str, str]]) -> tuple[int, str] | None:
    """Index of the letter that carries the tone, and the tone; None if not a Vietnamese syllable."""
    lowered = [_ETH.get(base, base).lower() for base, _, _ in letters]
    tones = [(index, tone) for index, (_, _, tone) in enumerate(letters) if tone]
    if len(tones) > 1 or any(lowered[index] not in _VOWELS for index, _ in tones):
        return None
    kinds = "".join("v" if ch in _VOWELS else "c" if ch in _CONSONANTS else "?" for ch in lowered)
    match = re.fullmatch(r"(c*)(v+)(c*)", kinds)
    if match is None:
        return None
    start, end = match.end(1), match.end(2)
    onset, coda = "".join(lowered[:start]), "".join(lowered[end:])
    if end - start > 1 and (onset, lowered[start]) in {("q", "u"), ("g", "i")}:
        start += 1  # qu-, gi- are onsets: quý, già, giữa
    nucleus = [_MARKED.get((lowered[i], letters[i][1]), lowered[i]) for i in range(start, end)]
    if coda not in _CODAS or "".join(nucleus) not in _NUCLEI:
        return None
    if not tones:
        return -1, ""
    return start + _tone_index(nucleus, bool(coda)), tones[0][1]


def _tone_index(nucleus: list[str], closed: bool) -> int:
    """Rules 1–5 of the module docstring, as an index into the nucleus."""
    marked = [index for index, vowel in enumerate(nucleus) if vowel in "ăâêôơư"]
    if marked:
        return marked[-1]
    if len(nucleus) == 1:
        return 0
    if closed:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0  # classic placement: hòa, khỏe, thủy (the modern style would return 1 for oa/oe/uy)


# --- comparing person names -------------------------------------------------------------------------
# The one place that says whether two Vietnamese person names agree, shared by the check at entry
# (`registry.candidates`) and batch linkage: both compare folded tokens (no diacritics, đ→d).

NAME_SAME = "same"  # folded names equal: "Au Duc Dung" = "Âu Đức Dũng"
NAME_REORDERED = "reordered"  # the same words in another order: "Dung Au Duc"
NAME_FAMILY_GIVEN = "family_given"  # family and given name agree, the middle differs or is missing
NAME_GIVEN = "given"  # one side holds the given name alone
NAME_DIFFERENT = ""


def name_tokens(name: str) -> list[str]:
    """The folded words of a name: "Âu Đức Dũng" → ["au", "duc", "dung"]."""
    return search_key(name).replace("-", " ").replace("'", "").split()


def name_agreement(a: str, b: str) -> str:
    """How two names agree, compared folded; one of the NAME_* values ("" when they do not)."""
    return tokens_agreement(name_tokens(a), name_tokens(b))


def tokens_agreement(left: list[str], right: list[str]) -> str:
    """`name_agreement` of names already split into folded words (`name_tokens`)."""
    if not left or not right:
        return NAME_DIFFERENT
    if left == right:
        return NAME_SAME
    if sorted(left) == sorted(right):
        return NAME_REORDERED
    if len(left) > 1 and len(right) > 1 and left[0] == right[0] and left[-1] == right[-1]:
        return NAME_FAMILY_GIVEN
    if (len(left) == 1 and left[0] == right[-1]) or (len(right) == 1 and right[0] == left[-1]):
        return NAME_GIVEN
    return NAME_DIFFERENT


def name_orders(folded: str) -> list[str]:
    """The folded name and its other likely orders, for looking a name up by exact value: every rotation
    of its words, which covers the given name typed first ("dung au duc" → "au duc dung"), the family name
    typed last ("duc dung au" → "au duc dung") and a two-word given name typed first ("thu ha nguyen thi" →
    "nguyen thi thu ha"); the name as typed comes first."""
    words = folded.split()
    out = [folded]
    for shift in range(1, len(words)):
        rotated = " ".join([*words[shift:], *words[:shift]])
        if rotated not in out:
            out.append(rotated)
    return out
