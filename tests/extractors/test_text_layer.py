"""Text layer: lines of garbled and clean test PDFs against the drawn truth."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pymupdf
import pytest
import regex

from extractors.text_layer import extract_page
from tests.extractors import pdf_factory as factory

BODY = [
    "一、基本情况",
    "2016 年 3 月，市委市政府印发《关于支持企业提升竞争力的若干措施》，",
    "项目预算安排 16,104.72 万元，实际执行率为 99.55%。",
    "A11 战略目标适应性",
    "（一）项目概况",
    "“国际贸易单一窗口”是联合国倡导的一项国际贸易便利措施。",
]


def _page_with(lines: list[str], rng: random.Random | None, offset: float = 0.0,
               size: float = 12.0, pitch: float = 22.0) -> pymupdf.Page:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    for index, text in enumerate(lines):
        factory.draw_line(page, text, 72, 120 + index * pitch, size, rng, offset)
    return page


def _texts(page: pymupdf.Page, kinds: tuple[str, ...] = ("body", "heading")) -> list[str]:
    return [line.text for line in extract_page(page, 1).lines if line.kind in kinds]


@pytest.mark.parametrize("offset", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_garbled_lines_come_out_in_true_order_and_text(seed: int, offset: float) -> None:
    page = _page_with(BODY, random.Random(seed), offset)
    assert page.get_text().split("\n")[0] != BODY[0]  # the stream order really is jumbled
    assert _texts(page) == BODY


def test_small_font_tight_lines_keep_apart() -> None:
    # 9 pt table text on a 12 pt pitch with 2 pt offsets: tolerance scales with the size.
    lines = ["合计 16,177.08 万元", "其中：当年财政拨款 1,200.00 万元", "上年结转资金 36.5 万元"]
    page = _page_with(lines, random.Random(7), offset=2.0, size=9.0, pitch=12.0)
    assert _texts(page) == lines


def test_spaces_only_where_drawn_or_next_to_latin() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    # A justified CJK line: 2.5 pt extra after every char must not become spaces.
    factory.draw_line(page, "本项目资金全部由市级财政安排", 72, 120, char_spacing=2.5)
    # Digits set apart from CJK by a gap, no space glyph (word processors' autospace).
    factory.draw_line(page, "共", 72, 150)
    factory.draw_line(page, "2.8", 72 + factory.text_width("共", 12) + 3, 150)
    factory.draw_line(page, "亿元", 72 + factory.text_width("共2.8", 12) + 6, 150)
    assert _texts(page) == ["本项目资金全部由市级财政安排", "共 2.8 亿元"]


def test_fake_bold_duplicate_glyphs_are_kept_once() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    factory.draw_line(page, "绩效评价报告", 72, 120)
    factory.draw_line(page, "绩效评价报告", 72.4, 120)
    assert _texts(page) == ["绩效评价报告"]


def test_header_footer_and_page_numbers_are_marked() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    factory.draw_line(page, "某项目绩效评价报告", 240, 40, size=9)
    factory.draw_line(page, "正文第一行在上边距之下。", 72, 100)
    factory.draw_line(page, "- 3 -", 285, 805, size=10.5)
    factory.draw_line(page, "第 3 页", 280, 822, size=12)
    lines = extract_page(page, 3).lines
    assert [(line.kind, line.text) for line in lines] == [
        ("header", "某项目绩效评价报告"),
        ("body", "正文第一行在上边距之下。"),
        ("footer", "- 3 -"),
        ("footer", "第 3 页"),
    ]
    assert [line.line_no for line in lines] == [0, 1, 2, 3]


def test_long_small_footnote_in_the_bottom_band_stays_body() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    factory.draw_line(page, "正文的最后一行。", 72, 700)
    note = (  # a full-width 8 pt line: longer than any running title
        "注：本表数据来源于项目单位提供的财务账册、银行流水及相关凭证，"
        "金额单位为万元，合计数因四舍五入存在尾差。"
    )
    factory.draw_line(page, note, 72, 790, size=8)
    factory.draw_line(page, "3", 295, 815, size=10.5)
    kinds = [(line.kind, line.text) for line in extract_page(page, 1).lines]
    assert kinds == [("body", "正文的最后一行。"), ("body", note), ("footer", "3")]


def test_first_body_line_near_the_top_is_not_a_header() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    for index, text in enumerate(["报告正文从页面很高的位置开始，", "紧接着是第二行文字。"]):
        factory.draw_line(page, text, 72, 50 + index * 20)
    assert [line.kind for line in extract_page(page, 1).lines] == ["body", "body"]


def test_headings_numbered_or_larger() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    rows = [
        ("财政项目支出绩效评价报告", 18),
        ("一、项目基本情况", 12),
        ("（二）绩效目标", 12),
        ("1. 贯彻执行国家、省、市有关口岸工作的法律、法规和政策。", 12),
        ("本项目于 2017 年启动，资金由市级财政安排", 12),
    ]
    for index, (text, size) in enumerate(rows):
        factory.draw_line(page, text, 72, 120 + index * 26, size)
    kinds = [line.kind for line in extract_page(page, 1).lines]
    assert kinds == ["heading", "heading", "heading", "body", "body"]


def test_two_columns_read_left_then_right() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    left = [f"左栏第{n}行的文字内容较长一些" for n in "一二三四五"]
    right = [f"右栏第{n}行的文字内容也较长" for n in "一二三四五"]
    factory.draw_line(page, "通栏标题横跨两栏，位于页面的最上方，比任何一栏都要宽得多", 72, 100)
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        factory.draw_line(page, a, 72, 130 + index * 20, rng=random.Random(index), offset=1)
        factory.draw_line(page, b, 320, 130 + index * 20, rng=random.Random(index), offset=1)
    assert _texts(page)[1:] == left + right


def test_landscape_page_via_rotate_reads_upright() -> None:
    doc = pymupdf.open()
    page = factory.new_page(doc)
    page.set_rotation(90)  # a landscape page: portrait media box turned by /Rotate
    for index, text in enumerate(BODY[:3]):
        point = pymupdf.Point(72, 120 + index * 22) * page.derotation_matrix
        page.insert_text(point, text, fontname=factory.MAIN_FONT, fontsize=12, rotate=90)
    result = extract_page(page, 1)
    assert (result.width, result.height) == (842, 595)
    assert [line.text for line in result.lines] == BODY[:3]


def test_sideways_content_is_turned_upright() -> None:
    # Upright text on a page whose /Rotate turns it sideways: read it upright.
    page = _page_with(BODY[:3], random.Random(5), 1.0)
    page.set_rotation(90)
    result = extract_page(page, 1)
    assert (result.width, result.height) == (595, 842)
    assert [line.text for line in result.lines] == BODY[:3]


def test_diagonal_watermark_is_dropped() -> None:
    page = _page_with(BODY[:2], None)
    page.insert_text((150, 500), "内部资料", fontname=factory.MAIN_FONT, fontsize=40,
                     morph=(pymupdf.Point(150, 500), pymupdf.Matrix(-45)))
    assert _texts(page) == BODY[:2]


def test_line_boxes_use_the_baseline() -> None:
    page = _page_with(["项目绩效评价 2017 年"], random.Random(1), 2.0)
    (line,) = extract_page(page, 1).lines
    x0, top, x1, bottom = line.bbox
    assert x0 == pytest.approx(72)
    assert x1 == pytest.approx(72 + factory.text_width("项目绩效评价 2017 年", 12), abs=0.1)
    assert top == pytest.approx(120 - 0.8 * 12) and bottom == pytest.approx(120 + 0.2 * 12)


def test_image_only_page_is_flagged_with_a_sentence() -> None:
    source = factory.new_page(pymupdf.open())
    factory.draw_line(source, "扫描件", 72, 120)
    page = pymupdf.open().new_page()
    page.insert_image(page.rect, stream=source.get_pixmap(dpi=36).tobytes("png"))
    assert not extract_page(source, 3).image_only
    result = extract_page(page, 3)
    assert result.image_only and result.lines == []
    assert result.error == "第 3 页是扫描图像，没有文字层 (image-only page, no text layer)."


def test_blank_page_is_not_image_only() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    result = extract_page(page, 1)
    assert not result.image_only and result.error is None


# --- fixture corpus: paragraph recovery on garbled and clean PDFs -------------

RECOVERY_TARGET = 0.995


def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.fixtures.builder import build_corpus

    out = tmp_path_factory.mktemp("corpus")
    build_corpus(out)
    return out


def _recovery(pdf: Path, paragraphs: list[str]) -> float:
    with pymupdf.open(pdf) as doc:
        pages = [extract_page(page, number) for number, page in enumerate(doc, start=1)]
    text = _squash("".join(line.text for page in pages for line in page.lines))
    return sum(_squash(paragraph) in text for paragraph in paragraphs) / len(paragraphs)


@pytest.mark.parametrize("quirk", ["clean", "garbled"])
def test_paragraph_recovery_on_fixture_corpus(corpus: Path, quirk: str) -> None:
    found = total = 0
    for truth_path in sorted(corpus.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth.get("quirks") != [quirk] or not truth.get("paragraphs"):
            continue
        paragraphs = truth["paragraphs"]
        found += round(_recovery(corpus / truth["file"], paragraphs) * len(paragraphs))
        total += len(paragraphs)
    assert total > 0
    assert found / total >= RECOVERY_TARGET


def test_garbled_twin_reads_exactly_like_the_clean_file(corpus: Path) -> None:
    for garbled in sorted(corpus.glob("*_garbled.pdf")):
        clean = garbled.with_name(garbled.name.replace("_garbled", ""))
        texts = []
        for pdf in (clean, garbled):
            with pymupdf.open(pdf) as doc:
                texts.append([line.text for number, page in enumerate(doc, start=1)
                              for line in extract_page(page, number).lines])
        assert texts[0] == texts[1], garbled.name
