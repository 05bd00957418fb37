"""Text layer for plain-text dumps (``.txt``): pages, lines and tab tables.

A dump has no coordinates. Pages are split on form feeds (one page when there
are none). A run of consecutive lines that contain tabs is a table: each line
is a row, each tab-separated field a column, blank fields meaning "same as
above" exactly as merged cells do in the PDF path. Lines without tabs stay
prose. Order repair of garbled dumps happens in a later stage.
"""

from __future__ import annotations

from extractors.records import Cell, DocumentText, Line, Page, Table


def read_text_dump(text: str) -> DocumentText:
    """Split a dump into pages of lines, with tab-separated runs as tables."""
    pages = []
    for number, page_text in enumerate(text.split("\f"), start=1):
        pages.append(_page_from_text(number, page_text))
    return DocumentText(pages=pages, text_source="plain_text", file_type="txt")


def _page_from_text(number: int, page_text: str) -> Page:
    page = Page(number=number)
    rows: list[list[str]] = []
    first_row_line = 0
    for raw in page_text.splitlines():
        if not raw.strip():
            continue  # blank lines carry no text; tables may continue across them
        line_no = len(page.lines)
        is_row = "\t" in raw
        page.lines.append(
            Line(page=number, line_no=line_no, text=raw.strip(), kind="table" if is_row else "body")
        )
        if is_row:
            if not rows:
                first_row_line = line_no
            rows.append([field.strip() for field in raw.split("\t")])
        elif rows:
            page.tables.append(_table_from_rows(number, rows, first_row_line))
            rows = []
    if rows:
        page.tables.append(_table_from_rows(number, rows, first_row_line))
    return page


def _table_from_rows(page: int, rows: list[list[str]], first_line_no: int) -> Table:
    n_cols = max(len(row) for row in rows)
    cells = [
        Cell(row=r, col=c, text=text)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text
    ]
    return Table(
        page=page,
        cells=cells,
        n_rows=len(rows),
        n_cols=n_cols,
        ruled=False,
        first_line_no=first_line_no,
    )
