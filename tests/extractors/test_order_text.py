"""Order repair of garbled dumps, measured against hand-restored truth.

The dev set (tests/fixtures/order/seed000_devset.json) holds seed-000 lines
restored by hand; it is never used to train the model. Passages are compared
with spaces removed (spaces in these dumps are chunk-boundary artefacts).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import regex

from extractors.char_lm import load_model
from extractors.order_text import (
    dump_needs_repair,
    mover_bonus,
    repair_document,
    repair_line,
    restore_term,
)
from extractors.text_dump import read_text_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = FIXTURES / "seeds"
DEVSET = json.loads((FIXTURES / "order" / "seed000_devset.json").read_text(encoding="utf-8"))
# Targets on the hand-restored seed-000 dev set.
MIN_EXACT = 0.87  # share of passages restored exactly (0.882 when measured)
MIN_ORDER = 0.985  # mean character-order score (0.992 when measured)
MIN_NAMES = 1.0  # indicator names of the scoring and annex tables
MAX_CPU_SECONDS = 15  # whole of seed 000; about 4 s on one core when measured
# Floors on the synthetic benchmark (held-out clean text, garbled like seed 000).
MIN_SYNTHETIC_EXACT = 0.7  # 0.722 when measured
MIN_SYNTHETIC_ORDER = 0.99
PIECE = regex.compile(r"(?P<ascii>[!-~]+)|(?P<other>[^!-~]+)")
HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "order" / "heldout.txt"


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def seed_lines(prefix: str) -> list[str]:
    return [line.strip() for line in seed_text(prefix).splitlines() if line.strip()]


def bare(text: str) -> str:
    return text.replace(" ", "")


def order_score(candidate: str, truth: str) -> float:
    """1 − normalised Kendall distance between the character orders (1.0 = identical).

    Repeated characters are matched by occurrence number, so the candidate maps
    to a permutation of truth positions.
    """
    slots: dict[str, list[int]] = defaultdict(list)
    for position, char in enumerate(bare(truth)):
        slots[char].append(position)
    seen: Counter[str] = Counter()
    ranks = []
    for char in bare(candidate):
        ranks.append(slots[char][seen[char]])
        seen[char] += 1
    n = len(ranks)
    if n < 2:
        return 1.0
    discordant = sum(ranks[i] > ranks[j] for i in range(n) for j in range(i + 1, n))
    return 1 - discordant / (n * (n - 1) / 2)


def evaluate(pairs: list[tuple[str, str]], movers: dict[str, float]) -> dict[str, float]:
    """Exact-passage rate and mean order score, before and after repair."""
    repaired = [repair_line(raw, movers).text for raw, _ in pairs]
    n = len(pairs)
    return {
        "exact_before": sum(bare(r) == bare(t) for r, t in pairs) / n,
        "exact_after": sum(bare(o) == bare(t) for o, (_, t) in zip(repaired, pairs, strict=True)) / n,
        "order_before": sum(order_score(r, t) for r, t in pairs) / n,
        "order_after": sum(order_score(o, t) for o, (_, t) in zip(repaired, pairs, strict=True)) / n,
    }


def garble(line: str, movers: dict[str, float], rng: random.Random) -> str:
    """Imitate the observed garbling on a clean printed line.

    ASCII runs stay put and split the line into regions; each region is cut
    into chunks of 1–8 characters; a mover glyph (chance from the dump's own
    mover statistics) is pulled to the front of its chunk or, one time in
    three, of an earlier chunk; a two-character chunk is reversed now and then.
    """
    pieces = []
    for match in PIECE.finditer(bare(line)):
        if match.lastgroup == "ascii":
            pieces.append(match[0])
            continue
        text, chunks = match[0], []
        while text:
            size = rng.randint(1, 8)
            chunks.append(list(text[:size]))
            text = text[size:]
        for c, chunk in enumerate(chunks):
            for glyph in chunk[1:]:
                if rng.random() < min(0.6, movers.get(glyph, 0) / 2):
                    target = chunks[rng.randrange(c + 1)] if rng.random() < 1 / 3 else chunk
                    chunk.remove(glyph)
                    target.insert(0, glyph)
        for chunk in chunks:
            if len(chunk) == 2 and rng.random() < 0.15:
                chunk.reverse()
        pieces.append(" ".join("".join(chunk) for chunk in chunks if chunk))
    return " ".join(pieces)


def printed_lines(paragraph: str, width: int = 30) -> list[str]:
    """Cut a clean paragraph into lines of about the printed width of the dumps."""
    text = bare(paragraph)
    return [text[i : i + width] for i in range(0, len(text), width)]


@pytest.fixture(scope="module")
def seed000_movers() -> dict[str, float]:
    return mover_bonus(seed_lines("000"))


def test_dev_set_is_valid_truth() -> None:
    lines = set(seed_lines("000"))
    assert len(DEVSET["passages"]) >= 60
    for item in DEVSET["passages"]:
        assert item["raw"] in lines
        assert Counter(bare(item["raw"])) == Counter(bare(item["truth"]))


def test_dev_set_accuracy(seed000_movers: dict[str, float]) -> None:
    pairs = [(p["raw"], p["truth"]) for p in DEVSET["passages"]]
    result = evaluate(pairs, seed000_movers)
    assert result["order_after"] > result["order_before"]
    assert result["exact_after"] >= MIN_EXACT
    assert result["order_after"] >= MIN_ORDER


def test_indicator_names_restored(seed000_movers: dict[str, float]) -> None:
    names = DEVSET["indicator_names"]
    restored = [
        restore_term(n["raw"]) == n["name"]
        or n["name"] in bare(repair_line(n["raw"], seed000_movers).text)
        for n in names
    ]
    assert sum(restored) / len(restored) >= MIN_NAMES


# Seed-000 scoring-table names that need more than the lexicon: (raw line,
# text before it, the name as seeds_truth/000.json records it).
HARD_NAMES = [
    # a term part (目标合理性) with stray glyphs that are not at chunk starts
    ("作目标合 性工 理 3.00 3.00 100%", "", "工作目标合理性"),
    # words the greedy glyph moves leave in the wrong order
    ("心呼叫 电 接通率中 话 ≥90%（5 ）分 5", "", "呼叫中心电话接通率≥90%"),
    # a full-width sign the training text never printed goes before its number
    ("＜系统故障平均解决时间 2 小 （时 3 ）分 3", "", "系统故障平均解决时间＜2小时"),
    # a word wrapped across the line end, a sign anchored against its number
    ("训：≥10 （次 3 ）分", "训 线下培", "训：≥10次"),
]


@pytest.mark.parametrize(("raw", "before", "name"), HARD_NAMES)
def test_hard_indicator_names(
    raw: str, before: str, name: str, seed000_movers: dict[str, float]
) -> None:
    repaired = repair_line(raw, seed000_movers, before).text
    assert bare(repaired).startswith(name)
    assert Counter(repaired) == Counter(raw)


def test_comparison_signs_share_one_class() -> None:
    model = load_model()
    assert model.logp("＜", "0") == model.logp("≥", "0") > model.logp("：", "0")
    assert model.logp("间", "＜") == model.logp("间", "≥")


def test_restore_term() -> None:
    assert restore_term("立项依 性据充分") == "立项依据充分性"
    assert restore_term("率资金到位") == "资金到位率"
    assert restore_term("资金到位") is None  # a sub-multiset alone is not a term


def test_synthetic_garbling(seed000_movers: dict[str, float]) -> None:
    rng = random.Random(7)
    clean = [
        printed
        for line in HELDOUT.read_text(encoding="utf-8").splitlines()
        if "\t" not in line
        for printed in printed_lines(line)
        if len(printed) >= 8
    ][:200]
    pairs = [(garble(line, seed000_movers, rng), line) for line in clean]
    result = evaluate(pairs, seed000_movers)
    assert result["order_after"] > result["order_before"]
    assert result["exact_after"] >= MIN_SYNTHETIC_EXACT
    assert result["order_after"] >= MIN_SYNTHETIC_ORDER


def test_every_seed000_line_is_a_permutation() -> None:
    doc = read_text_dump(seed_text("000"))
    start = time.process_time()
    fixed = repair_document(doc)
    elapsed = time.process_time() - start
    before_lines = [line for page in doc.pages for line in page.lines]
    after_lines = [line for page in fixed.pages for line in page.lines]
    assert len(after_lines) == len(before_lines) > 1000
    for before, after in zip(before_lines, after_lines, strict=True):
        assert Counter(after.text) == Counter(before.text)  # spaces included
        assert 0.0 <= after.confidence <= 1.0
        expected_raw = before.text if after.text != before.text else None
        assert after.text_raw == expected_raw
    assert sum(a.text != b.text for a, b in zip(after_lines, before_lines, strict=True)) > 500
    assert elapsed < MAX_CPU_SECONDS


def test_table_cells_repaired_in_garbled_dump() -> None:
    doc = read_text_dump(seed_text("000") + "\n率资金到位\t5.00\t4.82\n执预算 行率\t5.00\t2.55\n")
    table = repair_document(doc).pages[-1].tables[-1]
    assert [row[0].rstrip() for row in table.grid()] == ["资金到位率", "预算执行率"]
    first = table.cell_at(0, 0)
    assert first is not None and first.text_raw == "率资金到位"
    second = table.cell_at(1, 0)
    assert second is not None and Counter(second.text) == Counter("执预算 行率")
    assert table.cell_at(0, 1) == doc.pages[-1].tables[-1].cell_at(0, 1)  # numbers untouched


def test_whitespace_is_moved_never_dropped() -> None:
    for raw in ["计按预\u3000 本产出成 本成 节约率 10.00\t出提 2019 。年", "  计按预 ", "4.00 4.00", " "]:
        assert Counter(repair_line(raw).text) == Counter(raw)
    assert repair_line("本产出成 本成 节约率 10.00 10.00 100%").text.rstrip() == (
        "产出成本 成本节约率 10.00 10.00 100%"
    )


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_clean_dumps_pass_through(prefix: str) -> None:
    text = seed_text(prefix)
    assert not dump_needs_repair(seed_lines(prefix))
    doc = read_text_dump(text)
    assert repair_document(doc) is doc


def test_model_prefers_true_order() -> None:
    model = load_model()
    assert model.score("预算执行率") > model.score("执预算行率")
    assert model.score("提出") > model.score("出提")
