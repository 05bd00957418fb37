"""Prose lines -> sentences, joined across line wraps, with line provenance.

A sentence is the unit the narrative-figure stage reads: a figure and the
name it belongs to are often printed on two lines of a wrapped paragraph.

Method, step by step:

1. Keep the prose lines (kinds ``body`` and ``heading``). Header and footer
   lines are skipped without breaking a paragraph (a paragraph continues
   across a page break); a table line ends the paragraph it interrupts.
2. Decide for each prose line whether the next one continues it. A line is
   closed when it is a heading, ends with sentence-final punctuation or a
   colon, or looks like a heading or caption (numbering such as ``（1）``,
   ``1.``, ``一、`` or ``表 3-1`` with no sentence punctuation in it); the
   next line is a new paragraph when it starts with such numbering. With
   coordinates, a line that stops short of the page's right text edge is a
   paragraph's last line.
3. Join each paragraph's lines without a separator (CJK wraps anywhere; a
   space only between two Latin letters) and cut it after every 。！？ (and
   their ASCII forms), so each sentence keeps the pieces of the lines it
   came from: ``Sentence.line_at(offset)`` gives the source line of any
   character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from extractors.records import Line

PROSE_KINDS = frozenset({"body", "heading"})
TRANSPARENT_KINDS = frozenset({"header", "footer"})

SENTENCE_END = regex.compile(r"[。！？!?]+[”’」』）)]*")
# A line ending with these never runs on into the next line.
CLOSING_CHARS = "。！？!?；;：:"
NUMBERING = regex.compile(
    r"""^\s*(?:
        [（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[）)]       # （1） (一)
      | [0-9]{1,2}(?:\.[0-9]{1,2})*\s*[.．、)）](?![0-9])  # 1. 1.2、 1)
      | [一二三四五六七八九十]{1,3}\s*[、.．]               # 一、
      | [①-⑳]
      | 表\s*[0-9]                                       # 表 3-1 captions
      | 附件
    )""",
    regex.VERBOSE,
)
# A line filling less than this share of the text width ends its paragraph.
SHORT_LINE_SHARE = 0.85


@dataclass(slots=True)
class Sentence:
    """One sentence of prose with the lines its characters came from.

    ``pieces`` holds (offset in ``text``, source line) for each line piece,
    in order; the first piece starts at offset 0.
    """

    text: str
    pieces: list[tuple[int, Line]] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.pieces[0][1].page

    def line_at(self, offset: int) -> Line:
        """The source line of the character at ``offset``."""
        found = self.pieces[0][1]
        for start, line in self.pieces:
            if start > offset:
                break
            found = line
        return found


def split_sentences(lines: Sequence[Line]) -> list[Sentence]:
    """Sentences of a project's prose, in reading order (see module docstring)."""
    sentences: list[Sentence] = []
    for paragraph in _paragraphs(lines):
        sentences.extend(_cut(paragraph))
    return sentences


def _paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    right_edges = _right_edges(lines)
    paragraphs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.kind in TRANSPARENT_KINDS:
            continue
        if line.kind not in PROSE_KINDS:
            if current:
                paragraphs.append(current)
            current = []
            continue
        if current and not _continues(current[-1], line, right_edges):
            paragraphs.append(current)
            current = []
        if line.text.strip():
            current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def _right_edges(lines: Sequence[Line]) -> dict[int, float]:
    """Right edge of the body text on each page (lines with coordinates only)."""
    edges: dict[int, float] = {}
    for line in lines:
        if line.bbox is not None and line.kind == "body":
            edges[line.page] = max(edges.get(line.page, 0.0), line.bbox[2])
    return edges


def _continues(previous: Line, line: Line, right_edges: dict[int, float]) -> bool:
    """True when ``line`` is the wrapped continuation of ``previous``."""
    text = previous.text.rstrip()
    if previous.kind == "heading" or line.kind == "heading":
        return False
    if not text or text[-1] in CLOSING_CHARS or NUMBERING.match(line.text):
        return False
    if _looks_like_heading(text):
        return False
    edge = right_edges.get(previous.page)
    if previous.bbox is not None and edge:
        left = previous.bbox[0]
        return previous.bbox[2] - left >= SHORT_LINE_SHARE * (edge - left)
    return True


def _looks_like_heading(text: str) -> bool:
    """Numbered line without sentence punctuation: a heading or caption."""
    return bool(NUMBERING.match(text)) and not regex.search(r"[。；;！？]", text)


def _cut(paragraph: list[Line]) -> list[Sentence]:
    """Join a paragraph's lines and cut after sentence-final punctuation."""
    joined = ""
    starts: list[tuple[int, Line]] = []
    for line in paragraph:
        text = line.text.strip()
        if joined and _needs_space(joined[-1], text[0]):
            joined += " "
        starts.append((len(joined), line))
        joined += text
    sentences = []
    begin = 0
    ends = [match.end() for match in SENTENCE_END.finditer(joined)]
    for end in [*ends, len(joined)]:
        if end > begin and joined[begin:end].strip():
            sentences.append(_slice(joined, begin, end, starts))
        begin = end
    return sentences


def _needs_space(last: str, first: str) -> bool:
    return last.isascii() and last.isalpha() and first.isascii() and first.isalpha()


def _slice(joined: str, begin: int, end: int, starts: list[tuple[int, Line]]) -> Sentence:
    """The sentence ``joined[begin:end]``; its first piece is the line holding ``begin``."""
    first = max(index for index, (start, _) in enumerate(starts) if start <= begin)
    pieces = [(0, starts[first][1])]
    pieces += [(start - begin, line) for start, line in starts[first + 1 :] if start < end]
    return Sentence(text=joined[begin:end], pieces=pieces)
