"""Repair the reading order of garbled text dumps that have no coordinates.

Some PDFs give their characters in a scrambled order: each printed line comes
out as a permutation of itself, split into space-separated chunks, with a few
glyphs (a font-specific set, e.g. ``了 计 本 。``) pulled to the front of their
chunk or line (``计按预`` for ``按预计``), short words reversed (``出提``) and
short blocks swapped (``立序规范项程性``). ASCII runs (numbers, Latin,
half-width punctuation) never move, so they anchor the line.

Method, per line (details and measured accuracy: docs/order-repair.md):

1. Tab fields are repaired one by one. In a field, ASCII runs stay in place
   (with comparison signs printed against them: ``≥20``) and cut it into
   regions; a region's whitespace is pooled — a space that
   touches an ASCII run (``2016 年``) is put back in place, the rest are
   chunk-boundary artefacts.
2. In each region, runs of chunks whose characters are exactly those of a
   known term (lexicon anagram lookup: indicator names, headings), maybe
   plus one or two stray glyphs, become fixed tokens; a whole region may
   also be a term or a wrapped part of one (``立 依 充项 据``).
3. The remaining glyphs are reordered by greedy best-first moves that invert
   the garbling (chunk rotations, short block swaps, far moves rightwards for
   short blocks that start with a glyph that may have been pulled to a chunk
   front), each charged a cost
   that falls for movers the dump itself reveals (``mover_bonus``). Moves are
   ranked by the character bigram model, the best few re-ranked with the
   word-segmentation score; the best move that pays its cost is applied
   until none does. When no glyph move pays, whole words may move
   (``呼叫接通率中心电话`` -> ``呼叫中心电话接通率``), charged for the raw order
   they break. A line's first region sees the end of the previous line, where
   a word may have wrapped.
4. The repaired line is a permutation of the raw line's characters,
   *including whitespace*: real spaces stay by their ASCII run, two adjacent
   known terms keep a space between them (a table's column gap), the other
   artefact spaces are appended at the end of the line (``text.rstrip()`` is
   the clean line). Confidence is the share of adjacent pairs the model finds
   plausible, 1.0 for lexicon-restored text.

Whole dumps are repaired by ``extractors.order_document.repair_document``
(two passes with a document-adapted model; repeated passages agree on one
order). ``dump_needs_repair`` tells clean dumps, which pass through untouched.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise

import numpy as np
import regex

from extractors.char_lm import COMPARISON_SIGNS, CharLM, ascii_class, load_model
from extractors.lexicon import (
    anagram_key,
    longest_term,
    lookup_part,
    lookup_term,
    part_with_key,
    term_alphabet,
    term_with_key,
)

# An ASCII run, with the comparison signs touching it (``≥20``, ``90%≤``): a
# sign printed against its number is anchored like the number itself.
_PIECE = regex.compile(
    rf"(?P<ascii>[{COMPARISON_SIGNS}]*[!-~]+[{COMPARISON_SIGNS}]*)"
    rf"|(?P<other>(?:[{COMPARISON_SIGNS}]++(?![!-~])|[^!-~{COMPARISON_SIGNS}])+)"
)
_CJK_GAP = regex.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")
_HAN = regex.compile(r"\p{Han}")
# Heading numbers such as （一） or 一、 are kept whole; their order never varies.
ENUMERATOR = r"[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、"
_ENUMERATOR = regex.compile(ENUMERATOR)

MAX_BLOCK = 3  # longest block (and hop) of a move across chunk boundaries
MAX_ROTATION = 6  # longest block rotated inside one raw chunk
MOVE_COST = 6.5  # log-probability a move must gain before it is made
WORD_WEIGHT = 0.5  # weight of the word-segmentation score against the bigram score
TOP_K = 6  # bigram-best moves the word score chooses among
WORD_SLACK = 4.0  # bigram loss beyond which a candidate is not worth a word score
INSIDE_DISCOUNT = 2.0  # cost relief of a move that stays inside one raw chunk
LEFT_COST = 3.0  # extra cost of moving a single glyph leftwards (against the garbling)
BLOCK_COST = 1.5  # extra cost per character beyond the first in a moved block
DISTANCE_COST = 0.35  # extra cost per log(1 + distance)
MOVER_WEIGHT = 2.0  # how much a mover's document statistics lower its cost
CHUNK_START_WEIGHT = 3.0  # moved glyphs land at chunk starts: such blocks move more cheaply
WORD_MOVE_COST = 4.5  # cost of carrying one or two whole words when no glyph move pays
INVERSION_COST = 1.5  # extra cost of a word move per token pair it puts out of raw order
MOVER_FLOOR = 0.5  # mover bonus above which a glyph may be one of several pulled together
FRAME = "\x02"  # stands for an unknown neighbour at the line edge
# Characters the climb pairs besides the dump's own: ASCII classes and the frame.
CLIMB_EXTRAS = "0a" + FRAME
MAX_LEFTOVER = 2  # pulled glyphs a chunk run may hold besides a known term
MIN_TERM_CHARS = 3  # shorter chunk groups are matched to terms only as whole cells
MIN_PART_CHARS = 4  # a prefix/suffix of a term matched inside a line
MIN_LOOSE_CHARS = 5  # a term whose stray glyphs are not at chunk starts
MAX_TERM_CHUNKS = 4  # longest run of chunks tried as one term
GAP_RATE_THRESHOLD = 0.08  # CJK–space–CJK gaps per CJK character in garbled dumps
PLAUSIBLE_ASSOCIATION = 0.0  # log P(b|a) − log P(b) above which a pair counts as plausible


@dataclass(frozen=True, slots=True)
class RepairedText:
    """A repaired line: ``text`` is a permutation of the raw characters."""

    text: str
    confidence: float
    changed: bool


def dump_needs_repair(lines: Sequence[str]) -> bool:
    """True when the dump shows the garbled-order signature.

    Clean extraction joins CJK characters directly; garbled dumps are full of
    chunk-boundary spaces between CJK characters. The rate of such gaps per
    CJK character separates the two by an order of magnitude.
    """
    han = sum(len(_HAN.findall(line)) for line in lines)
    if not han:
        return False
    gaps = sum(len(_CJK_GAP.findall(line)) for line in lines)
    return gaps / han > GAP_RATE_THRESHOLD


def mover_bonus(lines: Sequence[str]) -> dict[str, float]:
    """Per-character log-odds of being a moved glyph, from the dump itself.

    A moved glyph lands at the front of a chunk, so movers start chunks far
    more often than their frequency predicts: bonus(c) = log of (chunk starts
    with c + 1) / (expected chunk starts + 1), kept only when positive.
    """
    starts: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for line in lines:
        for chunk in line.split():
            if chunk[0].isascii():
                continue
            starts[chunk[0]] += 1
            totals.update(ch for ch in chunk if not ch.isascii())
    n_starts = sum(starts.values())
    n_chars = sum(totals.values()) or 1
    bonus = {}
    for char, count in totals.items():
        expected = count * n_starts / n_chars
        value = math.log((starts[char] + 1) / (expected + 1))
        if value > 0:
            bonus[char] = value
    return bonus


def restore_term(text: str) -> str | None:
    """The known term whose characters are exactly those of ``text`` (spaces ignored)."""
    return lookup_term(text)


def repair_line(
    text: str,
    movers: Mapping[str, float] | None = None,
    before: str = "",
    model: CharLM | None = None,
) -> RepairedText:
    """Repair one garbled line (see the module docstring for the method).

    ``movers`` is ``mover_bonus`` of the whole dump; without it every glyph
    is treated alike. ``model`` defaults to the trained model;
    ``repair_document`` passes the one adapted to the dump (``document_model``).
    ``before`` is the text that precedes the line (the previous repaired
    line): its last character is the left context of the line's first
    region, so a word wrapped across the line end (``…线下培`` / ``训：≥10``)
    keeps its second half at the front. Tab-separated fields are
    repaired one by one, so a tab table keeps its columns.
    """
    fields = [
        _repair_field(field, movers or {}, model or load_model(), before.rstrip() if not i else "")
        for i, field in enumerate(text.split("\t"))
    ]
    repaired = "\t".join(f for f, _ in fields)
    plausible = [score for _, scores in fields for score in scores]
    confidence = sum(plausible) / len(plausible) if plausible else 1.0
    return RepairedText(repaired, round(confidence, 3), repaired != text)


def _repair_field(
    text: str, movers: Mapping[str, float], model: CharLM, before: str = ""
) -> tuple[str, list[float]]:
    """Repair a tab-free stretch: regions between ASCII runs, whitespace pooled.

    Every whitespace character of a region goes to a pool; the ones that touch
    an ASCII run are put back in place, term gaps are filled from the pool,
    and the rest is appended at the end, so the result is a permutation.
    """
    pieces = [(m.lastgroup, m[0]) for m in _PIECE.finditer(text)]
    only_region = len(pieces) == 1 and pieces[0][0] == "other"
    out: list[str] = []
    pool: list[str] = []
    plausible: list[float] = []
    for index, (kind, piece) in enumerate(pieces):
        if kind == "ascii":
            out.append(piece)
            continue
        spaces = [c for c in piece if c.isspace()]
        left = pieces[index - 1][1] if index else ""
        right = pieces[index + 1][1] if index + 1 < len(pieces) else ""
        # Only a space against ASCII itself is real (``2016 年``); one before an
        # anchored sign (``率 ≥90%``) is a chunk boundary like any other.
        lead = spaces.pop(0) if left[-1:].isascii() and left and piece[0].isspace() else ""
        real_trail = right[:1].isascii() and right and piece[-1].isspace()
        trail = spaces.pop() if real_trail and spaces else ""
        context = left if index else before
        parts, scores = _repair_region(piece.split(), context, right, only_region, model, movers)
        gaps = spaces[: len(parts) - 1]
        out.append(lead + parts[0] + "".join(g + p for g, p in zip(gaps, parts[1:], strict=True)))
        out.append(trail)
        pool.extend(spaces[len(gaps) :])
        plausible.extend(scores)
    return "".join(out) + "".join(pool), plausible


def _context(neighbour: str, at_end: bool) -> str:
    """The model's boundary character for an ASCII neighbour ('' at the line edge)."""
    token = neighbour.strip()
    if not token:
        return ""
    char = token[-1] if at_end else token[0]
    return ascii_class(char) if char.isascii() and char.isalnum() else char


def _repair_region(
    chunks: list[str],
    left: str,
    right: str,
    only_region: bool,
    model: CharLM,
    movers: Mapping[str, float],
) -> tuple[list[str], list[float]]:
    """Restore one region's chunks: lexicon terms first, the model for the rest.

    Returns the repaired text in parts to be joined by a space: two known
    terms that end up side by side keep a gap between them (the column gap of
    a space-separated table row, ``一级指标 二级指标``); the raw region always
    had a chunk boundary there to supply it.
    """
    if not chunks:
        return [""], []
    whole = "".join(chunks)
    if only_region:
        term = lookup_term(whole) or lookup_part(whole)
        if term:
            return [term], [1.0] * len(term)
    tokens = _term_cover(chunks, movers)
    left_ctx, right_ctx = _context(left, True), _context(right, False)
    ordered = _climb(tokens, left_ctx, right_ctx, model, movers)
    parts = [ordered[0].text]
    for before, token in pairwise(ordered):
        if _is_term(before) and _is_term(token):
            parts.append(token.text)
        else:
            parts[-1] += token.text
    scores = _plausibility(left_ctx + "".join(parts) + right_ctx, model)
    return parts, scores


@dataclass(frozen=True, slots=True)
class _Token:
    """A unit of the climb: one glyph, or a whole known term (which never moves)."""

    text: str
    pulled: bool  # may have been pulled to the front of its raw chunk
    chunk: int  # index of the raw chunk it came from
    fixed: bool = False


def _term_cover(chunks: list[str], movers: Mapping[str, float]) -> list[_Token]:
    """Tokens for the climb; runs of chunks that spell known terms become one token.

    Dynamic programming over chunk positions maximises the number of
    characters explained by terms and, among equal covers, minimises how far
    the raw order is from the terms' order (inversions: the garbling moves
    few glyphs). A run of chunks may hold a term plus one or two glyphs
    pulled in from elsewhere (``_group_term``); those stay free tokens before
    the term. A chunk that already is a known term (any length) is kept as it
    is.

    Pulled glyphs land at the front of a chunk: its first glyph, and each next
    glyph while they are all movers (``pulled_prefix``), may travel far.
    """
    chunks = [part for chunk in chunks for part in _split_enumerator(chunk)]
    n = len(chunks)
    # best[i] = ((characters in terms, −inversions), tokens) for the first i chunks
    best: list[tuple[tuple[int, int], list[_Token]]] = [((0, 0), [])] * (n + 1)
    for end in range(1, n + 1):
        (gain, moved), path = best[end - 1]
        chunk = chunks[end - 1]
        if lookup_term(chunk) == chunk or _ENUMERATOR.fullmatch(chunk):
            best[end] = ((gain + len(chunk), moved), [*path, _Token(chunk, True, end - 1, True)])
        else:
            pulled = pulled_prefix(chunk, movers)
            glyphs = [_Token(c, i < pulled, end - 1) for i, c in enumerate(chunk)]
            best[end] = ((gain, moved), [*path, *glyphs])
        for start in range(max(0, end - MAX_TERM_CHUNKS), end):
            found = _group_term(tuple(chunks[start:end]))
            if found is None:
                continue
            (gain, moved), path = best[start]
            value = (gain + len(found.term), moved - found.inversions)
            if value > best[end][0]:
                tokens = [_Token(c, True, start) for c in found.leftover]
                tokens.append(_Token(found.term, True, start, True))
                best[end] = (value, [*path, *tokens])
    return best[n][1]


def _is_term(token: _Token) -> bool:
    return token.fixed and lookup_term(token.text) is not None


def _split_enumerator(chunk: str) -> list[str]:
    """A leading heading number as a chunk of its own: ``（一）项目概况`` -> two chunks."""
    number = _ENUMERATOR.match(chunk)
    if number and number.end() < len(chunk):
        return [number[0], chunk[number.end() :]]
    return [chunk]


def pulled_prefix(chunk: str, movers: Mapping[str, float]) -> int:
    """Length of the chunk's front that may consist of pulled glyphs."""
    size = 1
    while size < len(chunk) and movers.get(chunk[size - 1], 0.0) > MOVER_FLOOR:
        size += 1
    return size


@dataclass(frozen=True, slots=True)
class _TermMatch:
    leftover: str  # glyphs of the group outside the term, in raw order
    term: str
    inversions: int  # pairs of the term's glyphs the raw group has in the wrong order


@lru_cache(maxsize=1 << 16)  # the document's second pass meets the same groups again
def _group_term(group: tuple[str, ...]) -> _TermMatch | None:
    """The term a group of chunks spells, maybe plus up to two glyphs from elsewhere.

    Pulled glyphs usually sit at chunk starts, so any leftover there is tried;
    a leftover elsewhere is accepted only beside a term of ``MIN_LOOSE_CHARS``
    or more, which two stray glyphs hardly ever complete by chance. Whole
    terms need ``MIN_TERM_CHARS``; the prefix/suffix of a longer term
    (``指标明确性``) needs ``MIN_PART_CHARS``, as shorter parts are ambiguous.
    Among the matches with the fewest leftovers, the one whose order is
    closest to the raw order wins.

    The search runs on the sorted characters (the anagram key): leftovers are
    chosen as character values, characters no term uses must be among them,
    and only a match is mapped back to raw positions.
    """
    text = "".join(group)
    key = anagram_key(text)
    alphabet = term_alphabet()
    foreign = "".join(c for c in key if c not in alphabet)
    native = "".join(c for c in key if c in alphabet)
    if len(foreign) > MAX_LEFTOVER or len(text) - MAX_LEFTOVER > longest_term():
        return None
    heads = {0}
    for chunk in group[:-1]:
        heads.add(max(heads) + len(chunk))
    for size in range(len(foreign), min(MAX_LEFTOVER, len(text)) + 1):
        found: list[_TermMatch] = []
        for extra in set(combinations(native, size - len(foreign))):
            removed = foreign + "".join(extra)
            rest_key = key
            for char in removed:
                rest_key = rest_key.replace(char, "", 1)
            term = _spelt_term(rest_key)
            if term:
                found.extend(_placements(text, removed, term, heads))
        if found:
            return min(found, key=lambda match: match.inversions)
    return None


def _placements(text: str, removed: str, term: str, heads: set[int]) -> list[_TermMatch]:
    """The matches that take the ``removed`` characters from admissible raw positions."""
    matches = []
    for picked in combinations(range(len(text)), len(removed)):
        if sorted(text[i] for i in picked) != sorted(removed):
            continue
        if not heads.issuperset(picked) and len(term) < MIN_LOOSE_CHARS:
            continue
        rest = "".join(c for i, c in enumerate(text) if i not in picked)
        leftover = "".join(text[i] for i in picked)
        matches.append(_TermMatch(leftover, term, _inversions(rest, term)))
    return matches


def _spelt_term(key: str) -> str | None:
    """The term, or wrapped part of one, spelt by the anagram ``key`` (long enough to be safe)."""
    term = term_with_key(key) if len(key) >= MIN_TERM_CHARS else None
    if term is None and len(key) >= MIN_PART_CHARS:
        term = part_with_key(key)
    return term


def _inversions(raw: str, true: str) -> int:
    """Pairs of characters that ``raw`` has in the opposite order to ``true``."""
    slots: dict[str, list[int]] = {}
    for position, char in enumerate(true):
        slots.setdefault(char, []).append(position)
    ranks = [slots[char].pop(0) for char in raw]
    return sum(a > b for a, b in combinations(ranks, 2))


def _plausibility(text: str, model: CharLM) -> list[float]:
    return [
        1.0 if model.association(text[i - 1], text[i]) > PLAUSIBLE_ASSOCIATION else 0.0
        for i in range(1, len(text))
    ]


def _climb(
    tokens: list[_Token],
    left: str,
    right: str,
    model: CharLM,
    movers: Mapping[str, float],
) -> list[_Token]:
    """Greedy best-first moves until no move pays its cost.

    The sequence is held as indices into the tokens, framed by the context
    characters. A pairwise bigram log-probability matrix makes every
    candidate's bigram gain an O(1) array expression, evaluated for all moves
    at once with numpy; the ``TOP_K`` best are then judged by bigram gain plus
    the change of the word-segmentation score, and the best positive one is
    applied.
    """
    frame = _Token(FRAME, False, -1, True)
    seq = [_Token(left, False, -1, True) if left else frame, *tokens]
    seq.append(_Token(right, False, -2, True) if right else frame)
    texts = [t.text for t in seq]
    n = len(seq)
    if n <= 3:
        return seq[1:-1]
    pair = model.pair_matrix([t[-1] for t in texts], [t[0] for t in texts])
    framed = np.array([t == FRAME for t in texts])
    pair[framed, :] = 0.0
    pair[:, framed] = 0.0
    bonus = np.array(
        [MOVER_WEIGHT * movers.get(t.text, 0.0) + CHUNK_START_WEIGHT * t.pulled for t in seq]
    )
    info = _TokenInfo(
        pair,
        bonus,
        np.array([not t.fixed for t in seq]),
        np.array([t.pulled for t in seq]),
        np.array([t.chunk for t in seq]),
    )
    order = list(range(n))

    def words(sequence: list[int]) -> float:
        return model.segment_score("".join(texts[i] for i in sequence if texts[i] != FRAME))

    current = words(order)
    for _ in range(2 * n):
        best_gain, best_order, best_words = 0.0, order, current
        moves = _candidate_moves(order, info)
        if not moves or moves[0][0] <= 0:
            moves = sorted(moves + _word_moves(order, texts, info, model), reverse=True)[:TOP_K]
        for pair_gain, move in moves:
            if pair_gain < -WORD_SLACK:
                break  # sorted: the word score never makes up a loss this large
            moved = _apply(order, move)
            moved_words = words(moved)
            gain = pair_gain + WORD_WEIGHT * (moved_words - current)
            if gain > best_gain:
                best_gain, best_order, best_words = gain, moved, moved_words
        if best_order is order:
            break
        order, current = best_order, best_words
    return [seq[i] for i in order[1:-1]]


def _word_moves(
    order: list[int], texts: list[str], info: _TokenInfo, model: CharLM
) -> list[tuple[float, tuple[int, int, int]]]:
    """Moves of whole words, tried when no glyph move pays: the greedy climb can
    settle with words in the wrong order (``呼叫接通率中心电话``), and carrying one
    or two words as a unit is a single step back (``呼叫中心电话接通率``).

    The words are those of the best segmentation of the current order; a block
    of one or two of them moves to any other word boundary for
    ``WORD_MOVE_COST`` plus ``INVERSION_COST`` for each token pair the move
    puts further out of raw order: the bigram model alone is sometimes wrong
    by more than the flat cost (it prefers ``到位实际资金``), and the raw order
    is the evidence against such a move.
    """
    inner = order[1:-1]  # the frame tokens at both ends never move
    offsets, total = {}, 0  # character offset of each token end -> its position in ``order``
    for position, index in enumerate(inner, start=1):
        total += len(texts[index])
        offsets[total] = position
    cuts, total = [1], 0  # positions in ``order`` where a word starts (token-aligned only)
    for word in model.segment("".join(texts[i] for i in inner)):
        total += len(word)
        if total in offsets:
            cuts.append(offsets[total] + 1)
    seq = np.array(order)
    m = info.pair[np.ix_(seq, seq)]  # m[x, y] = log P(seq[y] | seq[x]) by position
    at = np.array(cuts)
    starts, stops = np.r_[at[:-1], at[:-2]], np.r_[at[1:], at[2:]]  # blocks of one or two words
    fixed_before = np.r_[0, np.cumsum(~info.movable[seq])]
    size = stops - starts
    keep = (size >= 2) & (size <= MAX_ROTATION) & (fixed_before[stops] == fixed_before[starts])
    starts, stops = starts[keep], stops[keep]
    s_, e_, dest = starts[:, None], stops[:, None], at[None, :] - 1  # insert after ``dest``
    removal = m[starts - 1, stops] - m[starts - 1, starts] - m[stops - 1, stops]
    gain = removal[:, None] + m[dest, s_] + m[e_ - 1, dest + 1] - m[dest, dest + 1] - WORD_MOVE_COST
    # the climb never looks at a move this far down (before the inversion cost, even)
    valid = ((dest < s_ - 1) | (dest > e_ - 1)) & (gain >= -WORD_SLACK)
    rightwards = dest > s_
    passed_from, passed_to = np.where(rightwards, e_, dest + 1), np.where(rightwards, dest + 1, s_)
    # Token indices are raw positions: a pair is out of raw order when the later index comes first.
    in_order = _rectangle_sums(seq[:, None] < seq[None, :], s_, e_, passed_from, passed_to)
    pairs = (e_ - s_) * (passed_to - passed_from)
    now_wrong = np.where(rightwards, in_order, pairs - in_order)
    penalty = INVERSION_COST * np.maximum(0, 2 * now_wrong - pairs)
    return [
        (float(gain[k, d] - penalty[k, d]), (int(starts[k]), int(stops[k] - starts[k]), int(at[d] - 1)))
        for k, d in zip(*np.nonzero(valid), strict=True)
    ]


def _rectangle_sums(
    cells: np.ndarray, row_from: np.ndarray, row_to: np.ndarray, col_from: np.ndarray, col_to: np.ndarray
) -> np.ndarray:
    """Sums of ``cells[row_from:row_to, col_from:col_to]`` for arrays of rectangles at once."""
    total = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int64)
    total[1:, 1:] = cells.cumsum(0).cumsum(1)
    return total[row_to, col_to] - total[row_from, col_to] - total[row_to, col_from] + total[row_from, col_from]


@dataclass(frozen=True, slots=True)
class _TokenInfo:
    pair: np.ndarray  # pair[a, b] = log P(first glyph of b | last glyph of a)
    bonus: np.ndarray  # cost relief of moving a token rightwards
    movable: np.ndarray
    pulled: np.ndarray
    chunk: np.ndarray


def _apply(order: list[int], move: tuple[int, int, int]) -> list[int]:
    """Carry the block ``order[start:start+length]`` to just after position ``dest``."""
    start, length, dest = move
    block = order[start : start + length]
    if dest > start:
        return order[:start] + order[start + length : dest + 1] + block + order[dest + 1 :]
    return order[: dest + 1] + block + order[dest + 1 : start] + order[start + length :]


def _candidate_moves(
    order: list[int], info: _TokenInfo
) -> list[tuple[float, tuple[int, int, int]]]:
    """The ``TOP_K`` moves (block start, length, insert-after position) with the
    best bigram gain net of cost, for the word score to choose from.

    The move classes invert the garbling. A block of 1–``MAX_ROTATION``
    tokens swaps with its neighbouring run, either inside one raw chunk (a
    rotation such as ``务量报关单证业``) or over at most ``MAX_BLOCK`` tokens;
    only a block of at most ``MAX_BLOCK`` tokens that starts with a glyph that
    may have been pulled to a chunk front travels further, rightwards (glyphs
    are pulled together: ``训 训上培培 推广次数线`` holds ``上培训`` pulled from
    after ``线``). Rightward single glyphs cost the base less their mover and
    pulled relief, leftward ones ``LEFT_COST`` more; longer blocks pay
    ``BLOCK_COST`` per glyph of the shorter side beyond one. Known terms never
    move.
    """
    seq = np.array(order)
    m = info.pair[seq][:, seq]  # m[x, y] = log P(seq[y] | seq[x]) by position
    chunk = info.chunk[seq]
    n = len(seq)
    same_run = np.zeros(n, dtype=np.int64)  # equal within a run of one raw chunk's tokens
    np.cumsum(chunk[1:] != chunk[:-1], out=same_run[1:])
    longest = min(MAX_ROTATION, max(MAX_BLOCK, int(np.bincount(same_run).max()) - 1), n - 2)
    if longest < 1:
        return []
    grid = _block_grid(n, longest)
    starts, ends = grid.starts, grid.ends
    fixed_before = np.zeros(n + 1, dtype=np.int64)  # fixed tokens before each position
    np.cumsum(~info.movable[seq], out=fixed_before[1:])
    can_move = fixed_before[ends + 1] == fixed_before[starts]
    dest = grid.dest
    removal = m[starts - 1, ends + 1] - m[starts - 1, starts] - m[ends, ends + 1]
    insert = m[dest, grid.s_] + m[grid.e_, dest + 1] - m[dest, dest + 1]
    inside = same_run[grid.far] == same_run[grid.s_]
    first = seq[grid.s_]
    lift = np.where(grid.right, info.bonus[first], -LEFT_COST)
    cost = np.where(grid.single, grid.single_cost - lift, grid.block_cost) - INSIDE_DISCOUNT * inside
    right = grid.right & (inside | grid.near | (grid.short & info.pulled[first]))
    left = grid.left & (inside | grid.near)
    valid = (right | left) & can_move[:, None]
    gain = np.where(valid, removal[:, None] + insert - cost, -np.inf).ravel()
    top = np.argpartition(-gain, min(TOP_K, gain.size - 1))[:TOP_K]
    found = []
    for flat in top:
        if gain[flat] > -np.inf:
            k, d = divmod(int(flat), n - 1)
            found.append((float(gain[flat]), (int(starts[k]), int(grid.lengths[k]), d)))
    found.sort(reverse=True)
    return found[:TOP_K]


@dataclass(frozen=True, slots=True)
class _BlockGrid:
    """The parts of ``_candidate_moves`` that depend only on the sequence length.

    Row ``k`` is the block ``order[starts[k] : ends[k] + 1]``; column ``d``
    inserts it between positions ``d`` and ``d + 1``.
    """

    starts: np.ndarray
    lengths: np.ndarray
    ends: np.ndarray
    s_: np.ndarray  # starts as a column
    e_: np.ndarray
    dest: np.ndarray  # insert positions as a row
    right: np.ndarray  # the move carries the block rightwards
    left: np.ndarray
    far: np.ndarray  # the position on the far side of the landing gap, for "inside one chunk"
    near: np.ndarray  # a short block over at most ``MAX_BLOCK`` tokens
    short: np.ndarray  # a block of at most ``MAX_BLOCK`` tokens
    single: np.ndarray
    single_cost: np.ndarray  # cost of a single glyph before its rightward relief
    block_cost: np.ndarray


@lru_cache(maxsize=256)
def _block_grid(n: int, longest: int) -> _BlockGrid:
    lengths = np.concatenate([np.full(n - 1 - size, size) for size in range(1, longest + 1)])
    starts = np.concatenate([np.arange(1, n - size) for size in range(1, longest + 1)])
    ends = starts + lengths - 1
    s_, e_, size = starts[:, None], ends[:, None], lengths[:, None]
    dest = np.arange(n - 1)[None, :]
    right = dest > e_
    distance = np.maximum(np.where(right, dest - e_, s_ - 1 - dest), 1)
    return _BlockGrid(
        starts=starts,
        lengths=lengths,
        ends=ends,
        s_=s_,
        e_=e_,
        dest=dest,
        right=right,
        left=dest < s_ - 1,
        far=np.where(right, dest, dest + 1),
        near=(distance <= MAX_BLOCK) & (size <= MAX_BLOCK),
        short=size <= MAX_BLOCK,
        single=size == 1,
        single_cost=MOVE_COST + DISTANCE_COST * np.log(distance),
        block_cost=MOVE_COST + BLOCK_COST * (np.minimum(distance, size) - 1),
    )


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of one tab field between ASCII runs: where glyphs may move."""

    field: int  # tab field of the line
    piece: int  # position among the field's pieces (ASCII runs and regions)
    text: str  # as printed, whitespace included
    left: str  # the model's context before it ('' at the field's start)
    right: str  # and after it ('' at the field's end)

    @property
    def glyphs(self) -> str:
        return "".join(self.text.split())


def line_regions(text: str) -> list[Region]:
    """The regions of a line (raw or repaired: ASCII runs never move, so the
    regions of a raw line and of its repair correspond one to one)."""
    regions = []
    for number, field in enumerate(text.split("\t")):
        pieces = [(m.lastgroup, m[0]) for m in _PIECE.finditer(field)]
        for index, (kind, piece) in enumerate(pieces):
            if kind == "other" and piece.strip():
                left = _context(pieces[index - 1][1], True) if index else ""
                right = _context(pieces[index + 1][1], False) if index + 1 < len(pieces) else ""
                regions.append(Region(number, index, piece, left, right))
    return regions


def replace_regions(text: str, glyphs: Mapping[tuple[int, int], str]) -> str:
    """``text`` with the glyphs of some regions (keyed by field and piece) put in
    another order; a region's inner whitespace goes to the end of the line, so
    the result is still a permutation of ``text``."""
    fields, pool = [], []
    for number, field in enumerate(text.split("\t")):
        pieces = [m[0] for m in _PIECE.finditer(field)]
        for index, piece in enumerate(pieces):
            new = glyphs.get((number, index))
            if new is not None:
                core = piece.strip()
                lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
                pool.extend(c for c in core if c.isspace())
                pieces[index] = lead + new + trail
        fields.append("".join(pieces))
    return "\t".join(fields) + "".join(pool)


def region_score(glyphs: str, left: str, right: str, model: CharLM) -> float:
    """What the climb maximises, for a whole order: the bigram log-probability
    inside its context plus the weighted word-segmentation score."""
    text = (left or FRAME) + glyphs + (right or FRAME)
    pairs = sum(model.logp(a, b) for a, b in pairwise(text) if FRAME not in (a, b))
    return pairs + WORD_WEIGHT * model.segment_score(glyphs)


def line_confidence(text: str, model: CharLM) -> float:
    """The confidence of a line in its final order: the share of adjacent glyph
    pairs of its regions the model finds plausible (as ``repair_line`` measures
    it, without the lexicon's 1.0)."""
    plausible = [
        score
        for region in line_regions(text.rstrip())
        for score in _plausibility(region.left + region.glyphs + region.right, model)
    ]
    return round(sum(plausible) / len(plausible), 3) if plausible else 1.0
