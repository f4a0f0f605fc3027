"""Occupation coding: a job title as centres write it → ranked VSCO 2020 unit groups with a confidence.

What is read (all packaged data, cached per process):

- every 4-digit unit group's own name, Vietnamese and English (`occupations.tsv`, Decision 34/2020/QĐ-TTg
  structure = ISCO-08 down to level 4), and each comma- or "and"-separated part of two words or more;
- the synonym and abbreviation table `occupation_synonyms.tsv` (term, code, source), Vietnamese, English and
  mixed titles (thợ hồ, KCS, CNC, Accountant, Sales Executive …);
- the sector rules `occupation_rules.tsv`: words that together say the work and the sector ("nuôi" + "tôm",
  "cạo mủ" + "cao su", "ép" + "nhựa") and move a labourer's or operator's title to its own group;
- the truck's tonnage or licence class, which decides light (8322) against heavy (8332) trucks.

Words that only qualify the post — part-time, thời vụ, tuyển gấp, senior, a place after "tại", a wage —
are set aside before coding. Each candidate's score is the share of the title's meaningful words its
title explains, times the trust in the kind of match (a listed synonym over a group's own name, the typed
diacritics over a folded look-alike: "thợ may" is not "thợ máy"); a generic group (labourers n.e.c.,
operators n.e.c.) scores lower than a specific one the same words name. The confidence of the best
candidate is its score, lowered when the runner-up is close; below `CONFIRM_BELOW` a counsellor confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ansinh.core.text import accent_key, fold
from ansinh.labour.reference.classifications import UNIT_GROUP_LEVEL, is_unit_group, occupations, read_tsv

CONFIRM_BELOW = 0.6  # a coding less sure than this waits for a counsellor's confirmation
LIGHT_TRUCK_MAX_TONNES = 3.5  # licence class B covers trucks up to 3,5 t (Law 36/2024/QH15, Art. 57)
LIGHT_DRIVERS, HEAVY_DRIVERS = "8322", "8332"

# Groups named by generic words ("công nhân", "vận hành máy", "lao động phổ thông"): any specific group
# the same title names is the better answer.
GENERIC = frozenset({"9329", "9629", "8189", "8219", "9211", "9313", "4110", "5223", "9622"})

RULE_OVERRULED = 0.5
KIND_TRUST = {"rule": 1.05, "synonym": 1.0, "name": 0.95, "name_en": 0.95, "words": 0.55}
ACCENT_MISMATCH = 0.5  # the title has diacritics and they differ from the term's: a look-alike
GENERIC_FACTOR = 0.85
CLOSE_RUNNER_UP = 0.1

# Words that say who, not what ("công nhân", "nhân viên"): they count little when no title explains them.
FILLER = frozenset(
    {
        *("cong", "nhan", "vien", "nguoi", "lao", "dong", "pho", "thong", "tho", "lam", "viec", "chinh"),
        *("staff", "worker", "officer", "nv", "cn", "ld", "va", "and", "kiem", "ky", "thuat", "chuyen"),
    }
)
FILLER_WEIGHT = 0.3
# Words that narrow a job without changing its group: a language, a tool, a market.
QUALIFIER = frozenset(
    {
        *("java", "python", "php", "net", "nodejs", "node", "js", "react", "reactjs", "angular", "vue"),
        *("golang", "go", "ruby", "swift", "kotlin", "flutter", "c", "cpp", "csharp", "javascript", "sql"),
        *(
            "typescript",
            "ios",
            "android",
            "frontend",
            "backend",
            "fullstack",
            "front",
            "end",
            "back",
            "stack",
        ),
        *("full", "sap", "erp", "odoo", "magento", "wordpress", "unity", "dotnet", "devops", "aws"),
        *("anh", "nhat", "trung", "english", "japanese", "korean", "chinese", "n1", "n2"),
        *("n3", "topik", "hsk", "ielts", "toeic", "b2b", "b2c", "fmcg", "online", "offline", "mien"),
        *("nam", "khu", "vuc", "team", "nu", "moi", "ra", "fresh", "xuong", "ty"),
        *("hcm", "hn", "dn", "tinh", "quan", "huyen"),
    }
)
QUALIFIER_WEIGHT = 0.35

# Phrases that qualify the post, not the job; matched on folded words and dropped before coding.
MODIFIERS = tuple(
    tuple(phrase.split())
    for phrase in (
        "part time",
        "parttime",
        "full time",
        "fulltime",
        "ban thoi gian",
        "toan thoi gian",
        "thoi vu",
        "mua vu",
        "ngan han",
        "dai han",
        "tam thoi",
        "hop dong",
        "ca dem",
        "ca ngay",
        "lam ca",
        "xoay ca",
        "theo ca",
        "gap",
        "urgent",
        "hiring",
        "we are hiring",
        "so luong lon",
        "so luong",
        "khong yeu cau kinh nghiem",
        "khong can kinh nghiem",
        "chua co kinh nghiem",
        "co kinh nghiem",
        "kinh nghiem",
        "di lam ngay",
        "lam ngay",
        "bao an o",
        "bao an",
        "bao o",
        "nam nu",
        "nu nam",
        "senior",
        "junior",
        "middle",
        "mid",
        "fresher",
        "intern",
        "internship",
        "trainee",
        "thuc tap sinh",
        "thuc tap",
        "hoc viec",
        "sr",
        "jr",
        "cap cao",
        "lau nam",
        "uu tien",
        "remote",
        "hybrid",
        "wfh",
        "luong cao",
        "thu nhap cao",
        "hot",
        "new",
    )
)
# Said only at the start of a title ("Tuyển gấp thợ hàn"); inside one they are the job
# ("chuyên viên tuyển dụng").
LEADING = tuple(tuple(p.split()) for p in ("can tuyen gap", "can tuyen", "tuyen gap", "tuyen dung", "tuyen"))
# In a title typed without diacritics these neighbours say "máy" (machine), never "may" (sewing).
_MACHINE = frozenset({("nha", "may"), ("van", "hanh", "may"), ("dung", "may"), ("may", "moc"), ("may", "ep")})
# A word after which the rest of the phrase is a place or a wage ("Kế toán tại Hà Nội", "Thợ hàn lương 12tr").
_CUT_ACCENTED = frozenset({"tại", "ở", "lương", "thu nhập", "kcn", "kcx", "ccn", "khu công nghiệp"})
_CUT_FOLDED = frozenset({"kcn", "kcx", "ccn", "salary"})
_TONNES = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:tấn|tan|t|ton|tons|tonnes)\b", re.IGNORECASE)
_LICENCE = re.compile(r"\b(?:bằng|bang|hạng|hang|gplx)\s*(b1|b2|b|c1|c|d|e|fc|ce|d2|be|c1e)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_MAX_WORDS = 8


@dataclass(frozen=True)
class Candidate:
    code: str
    score: float  # 0–1: how much of the title this code's evidence explains, and how well
    term: str  # the title, rule or name that named it
    kind: str  # synonym, name, name_en, rule, words (loose word overlap)
    words: int  # the title words it covers
    exact_accents: bool


@dataclass(frozen=True)
class Coding:
    """The outcome of coding one title."""

    title: str
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    confidence: float = 0.0

    @property
    def code(self) -> str:
        return self.candidates[0].code if self.candidates else ""

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence < CONFIRM_BELOW

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.candidates]


@dataclass(frozen=True)
class _Term:
    accented: tuple[str, ...]
    code: str
    kind: str


@dataclass(frozen=True)
class _Rule:
    code: str
    # every group must be present through one of its phrases, each kept as (folded, accented) words
    groups: tuple[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], ...]
    text: str


def _singular(word: str) -> str:
    """English plurals folded to the singular. Vietnamese syllables never end in s, so this is safe."""
    if len(word) > 3 and word.isascii():
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
    return word


def _tokens(text: str) -> list[tuple[str, str]]:
    """(accented, folded) words: "C#" → csharp, "C++" → cpp, ".NET" → net, "&" → and."""
    text = text.replace("C#", "csharp").replace("c#", "csharp").replace("C++", "cpp").replace("c++", "cpp")
    text = text.replace("&", " and ").replace("/", " ")
    words = _WORD.findall(accent_key(text))
    return [(w, _singular(fold(w))) for w in words]


@cache
def _lexicon() -> dict[tuple[str, ...], list[_Term]]:
    entries: list[tuple[str, str, str]] = [
        (row["term"], row["code"], "synonym") for row in read_tsv(SYNONYMS)
    ]
    for row in occupations().values():
        if row.level == UNIT_GROUP_LEVEL:
            entries += [(part, row.code, "name") for part in _name_parts(row.name, ",")]
            entries += [(part, row.code, "name_en") for part in _name_parts(row.name_en, ",;")]
    # "nhân viên tư vấn bán hàng" also answers to "tư vấn bán hàng", unless that is listed in its own right
    listed = {tuple(f for _a, f in _tokens(text)) for text, _c, kind in entries if kind == "synonym"}
    for text, code, kind in list(entries):
        tokens = _tokens(text)
        for prefix in _ROLE_PREFIXES:
            rest = tokens[len(prefix) :]
            prefixed = kind == "synonym" and tuple(f for _a, f in tokens[: len(prefix)]) == prefix
            if prefixed and len(rest) >= 2 and tuple(f for _a, f in rest) not in listed:
                entries.append((" ".join(a for a, _f in rest), code, kind))
    lexicon: dict[tuple[str, ...], list[_Term]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for text, code, kind in entries:
        tokens = _tokens(text)
        if not tokens:
            continue
        accented = tuple(a for a, _f in tokens)
        if (accented, code) in seen:
            continue
        seen.add((accented, code))
        lexicon.setdefault(tuple(f for _a, f in tokens), []).append(_Term(accented, code, kind))
    return lexicon


SYNONYMS = "occupation_synonyms.tsv"
_ROLE_PREFIXES = (("nhan", "vien"), ("cong", "nhan"), ("chuyen", "vien"))
RULES = "occupation_rules.tsv"


def _name_parts(name: str, separators: str) -> list[str]:
    """A group name and each of its parts of two words or more ("Kế toán viên, kiểm toán viên"); a
    lone word from a list ("bản" of "Trưởng thôn, bản") would catch every "bán hàng"."""
    base = re.sub(r"\([^)]*\)", "", name).strip()
    parts = [base]
    pieces = re.split(f"[{re.escape(separators)}]", base)
    if len(pieces) > 1:
        parts += [p.strip() for p in pieces if len(p.split()) >= 2]
    return [p for p in parts if p]


@cache
def _rules() -> list[_Rule]:
    rules = []
    for row in read_tsv(RULES):
        groups = tuple(
            tuple(
                (tuple(f for _a, f in tokens), tuple(a for a, _f in tokens))
                for alt in group.split("|")
                if (tokens := _tokens(alt))
            )
            for group in row["when"].split("+")
        )
        rules.append(_Rule(row["code"], groups, row["when"]))
    return rules


@cache
def _word_index() -> dict[str, list[tuple[tuple[str, ...], _Term]]]:
    """Folded word → the lexicon entries holding it: the loose fallback when no title is found whole."""
    index: dict[str, list[tuple[tuple[str, ...], _Term]]] = {}
    for key, terms in _lexicon().items():
        for word in set(key):
            if word not in FILLER:
                index.setdefault(word, []).extend((key, term) for term in terms)
    return index


def _weight(word: str) -> float:
    if word in FILLER:
        return FILLER_WEIGHT
    if word in QUALIFIER or word.isdigit():
        return QUALIFIER_WEIGHT
    return 1.0


def prepare(title: str) -> tuple[list[tuple[str, str]], float | None, str | None]:
    """The title's words without modifiers, the tonnage it names and the licence class it names."""
    tonnes = None
    if m := _TONNES.search(title or ""):
        tonnes = float(m.group(1).replace(",", "."))
    licence = m.group(1).lower() if (m := _LICENCE.search(title or "")) else None
    tokens: list[tuple[str, str]] = []
    for phrase in re.split(r"[,;:()\[\]|\n–—]+|\s-\s", title or ""):
        words = _strip_modifiers(_tokens(phrase))
        tokens += _cut_place(words)
    tokens = [(a, f) for a, f in tokens if not any(ch.isdigit() for ch in f) or f in ("n1", "n2", "n3")]
    return tokens, tonnes, licence


def _strip_modifiers(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    for phrase in LEADING:
        if tuple(f for _a, f in words[: len(phrase)]) == phrase:
            words = words[len(phrase) :]
            break
    folded = [f for _a, f in words]
    keep = [True] * len(words)
    for phrase in sorted(MODIFIERS, key=len, reverse=True):
        n = len(phrase)
        for start in range(len(words) - n + 1):
            if all(keep[start : start + n]) and tuple(folded[start : start + n]) == phrase:
                keep[start : start + n] = [False] * n
    return [w for w, k in zip(words, keep, strict=True) if k]


def _cut_place(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    for i, (accented, folded) in enumerate(words):
        if i == 0:
            continue
        following = words[i + 1][1] if i + 1 < len(words) else ""
        if accented in ("tại", "ở") or folded in _CUT_FOLDED:
            return words[:i]
        if folded in ("luong", "salary") and (
            following[:1].isdigit() or following in ("cao", "thoa", "tu", "up")
        ):
            return words[:i]
        # an unaccented "tai" after a whole job title is "tại" (at), not "tải" (truck: "xe tai", "tai 5 tan")
        after_vehicle = words[i - 1][1] in ("xe", "van")
        bare_at = accented == "tai" and not after_vehicle and following not in ("", "nhe", "nang")
        if bare_at and not following[:1].isdigit():
            return words[:i]
    return words


def code_title(title: str, *, limit: int = 5) -> Coding:
    """Ranked candidate codes for a job title, best first, and the confidence of the first."""
    raw = (title or "").strip()
    if is_unit_group(raw):
        return Coding(raw, (Candidate(raw, 1.0, raw, "code", 1, True),), 1.0)
    tokens, tonnes, licence = prepare(raw)
    if not tokens:
        return Coding(raw)
    accented = [a for a, _f in tokens]
    folded = [f for _a, f in tokens]
    weights = [_weight(f) for f in folded]
    total = sum(weights)
    unaccented = all(a.isascii() for a in accented)
    if unaccented:
        accented = _machine_words(folded)
    found: dict[str, Candidate] = {}

    spans: dict[str, list[int]] = {}

    def offer(code: str, span: Iterable[int], term: str, kind: str, exact: bool, factor: float = 1.0) -> None:
        covered = list(span)
        share = sum(weights[i] for i in covered) / total
        score = share * KIND_TRUST[kind] * (1.0 if exact else ACCENT_MISMATCH) * factor
        if code in GENERIC:
            score *= GENERIC_FACTOR
        score = min(score, 1.0)
        best = found.get(code)
        if best is None or score > best.score:
            found[code] = Candidate(code, round(score, 4), term, kind, len(covered), exact)
            spans[code] = covered

    lexicon = _lexicon()
    matched_words: set[int] = set()
    for size in range(min(_MAX_WORDS, len(folded)), 0, -1):
        for start in range(len(folded) - size + 1):
            key = tuple(folded[start : start + size])
            for term in lexicon.get(key, ()):
                typed = tuple(accented[start : start + size])
                exact = _accents_agree(typed, term.accented, unaccented)
                offer(term.code, range(start, start + size), " ".join(term.accented), term.kind, exact)
                matched_words.update(range(start, start + size))
    # A sector rule moves a generic title; it does not overrule a specific title the words name outside
    # it ("Trưởng chuyền may" is a supervisor, "Công nhân KCS may mặc" an inspector).
    specific = [c for c in found.values() if c.code not in GENERIC and c.exact_accents]
    head = max(specific, key=lambda c: c.score, default=None)
    for rule in _rules():
        span = _rule_span(rule, folded, accented, unaccented)
        if span is not None:
            overruled = head is not None and head.code != rule.code and not set(spans[head.code]) <= set(span)
            offer(rule.code, span, rule.text, "rule", True, RULE_OVERRULED if overruled else 1.0)
    _loose(folded, weights, total, matched_words, found)
    _trucks(found, folded, tonnes, licence)
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.kind == "words", c.code))[:limit]
    if not ranked:
        return Coding(raw)
    confidence = ranked[0].score
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < CLOSE_RUNNER_UP:
        confidence *= 0.85
    return Coding(raw, tuple(ranked), round(min(confidence, 1.0), 3))


def _accents_agree(typed: tuple[str, ...], term: tuple[str, ...], unaccented: bool) -> bool:
    """A title typed without any diacritics agrees with every accented form of a bare word; one typed with
    diacritics means what it shows, a bare word included ("thợ may" is not "thợ máy")."""
    return all(
        t == w or _singular(t) == _singular(w) or (unaccented and t.isascii() and fold(w) == t)
        for t, w in zip(typed, term, strict=True)
    )


def _machine_words(folded: list[str]) -> list[str]:
    """An unaccented title's words, with "may" read as "máy" where its neighbours say machine."""
    out = list(folded)
    for i, word in enumerate(folded):
        if word != "may":
            continue
        for pattern in _MACHINE:
            at = pattern.index("may")
            start = i - at
            if start >= 0 and tuple(folded[start : start + len(pattern)]) == pattern:
                out[i] = "máy"
    return out


def _rule_span(rule: _Rule, folded: list[str], accented: list[str], unaccented: bool) -> list[int] | None:
    """The title words a rule explains: every phrase of each group found (with agreeing accents), or
    None when a group is missing."""
    span: set[int] = set()
    for group in rule.groups:
        hit: set[int] = set()
        for phrase, phrase_accented in group:
            n = len(phrase)
            for start in range(len(folded) - n + 1):
                if tuple(folded[start : start + n]) == phrase and _accents_agree(
                    tuple(accented[start : start + n]), phrase_accented, unaccented
                ):
                    hit.update(range(start, start + n))
        if not hit:
            return None
        span |= hit
    return sorted(span)


def _loose(
    folded: list[str], weights: list[float], total: float, matched: set[int], found: dict[str, Candidate]
) -> None:
    """Candidates from single shared words, for titles no listed title explains: weak, for a counsellor."""
    index = _word_index()
    for i, word in enumerate(folded):
        if i in matched or weights[i] < 1.0:
            continue
        for key, term in index.get(word, ())[:200]:
            share = weights[i] / total / max(len(key), 1) ** 0.5
            score = round(share * KIND_TRUST["words"], 4)
            best = found.get(term.code)
            if best is None or score > best.score:
                found[term.code] = Candidate(term.code, score, " ".join(term.accented), "words", 1, False)


def _trucks(
    found: dict[str, Candidate], folded: list[str], tonnes: float | None, licence: str | None
) -> None:
    """A truck driver's group follows the truck: up to 3,5 t (class B) light, above it (C and up) heavy."""
    if not ({LIGHT_DRIVERS, HEAVY_DRIVERS} & found.keys()) or not (
        {"tai", "truck", "lorry", "van"} & set(folded)
    ):
        return
    light = None
    if "nhe" in folded or "van" in folded:
        light = True
    if "nang" in folded or {"container", "dau", "keo"} & set(folded):
        light = False
    if tonnes is not None:
        light = tonnes <= LIGHT_TRUCK_MAX_TONNES
    elif licence is not None:
        light = licence in ("b", "b1", "b2")
    if light is None:
        return
    winner, loser = (LIGHT_DRIVERS, HEAVY_DRIVERS) if light else (HEAVY_DRIVERS, LIGHT_DRIVERS)
    best = max(found[c].score for c in (winner, loser) if c in found)
    base = found.get(winner) or found[loser]
    found[winner] = Candidate(winner, round(min(best + 0.05, 1.0), 4), base.term, "rule", base.words, True)
    if loser in found:
        other = found[loser]
        found[loser] = Candidate(
            loser, round(best * 0.6, 4), other.term, other.kind, other.words, other.exact_accents
        )


# --- free text → occupation codes ------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationMatch:
    code: str
    term: str  # the title, rule or group name that named it
    words: int  # the title words it explains
    exact_accents: bool  # found with the same diacritics as typed, not only after folding
    from_synonyms: bool = True  # a title from the synonym list or a sector rule (else a group's own name)
    confidence: float = 1.0  # 0–1, see `coding.code_title`


def map_occupation(text: str, *, limit: int = 5) -> list[OccupationMatch]:
    """Occupation codes a free-text job title names, best first (`coding.code_title`).

    The first match carries the coding's confidence; the others their own score. A 4-digit code typed as
    such is taken as it is. Loose single-word guesses are left out: they are for a counsellor's queue.
    """
    coding = code_title(text, limit=limit)
    out = []
    for i, c in enumerate(coding.candidates):
        if c.kind == "words":
            continue
        out.append(
            OccupationMatch(
                c.code,
                c.term,
                c.words,
                c.exact_accents,
                c.kind in ("synonym", "rule", "code"),
                coding.confidence if i == 0 else c.score,
            )
        )
    return out
