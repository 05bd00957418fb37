"""The fixture builder: reproducible, big enough, realistic quirks, consistent truth."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pymupdf
import pytest

from tests.fixtures.builder import build_corpus
from tests.scoring import load_truth, squash


def _truths(corpus: Path) -> list[dict]:
    return load_truth(corpus)


def test_deterministic(fixture_corpus: Path, tmp_path: Path) -> None:
    build_corpus(tmp_path)
    names = sorted(p.name for p in fixture_corpus.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        if name == "broken_encrypted.pdf":
            continue  # MuPDF's encryption salts the key with random bytes
        assert (fixture_corpus / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_corpus_size(fixture_corpus: Path) -> None:
    truths = _truths(fixture_corpus)
    pdfs = list(fixture_corpus.glob("*.pdf"))
    assert len(pdfs) >= 20 and len(truths) == len(pdfs)
    assert sum(t["n_pages"] for t in truths) >= 100
    assert {t["family"] for t in truths} >= {"evaluation_report", "self_evaluation",
                                             "department_evaluation", "broken"}


def test_files_open_as_truth_says(fixture_corpus: Path) -> None:
    for truth in _truths(fixture_corpus):
        path = fixture_corpus / truth["file"]
        if truth["expect_status"] == "failed" and "broken" in truth["quirks"]:
            if "truncated" in truth["quirks"]:  # MuPDF repairs the file but finds no text
                doc = pymupdf.open(path)
                assert doc.is_repaired and not any(page.get_text().strip() for page in doc)
                continue
            with pytest.raises(Exception):  # noqa: B017 - any reader error is the point
                doc = pymupdf.open(path)
                if doc.needs_pass or not doc.is_pdf or len(doc) == 0:
                    raise ValueError("unreadable")
            continue
        doc = pymupdf.open(path)
        assert len(doc) == truth["n_pages"]
        image_only = [not doc[i].get_text().strip() for i in range(len(doc))]
        assert any(image_only) == ("scanned" in truth["quirks"]), truth["file"]


def _pairs(corpus: Path) -> list[tuple[dict, Path, Path]]:
    return [(t, corpus / t["file"].replace("_garbled", ""), corpus / t["file"])
            for t in _truths(corpus) if "garbled" in t["quirks"]]


def test_garbled_text_is_jumbled(fixture_corpus: Path) -> None:
    pairs = _pairs(fixture_corpus)
    assert len(pairs) >= 5
    for n, (truth, clean, garbled) in enumerate(pairs):
        paragraphs = [squash(p) for p in truth["paragraphs"] if len(squash(p)) >= 15]
        mupdf = squash("".join(page.get_text() for page in pymupdf.open(garbled)))
        clean_text = squash("".join(page.get_text() for page in pymupdf.open(clean)))
        found_clean = sum(p in clean_text for p in paragraphs)
        assert found_clean == len(paragraphs), clean.name
        assert sum(p in mupdf for p in paragraphs) == 0, garbled.name
        assert sorted(mupdf) == sorted(clean_text)  # same characters, other order
        if n < 4:  # pdfplumber is slow; four documents make the point
            with pdfplumber.open(garbled) as pdf:
                plumber = squash("".join(page.extract_text() or "" for page in pdf.pages))
            assert sum(p in plumber for p in paragraphs) <= len(paragraphs) // 4, garbled.name


def test_garbled_renders_like_clean(fixture_corpus: Path) -> None:
    for _, clean, garbled in _pairs(fixture_corpus)[:3]:
        a, b = pymupdf.open(clean), pymupdf.open(garbled)
        for i in range(len(a)):
            pa = a[i].get_pixmap(dpi=40, colorspace=pymupdf.csGRAY)
            pb = b[i].get_pixmap(dpi=40, colorspace=pymupdf.csGRAY)
            diff = sum(abs(x - y) for x, y in zip(pa.samples, pb.samples, strict=True))
            assert diff / len(pa.samples) < 3.0, (clean.name, i)  # mean grey-level difference


def test_truth_is_consistent(fixture_corpus: Path) -> None:
    for truth in _truths(fixture_corpus):
        for project in truth["projects"]:
            ids = {i["indicator_id"] for i in project["indicators"]}
            assert all(i["parent_id"] is None or i["parent_id"] in ids for i in project["indicators"])
            assert project["page_start"] <= project["page_end"] <= truth["n_pages"]
            if not truth["consistent"] or "scanned" in truth["quirks"]:
                continue
            assert project["discrepancies"] == []
            _check_sums(project)


def _check_sums(project: dict) -> None:
    """Children add up to parents, level-1 (+ budget) to the stated total."""
    items = project["indicators"]
    for parent in items:
        kids = [i for i in items if i["parent_id"] == parent["indicator_id"]]
        for field in ("weight", "score"):
            if parent[field] is not None and kids and all(k[field] is not None for k in kids):
                assert abs(sum(k[field] for k in kids) - parent[field]) < 0.005, parent["name"]
    leaves = [i for i in items if not any(k["parent_id"] == i["indicator_id"] for k in items)]
    total = sum(i["score"] or 0 for i in leaves) + sum(
        b["score"] or 0 for b in project["budgets"] if b["line"] == "年度资金总额")
    if project["stated_total_score"] is not None:
        assert abs(total - project["stated_total_score"]) < 0.005, project["project_name"]


def test_truth_json_round_trips(fixture_corpus: Path) -> None:
    for path in fixture_corpus.glob("*.truth.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        assert (fixture_corpus / truth["file"]).exists()
