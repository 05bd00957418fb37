"""Text layer for plain-text dumps (``.txt``): pages, lines and tab tables.

A dump has no coordinates. Pages are split on form feeds (one page when there
are none). A run of consecutive lines that contain tabs is a table: each line
is a row, each tab-separated field a column, blank fields meaning "same as
above" exactly as merged cells do in the PDF path. Lines without tabs stay
prose. Order repair of garbled dumps happens in a later stage.

Lines are numbered twice: ``Line.line_no`` is the order of the non-blank lines
on their page (as the ``lines`` table has it), ``Line.source_line`` the 1-based
physical line of the file, blank lines and form-feed pages included, exactly
as ``sed -n Np`` counts it (lines end at ``\n``), so a reviewer finds every
record's line in the dump.
"""

from __future__ import annotations

from extractors.records import Cell, DocumentText, Line, Page, Table


def read_text_dump(text: str) -> DocumentText:
    """Split a dump into pages of lines, with tab-separated runs as tables.

    Step by step: cut the file at ``\n`` (the physical lines, numbered from 1);
    a form feed inside a line starts a new page there; each piece is split at
    the other line breaks ``str.splitlines`` knows, its parts keeping the
    physical line number they were printed on.
    """
    pages: list[list[tuple[int, str]]] = [[]]
    for physical, line in enumerate(text.split("\n"), start=1):
        for index, piece in enumerate(line.split("\f")):
            if index:
                pages.append([])
            pages[-1].extend((physical, part) for part in piece.splitlines())
    return DocumentText(
        pages=[_page_from_lines(number, lines) for number, lines in enumerate(pages, start=1)],
        text_source="plain_text",
        file_type="txt",
    )


def _page_from_lines(number: int, lines: list[tuple[int, str]]) -> Page:
    page = Page(number=number)
    rows: list[list[str]] = []
    first_row_line = 0
    for physical, raw in lines:
        if not raw.strip():
            continue  # blank lines carry no text; tables may continue across them
        line_no = len(page.lines)
        is_row = "\t" in raw
        page.lines.append(
            Line(page=number, line_no=line_no, text=raw.strip(),
                 kind="table" if is_row else "body", source_line=physical)
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
