"""Narrative figures: the scores, weights, totals, grades, budgets and formulas
that a report's prose states, each with the sentence and page it came from.

A pure stage: ``extract_narrative(lines)`` reads a project's lines (reading
order, already order-repaired) and returns ``NarrativeFigures``. Every number
goes through ``extractors.numbers`` (money in yuan, percentages as fractions,
printed text kept). Precision comes before recall: a figure whose meaning is
not certain is left out, because a wrong figure becomes a false alarm.

Method, step by step (per sentence, see ``extractors.sentences``):

1. LaTeX math copied into the text (``$85.07\\% \\div 4$``) is rewritten in
   place to plain symbols, padded with spaces so offsets (and so line
   provenance) stay valid.
2. Grade bands (``90分（含）以上为优``) are read with ``extractors.grades``; a
   sentence stating bands yields nothing else.
3. Formulas: in a clause ``name = … = <numbers and operators> = <result>``
   the expression left of the last ``=`` is kept when it holds only numbers
   and operators; the result is the number right of it. ``evaluate_expression``
   recomputes it exactly, with the tolerance the operands' printed precision
   allows.
4. Enumerations: ``由两个三级指标构成：“A”和“B”，…分别得分为 2 分和 1 分``
   give one score per quoted name, only when the counts agree.
5. Stated figures: a trigger (得分/得/评分/得分率/分值/满分/权重/总分, with a
   modifier such as 总体/综合/最终/合计) followed by a number and its unit
   (分 or %). The statement is about the name printed before the trigger in
   the same clause (numbering, years, 其中, 指标, 类指标, quotes and a code
   such as ``B11`` removed); a clause without a name inherits the sentence's
   topic (the last name stated, or ``X由…构成`` / ``X包括…`` / ``X从…``).
   A name that denotes the whole project (ends in 项目/资金/评价/自评/部门…)
   or a total modifier without any name gives ``total_score`` /
   ``total_weight``; a grade after 等级/级别/评级 gives ``grade``.
   Weights printed as percentages are converted to points out of 100.
6. Budget lines: money figures are given a role by the words right before
   them (年初预算 → initial; 调整后/预算调整数/全年预算/总预算/预算… → adjusted,
   i.e. the budget in force; 实际支出/全年支出/决算数/决算支出 → executed;
   到位资金 → funds received). A rate (执行率/到位率/支出进度/控制率/
   预算完成率) closes a group.
   ``X由 A 调整为 B`` is one line of its own. For a 到位率 line ``executed``
   holds the funds received (the rate's numerator); for an execution rate
   with funds received but no budget, the funds received are the
   denominator (national definition 预算执行率 = 实际支出 / 实际到位资金).
   A group followed by two rates keeps its figures but gets neither rate
   (which one is the ratio of its figures is unknown); each such rate is a
   line of its own. A second figure of a role the group already holds
   (``其中，公务接待费预算为 1.89 万元``) is a part, put on a line of its own.
7. Measured values of named measures (满意度/满意率): ``X满意度(得分)为 <n> 分|%``
   gives a ``measured_value`` statement with the printed unit kept in
   ``value_text`` (``86.34 分``, ``85.34%``). Its name is the words before the
   measure word back to the last punctuation, 的 or preposition (于/对/向/在),
   cleaned as in step 5; generic qualifiers (整体/总体/平均/统计…) name
   nothing, and a bare name takes the last qualified measure the sentence
   mentioned (``…的公众满意度调查，满意度为85.34%`` is the 公众满意度). A bare
   name with no such topic, a bound (``达到 85%以上``, ``≥``) or a sentence
   naming two years (a comparison over time) gives nothing. The year a
   sentence names leads the name (``2021年公众满意度``): surveys of different
   years are different measures.
8. Growth rates printed with the figures they compare
   (``6,398万票、9,494万票，2020年比2019年增长48.38%``, ``X万元，比2020年增加
   D万元，增长R%``) give a ``growth_rate`` (or ``decline_rate``) statement
   whose ``expression`` recomputes the rate (``extractors.growth``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from extractors.arithmetic import compact, is_arithmetic, plain_math
from extractors.grades import GRADE_WORDS, parse_grade_bands
from extractors.growth import growth_rates
from extractors.numbers import NUMBER_RE, Number, parse_number
from extractors.records import BudgetLine, Line, ScoreStatement
from extractors.sentences import Sentence, split_sentences

HUNDRED = Decimal(100)


@dataclass
class NarrativeFigures:
    """What a project's prose states: score statements, budget lines, grade bands."""

    scores: list[ScoreStatement] = field(default_factory=list)
    budgets: list[BudgetLine] = field(default_factory=list)
    grade_bands: list[tuple[str, Number, Number]] = field(default_factory=list)


def extract_narrative(lines: Sequence[Line]) -> NarrativeFigures:
    """Every score and budget figure the prose states (see module docstring)."""
    figures = NarrativeFigures()
    for sentence in split_sentences(lines):
        text = plain_math(sentence.text)
        bands = parse_grade_bands(text)
        if bands:
            figures.grade_bands.extend(band for band in bands if band not in figures.grade_bands)
            continue
        reader = _SentenceReader(sentence, text)
        figures.scores.extend(reader.formulas())
        figures.scores.extend(reader.enumerations())
        figures.scores.extend(reader.statements())
        figures.budgets.extend(reader.budget_lines())
        figures.scores.extend(reader.measures())
        figures.scores.extend(reader.growth())
    return figures


# --- names ----------------------------------------------------------------

_CODE = regex.compile(r"^([A-Z][0-9]{0,4})(?:\s+|(?=\p{Han}))")
_LEADING = regex.compile(
    r"""^(?:\s+|[“”‘’"《》「」]
      | [（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[）)]
      | [0-9]{1,2}(?:\.[0-9]{1,2})*\s*[.．、)）](?![0-9])
      | [一二三四五六七八九十]{1,3}\s*[、.．]
      | [①-⑳]
      | 其中 | 根据评价标准 | 根据评分标准 | 经综合评价 | 综上 | 另外 | 同时
      | 本次 | 此次 | 本年度 | 我办 | 我单位 | 我局 | 本单位 | 本部门
      | 该项目的? | 本项目的? | 指标
      | \d{4}\s*年度? | \d{4}\s*[-—至]\s*\d{4}\s*年度?
    )""",
    regex.VERBOSE,
)
_TRAILING = regex.compile(r"(?:\s+|[“”‘’\"《》「」]|共计|合计|累计|类指标|指标|方面|的|共)$")
_LAST_QUOTED = regex.compile(r"“([^“”]+)”[^“”]*$")
_ANAPHORA = regex.compile(r"^(?:该|本|此)(?:项|项指标|指标)?$")
_GENERIC_END = regex.compile(r"(?:项目|资金|评价|自评|部门|单位|报告|整体)$")
# Punctuation, digits or a space between Han characters (garbled order) in a "name".
_NOT_A_NAME = regex.compile(r"[，,。；;：:、\d%]|\p{Han}\s+\p{Han}")
_MAX_NAME = 24  # longer "names" are clauses, not indicator names


@dataclass(frozen=True, slots=True)
class Name:
    """A cleaned name as a statement gives it; ``generic`` = the whole project."""

    text: str | None
    code: str | None = None
    generic: bool = False


def clean_name(raw: str) -> Name:
    """Indicator name from the words before a figure (see module docstring, step 5)."""
    text = _strip(raw)
    stripped = raw.strip()
    quoted = _LAST_QUOTED.search(stripped)
    outside = stripped[: quoted.start()] + stripped[quoted.end(1) + 1 :] if quoted else None
    is_quoted = quoted is not None and _strip(outside or "") == ""
    if is_quoted:
        text = quoted[1].strip()  # a quoted name is the name as printed: keep its years
    code = None
    if (match := _CODE.match(text)) is not None:
        code = match[1]
        text = _strip(text[match.end() :])
    if not text or _ANAPHORA.match(text):
        return Name(None, code)
    if _GENERIC_END.search(text) and code is None and not is_quoted:
        return Name(None, None, generic=True)
    if len(text) > _MAX_NAME or (not is_quoted and _NOT_A_NAME.search(text)):
        return Name(None, code)
    return Name(text, code)


def _strip(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text)
    return text


# --- sentence reader ------------------------------------------------------

_CLAUSE_CUT = regex.compile(r"[，。；;：:！？!?]|,(?!\d{3})")
_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCORE = regex.compile(
    r"""(?P<mod>总体|综合|最终评价|最终|合计|共计|累计|总|(?:绩效|自评|评价)(?=得分(?!率)|评分))?
        (?P<kind>得分率|得分|评分|分值|满分|权重|总分|(?<![获取记使觉值懂显赢求博落难])得)
        (?P<full>满分)?(?:为|是|了|达到?|：|:)?\s*
        (?P<num>""" + _NUM + r""")\s*(?P<unit>分(?![钟类别])|[%％])?""",
    regex.VERBOSE,
)
_TOTAL_MODS = frozenset({"总体", "综合", "最终评价", "最终", "绩效", "自评", "评价", "总"})
_TOPIC = regex.compile(r"^(?P<name>.+?)(?:由(?!于)|包括|包含|(?:具体|主要)?从)")
_GRADE = regex.compile(
    r"(?:等级|级别|评级|档次)(?:评定)?(?:为|是|：|:)\s*[“\"「『]?(?P<grade>"
    + "|".join(GRADE_WORDS)
    + r")(?:[”\"」』]|(?=[\s，。；,;）)]|$))"
)
_NAMED = regex.compile(r"(?:^|指标)“[^“”]+”(?=\p{Han}{0,3}$)")
_ENUMERATION = regex.compile(
    r"分别(?:得分|评分|得)(?:为|是)?\s*(?P<values>" + _NUM + r"\s*分(?:\s*[、，,和及与]\s*"
    + _NUM + r"\s*分)*)"
)
_QUOTED_RUN = regex.compile(r"“[^“”]{1,40}”(?:\s*(?:、|和|及|与|以及)\s*“[^“”]{1,40}”)*")
_QUOTED = regex.compile(r"“([^“”]{1,40})”")
_SCORE_VALUE = regex.compile(r"(" + _NUM + r")\s*分")

_MONEY = _NUM + r"\s*(?:亿元|万元|千元|元)(?!\s*[万亿千])"  # 元万: garbled order, unit unknown
_ROLES = regex.compile(
    r"""(?:
        (?P<initial>年初预算(?:数|总规模|总额|金额|安排)?)
      | (?P<adjusted>调整后(?:的)?(?:预算)?(?:数|总额|金额|总规模)?|调整预算数|(?:总规模)?调整为
          |全年预算(?:数|总额)?|总预算(?:数)?|预算总额|预算调整(?:后|数))
      | (?P<executed>实际支出|全年(?:共)?支出(?:数)?|累计支出|共支出|支出金额|支出数|执行数|决算(?:支出)?数
          |决算支出)
      | (?P<received>(?:实际)?到位资金|资金到位(?:数|金额)?|实际到位)
      | (?P<budget>预算(?:金额|资金|安排|数|总规模)?|批复[^，。；\d]{0,8}?(?:额度|金额|预算))
    )
    (?:(?:专项)?资金|金额|总额|数)?(?:共计|合计|共|约)?(?:为|是|达到?|：|:)?\s*
    (?P<num>""" + _MONEY + ")",
    regex.VERBOSE,
)
# BudgetLine field of a figure standing alone: the budget in force is the adjusted one.
_ROLE_FIELDS = {
    "initial": "initial_budget",
    "adjusted": "adjusted_budget",
    "budget": "adjusted_budget",
    "executed": "executed",
    "received": "executed",
}
_CHANGE_BEFORE = regex.compile(r"(?:调减|调增|追加|压减|核减|减少|增加|增长)[了的]?(?:项目)?$")
_CHANGE = regex.compile(
    r"(?P<label>[^，。；：:、\d]{2,20}?)由\s*(?P<before>" + _MONEY + r")\s*调整为\s*(?P<after>"
    + _MONEY + ")"
)
_RATE = regex.compile(
    r"(?P<name>[^\s，。；：:、\d%]{0,16}?(?:执行率|到位率|支出进度|支出率|控制率|预算完成率))"
    r"(?:为|是|达到?|：|:)?\s*(?P<num>\d+(?:\.\d+)?\s*[%％])"
)
_RATE_SUBJECT = regex.compile(r"预算|资金|支出|经费")

_MEASURE = regex.compile(
    r"(?P<word>满意度|满意率)(?:(?:得分(?:为|是|：|:)?|为|是|：|:)\s*(?P<value>(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>分(?![钟类别])|[%％]))(?!\s*(?:及|或)?\s*(?:以上|以下|左右)))?"
)
# Where a measure's name starts: after punctuation, 的, or a preposition (来源于/对/向/在).
_NAME_BOUNDARY = regex.compile(r"[的于对向在，,。；;：:、“”\"（）()【】\[\]≥≤<>＜＞]")
_GENERIC_QUALIFIER = regex.compile(r"^(?:整体|总体|综合|平均|最终|统计|调查|年度|全年)+")
_YEAR = regex.compile(r"(\d{4})\s*年")


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


class _SentenceReader:
    """Reads the figures of one sentence; spans already read are masked out."""

    def __init__(self, sentence: Sentence, text: str) -> None:
        self.sentence = sentence
        self.text = text

    def _statement(
        self, quantity: str, value: Number | None, value_text: str, offset: int, name: Name
    ) -> ScoreStatement:
        line = self.sentence.line_at(offset)
        return ScoreStatement(
            quantity=quantity,
            value=value,
            value_text=value_text,
            source="narrative",
            page=line.page,
            snippet=self.sentence.text,
            indicator_name=name.text,
            bbox=line.bbox,
            indicator_code=name.code,
            line_no=line.cited_line,
        )

    def _clauses(self) -> Iterator[tuple[int, str]]:
        start = 0
        for match in _CLAUSE_CUT.finditer(self.text):
            yield start, self.text[start : match.start()]
            start = match.end()
        yield start, self.text[start:]

    # step 3
    def formulas(self) -> Iterator[ScoreStatement]:
        for start, clause in self._clauses():
            parts = regex.split(r"[=＝]", clause)
            if len(parts) < 3:
                continue
            expression = parts[-2]
            result = NUMBER_RE.match(parts[-1].lstrip())
            if result is None or not is_arithmetic(expression):
                continue
            value = parse_number(result[0])
            if value is None:
                continue
            value = replace(value, text=compact(value.text))
            name = clean_name(parts[0])
            statement = self._statement("formula", value, value.text, start, name)
            statement.expression = compact(expression)
            yield statement
            self.text = _mask(self.text, start, start + len(clause))

    # step 4
    def enumerations(self) -> Iterator[ScoreStatement]:
        for match in _ENUMERATION.finditer(self.text):
            runs = list(_QUOTED_RUN.finditer(self.text, 0, match.start()))
            # a list whose names are not countable here is masked all the same
            self.text = _mask(self.text, match.start(), match.end())
            if not runs:
                continue
            names = _QUOTED.findall(runs[-1][0])
            values = _SCORE_VALUE.findall(match["values"])
            if len(names) != len(values):
                continue
            for raw_name, digits in zip(names, values, strict=True):
                name = clean_name(f"“{raw_name}”")
                value = parse_number(digits)
                if name.text is not None and value is not None:
                    yield self._statement("score", value, digits, match.start(), name)

    # step 5
    def statements(self) -> Iterator[ScoreStatement]:
        topic = Name(None)
        for start, clause in self._clauses():
            cursor = 0
            for match in _SCORE.finditer(clause):
                name = clean_name(clause[cursor : match.start()])
                if name.text is None and not name.generic:
                    name = topic  # no name of its own: the sentence's topic
                cursor = match.end()
                found = list(self._score(match, clause[match.end() :], start + match.start(), name))
                if found:  # only a figure actually read sets the topic
                    topic = name
                yield from found
            topic = self._topic(clause, topic, stated=cursor > 0)
            for match in _GRADE.finditer(clause):
                grade_name = topic if topic.text is not None else Name(None)
                yield self._statement("grade", None, match["grade"], start + match.start(), grade_name)

    @staticmethod
    def _topic(clause: str, topic: Name, stated: bool) -> Name:
        """The topic after ``clause``: ``X由…``/``X包括…``, or a clause that only names
        ``“X”`` (指标“C12 …”满分分，得 4.79 分: the figure is in the next clause)."""
        if (match := _TOPIC.match(clause)) is not None:
            name = clean_name(match["name"])
        elif not stated and (match := _NAMED.search(clause)) is not None:
            name = clean_name(match[0])
        else:
            return topic
        return name if name.text is not None or name.generic else topic

    def _score(
        self, match: regex.Match[str], rest: str, offset: int, name: Name
    ) -> Iterator[ScoreStatement]:
        kind, unit, mod = match["kind"], match["unit"], match["mod"]
        percent = unit in ("%", "％")
        value = parse_number(match["num"] + (unit if percent else ""))
        if value is None:
            return
        project = name.generic or (name.text is None and mod in _TOTAL_MODS)
        if kind == "得分率":
            if percent and name.text is not None:
                yield self._statement("score_rate", value, value.text, offset, name)
            return
        if kind == "权重" or kind in ("分值", "满分"):
            if percent and kind == "权重":
                value = replace(value, value=value.value * HUNDRED, tolerance=value.tolerance * HUNDRED, unit="")
            elif unit != "分":
                return
            quantity = "total_weight" if project and mod == "总" else "weight"
            if quantity == "total_weight" or name.text is not None:
                yield self._statement(quantity, value, match["num"] + ("%" if percent else ""), offset, name)
            return
        if kind == "总分":
            # "总分 93.78": the total only when no other figure follows in the clause
            if name.text is None and not percent and not regex.search(r"\d", rest):
                yield self._statement("total_score", value, match["num"], offset, Name(None))
            return
        if unit != "分":
            return
        if project and (mod in _TOTAL_MODS or name.generic):
            yield self._statement("total_score", value, match["num"], offset, Name(None))
        elif name.text is not None:
            yield self._statement("score", value, match["num"], offset, name)
            if match["full"]:  # 得满分 3 分: the weight is the score
                yield self._statement("weight", value, match["num"], offset, name)

    # step 6
    def budget_lines(self) -> Iterator[BudgetLine]:
        for match in _CHANGE.finditer(self.text):
            label = _label(match["label"])
            yield self._budget_line(
                label,
                match.start(),
                initial_budget=_money(match["before"]),
                adjusted_budget=_money(match["after"]),
            )
            self.text = _mask(self.text, match.start(), match.end())
        for part_start, part in _parts(self.text):
            yield from self._groups(part_start, part)

    def _groups(self, start: int, part: str) -> Iterator[BudgetLine]:
        events = sorted(
            [(m.start(), "role", m) for m in _ROLES.finditer(part) if _is_role(part, m)]
            + [(m.start(), "rate", m) for m in _RATE.finditer(part)],
            key=lambda event: event[0],
        )
        group = _Group()
        for _, kind, match in events:
            if kind == "role":
                if group.rates:
                    yield from self._close(group, start)
                    group = _Group()
                role = _role_of(match)
                if role in group.roles:  # 其中 X 预算为…: a part of the group's total
                    group.parts.append(self._part_line(part, match, role, start))
                else:
                    group.roles[role] = (match, _money(match["num"]))
            else:
                group.rates.append(match)
        yield from self._close(group, start)

    def _close(self, group: _Group, start: int) -> Iterator[BudgetLine]:
        """The group's line; a rate that cannot be attributed becomes a line of its own."""
        rate = group.rates[0] if len(group.rates) == 1 and group.roles else None
        if group.roles:
            yield from self._figures_line(group, rate, start)
        yield from group.parts
        if rate is not None:
            return
        for unattributed in group.rates:
            if _RATE_SUBJECT.search(unattributed["name"]):
                yield self._budget_line(
                    _rate_label(unattributed["name"]),
                    start + unattributed.start(),
                    stated_rate=_rate(unattributed),
                )

    def _figures_line(
        self, group: _Group, rate: regex.Match[str] | None, start: int
    ) -> Iterator[BudgetLine]:
        figures = {role: number for role, (_, number) in group.roles.items()}
        adjusted = figures.get("adjusted") or figures.get("budget")
        if rate is not None and "到位" in rate["name"]:
            executed = figures.get("received")  # 到位率 = funds received / budget
        else:
            executed = figures.get("executed")
            if adjusted is None and executed is not None:
                adjusted = figures.get("received")  # 执行率 = spent / funds received
        initial = figures.get("initial")
        if initial is None and "adjusted" in figures:
            initial = figures.get("budget")
        if executed is None and adjusted is None and initial is None:
            return
        yield self._budget_line(
            _rate_label(rate["name"]) if rate else "预算",
            start + min(match.start() for match, _ in group.roles.values()),
            initial_budget=initial,
            adjusted_budget=adjusted,
            executed=executed,
            stated_rate=_rate(rate) if rate else None,
        )

    def _part_line(
        self, part: str, match: regex.Match[str], role: str, start: int
    ) -> BudgetLine:
        """A line of its own for one more figure of a role the group already has."""
        clause_start = max((m.end() for m in _CLAUSE_CUT.finditer(part, 0, match.start())), default=0)
        return self._budget_line(
            _label(part[clause_start : match.start()]),
            start + match.start(),
            **{_ROLE_FIELDS[role]: _money(match["num"])},
        )

    # step 7
    def measures(self) -> Iterator[ScoreStatement]:
        years = set(_YEAR.findall(self.text))
        if len(years) > 1:
            return
        period = f"{years.pop()}年" if years else ""
        topic: str | None = None
        for match in _MEASURE.finditer(self.text):
            name = _measure_name(self.text, match)
            if name is not None and name != match["word"]:
                topic = name
            elif match["num"] is not None:
                name = topic
            if match["num"] is None or name is None:
                continue
            percent = match["unit"] in ("%", "％")
            value = parse_number(match["num"] + ("%" if percent else ""))
            if value is None:
                continue
            printed = compact(match["value"])
            yield self._statement(
                "measured_value", replace(value, text=printed), printed, match.start(), Name(period + name)
            )

    # step 8
    def growth(self) -> Iterator[ScoreStatement]:
        for found in growth_rates(self.text):
            quantity = "growth_rate" if found.rise else "decline_rate"
            statement = self._statement(quantity, found.rate, found.rate.text, found.offset, Name(None))
            statement.expression = found.expression
            yield statement

    def _budget_line(self, label: str, offset: int, **figures: Number | None) -> BudgetLine:
        line = self.sentence.line_at(offset)
        return BudgetLine(
            line=label,
            source="narrative",
            page=line.page,
            text=self.sentence.text,
            bbox=line.bbox,
            line_no=line.cited_line,
            **figures,
        )


@dataclass
class _Group:
    """Money figures by role, the rates that follow them, and lines for its parts."""

    roles: dict[str, tuple[regex.Match[str], Number | None]] = field(default_factory=dict)
    rates: list[regex.Match[str]] = field(default_factory=list)
    parts: list[BudgetLine] = field(default_factory=list)


def _measure_name(text: str, match: regex.Match[str]) -> str | None:
    """The measure's name: the words before it back to punctuation, 的 or a
    preposition (step 7); the bare measure word when only generic qualifiers
    precede it; None when the words are not a name."""
    start = max((m.end() for m in _NAME_BOUNDARY.finditer(text, 0, match.start())), default=0)
    name = clean_name(text[start : match.start()] + match["word"]).text
    return None if name is None else _GENERIC_QUALIFIER.sub("", name)


def _parts(text: str) -> Iterator[tuple[int, str]]:
    """Semicolon-separated parts: a new part starts a new set of figures."""
    start = 0
    for match in regex.finditer(r"[；;]", text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _is_role(text: str, match: regex.Match[str]) -> bool:
    """False for a change rather than a budget (调减项目预算 461.63 万元)."""
    return not _CHANGE_BEFORE.search(text[: match.start()])


def _role_of(match: regex.Match[str]) -> str:
    for role in ("initial", "adjusted", "executed", "received", "budget"):
        if match[role]:
            return role
    raise ValueError("role pattern matched without a role")


def _money(text: str) -> Number | None:
    return parse_number(text)


def _rate(match: regex.Match[str]) -> Number | None:
    return parse_number(compact(match["num"]))


def _label(raw: str) -> str:
    """A budget line's label: the words as printed, numbering, years and quotes removed."""
    return regex.sub(r"[“”‘’\"]", "", _strip(raw)) or "预算"


def _rate_label(name: str) -> str:
    """The rate's name without 率, cut to what follows the project's own name."""
    label = _label(name)
    if "项目" in label[1:]:
        label = label[label.rindex("项目") + 2 :] or label
    return label.removesuffix("率")
