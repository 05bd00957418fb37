"""The unit of work: one input file in, its rows for every table out.

``parse_file`` is pure apart from reading its one file, holds one document at
a time and returns plain rows, so any executor (the local process pool, or a
distributed engine later) can run it unchanged.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractors.analyse import analyse_document
from extractors.records import DocumentText
from extractors.text_dump import read_text_dump
from pipeline.pdf_source import BadInput, read_pdf
from pipeline.version import PARSER_VERSION
from schemas.convert import Row, discrepancy_rows, line_rows, project_id_for, project_rows

TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


@dataclass(slots=True)
class FileResult:
    doc_id: str
    source_path: str
    status: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    cacheable: bool = True  # False for executor failures (timeouts, crashes), which are retried

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def file_type_of(path: Path) -> str:
    return "txt" if path.suffix.lower() in TEXT_SUFFIXES else "pdf"


def content_hash(data: bytes) -> str:
    return doc_id_of(hashlib.sha256(data))


def doc_id_of(digest: hashlib._Hash) -> str:
    """A file's id from the SHA-256 of its bytes: its first 16 hex digits."""
    return digest.hexdigest()[:16]


def decode_text(data: bytes) -> str:
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput("文本文件的编码无法识别（既不是 UTF-8 也不是 GB18030）(unknown text encoding).")


def read_document(data: bytes, file_type: str) -> DocumentText:
    if file_type == "txt":
        if not data.strip():
            raise BadInput("文件为空，没有文字 (empty file).")
        return read_text_dump(decode_text(data))
    return read_pdf(data)


def _page_problems(doc: DocumentText) -> tuple[str, str | None]:
    """Status and error sentence from the pages that failed."""
    failed = [page for page in doc.pages if page.error]
    if not failed:
        return "ok", None
    if len(failed) == len(doc.pages):
        if all(page.image_only for page in failed):
            return "failed", (
                f"全部 {len(failed)} 页都是扫描图像，没有文字层；本工具不做 OCR (image-only PDF, no text layer)."
            )
        return "failed", failed[0].error
    numbers = "、".join(str(page.number) for page in failed[:10])
    more = " 等" if len(failed) > 10 else ""
    return "partial", f"{len(failed)} 页未能读取文字（第 {numbers}{more} 页），其余页面已解析: {failed[0].error}"


def document_row(doc_id: str, source_path: str, data: bytes, file_type: str, **fields: object) -> Row:
    row: Row = {
        "doc_id": doc_id,
        "source_path": source_path,
        "file_type": file_type,
        "n_pages": 0,
        "status": "failed",
        "error": None,
        "text_source": "plain_text" if file_type == "txt" else "pdf_text",
        "n_projects": 0,
        "size_bytes": len(data),
        "parser_version": PARSER_VERSION,
        "order_repaired": False,
        "elapsed_s": 0.0,
    }
    row.update(fields)
    return row


def failed_result(source_path: str, data: bytes, reason: str) -> FileResult:
    """A documents row for a file that produced nothing else."""
    doc_id = content_hash(data)
    row = document_row(doc_id, source_path, data, file_type_of(Path(source_path)), error=reason)
    return FileResult(doc_id=doc_id, source_path=source_path, status="failed", rows={"documents": [row]})


def parse_file(path: Path, source_path: str) -> FileResult:
    """Parse one file into rows for every table; never raises for bad input."""
    started = time.perf_counter()
    data = path.read_bytes()
    doc_id = content_hash(data)
    file_type = file_type_of(path)
    try:
        doc = read_document(data, file_type)
    except BadInput as exc:
        return failed_result(source_path, data, str(exc))

    status, error = _page_problems(doc)
    rows: dict[str, list[Row]] = {}
    analysis = None
    if status != "failed":
        try:
            analysis = analyse_document(doc)
        except Exception as exc:  # a stage bug must cost this file's reports, not the batch
            status = "partial"
            error = f"报告结构解析出错，只保留了文字行 (extraction failed: {type(exc).__name__}: {exc})."
    rows["lines"] = line_rows(doc_id, (analysis.doc if analysis else doc).pages)  # repaired text when there is any
    if analysis is not None:
        for project, found in zip(analysis.projects, analysis.discrepancies, strict=True):
            for table, table_rows in project_rows(doc_id, project).items():
                rows.setdefault(table, []).extend(table_rows)
            pid = project_id_for(doc_id, project.ordinal)
            rows.setdefault("discrepancies", []).extend(discrepancy_rows(doc_id, pid, found))
    rows["documents"] = [
        document_row(
            doc_id,
            source_path,
            data,
            file_type,
            n_pages=len(doc.pages),
            status=status,
            error=error,
            text_source=doc.text_source,
            n_projects=len(analysis.projects) if analysis else 0,
            order_repaired=analysis.order_repaired if analysis else False,
            elapsed_s=round(time.perf_counter() - started, 4),
        )
    ]
    return FileResult(doc_id=doc_id, source_path=source_path, status=status, rows=rows)
