"""Repair the reading order of a whole garbled text dump (``repair_document``).

Lines are repaired by ``extractors.order_text``; this module adds what only
the whole document can tell (measured accuracy: docs/order-repair.md):

1. Mover statistics are taken from the whole dump (``mover_bonus``).
2. A draft repairs every line with the trained model.
3. ``document_model`` adapts the model to the report's own words (a cache
   model): the pairs inside raw chunks and those of the confident draft lines.
4. Lines the draft repaired with confidence below ``CONFIDENT`` are repaired
   again with the adapted model, and so are all table cells.
5. Repeated passages agree (``agree_repeated_passages``): a report repeats
   itself — a bundle's reports share their principles and indicator
   explanations, the goals list repeats the scoring table's names — and each
   copy is garbled differently, so copies whose glyphs are the same multiset
   (at least ``MIN_REPEATED_GLYPHS`` of them) are restored as one passage.
   A copy on a line repaired with confidence ``TEACHER`` or more teaches
   the less sure copies its order (the best-scoring teacher, summed over all
   copies' contexts, when teachers disagree).

``text_raw`` keeps the original only when a line changed. Clean dumps pass
through as the same object.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import regex

from extractors.char_lm import CharLM, load_model, normalise_for_lm
from extractors.order_text import (
    CLIMB_EXTRAS,
    ENUMERATOR,
    Region,
    RepairedText,
    dump_needs_repair,
    line_confidence,
    line_regions,
    mover_bonus,
    pulled_prefix,
    region_score,
    repair_line,
    replace_regions,
)
from extractors.records import Cell, DocumentText, Line, Table

CONFIDENT = 0.8  # draft confidence above which a line feeds the document model and is kept
DOCUMENT_WEIGHT = 0.15  # weight of the document's own bigrams against the trained model
MIN_REPEATED_GLYPHS = 6  # shorter passages repeat by chance (two orders of 资金管理 are both words)
TEACHER = 0.9  # line confidence from which a copy of a repeated passage teaches the others
_HAN = regex.compile(r"\p{Han}")
# A list mark opening a region (②, （一）, 一、) stays in front; the passage after it is compared.
_LIST_MARK = regex.compile(rf"^(?:[①-⑳]|{ENUMERATOR})")


def repair_document(doc: DocumentText) -> DocumentText:
    """Repair every line and table cell of a garbled dump; clean dumps pass through."""
    lines = [line.text for page in doc.pages for line in page.lines]
    if not dump_needs_repair(lines):
        return doc
    movers = mover_bonus(lines)
    base = load_model().for_text("".join(lines) + CLIMB_EXTRAS)
    drafts = [_repair_lines(page.lines, movers, base) for page in doc.pages]
    model = document_model(lines, [line for draft in drafts for line in draft], movers, base)
    repaired = [_repair_lines(page.lines, movers, model, draft) for page, draft in zip(doc.pages, drafts, strict=True)]
    agreed = iter(agree_repeated_passages([line for page in repaired for line in page], model))
    pages = [
        replace(
            page,
            lines=[next(agreed) for _ in page.lines],
            tables=[_repair_table(table, movers, model) for table in page.tables],
        )
        for page in doc.pages
    ]
    return replace(doc, pages=pages)


def document_model(
    raw: Sequence[str],
    draft: Sequence[Line | RepairedText],
    movers: Mapping[str, float],
    model: CharLM | None = None,
) -> CharLM:
    """``model`` (default: the trained one) adapted to one document (a cache
    model, ``CharLM.adapted``).

    The counts come from the spans of the document whose order is trusted:
    raw chunks without their front (the pulled glyphs, ``pulled_prefix``) —
    the garbling mostly pulls glyphs *out* of a chunk, so what stays keeps its
    order — and the draft lines repaired with confidence ``CONFIDENT`` or more.
    The same words recur across a report, so a line the model alone cannot
    settle borrows the order its words take elsewhere in the report.
    """
    spans = [chunk[pulled_prefix(chunk, movers) :] for line in raw for chunk in line.split()]
    spans.extend(field for line in draft if line.confidence >= CONFIDENT for field in line.text.split("\t"))
    counts: Counter[str] = Counter()
    for span in spans:
        text = normalise_for_lm(span)
        counts.update(text[i - 1 : i + 1] for i in range(1, len(text)))
    return (model or load_model()).adapted(counts, DOCUMENT_WEIGHT)


@dataclass(frozen=True, slots=True)
class _Copy:
    """One printed copy of a repeated passage."""

    line: int  # index among the document's lines
    raw: Region
    mark: str  # list mark kept in front
    passage: str  # the repaired glyphs after the mark
    confidence: float  # of the copy's whole line


def agree_repeated_passages(lines: Sequence[Line], model: CharLM) -> list[Line]:
    """Copies of a repeated passage repaired unsurely take the order of a sure copy (step 5).

    A copy on a line repaired with confidence ``TEACHER`` or more is a
    teacher; when teachers disagree, the order with the best model score
    summed over every copy's context wins. Copies on less sure lines take it;
    teachers are never changed, and with no teacher a group is left alone —
    copies that agree on a wrong order would make a wrong name look
    consistent. A line's raw and repaired regions correspond one to one
    (ASCII runs never move); a line whose regions cannot be paired is left
    alone.
    """
    copies: dict[str, list[_Copy]] = defaultdict(list)
    for number, line in enumerate(lines):
        raw_regions = line_regions(line.text_raw or line.text)
        fixed_regions = line_regions(line.text.rstrip())
        if [(r.field, r.piece) for r in raw_regions] != [(r.field, r.piece) for r in fixed_regions]:
            continue
        for raw, fixed in zip(raw_regions, fixed_regions, strict=True):
            mark = _LIST_MARK.match(fixed.glyphs)
            passage = fixed.glyphs[mark.end() if mark else 0 :]
            if len(passage) >= MIN_REPEATED_GLYPHS:
                copy = _Copy(number, raw, mark[0] if mark else "", passage, line.confidence)
                copies["".join(sorted(passage))].append(copy)
    changes: dict[int, dict[tuple[int, int], str]] = defaultdict(dict)
    for group in copies.values():
        teachers = sorted({copy.passage for copy in group if copy.confidence >= TEACHER})
        if not teachers or len({copy.passage for copy in group}) < 2:
            continue
        best = max(teachers, key=lambda passage: _group_score(passage, group, model))
        for copy in group:
            if copy.confidence < TEACHER and copy.passage != best:
                changes[copy.line][(copy.raw.field, copy.raw.piece)] = copy.mark + best
    agreed = list(lines)
    for number, glyphs in changes.items():
        line = lines[number]
        raw = line.text_raw or line.text
        text = replace_regions(line.text, glyphs)
        confidence = line_confidence(text, model)
        agreed[number] = replace(line, text=text, text_raw=raw if text != raw else None, confidence=confidence)
    return agreed


def _group_score(passage: str, group: list[_Copy], model: CharLM) -> float:
    return sum(region_score(copy.mark + passage, copy.raw.left, copy.raw.right, model) for copy in group)


def _repair_lines(
    lines: Sequence[Line],
    movers: Mapping[str, float],
    model: CharLM,
    draft: Sequence[Line] = (),
) -> list[Line]:
    """Repair a page's lines in order; a confident ``draft`` line is kept as it is.

    The previous non-blank repaired line is the left context of the next one,
    where a word may have wrapped.
    """
    repaired: list[Line] = []
    before = ""
    for index, line in enumerate(lines):
        if draft and draft[index].confidence >= CONFIDENT:
            repaired.append(draft[index])
        else:
            fixed = repair_line(line.text, movers, before, model)
            raw = line.text if fixed.changed else line.text_raw
            repaired.append(replace(line, text=fixed.text, text_raw=raw, confidence=fixed.confidence))
        if line.text.strip():
            text = repaired[-1].text.rstrip()
            # Only a line ending inside a word (a Han glyph) can wrap one.
            before = text if _HAN.fullmatch(text[-1:]) else ""
    return repaired


def _repair_table(table: Table, movers: Mapping[str, float], model: CharLM) -> Table:
    cells: list[Cell] = []
    for cell in table.cells:
        fixed = repair_line(cell.text, movers, model=model)
        raw = cell.text if fixed.changed else cell.text_raw
        cells.append(replace(cell, text=fixed.text, text_raw=raw))
    return replace(table, cells=cells)
