"""Open a PDF and read its text layer page by page, turning every failure into a sentence.

This is the only module that opens PDFs for parsing. A page that fails is
recorded on its ``Page`` (``error``) and the rest of the file goes on; a file
that cannot be opened at all raises ``BadInput`` with a one-sentence reason.
"""

from __future__ import annotations

import pymupdf

from extractors.records import DocumentText, Page
from extractors.text_layer import extract_page

pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own warnings go to our error column instead

MAGIC_NAMES = {
    b"\x89PNG": "PNG 图像 (PNG image)",
    b"\xff\xd8\xff": "JPEG 图像 (JPEG image)",
    b"PK\x03\x04": "ZIP/Office 压缩文件 (ZIP or Office file)",
    b"GIF8": "GIF 图像 (GIF image)",
    b"\xd0\xcf\x11\xe0": "旧版 Office 文档 (legacy Office file)",
}


class BadInput(Exception):
    """A file that cannot be parsed at all; the message is the one-sentence reason."""


def _check_header(data: bytes) -> None:
    if not data:
        raise BadInput("文件为空（0 字节）(empty file).")
    if b"%PDF-" not in data[:1024]:
        for magic, name in MAGIC_NAMES.items():
            if data.startswith(magic):
                raise BadInput(f"文件扩展名是 .pdf，但内容是{name}，不是 PDF (not a PDF).")
        raise BadInput("文件扩展名是 .pdf，但没有 PDF 文件头 (not a PDF: no %PDF header).")


def open_pdf(data: bytes) -> pymupdf.Document:
    """Open PDF bytes or raise ``BadInput`` saying why not."""
    _check_header(data)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises plain RuntimeError/FileDataError variants
        raise BadInput(f"PDF 文件已损坏或被截断，无法打开 (corrupt or truncated PDF: {exc}).") from exc
    if doc.needs_pass:
        doc.close()
        raise BadInput("PDF 已加密，需要密码才能读取 (encrypted PDF).")
    if doc.page_count == 0:
        doc.close()
        raise BadInput("PDF 没有可读取的页面，文件可能已损坏或被截断 (no readable pages: corrupt or truncated).")
    return doc


def read_pdf(data: bytes) -> DocumentText:
    """Text layer of every page; failed and image-only pages carry their own error."""
    pages = []
    with open_pdf(data) as doc:
        repaired = doc.is_repaired  # MuPDF rebuilt a broken cross-reference table: the file is damaged
        for index in range(doc.page_count):
            number = index + 1
            try:
                pages.append(extract_page(doc.load_page(index), number))
            except Exception as exc:  # one bad page must not fail the file
                pages.append(Page(number=number, error=f"第 {number} 页无法读取 (page failed: {exc})."))
    if repaired:
        _mark_damaged_pages(pages)
    return DocumentText(pages=pages, text_source="pdf_text", file_type="pdf")


def _mark_damaged_pages(pages: list[Page]) -> None:
    """In a repaired (truncated or corrupt) file, an empty page is lost content, not a blank page."""
    if not any(page.lines for page in pages):
        raise BadInput("PDF 文件已损坏或被截断，修复后没有任何可读文字 (corrupt or truncated PDF: no text recovered).")
    for page in pages:
        if not page.lines and page.error is None:
            page.error = f"第 {page.number} 页在损坏的文件中没有读出文字 (page lost in a truncated or corrupt file)."
