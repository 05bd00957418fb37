"""Highlighted page crops for discrepancies found in PDF sources.

Method, for a batch of requests (file, page, bbox in PDF points):

1. Group the requests by file and page, so each file is opened once and each
   page rendered once (at ``dpi``), however many crops it gives.
2. Cut each crop from the page image: a full-width strip from the bbox
   expanded up and down by a margin. The full width is kept because a table
   row is read from its label at the left edge to the offending cell. Each
   edge is then moved, within the margin, to the pixel row with the least
   ink (the gap between two lines, crossed only by table rules), so the
   strip does not end in half a line of text.
3. Outline the bbox in red on the cut-out pixels, not on the page, so crops
   of the same page never show each other's marks.
4. Wide pages (landscape, A3) are rendered at a lower resolution so no crop
   is wider than ``max_width`` pixels; crops are encoded as PNG and returned
   as ``data:`` URIs for a self-contained HTML file.

A request that cannot be served (file missing or not a PDF, page out of
range) gets no image; the report shows the evidence text instead.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf

from extractors.records import BBox

HIGHLIGHT = (220, 38, 38)
MARGIN_PT = 30.0  # context above and below the bbox: about two lines of body text
MAX_HEIGHT_PX = 600  # a bbox taller than this (a whole table) is shown from its top


@dataclass(frozen=True, slots=True)
class CropRequest:
    path: str  # PDF file, absolute or relative to the current directory
    page: int  # 1-based
    bbox: BBox  # (x0, top, x1, bottom) in PDF points, origin top-left


def render_crops(requests: Iterable[CropRequest], dpi: int = 110, max_width: int = 960) -> dict[CropRequest, str]:
    """Render each distinct request once; returns request -> ``data:image/png`` URI."""
    by_file: dict[str, dict[int, set[CropRequest]]] = defaultdict(lambda: defaultdict(set))
    for request in requests:
        by_file[request.path][request.page].add(request)
    crops: dict[CropRequest, str] = {}
    for path, pages in by_file.items():
        try:
            doc = pymupdf.open(path)
        except (RuntimeError, OSError, ValueError):  # missing, unreadable or not a document
            continue
        with doc:
            if not doc.is_pdf or doc.needs_pass:
                continue
            for number, page_requests in pages.items():
                if 1 <= number <= doc.page_count:
                    crops |= _page_crops(doc[number - 1], page_requests, dpi, max_width)
    return crops


def _page_crops(
    page: pymupdf.Page, requests: Iterable[CropRequest], dpi: int, max_width: int
) -> dict[CropRequest, str]:
    """Render ``page`` once and cut every requested crop from it; none if it cannot render."""
    scale = min(dpi / 72, max_width / page.rect.width)
    try:
        image = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale))
    except (RuntimeError, ValueError):  # a damaged page: the report shows the evidence text
        return {}
    crops = {}
    for request in requests:
        # Boxes are in unrotated page space; the image is rendered rotated.
        x0, y0, x1, y1 = (pymupdf.Rect(request.bbox) * page.rotation_matrix * scale).irect
        box = pymupdf.IRect(x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)) & image.irect
        if not box.is_empty:  # else the box lies off the page
            crops[request] = _data_uri(_cut(image, box, round(MARGIN_PT * scale)))
    return crops


def _cut(image: pymupdf.Pixmap, box: pymupdf.IRect, margin: int) -> pymupdf.Pixmap:
    """A full-width strip of ``image`` around ``box``, with the box outlined."""
    top = max(0, box.y0 - margin)
    bottom = min(image.height, box.y1 + margin, top + MAX_HEIGHT_PX)
    # min() keeps the first of equal rows: the one farthest from the box, for more context.
    top = min(range(top, box.y0), key=lambda y: _ink(image, y), default=top)
    bottom = 1 + min(range(bottom - 1, box.y1 - 1, -1), key=lambda y: _ink(image, y), default=bottom - 1)
    strip = pymupdf.IRect(0, top, image.width, max(bottom, top + 1))
    crop = pymupdf.Pixmap(image.colorspace, strip, image.alpha)
    crop.copy(image, strip)
    _outline(crop, box & strip, width=2)
    crop.set_origin(0, 0)
    return crop


def _ink(image: pymupdf.Pixmap, y: int) -> int:
    """Non-white bytes in pixel row ``y``: 0 for a blank row, small where only rules cross."""
    row = image.samples_mv[y * image.stride : (y + 1) * image.stride].tobytes()
    return len(row) - row.count(255)


def _outline(crop: pymupdf.Pixmap, box: pymupdf.IRect, width: int) -> None:
    """Draw the four edges of ``box`` (grown by ``width``) in the highlight colour."""
    outer = pymupdf.IRect(box.x0 - width, box.y0 - width, box.x1 + width, box.y1 + width)
    outer &= crop.irect
    if outer.is_empty:
        return
    edges = (
        (outer.x0, outer.y0, outer.x1, outer.y0 + width),
        (outer.x0, outer.y1 - width, outer.x1, outer.y1),
        (outer.x0, outer.y0, outer.x0 + width, outer.y1),
        (outer.x1 - width, outer.y0, outer.x1, outer.y1),
    )
    for edge in edges:
        crop.set_rect(pymupdf.IRect(edge), HIGHLIGHT)


def _data_uri(pixmap: pymupdf.Pixmap) -> str:
    return "data:image/png;base64," + base64.b64encode(pixmap.tobytes("png")).decode("ascii")
