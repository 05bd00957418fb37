"""Repair the reading order of garbled text dumps that have no coordinates.

Some PDFs give their characters in a scrambled order: each printed line comes
out as a permutation of itself, split into space-separated chunks, with a few
glyphs (a font-specific set, e.g. ``了 计 本 。``) pulled to the front of their
chunk or line (``计按预`` for ``按预计``), short words reversed (``出提``) and
short blocks swapped (``立序规范项程性``). ASCII runs (numbers, Latin,
half-width punctuation) never move, so they anchor the line.

Method, per line (details and measured accuracy: docs/order-repair.md):

1. Tab fields are repaired one by one. In a field, ASCII runs stay in place
   and cut it into regions; a region's whitespace is pooled — a space that
   touches an ASCII run (``2016 年``) is put back in place, the rest are
   chunk-boundary artefacts.
2. In each region, runs of chunks whose characters are exactly those of a
   known term (lexicon anagram lookup: indicator names, headings), maybe
   plus one or two pulled glyphs, become fixed tokens; a whole region may
   also be a term or a wrapped part of one (``立 依 充项 据``).
3. The remaining glyphs are reordered by greedy best-first moves that invert
   the garbling (chunk rotations, short block swaps, far moves rightwards for
   glyphs that may have been pulled to a chunk front), each charged a cost
   that falls for movers the dump itself reveals (``mover_bonus``). Moves are
   ranked by the character bigram model, the best few re-ranked with the
   word-segmentation score; the best move that pays its cost is applied
   until none does.
4. The repaired line is a permutation of the raw line's characters,
   *including whitespace*: real spaces stay by their ASCII run, two adjacent
   known terms keep a space between them (a table's column gap), the other
   artefact spaces are appended at the end of the line (``text.rstrip()`` is
   the clean line). Confidence is the share of adjacent pairs the model finds
   plausible, 1.0 for lexicon-restored text.

``repair_document`` first asks ``dump_needs_repair``: clean dumps pass
through untouched.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise

import numpy as np
import regex

from extractors.char_lm import CharLM, ascii_class, load_model
from extractors.lexicon import lookup_part, lookup_term
from extractors.records import Cell, DocumentText, Page, Table

_PIECE = regex.compile(r"(?P<ascii>[!-~]+)|(?P<other>[^!-~]+)")
_CJK_GAP = regex.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")
_HAN = regex.compile(r"\p{Han}")
# Heading numbers such as （一） or 一、 are kept whole; their order never varies.
_ENUMERATOR = regex.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、")

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
MOVER_FLOOR = 0.5  # mover bonus above which a glyph may be one of several pulled together
FRAME = "\x02"  # stands for an unknown neighbour at the line edge
MAX_LEFTOVER = 2  # pulled glyphs a chunk run may hold besides a known term
MIN_TERM_CHARS = 3  # shorter chunk groups are matched to terms only as whole cells
MIN_PART_CHARS = 4  # a prefix/suffix of a term matched inside a line
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


def repair_line(text: str, movers: Mapping[str, float] | None = None) -> RepairedText:
    """Repair one garbled line (see the module docstring for the method).

    ``movers`` is ``mover_bonus`` of the whole dump; without it every glyph
    is treated alike. Tab-separated fields are repaired one by one, so a
    tab table keeps its columns.
    """
    fields = [_repair_field(field, movers or {}) for field in text.split("\t")]
    repaired = "\t".join(f for f, _ in fields)
    plausible = [score for _, scores in fields for score in scores]
    confidence = sum(plausible) / len(plausible) if plausible else 1.0
    return RepairedText(repaired, round(confidence, 3), repaired != text)


def repair_document(doc: DocumentText) -> DocumentText:
    """Repair every line and table cell of a garbled dump; clean dumps pass through.

    Mover statistics are taken from the whole dump, then each line and cell is
    repaired on its own. ``text_raw`` keeps the original only when it changed.
    """
    lines = [line.text for page in doc.pages for line in page.lines]
    if not dump_needs_repair(lines):
        return doc
    movers = mover_bonus(lines)
    pages = [_repair_page(page, movers) for page in doc.pages]
    return replace(doc, pages=pages)


def _repair_page(page: Page, movers: Mapping[str, float]) -> Page:
    lines = []
    for line in page.lines:
        fixed = repair_line(line.text, movers)
        raw = line.text if fixed.changed else line.text_raw
        lines.append(replace(line, text=fixed.text, text_raw=raw, confidence=fixed.confidence))
    tables = [_repair_table(table, movers) for table in page.tables]
    return replace(page, lines=lines, tables=tables)


def _repair_table(table: Table, movers: Mapping[str, float]) -> Table:
    cells: list[Cell] = []
    for cell in table.cells:
        fixed = repair_line(cell.text, movers)
        raw = cell.text if fixed.changed else cell.text_raw
        cells.append(replace(cell, text=fixed.text, text_raw=raw))
    return replace(table, cells=cells)


def _repair_field(text: str, movers: Mapping[str, float]) -> tuple[str, list[float]]:
    """Repair a tab-free stretch: regions between ASCII runs, whitespace pooled.

    Every whitespace character of a region goes to a pool; the ones that touch
    an ASCII run are put back in place, term gaps are filled from the pool,
    and the rest is appended at the end, so the result is a permutation.
    """
    model = load_model()
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
        lead = spaces.pop(0) if index and piece[0].isspace() else ""
        trail = spaces.pop() if index + 1 < len(pieces) and piece[-1].isspace() and spaces else ""
        left = pieces[index - 1][1] if index else ""
        right = pieces[index + 1][1] if index + 1 < len(pieces) else ""
        parts, scores = _repair_region(piece.split(), left, right, only_region, model, movers)
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
    characters explained by terms. A run of chunks may hold a term plus one or
    two glyphs pulled in from elsewhere; those glyphs sit at chunk starts, so
    they are tried as the leftover and stay free tokens before the term. A
    chunk that already is a known term (any length) is kept as it is.

    Pulled glyphs land at the front of a chunk: its first glyph, and each next
    glyph while they are all movers (``_pulled_prefix``), may travel far.
    """
    chunks = [part for chunk in chunks for part in _split_enumerator(chunk)]
    n = len(chunks)
    best: list[tuple[int, list[_Token]]] = [(0, [])] * (n + 1)
    for end in range(1, n + 1):
        gain, path = best[end - 1]
        chunk = chunks[end - 1]
        if lookup_term(chunk) == chunk or _ENUMERATOR.fullmatch(chunk):
            best[end] = (gain + len(chunk), [*path, _Token(chunk, True, end - 1, True)])
        else:
            pulled = _pulled_prefix(chunk, movers)
            glyphs = [_Token(c, i < pulled, end - 1) for i, c in enumerate(chunk)]
            best[end] = (gain, [*path, *glyphs])
        for start in range(max(0, end - MAX_TERM_CHUNKS), end):
            found = _group_term(chunks[start:end])
            if found and best[start][0] + len(found[1]) > best[end][0]:
                leftover, term = found
                tokens = [_Token(c, True, start) for c in leftover]
                tokens.append(_Token(term, True, start, True))
                best[end] = (best[start][0] + len(term), [*best[start][1], *tokens])
    return best[n][1]


def _is_term(token: _Token) -> bool:
    return token.fixed and lookup_term(token.text) is not None


def _split_enumerator(chunk: str) -> list[str]:
    """A leading heading number as a chunk of its own: ``（一）项目概况`` -> two chunks."""
    number = _ENUMERATOR.match(chunk)
    if number and number.end() < len(chunk):
        return [number[0], chunk[number.end() :]]
    return [chunk]


def _pulled_prefix(chunk: str, movers: Mapping[str, float]) -> int:
    """Length of the chunk's front that may consist of pulled glyphs."""
    size = 1
    while size < len(chunk) and movers.get(chunk[size - 1], 0.0) > MOVER_FLOOR:
        size += 1
    return size


def _group_term(group: list[str]) -> tuple[str, str] | None:
    """(leftover glyphs, term) when the group spells a term, maybe plus pulled glyphs.

    Whole terms need ``MIN_TERM_CHARS``; the prefix/suffix of a longer term
    (``指标明确性``) needs ``MIN_PART_CHARS``, as shorter parts are ambiguous.
    """
    text = "".join(group)
    heads = [0]
    for chunk in group[:-1]:
        heads.append(heads[-1] + len(chunk))
    for size in range(MAX_LEFTOVER + 1):
        for picked in combinations(heads, size):
            rest = "".join(c for i, c in enumerate(text) if i not in picked)
            term = lookup_term(rest) if len(rest) >= MIN_TERM_CHARS else None
            if term is None and len(rest) >= MIN_PART_CHARS:
                term = lookup_part(rest)
            if term:
                return "".join(text[i] for i in picked), term
    return None


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
    pair = np.array(
        [[model.logp(a[-1], b[0]) if FRAME not in (a, b) else 0.0 for b in texts]
         for a in texts]
    )
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
        for pair_gain, move in _candidate_moves(order, info):
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
    only a glyph that may have been pulled to a chunk front travels further,
    rightwards. Rightward single glyphs cost the base less their mover and
    pulled relief, leftward ones ``LEFT_COST`` more; longer blocks pay
    ``BLOCK_COST`` per glyph of the shorter side beyond one. Known terms never
    move.
    """
    seq = np.array(order)
    m = info.pair[np.ix_(seq, seq)]  # m[x, y] = log P(seq[y] | seq[x]) by position
    chunk = info.chunk[seq]
    n = len(seq)
    boundary = np.r_[0, chunk[1:] != chunk[:-1]]
    same_run = np.cumsum(boundary)  # equal within a run of one raw chunk's tokens
    longest_run = int(np.max(np.bincount(same_run)))
    fixed_before = np.r_[0, np.cumsum(~info.movable[seq])]  # fixed tokens before each position
    dest = np.arange(n - 1)[None, :]  # insert between dest and dest + 1
    joined = m[dest, dest + 1]
    found: list[tuple[float, tuple[int, int, int]]] = []
    for length in range(1, min(MAX_ROTATION, max(MAX_BLOCK, longest_run - 1)) + 1):
        starts = np.arange(1, n - length)  # frame tokens never move
        if not len(starts):
            break
        ends = starts + length - 1
        can_move = fixed_before[ends + 1] == fixed_before[starts]
        removal = m[starts - 1, ends + 1] - m[starts - 1, starts] - m[ends, ends + 1]
        insert = m[dest, starts[:, None]] + m[ends[:, None], dest + 1] - joined
        right = dest > ends[:, None]
        left = dest < starts[:, None] - 1
        distance = np.maximum(np.where(right, dest - ends[:, None], starts[:, None] - 1 - dest), 1)
        far = np.where(right, dest, dest + 1)
        inside = same_run[far] == same_run[starts][:, None]
        near = (distance <= MAX_BLOCK) & (length <= MAX_BLOCK)
        if length == 1:
            lift = np.where(right, info.bonus[seq[starts]][:, None], -LEFT_COST)
            cost = MOVE_COST + DISTANCE_COST * np.log(distance) - lift
            right &= inside | near | info.pulled[seq[starts]][:, None]
        else:
            right &= inside | near
            cost = MOVE_COST + BLOCK_COST * (np.minimum(distance, length) - 1)
        left &= inside | near
        cost = cost - INSIDE_DISCOUNT * inside  # rotating a chunk is the commonest garbling
        valid = (right | left) & can_move[:, None]
        gain = np.where(valid, removal[:, None] + insert - cost, -np.inf).ravel()
        top = np.argpartition(-gain, min(TOP_K, gain.size - 1))[:TOP_K]
        for flat in top:
            if gain[flat] > -np.inf:
                s, d = divmod(int(flat), n - 1)
                found.append((float(gain[flat]), (int(starts[s]), length, d)))
    found.sort(reverse=True)
    return found[:TOP_K]
