"""Page layout: headers, footers, page numbers, headings and reading order.

Works on the lines ``text_layer`` built from characters (any object with
``text``, ``segments``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``, ``bold`` and
a mutable ``kind``). Decisions are positional and typographic, never about
one report's wording.

- Header/footer: a line in the top or bottom margin band that looks like
  running matter: a page number (``- 3 -``, ``第 3 页``, ``3``, ``3/12``), or a
  short line (a running title, not a footnote) set smaller than the body or
  standing apart from it.
- Heading: a short body line that starts with a section number (``一、``,
  ``（一）``, ``1.``, ``第一章``), or is set larger than the body, or bold.
- Reading order: headers, then the page top to bottom, then footers; on a
  two-column page each band between full-width lines reads its left column
  before its right one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from extractors.text_layer import TextLine

TOP_BAND = 0.08  # share of page height that holds running headers
BOTTOM_BAND = 0.1  # share of page height that holds running footers
SMALL_FONT = 0.95  # running matter is usually set smaller than the body
MARGIN_GAP = 2.0  # font sizes: running matter stands apart from the body
RUNNING_MAX_CHARS = 50  # running titles are short; a long small line is a footnote
HEADING_FONT = 1.15  # a line this much larger than the body is a heading
HEADING_MAX_CHARS = 40
MIN_COLUMN_LINES = 4  # lines needed on each side of a gutter to call it two columns
MIN_COLUMN_CHARS = 8  # mean characters per line of a real text column

PAGE_NUMBER_RE = regex.compile(
    r"""^(?:
        [-—–－~]?\s*\d{1,4}\s*[-—–－~]?          # 3, - 3 -, —3—
      | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?   # 第 3 页, 第3页 共12页
      | \d{1,4}\s*/\s*\d{1,4}                   # 3/12
      | (?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?
    )$""",
    regex.VERBOSE,
)
HEADING_RE = regex.compile(
    r"""^(?:
        [一二三四五六七八九十]{1,3}\s*[、.．]                 # 一、
      | [（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]          # （一）
      | \d{1,2}\s*[、.．]\s*(?=\p{Han})                       # 1. 1、
      | \d{1,2}(?:\.\d{1,2}){1,3}\s+(?=\p{Han})                # 1.2 标题
      | [（(]\s*\d{1,2}\s*[）)]                             # （1）
      | 第[一二三四五六七八九十\d]{1,3}[章节部分篇]            # 第一章
      | 附件\s*\d+                                          # 附件1
    )""",
    regex.VERBOSE,
)
SENTENCE_END = ("。", "；", ";", "，", ",", "：", ":")


def body_size(lines: Sequence[TextLine]) -> float:
    """The font size most of the page's text is set in (by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def mark_margins(lines: Sequence[TextLine], page_height: float) -> None:
    """Mark running headers and footers (``kind`` = header / footer).

    ``lines`` come top to bottom. A line qualifies when it lies wholly in a
    margin band and looks like running matter (see module doc).
    """
    size = body_size(lines)
    top_limit = TOP_BAND * page_height
    bottom_limit = (1 - BOTTOM_BAND) * page_height
    for index, line in enumerate(lines):
        if line.bottom <= top_limit:
            neighbour = lines[index + 1] if index + 1 < len(lines) else None
            gap = neighbour.top - line.bottom if neighbour else page_height
            kind = "header"
        elif line.top >= bottom_limit:
            neighbour = lines[index - 1] if index else None
            gap = line.top - neighbour.bottom if neighbour else page_height
            kind = "footer"
        else:
            continue
        text = line.text.strip()
        if PAGE_NUMBER_RE.match(text) or (
            len(text) <= RUNNING_MAX_CHARS
            and (line.size < SMALL_FONT * size or gap > MARGIN_GAP * size)
        ):
            line.kind = kind


def mark_headings(lines: Sequence[TextLine]) -> None:
    """Mark short numbered, larger or bold body lines as headings."""
    size = body_size([line for line in lines if line.kind == "body"])
    for line in lines:
        text = line.text.strip()
        if line.kind != "body" or len(text) > HEADING_MAX_CHARS or text.endswith(SENTENCE_END):
            continue
        if HEADING_RE.match(text) or line.size >= HEADING_FONT * size or line.bold:
            line.kind = "heading"


def reading_order(lines: Sequence[TextLine], gutter: float | None = None) -> list[TextLine]:
    """Headers, the body top to bottom (column by column), then footers.

    ``gutter`` is the x between two columns (``find_gutter``); lines must
    already be split there.
    """
    headers = sorted((line for line in lines if line.kind == "header"), key=_position)
    footers = sorted((line for line in lines if line.kind == "footer"), key=_position)
    body = sorted((line for line in lines if line.kind not in ("header", "footer")),
                  key=_position)
    return headers + (body if gutter is None else _by_columns(body, gutter)) + footers


def _position(line: TextLine) -> tuple[float, float]:
    return (line.top + line.bottom) / 2, line.x0


def _by_columns(lines: list[TextLine], gutter: float) -> list[TextLine]:
    """Left column, then right, band by band; full-width lines close a band."""
    ordered: list[TextLine] = []
    left: list[TextLine] = []
    right: list[TextLine] = []
    for line in lines:
        if line.x1 <= gutter:
            left.append(line)
        elif line.x0 >= gutter:
            right.append(line)
        else:
            ordered += [*left, *right, line]
            left, right = [], []
    return ordered + left + right


def find_gutter(lines: Sequence[TextLine]) -> float | None:
    """x of the gutter of a two-column page, None for one column.

    Candidates sweep the middle 40 % of the text width. At a candidate x,
    count the text segments (phrases between wide gaps) wholly left and
    wholly right of it and those crossing it. It is a gutter when at most a
    fifth of the segments cross, each side has ``MIN_COLUMN_LINES`` segments
    averaging ``MIN_COLUMN_CHARS`` characters or more (so a list of page
    numbers or a form's values is not a column), and the most segments lie
    on either side.
    """
    segments = [segment for line in lines if line.kind in ("body", "heading")
                for segment in line.segments]
    if len(segments) < 2 * MIN_COLUMN_LINES:
        return None
    page_left = min(segment.x0 for segment in segments)
    width = max(segment.x1 for segment in segments) - page_left
    best: tuple[int, float] | None = None
    for step in range(30, 71, 2):
        x = page_left + width * step / 100
        left = [len(s.text) for s in segments if s.x1 <= x]
        right = [len(s.text) for s in segments if s.x0 >= x]
        crossing = len(segments) - len(left) - len(right)
        if (crossing * 5 <= len(segments) and min(len(left), len(right)) >= MIN_COLUMN_LINES
                and min(sum(left) / len(left), sum(right) / len(right)) >= MIN_COLUMN_CHARS
                and (best is None or len(left) + len(right) > best[0])):
            best = (len(left) + len(right), x)
    return best[1] if best else None
