"""Draw small test PDFs in memory with PyMuPDF, including garbled ones.

A garbled producer writes a line as small runs in shuffled content-stream
order; punctuation, digits and Latin come from a second font and sit a little
off the CJK baseline. The page still looks normal. ``draw_line`` reproduces
that: it lays the text out left to right with the fonts' own advances, cuts it
into runs of 1–4 characters, moves second-font runs by ``offset`` points and
writes the runs in a random order. Tests then know the true text of every line.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf
import regex

from tests.fixtures.builder.quirks import cut_runs

MAIN_FONT = "cjk"  # embedded Droid Sans Fallback
LATIN_FONT = "helv"  # second font for digits, Latin and ASCII punctuation
PUNCT_FONT = "china-ss"  # second font for full-width punctuation (all 1 em wide)
_FONTS = {MAIN_FONT: pymupdf.Font("cjk"), LATIN_FONT: pymupdf.Font("helv"),
          PUNCT_FONT: pymupdf.Font("cjk")}
_SECOND_FONT_CHARS = regex.compile(r"[\p{P}\p{N}\p{Latin}\s%]")


@dataclass(slots=True)
class Run:
    """A piece of text drawn at an explicit baseline point."""

    text: str
    x: float
    y: float
    size: float
    font: str


def new_page(doc: pymupdf.Document, width: float = 595, height: float = 842) -> pymupdf.Page:
    """A new A4 page with the CJK font embedded."""
    page = doc.new_page(width=width, height=height)
    page.insert_font(fontname=MAIN_FONT, fontbuffer=_FONTS[MAIN_FONT].buffer)
    return page


def font_for(char: str) -> str:
    """The font a garbled producer would use for ``char``."""
    if not _SECOND_FONT_CHARS.match(char):
        return MAIN_FONT
    return LATIN_FONT if char.isascii() else PUNCT_FONT


def text_width(text: str, size: float) -> float:
    """Advance of ``text`` drawn char by char in the fonts ``font_for`` picks."""
    return sum(_FONTS[font_for(char)].text_length(char, fontsize=size) for char in text)


def layout_runs(
    text: str, x: float, y: float, size: float, rng: random.Random, offset: float = 0.0,
    char_spacing: float = 0.0,
) -> list[Run]:
    """Cut ``text`` into runs of 1–4 chars laid out from (x, y).

    Each run uses one font (``font_for``); runs in the second fonts are moved
    ``offset`` points off the baseline, alternating up and down.
    ``char_spacing`` adds a gap after every character, as justification does.
    """
    runs: list[Run] = []
    flip = 1.0
    for _, piece in cut_runs(text, rng, font_for):
        font = font_for(piece[0])
        dy = 0.0 if font == MAIN_FONT else flip * offset
        flip = flip if font == MAIN_FONT else -flip
        if char_spacing:  # one run per char so the spacing shows in the positions
            for char in piece:
                runs.append(Run(char, x, y + dy, size, font))
                x += text_width(char, size) + char_spacing
        else:
            runs.append(Run(piece, x, y + dy, size, font))
            x += text_width(piece, size)
    return runs


def draw_runs(page: pymupdf.Page, runs: list[Run], rng: random.Random | None) -> None:
    """Write the runs, shuffled into a random stream order when ``rng`` is given."""
    order = list(runs)
    if rng is not None:
        rng.shuffle(order)
    shape = page.new_shape()  # one content-stream write: page.insert_text per run is slow
    for run in order:
        shape.insert_text((run.x, run.y), run.text, fontname=run.font, fontsize=run.size)
    shape.commit()


def draw_line(
    page: pymupdf.Page, text: str, x: float, y: float, size: float = 12.0,
    rng: random.Random | None = None, offset: float = 0.0, char_spacing: float = 0.0,
) -> None:
    """Draw one line of text with its baseline at ``y``; garbled when ``rng`` is given."""
    runs = layout_runs(text, x, y, size, rng or random.Random(0), offset, char_spacing)
    draw_runs(page, runs, rng)


def draw_grid(
    page: pymupdf.Page, xs: Sequence[float], ys: Sequence[float],
    merged: Sequence[tuple[int, int, int, int]] = (), bars: bool = False,
) -> None:
    """Rule a table with column edges ``xs`` and row edges ``ys``.

    ``merged`` lists (row, col, rowspan, colspan) blocks drawn without their
    inner rules. Each rule is drawn per cell edge, as word processors do;
    ``bars`` draws them as thin filled rectangles instead of stroked lines.
    """
    covered: dict[tuple[int, int], int] = {}
    for block, (row, col, rowspan, colspan) in enumerate(merged):
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                covered[(r, c)] = block
    for r in range(len(ys)):
        for c in range(len(xs) - 1):
            above, below = covered.get((r - 1, c), -1), covered.get((r, c), -2)
            if above != below or r in (0, len(ys) - 1):
                _rule(page, (xs[c], ys[r]), (xs[c + 1], ys[r]), bars)
    for c in range(len(xs)):
        for r in range(len(ys) - 1):
            left, right = covered.get((r, c - 1), -1), covered.get((r, c), -2)
            if left != right or c in (0, len(xs) - 1):
                _rule(page, (xs[c], ys[r]), (xs[c], ys[r + 1]), bars)


def _rule(page: pymupdf.Page, start: tuple[float, float], end: tuple[float, float],
          bar: bool) -> None:
    if not bar:
        page.draw_line(start, end, width=0.5)
        return
    rect = pymupdf.Rect(start, end)
    rect.x0, rect.y0, rect.x1, rect.y1 = rect.x0 - 0.25, rect.y0 - 0.25, rect.x1 + 0.25, rect.y1 + 0.25
    page.draw_rect(rect, color=None, fill=(0, 0, 0))


def fill_cells(
    page: pymupdf.Page, xs: Sequence[float], ys: Sequence[float],
    texts: dict[tuple[int, int], str | list[str]], size: float = 10.5,
    rng: random.Random | None = None,
) -> None:
    """Write cell texts (a list is a wrapped text, one item per line) into a grid."""
    for (row, col), text in texts.items():
        for index, part in enumerate([text] if isinstance(text, str) else text):
            baseline = ys[row] + 3 + size * (1.3 * index + 1)
            draw_line(page, part, xs[col] + 3, baseline, size, rng, offset=1.0 if rng else 0.0)
