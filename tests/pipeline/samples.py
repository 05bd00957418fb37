"""Small input files for the batch tests: a good PDF, a text dump, and every kind of bad file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

REPORT_LINES = [
    "财政项目支出绩效评价报告",
    "项目名称：2020 年口岸信息化运维补贴",
    "主管部门：市口岸办",
    "评价机构：某某咨询有限公司",
    "本次绩效评价最终得分为 88.50 分，评级为“良”。",
]


def write_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    """A text PDF with the CJK font that ships inside PyMuPDF, one list of lines per page."""
    doc = pymupdf.open()
    font = pymupdf.Font("cjk")
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="cjk", fontbuffer=font.buffer)
        for index, text in enumerate(lines):
            page.insert_text((72, 90 + 24 * index), text, fontname="cjk", fontsize=12)
    doc.subset_fonts()
    if password:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password + "!")
    else:
        doc.save(path, garbage=3, deflate=True)
    return path


def write_image_only_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 60), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)
    doc.save(path)
    return path


def make_bad_files(folder: Path) -> dict[str, str]:
    """Write every kind of bad input; returns file name -> a word its error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "picture.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "notes.pdf").write_text("这不是 PDF，只是文字。", encoding="utf-8")
    good = write_pdf(folder / "whole.tmp", [REPORT_LINES, REPORT_LINES])
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    good.unlink()
    write_pdf(folder / "locked.pdf", [REPORT_LINES], password="secret")
    write_image_only_pdf(folder / "scan.pdf")
    (folder / "blank.txt").write_text("  \n\n", encoding="utf-8")
    return {
        "empty.pdf": "empty",
        "picture.pdf": "PNG",
        "notes.pdf": "not a PDF",
        "truncated.pdf": "truncated",
        "locked.pdf": "encrypted",
        "scan.pdf": "image-only",
        "blank.txt": "empty",
    }


def make_good_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    seed = next(SEEDS.glob("001_*.txt"))
    return [
        write_pdf(folder / "report.pdf", [REPORT_LINES, ["二、评价结论", "项目管理规范。"]]),
        Path(shutil.copy(seed, folder / seed.name)),
    ]
