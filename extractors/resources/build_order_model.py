"""Rebuild the order-repair model data from clean text.

Run from the repository root: ``python extractors/resources/build_order_model.py``.

Method, step by step:

1. Read the clean seed dumps (001, 003, 004 — never the garbled 000) and
   keep every tenth paragraph out as held-out text for the synthetic
   garbling benchmark (written to ``tests/fixtures/order/heldout.txt``).
2. Normalise each training line the way the repairer sees text: spaces
   between CJK characters removed, runs of ASCII digits mapped to ``0`` and
   Latin runs to ``a`` (``char_lm.ascii_class``), so a number anchors its
   neighbours without memorising its value; full-width comparison signs
   (``≥ ≤ ＜ ＞ ＝``) share one class.
3. Count character unigrams and bigrams of the clean lines (weight 1) and of
   jieba's dictionary words (weight ``DICT_WEIGHT * log(1 + freq)``, words
   of frequency >= ``DICT_MIN_FREQ``), so common words the seeds never use
   still get a sensible order.
4. Collect known terms: the indicator names and headings printed in the
   clean seeds' tab tables (CJK-only cells of 3–16 characters).
5. Word frequencies for the segmentation score: jieba's dictionary words of
   2–4 Han characters with frequency >= ``WORD_MIN_FREQ``, plus the words
   jieba finds in the clean training lines (``SEED_WORD_WEIGHT`` each, so the
   domain's own vocabulary — 绩效, 单证 — weighs in).
6. Write ``char_lm.tsv.gz`` (``gram<TAB>count``), ``words.tsv.gz``
   (``word<TAB>freq``) and ``terms.txt``.
"""

from __future__ import annotations

import gzip
import io
import math
import sys
from collections import Counter
from pathlib import Path

import jieba
import regex

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractors.char_lm import normalise_for_lm  # noqa: E402

SEEDS = ("001", "003", "004")
HELDOUT_EVERY = 10
DICT_WEIGHT = 0.3
DICT_MIN_FREQ = 3
WORD_MIN_FREQ = 5
SEED_WORD_WEIGHT = 1000
OUT = Path(__file__).resolve().parent
HELDOUT_PATH = ROOT / "tests" / "fixtures" / "order" / "heldout.txt"
WORD_RE = regex.compile(r"\p{Han}{2,4}")
TERM_RE = regex.compile(r"[\p{Han}]{3,16}")


def seed_paragraphs() -> list[list[str]]:
    """Paragraphs (blank-line separated runs of lines) of the clean seeds."""
    paragraphs: list[list[str]] = []
    for prefix in SEEDS:
        (path,) = (ROOT / "tests/fixtures/seeds").glob(f"{prefix}_*.txt")
        current: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                current.append(line.strip())
            elif current:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
    return paragraphs


def count_text(lines: list[str], grams: Counter[str]) -> None:
    for line in lines:
        for field in line.split("\t"):
            text = normalise_for_lm(field)
            for i, char in enumerate(text):
                grams[char] += 1
                if i:
                    grams[text[i - 1 : i + 1]] += 1


def count_dictionary(grams: Counter[str]) -> None:
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for row in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = row.split(" ")
        if int(freq) < DICT_MIN_FREQ or not regex.fullmatch(r"\p{Han}+", word):
            continue
        weight = DICT_WEIGHT * math.log1p(int(freq))
        for i, char in enumerate(word):
            grams[char] += weight
            if i:
                grams[word[i - 1 : i + 1]] += weight


def word_frequencies(lines: list[str]) -> Counter[str]:
    words: Counter[str] = Counter()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for row in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = row.split(" ")
        if int(freq) >= WORD_MIN_FREQ and WORD_RE.fullmatch(word):
            words[word] += int(freq)
    for line in lines:
        for word in jieba.lcut(regex.sub(r"\s+", "", line)):
            if WORD_RE.fullmatch(word):
                words[word] += SEED_WORD_WEIGHT
    return words


def table_terms(paragraphs: list[list[str]]) -> set[str]:
    terms = set()
    for lines in paragraphs:
        for line in lines:
            if "\t" not in line:
                continue
            for field in line.split("\t"):
                if TERM_RE.fullmatch(field.strip()):
                    terms.add(field.strip())
    return terms


def gzip_text(path: Path) -> io.TextIOWrapper:
    """A gzip text writer with a fixed header time, so rebuilds are byte-identical."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8")


def main() -> None:
    paragraphs = seed_paragraphs()
    train = [p for i, p in enumerate(paragraphs) if i % HELDOUT_EVERY]
    heldout = [p for i, p in enumerate(paragraphs) if not i % HELDOUT_EVERY]
    grams: Counter[str] = Counter()
    for lines in train:
        count_text(lines, grams)
    count_dictionary(grams)
    with gzip_text(OUT / "char_lm.tsv.gz") as out:
        for gram, count in sorted(grams.items()):
            if len(gram) == 1 or count >= 0.5:  # drop bigrams seen only in rare dict words
                out.write(f"{gram}\t{count:.2f}\n")
    with gzip_text(OUT / "words.tsv.gz") as out:
        for word, freq in sorted(word_frequencies([x for p in train for x in p]).items()):
            out.write(f"{word}\t{freq}\n")
    (OUT / "terms.txt").write_text("\n".join(sorted(table_terms(train))) + "\n", encoding="utf-8")
    (HELDOUT_PATH).write_text(
        "\n\n".join("\n".join(p) for p in heldout) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
