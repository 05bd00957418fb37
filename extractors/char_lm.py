"""Character bigram language model for Chinese report text.

Trained offline (``resources/build_order_model.py``) on clean report text and
jieba's dictionary; loaded once per process from the packaged resources.

Method:

1. Text is normalised as the model saw it in training: spaces between
   non-ASCII characters dropped, digit runs -> ``0``, Latin runs -> ``a``,
   and the full-width comparison signs that qualify a number (``≥ ≤ ＜ ＞ ＝``)
   -> one class ``≥``, so a sign the training text never printed (``＜``)
   still knows it belongs before a number.
2. ``logp(a, b)`` is the Witten–Bell interpolated bigram probability
   ``λ_a · c(ab)/c(a) + (1 − λ_a) · P(b)`` with ``λ_a = c(a) / (c(a) + T(a))``
   (``T(a)`` = number of distinct followers of ``a``) and an add-one unigram
   ``P(b)``. Witten–Bell works with the fractional counts the dictionary adds.
3. ``score(text)`` sums ``logp`` over adjacent pairs; the repairer compares
   orders of the same characters, so unigram terms cancel and only the
   bigram evidence decides.
4. ``segment_score(text)`` is the log-probability of the best segmentation
   of ``text`` into dictionary words (jieba's frequencies plus the clean
   seeds' words), by dynamic programming over word ends; a Han character
   outside any word costs ``SINGLE_HAN_PENALTY`` on top of its own
   probability, other characters are free. It rewards orders that keep
   words whole, which the bigram alone sees only pairwise.
5. ``adapted(bigrams, weight)`` is a document-adapted copy (a cache model):
   for a history ``a`` the document shows, ``P(b|a)`` becomes
   ``(1 − w) · P_model(b|a) + w · c_doc(ab) / c_doc(a)``, so the words a
   report repeats (its own topic vocabulary) gain weight; histories the
   document never shows keep the trained model's probabilities.
6. ``for_text(text)`` is the model for one document: ``logp`` for every pair
   of the characters of ``text`` precomputed as one dense matrix (numpy, from
   the counts held as arrays), so the repairer's per-region pair matrices are
   a single fancy index (``pair_matrix``) instead of thousands of scalar
   look-ups; its caches are its own and go with the document.
"""

from __future__ import annotations

import copy
import gzip
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import regex

MAX_WORD = 4
SINGLE_HAN_PENALTY = 2.0
_ASCII_RUN = regex.compile(r"[0-9]+(?:[.,][0-9]+)*|[A-Za-z]+")
_INNER_SPACE = regex.compile(r"(?<=[^\x00-\x7f]) +|(?<=\S) +(?=[^\x00-\x7f])")
COMPARISON_SIGNS = "≥≤＜＞＝≧≦≠"
_SIGN_CLASS = str.maketrans(dict.fromkeys(COMPARISON_SIGNS, "≥"))


def ascii_class(token: str) -> str:
    """The one-character class the model uses for an ASCII run: ``0`` or ``a``."""
    return "0" if token[0].isdigit() else "a"


def normalise_for_lm(text: str) -> str:
    """Text as the model sees it: no spaces next to CJK, ASCII runs as classes."""
    text = _INNER_SPACE.sub("", text.strip()).translate(_SIGN_CLASS)
    return _ASCII_RUN.sub(lambda m: ascii_class(m[0]), text)


class CharLM:
    """Interpolated character bigram model over fractional counts."""

    def __init__(self, grams: dict[str, float], words: dict[str, float]) -> None:
        self._bigram = {g: c for g, c in grams.items() if len(g) == 2}
        unigram = {g: c for g, c in grams.items() if len(g) == 1}
        total = sum(unigram.values())
        vocab = len(unigram) + 1
        self._unigram_logp = {c: math.log((n + 1) / (total + vocab)) for c, n in unigram.items()}
        self._unseen_logp = math.log(1 / (total + vocab))
        followers: dict[str, int] = defaultdict(int)
        history: dict[str, float] = defaultdict(float)
        for gram, count in self._bigram.items():
            followers[gram[0]] += 1
            history[gram[0]] += count
        self._history = dict(history)
        self._followers = dict(followers)
        self._cache: dict[str, float] = {}
        word_total = sum(words.values()) or 1.0
        self._word_logp = {w: math.log(f / word_total) for w, f in words.items()}
        self._single_logp = math.log(1 / word_total) - SINGLE_HAN_PENALTY
        self._segment_cache: dict[str, float] = {}
        self._doc: dict[str, float] = {}  # the document's own bigram counts (cache model)
        self._doc_history: dict[str, float] = {}
        self._doc_weight = 0.0
        self._counts = _CountArrays.build(self._unigram_logp, self._unseen_logp, self._bigram)
        self._alphabet: dict[str, int] = {}  # character -> row/column of ``_dense``
        self._dense = np.zeros((0, 0))

    def adapted(self, bigrams: Mapping[str, float], weight: float) -> CharLM:
        """A copy of the model interpolated with a document's own bigram counts.

        The cache model of step 5: keys are normalised pairs (``normalise_for_lm``);
        the copy shares the trained counts and the word-score cache, not the
        bigram cache; a ``for_text`` model's copy is prepared for the same characters.
        """
        model = copy.copy(self)
        model._cache = {}
        model._doc = {gram: count for gram, count in bigrams.items() if len(gram) == 2}
        history: dict[str, float] = defaultdict(float)
        for gram, count in model._doc.items():
            history[gram[0]] += count
        model._doc_history = dict(history)
        model._doc_weight = weight
        model._prepare(set(self._alphabet))
        return model

    def for_text(self, text: str) -> CharLM:
        """A copy for one document: ``logp`` of every pair of ``text``'s characters
        precomputed, and caches of its own (the process-wide model's never grow
        with the documents it has seen).
        """
        model = copy.copy(self)
        model._cache, model._segment_cache = {}, {}
        model._prepare(set(text))
        return model

    def _prepare(self, chars: set[str]) -> None:
        """The dense ``logp`` matrix of ``chars``: the same formula as ``logp``
        (Witten–Bell, then the document mix) for all pairs at once; rows and
        columns are the model's character classes (``≥`` stands for all signs).
        """
        classes = sorted({c.translate(_SIGN_CLASS) for c in chars})
        index = {c: i for i, c in enumerate(classes)}
        prob = self._counts.matrix(classes)
        if self._doc_weight:
            doc = np.zeros_like(prob)
            for gram, count in self._doc.items():
                if gram[0] in index and gram[1] in index:
                    doc[index[gram[0]], index[gram[1]]] = count
            doc_seen = np.array([self._doc_history.get(c, 0.0) for c in classes])
            mixed = (1 - self._doc_weight) * prob + self._doc_weight * doc / np.maximum(doc_seen, 1e-300)[:, None]
            prob = np.where(doc_seen[:, None] > 0, mixed, prob)
        self._alphabet = {c: index[c.translate(_SIGN_CLASS)] for c in chars}
        self._dense = np.log(prob)

    def pair_matrix(self, lefts: list[str], rights: list[str]) -> np.ndarray:
        """``logp(a, b)`` for every ``a`` in ``lefts`` and ``b`` in ``rights``."""
        alphabet = self._alphabet
        if all(c in alphabet for c in lefts) and all(c in alphabet for c in rights):
            rows = [alphabet[c] for c in lefts]
            cols = [alphabet[c] for c in rights]
            return self._dense[np.ix_(rows, cols)]
        return np.array([[self.logp(a, b) for b in rights] for a in lefts])

    def unigram_logp(self, char: str) -> float:
        return self._unigram_logp.get(char.translate(_SIGN_CLASS), self._unseen_logp)

    def logp(self, a: str, b: str) -> float:
        """log P(b | a), interpolated with the unigram (Witten–Bell)."""
        pair = a + b
        cached = self._cache.get(pair)
        if cached is not None:
            return cached
        a, b = a.translate(_SIGN_CLASS), b.translate(_SIGN_CLASS)
        p_uni = math.exp(self.unigram_logp(b))
        seen = self._history.get(a, 0.0)
        if seen:
            distinct = self._followers[a]
            lam = seen / (seen + distinct)
            prob = lam * self._bigram.get(a + b, 0.0) / seen + (1 - lam) * p_uni
        else:
            prob = p_uni
        doc_seen = self._doc_history.get(a, 0.0)
        if doc_seen:  # a history the document has seen: mix in its own followers
            weight = self._doc_weight
            prob = (1 - weight) * prob + weight * self._doc.get(a + b, 0.0) / doc_seen
        value = math.log(prob)
        self._cache[pair] = value
        return value

    def association(self, a: str, b: str) -> float:
        """Pointwise association log P(b|a) − log P(b): > 0 when ``ab`` is a real pair."""
        return self.logp(a, b) - self.unigram_logp(b)

    def segment_score(self, text: str) -> float:
        """Log-probability of the best split of ``text`` into dictionary words."""
        cached = self._segment_cache.get(text)
        if cached is None:
            cached = self._segment(text)[0][-1]
            self._segment_cache[text] = cached
        return cached

    def segment(self, text: str) -> list[str]:
        """The best split of ``text`` into dictionary words and single characters."""
        _, start = self._segment(text)
        pieces = []
        end = len(text)
        while end:
            pieces.append(text[start[end] : end])
            end = start[end]
        return pieces[::-1]

    def _segment(self, text: str) -> tuple[list[float], list[int]]:
        """Best log-probability of each prefix and where its last piece starts.

        The hot loop of the repairer, hence the local names; a tie keeps the
        shorter word.
        """
        word_logp = self._word_logp.get
        single_logp = self._single_logp
        best = [0.0] * (len(text) + 1)
        start = list(range(-1, len(text)))  # by default the last piece is one character
        for end in range(1, len(text) + 1):
            char = text[end - 1]
            score = best[end - 1] + (word_logp(char, single_logp) if "\u4e00" <= char <= "\u9fff" else 0.0)
            for begin in range(end - 2, end - MAX_WORD - 1 if end > MAX_WORD else -1, -1):
                word = word_logp(text[begin:end])
                if word is not None and best[begin] + word > score:
                    score, start[end] = best[begin] + word, begin
            best[end] = score
        return best, start

    def score(self, text: str) -> float:
        """Sum of bigram log-probabilities of already-normalised ``text``."""
        return sum(self.logp(text[i - 1], text[i]) for i in range(1, len(text)))


@dataclass(frozen=True, slots=True)
class _CountArrays:
    """The trained counts as arrays indexed by character id, for ``CharLM.for_text``.

    Id ``len(ids)`` stands for every character the model never saw.
    """

    ids: dict[str, int]
    uni_p: np.ndarray  # P(b), the add-one unigram
    seen: np.ndarray  # c(a): bigram count mass of history a
    lam: np.ndarray  # Witten–Bell weight of history a
    first: np.ndarray  # the bigrams: history id, follower id, count
    second: np.ndarray
    count: np.ndarray

    @classmethod
    def build(cls, unigram_logp: dict[str, float], unseen_logp: float, bigram: dict[str, float]) -> _CountArrays:
        chars = sorted(set(unigram_logp) | {c for gram in bigram for c in gram})
        ids = {c: i for i, c in enumerate(chars)}
        uni_p = np.exp([*(unigram_logp.get(c, unseen_logp) for c in chars), unseen_logp])
        first = np.array([ids[g[0]] for g in bigram], dtype=np.int64)
        second = np.array([ids[g[1]] for g in bigram], dtype=np.int64)
        count = np.array(list(bigram.values()))
        seen = np.bincount(first, weights=count, minlength=len(chars) + 1)
        followers = np.bincount(first, minlength=len(chars) + 1)
        lam = np.divide(seen, seen + followers, out=np.zeros_like(seen), where=seen > 0)
        return cls(ids, uni_p, seen, lam, first, second, count)

    def matrix(self, chars: list[str]) -> np.ndarray:
        """P(b | a) for every pair of ``chars`` (already in their model classes)."""
        unknown = len(self.uni_p) - 1
        gid = np.array([self.ids.get(c, unknown) for c in chars], dtype=np.int64)
        local = np.full(len(self.uni_p), -1, dtype=np.int64)
        local[gid] = np.arange(len(chars))
        local[unknown] = -1
        rows, cols = local[self.first], local[self.second]
        keep = (rows >= 0) & (cols >= 0)
        counts = np.zeros((len(chars), len(chars)))
        counts[rows[keep], cols[keep]] = self.count[keep]
        seen = self.seen[gid]
        lam = self.lam[gid]
        p_uni = self.uni_p[gid]
        with np.errstate(divide="ignore", invalid="ignore"):
            bigram = lam[:, None] * counts / seen[:, None] + (1 - lam[:, None]) * p_uni[None, :]
        return np.where(seen[:, None] > 0, bigram, p_uni[None, :])


def _read_counts(name: str) -> dict[str, float]:
    """``key<TAB>count`` rows of a packaged gzip file (keys may hold spaces, never tabs)."""
    raw = resources.files("extractors.resources").joinpath(name).read_bytes()
    fields = gzip.decompress(raw).decode("utf-8").rstrip("\n").replace("\t", "\n").split("\n")
    return dict(zip(fields[0::2], map(float, fields[1::2]), strict=True))


@cache
def load_model() -> CharLM:
    """The packaged model, loaded once per process."""
    return CharLM(_read_counts("char_lm.tsv.gz"), _read_counts("words.tsv.gz"))
