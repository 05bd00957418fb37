"""Grade words and grade bands (评价等级): what a score of N is called.

Grade words are normalised to the four national grades:

======================================  =======
printed                                 grade
======================================  =======
优, 优秀                                 优
良, 良好, 较好                           良
中, 中等, 一般, 合格, 及格               中
差, 较差, 不合格, 不及格                 差
======================================  =======

(合格 takes the place of 中 in four-tier schemes 优/良/合格/不合格.)

A report's own bands are read from sentences such as ``90分（含）以上为优``,
``80（含）-90分为良``, ``良：得分 75 分-90 分（含 75 分）`` or
``60 分以下为差``. Method, step by step:

1. Cut the text into clauses at ``；;。，,`` and line breaks.
2. A clause is a band when it holds exactly one grade word and its score
   bounds in one of three shapes: a range ``X-Y`` (also ``X分（含）至Y分``),
   a floor ``X分以上`` / ``高于X分`` / ``≥X``, or a ceiling ``X分以下`` /
   ``低于X分`` / ``<X``. A lone number with no bound word is not a band.
3. Bands are (grade as printed, lower inclusive, upper exclusive); a floor
   has upper ``Infinity``, a ceiling lower 0.
4. Integer-printed ranges such as ``80-89分`` leave a gap below the next
   band (89 to 90); such a gap of at most one point is closed so every
   score falls in a band. A top band printed up to the full score
   (``90-100分``) is open above, so 100 itself is graded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import regex

from extractors.numbers import Number, parse_number

INFINITY = Decimal("Infinity")
FULL_MARKS = Decimal(100)

NATIONAL_BANDS: list[tuple[str, Decimal, Decimal]] = [
    ("优", Decimal(90), INFINITY),
    ("良", Decimal(80), Decimal(90)),
    ("中", Decimal(60), Decimal(80)),
    ("差", Decimal(0), Decimal(60)),
]
"""The national default: 《项目支出绩效评价管理办法》(财预〔2020〕10号): "总分一般设置为
100分，等级一般划分为四档：90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、
60分以下为差". The 部门整体支出 guidance uses the same four bands."""

# Longest first so 不合格 is not read as 合格, 良好 not as 良.
GRADE_WORDS: dict[str, str] = {
    "不合格": "差",
    "不及格": "差",
    "较差": "差",
    "优秀": "优",
    "良好": "良",
    "较好": "良",
    "中等": "中",
    "一般": "中",
    "合格": "中",
    "及格": "中",
    "优": "优",
    "良": "良",
    "中": "中",
    "差": "差",
}
GRADE_RE = regex.compile("|".join(GRADE_WORDS))

_NUM = r"(\d+(?:\.\d+)?)\s*分?"
_INCL = r"\s*(?:[（(]\s*含[^）)]*[）)])?\s*"
_RANGE = regex.compile(_NUM + _INCL + r"(?:[-—–~～至到]|－)+\s*" + _NUM)
_FLOOR = regex.compile(
    r"(?:(?:高于|不低于|大于等于|≥|>=|＞=)\s*" + _NUM + r")"
    r"|(?:" + _NUM + _INCL + r"(?:及|或)?以上)"
)
_CEILING = regex.compile(
    r"(?:(?:低于|不足|小于|<|＜)\s*" + _NUM + r")|(?:" + _NUM + _INCL + r"以下)"
)
# Where a band names its grade: first (``优：…``) or last (``…为优``, ``…为“良”``).
_GRADE_SLOT = regex.compile(
    rf"^(?:{GRADE_RE.pattern})(?=[：:、\s（(或])|(?<=[为是：:“\"])(?:{GRADE_RE.pattern})(?=[”\"]?$)"
)
_CLAUSE_CUT = regex.compile(r"[；;。，,\n]")
# Words that make a clause about something other than a grade band.
_NOT_A_BAND = regex.compile(r"满意|%|％|得分为|评级为|等级为")


def normalize_grade(text: str) -> str | None:
    """The national grade (优/良/中/差) a printed grade word stands for."""
    stripped = regex.sub(r"[\s“”\"'‘’「」『』]", "", text)
    if stripped in GRADE_WORDS:
        return GRADE_WORDS[stripped]
    match = GRADE_RE.match(stripped)
    if match and len(stripped) <= len(match[0]) + 1:  # 优级 / 良等
        return GRADE_WORDS[match[0]]
    return None


def parse_grade_bands(text: str) -> list[tuple[str, Number, Number]]:
    """The grade bands a text states, ordered from the top grade down."""
    bands = []
    for clause in _CLAUSE_CUT.split(text):
        band = _band(clause)
        if band is not None:
            bands.append(band)
    bands.sort(key=lambda band: band[1].value, reverse=True)
    return _close_gaps(bands)


def grade_for(
    score: Decimal, bands: Sequence[tuple[str, Decimal | Number, Decimal | Number]]
) -> str | None:
    """The grade of the band holding ``score`` (lower inclusive, upper exclusive)."""
    for grade, lower, upper in bands:
        if _value(lower) <= score < _value(upper):
            return grade
    return None


def _value(bound: Decimal | Number) -> Decimal:
    return bound.value if isinstance(bound, Number) else bound


def _band(clause: str) -> tuple[str, Number, Number] | None:
    if _NOT_A_BAND.search(clause):
        return None
    grades = _GRADE_SLOT.findall(clause.strip())
    if len(grades) != 1 or "分" not in clause or "年" in clause:
        return None
    if (match := _RANGE.search(clause)) is not None:
        lower, upper = _bound(match[1]), _bound(match[2])
    elif (match := _FLOOR.search(clause)) is not None:
        lower, upper = _bound(match[1] or match[2]), Number(INFINITY, "")
    elif (match := _CEILING.search(clause)) is not None:
        lower, upper = Number(Decimal(0), ""), _bound(match[1] or match[2])
    else:
        return None
    if lower is None or upper is None or lower.value >= upper.value:
        return None
    return grades[0], lower, upper


def _bound(digits: str) -> Number | None:
    return parse_number(digits)


def _close_gaps(bands: list[tuple[str, Number, Number]]) -> list[tuple[str, Number, Number]]:
    """Close gaps ≤ 1 point between bands; open the top band above the full score."""
    closed = []
    for index, (grade, lower, upper) in enumerate(bands):
        if index > 0:
            floor_above = bands[index - 1][1]
            gap = floor_above.value - upper.value
            if 0 < gap <= 1:
                upper = floor_above
        elif upper.value >= FULL_MARKS:  # 90-100分为优: the full score belongs to the top band
            upper = Number(INFINITY, upper.text)
        closed.append((grade, lower, upper))
    return closed
