"""The columns a matching index is made of: inverted lists, job titles and required skills.

- `Postings` / `KeyPostings`: token id or sparse integer key (an occupation group, a province) → sorted rows.
- `TextColumn`: job titles stored once per distinct title (seekers and vacancies repeat a few thousand of
  them), as weighted accented and folded token sets; `hits()` gives the Dice similarity of a query title to
  every distinct title in one pass, and `TextHits.at(rows)` maps it back to rows.
- `TermColumn`: each vacancy's required skills as terms, each term as its words; `held()` counts, per row,
  the skills a seeker holds (`scoring.word_held`).
"""

from __future__ import annotations

import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ansinh.core.text import fold
from ansinh.labour.matching import scoring
from ansinh.labour.matching.profiles import SeekerProfile
from ansinh.labour.matching.text import TextKey, skill_terms, text_key, token_weight

# --- inverted lists -----------------------------------------------------------------------------------


@dataclass
class Postings:
    """Token id → the sorted rows that contain it (CSR)."""

    ptr: np.ndarray
    rows: np.ndarray

    @classmethod
    def build(cls, rows: np.ndarray, tokens: np.ndarray, size: int) -> Postings:
        order = np.argsort(tokens, kind="stable")
        ptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(tokens, minlength=size), out=ptr[1:])
        return cls(ptr, rows[order].astype(np.int32))

    def get(self, token: int) -> np.ndarray:
        return self.rows[self.ptr[token] : self.ptr[token + 1]]

    @property
    def nbytes(self) -> int:
        return self.ptr.nbytes + self.rows.nbytes


@dataclass
class KeyPostings:
    """Sparse integer key (an occupation group, a province, a commune) → sorted rows."""

    keys: np.ndarray
    postings: Postings

    @classmethod
    def build(cls, rows: np.ndarray, keys: np.ndarray) -> KeyPostings:
        keep = keys >= 0
        rows, keys = rows[keep].astype(np.int64), keys[keep].astype(np.int64)
        pairs = np.unique(keys << 32 | rows)
        keys, rows = pairs >> 32, pairs & 0xFFFFFFFF
        distinct, token = np.unique(keys, return_inverse=True)
        return cls(distinct, Postings.build(rows, token, len(distinct)))

    def get(self, key: int) -> np.ndarray:
        at = int(np.searchsorted(self.keys, key))
        if at < len(self.keys) and self.keys[at] == key:
            return self.postings.get(at)
        return np.empty(0, dtype=np.int32)

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.postings.nbytes


class _Vocabulary(dict):
    def id(self, token: str) -> int:
        found = self.get(token)
        if found is None:
            found = self[token] = len(self)
        return found


class TokenSets:
    """Rows × token sets, accented and folded, collected row by row then frozen into postings."""

    def __init__(self) -> None:
        self.vocab = (_Vocabulary(), _Vocabulary())
        self.rows: tuple[array.array, array.array] = (array.array("i"), array.array("i"))
        self.tokens: tuple[array.array, array.array] = (array.array("i"), array.array("i"))
        self._cache: dict[frozenset[str], tuple[list[int], list[int]]] = {}

    def add(self, row: int, accented: Iterable[int], folded: Iterable[int]) -> None:
        for form, ids in enumerate((accented, folded)):
            ids = list(ids)
            self.tokens[form].extend(ids)
            self.rows[form].extend([row] * len(ids))

    def add_words(self, row: int, words: frozenset[str]) -> None:
        """A set of words, accented and folded; the ids of a set seen before come from a cache."""
        ids = self._cache.get(words)
        if ids is None:
            accented = [self.vocab[0].id(w) for w in words]
            folded = list({self.vocab[1].id(fold(w)) for w in words})
            ids = self._cache[words] = (accented, folded)
            if len(self._cache) > 500_000:
                self._cache.clear()
        self.add(row, *ids)

    def freeze(self) -> tuple[Postings, Postings]:
        return tuple(  # type: ignore[return-value]
            Postings.build(
                np.frombuffer(self.rows[f], dtype=np.int32),
                np.frombuffer(self.tokens[f], dtype=np.int32),
                len(self.vocab[f]),
            )
            for f in (0, 1)
        )


@dataclass
class TextHits:
    """Similarities of a query title to every distinct title of an index, and the way back to rows."""

    acc: np.ndarray  # Dice of the accented tokens, per distinct title
    fold: np.ndarray  # … of the folded tokens
    unaccented: np.ndarray  # per distinct title: it, or the query, has no diacritics
    column: TextColumn

    @property
    def sim(self) -> np.ndarray:
        return scoring.text_similarity(self.acc, self.fold, self.unaccented)

    def candidates(self, at_least: float) -> np.ndarray:
        """Rows whose title is at least this similar."""
        titles = np.flatnonzero(self.sim >= at_least)
        parts = [self.column.title_rows.get(t) for t in titles]
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int32)

    def at(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(accented, folded, unaccented) for any rows."""
        titles = self.column.title_of_row[rows]
        return self.acc[titles], self.fold[titles], self.unaccented[titles]


@dataclass
class TextColumn:
    """Job titles, stored once per distinct title (seekers and vacancies repeat a few thousand titles):
    weighted token sets with inverted lists, so a Dice similarity against a query is one pass over the
    distinct titles, and each row points to its title."""

    vocab: tuple[dict, dict]
    postings: tuple[Postings, Postings]  # token → distinct titles
    weight: tuple[np.ndarray, np.ndarray]  # total token weight of each distinct title, accented / folded
    unaccented: np.ndarray  # per distinct title
    title_of_row: np.ndarray
    title_rows: Postings  # distinct title → rows

    def hits(self, key: TextKey) -> TextHits:
        dice = []
        for form, tokens in enumerate((key.accented, key.folded)):
            common = np.zeros(len(self.unaccented))
            total = 0.0
            for token in tokens:
                w = token_weight(token, folded=bool(form))
                total += w
                tid = self.vocab[form].get(token)
                if tid is not None:
                    common[self.postings[form].get(tid)] += w
            dice.append(2 * common / np.maximum(total + self.weight[form], 1e-9))
        return TextHits(dice[0], dice[1], key.unaccented | self.unaccented, self)

    @property
    def nbytes(self) -> int:
        arrays = [*self.weight, self.unaccented, self.title_of_row]
        postings = [*self.postings, self.title_rows]
        return sum(a.nbytes for a in arrays) + sum(p.nbytes for p in postings)


class TextBuilder:
    def __init__(self) -> None:
        self.sets = TokenSets()
        self.titles: dict[str, int] = {}
        self.weight: tuple[list[float], list[float]] = ([], [])
        self.unaccented: list[bool] = []
        self.title_of_row = array.array("i")

    def add(self, row: int, title: str) -> None:
        tid = self.titles.get(title)
        if tid is None:
            tid = self.titles[title] = len(self.titles)
            key = text_key(title)
            self.sets.add(tid, [self.sets.vocab[0].id(t) for t in key.accented], [])
            self.sets.add(tid, [], [self.sets.vocab[1].id(t) for t in key.folded])
            self.weight[0].append(sum(token_weight(t, folded=False) for t in key.accented))
            self.weight[1].append(sum(token_weight(t, folded=True) for t in key.folded))
            self.unaccented.append(key.unaccented)
        self.title_of_row.append(tid)

    def freeze(self) -> TextColumn:
        title_of_row = np.frombuffer(self.title_of_row, dtype=np.int32).copy()
        return TextColumn(
            vocab=(dict(self.sets.vocab[0]), dict(self.sets.vocab[1])),
            postings=self.sets.freeze(),
            weight=(np.array(self.weight[0]), np.array(self.weight[1])),
            unaccented=np.array(self.unaccented, dtype=bool),
            title_of_row=title_of_row,
            title_rows=Postings.build(np.arange(len(title_of_row)), title_of_row, len(self.titles)),
        )


class TermBuilder:
    """Each vacancy's required skills as term ids; each term as the ids of its (accented) words."""

    def __init__(self) -> None:
        self.term_vocab = _Vocabulary()
        self.words = _Vocabulary()
        self.term_words: list[list[int]] = []
        self.row_terms = array.array("i")
        self.row_count = array.array("i")

    def add(self, row: int, skills: str) -> None:
        terms = skill_terms(skills)
        for term in terms:
            before = len(self.term_vocab)
            tid = self.term_vocab.id(term)
            if tid == before:
                self.term_words.append([self.words.id(w) for w in term.split(" ")])
            self.row_terms.append(tid)
        self.row_count.append(len(terms))

    def freeze(self, n: int) -> TermColumn:
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self.row_count, dtype=np.int32), out=ptr[1:])
        words = list(self.words)
        by_fold: dict[str, list[int]] = {}
        for wid, word in enumerate(words):
            by_fold.setdefault(fold(word), []).append(wid)
        return TermColumn(
            vocab=dict(self.words),
            by_fold=by_fold,
            term_ptr=np.cumsum([0] + [len(x) for x in self.term_words]).astype(np.int64),
            term_words=np.array([w for x in self.term_words for w in x], dtype=np.int32),
            row_ptr=ptr,
            row_terms=np.frombuffer(self.row_terms, dtype=np.int32).copy(),
        )


@dataclass
class TermColumn:
    vocab: dict[str, int]  # accented word → id
    by_fold: dict[str, list[int]]  # folded word → the ids of the words that fold to it
    term_ptr: np.ndarray
    term_words: np.ndarray
    row_ptr: np.ndarray
    row_terms: np.ndarray

    def required(self, rows: np.ndarray) -> np.ndarray:
        return self.row_ptr[rows + 1] - self.row_ptr[rows]

    def held(self, seeker: SeekerProfile, rows: np.ndarray) -> np.ndarray:
        """Required skills the seeker holds, per row: every word of the skill is one of the seeker's
        (`scoring.word_held`: the same word, or the same once folded when either side has no diacritics)."""
        present = np.zeros(len(self.vocab), dtype=bool)
        for word in scoring.seeker_syllables(seeker):
            marked = [self.vocab.get(word)]  # the same word
            if word.isascii():  # the seeker typed it without diacritics: any word folding to it
                marked += self.by_fold.get(word, [])
            base = fold(word)
            if base in self.vocab:  # the vacancy typed it without diacritics
                marked.append(self.vocab[base])
            present[[m for m in marked if m is not None]] = True
        starts, ends = self.row_ptr[rows], self.row_ptr[rows + 1]
        lengths = ends - starts
        if not len(present) or not lengths.sum():
            return np.zeros(len(rows), dtype=np.int64)
        term_ok = self._terms_held(present)
        # The terms of just these rows, laid end to end, then summed back per row.
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        positions = np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1])
        per_row = np.concatenate([[0], np.cumsum(term_ok[self.row_terms[positions]])])
        return per_row[offsets[1:]] - per_row[offsets[:-1]]

    def _terms_held(self, present: np.ndarray) -> np.ndarray:
        hit = np.concatenate([[0], np.cumsum(present[self.term_words])])
        return (hit[self.term_ptr[1:]] - hit[self.term_ptr[:-1]]) == np.diff(self.term_ptr)

    @property
    def nbytes(self) -> int:
        arrays = [self.term_ptr, self.term_words, self.row_ptr, self.row_terms]
        return sum(a.nbytes for a in arrays)
