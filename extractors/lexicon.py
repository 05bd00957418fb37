"""Known terms of evaluation reports and an anagram index over them.

A garbled table cell keeps its characters but not their order
(``立项依 性据充分`` for ``立项依据充分性``), so a cell is looked up by its
character multiset.

Method:

1. Known terms = the national common indicator framework for project and
   department-overall expenditure evaluation (below), standard headings of
   evaluation reports, and the indicator names / headings printed in the
   clean seed tables (``resources/terms.txt``, written by the build script).
2. Each term is keyed by its sorted characters; a key that two different
   terms share is ambiguous and dropped from the index, so a lookup never
   guesses.
3. Cells that a narrow column wraps hold a prefix or a suffix of a term
   (``立项依据充`` / ``分性``); prefixes and suffixes of three or more
   characters are indexed the same way, again only when unambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources

# 财政部 共性指标体系框架 (项目支出) and 部门整体支出 framework names, plus the
# standard headings and column titles of evaluation reports.
FRAMEWORK_TERMS = (
    "决策", "过程", "产出", "效益", "项目立项", "绩效目标", "资金投入", "资金管理", "组织实施",
    "产出数量", "产出质量", "产出时效", "产出成本", "项目效益", "实施效益", "立项依据充分性",
    "立项程序规范性", "绩效目标合理性", "绩效指标明确性", "预算编制科学性", "资金分配合理性",
    "资金到位率", "预算执行率", "资金使用合规性", "管理制度健全性", "制度执行有效性",
    "实际完成率", "质量达标率", "完成及时性", "成本节约率", "社会效益", "经济效益", "生态效益",
    "可持续影响", "满意度", "社会公众或服务对象满意度", "服务对象满意度", "社会效益指标",
    "经济效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "数量指标", "质量指标",
    "时效指标", "成本指标", "产出指标", "效益指标", "部门决策", "部门管理", "部门绩效",
    "目标设定", "预算配置", "预算执行", "资产管理", "人员管理", "财务管理", "采购管理",
    "职责履行", "履职效益", "在职人员控制率", "三公经费变动率", "重点支出安排率", "预算完成率",
    "预算调整率", "支付进度率", "结转结余率", "公用经费控制率", "政府采购执行率",
    "预决算信息公开性", "基础信息完善性", "资产管理安全性", "固定资产利用率", "完成及时率",
    "重点工作办结率", "一级指标", "二级指标", "三级指标", "四级指标", "指标解释", "指标说明",
    "评分标准", "权重", "分值", "得分", "得分率", "总分", "指标值", "年度指标值", "实际完成值",
    "项目背景", "项目概况", "实施情况", "主要内容", "基本情况", "项目绩效目标", "总体目标",
    "阶段性工作目标", "具体绩效目标", "绩效评价工作开展情况", "绩效评价概况",
    "绩效评价原则及评价方法", "绩效评价工作过程", "评价方法", "综合评价情况及评价结论",
    "评价结论", "绩效评价指标分析", "项目决策情况", "项目过程情况", "项目产出情况",
    "项目效益情况", "主要经验及做法", "存在的问题及原因分析", "有关建议", "其他需要说明的问题",
    "评价要点", "项目支出绩效评价指标体系", "项目支出绩效评价指标表", "专此报告",
)

MIN_PART = 3  # shortest wrapped part indexed; two characters are too ambiguous


def anagram_key(text: str) -> str:
    """Sorted non-space characters: equal for any two orders of the same characters."""
    return "".join(sorted(text.replace(" ", "").replace("\u3000", "")))


@cache
def known_terms() -> frozenset[str]:
    """Framework names, headings and the clean seeds' table terms."""
    source = resources.files("extractors.resources").joinpath("terms.txt")
    learned = [t for t in source.read_text(encoding="utf-8").splitlines() if t]
    return frozenset(FRAMEWORK_TERMS) | frozenset(learned)


@cache
def term_alphabet() -> frozenset[str]:
    """Every character some known term uses."""
    return frozenset("".join(known_terms()))


@cache
def longest_term() -> int:
    return max(map(len, known_terms()))


def _unambiguous(pairs: list[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, set[str]] = defaultdict(set)
    for key, value in pairs:
        found[key].add(value)
    return {key: next(iter(values)) for key, values in found.items() if len(values) == 1}


@cache
def _term_index() -> dict[str, str]:
    return _unambiguous([(anagram_key(t), t) for t in known_terms()])


@cache
def _part_index() -> dict[str, str]:
    parts = []
    for term in known_terms():
        for cut in range(MIN_PART, len(term) - 1):
            parts.append((anagram_key(term[:cut]), term[:cut]))
        for cut in range(2, len(term) - MIN_PART + 1):
            parts.append((anagram_key(term[cut:]), term[cut:]))
    whole = _term_index()
    return {k: v for k, v in _unambiguous(parts).items() if k not in whole}


def lookup_term(text: str) -> str | None:
    """The known term spelt with exactly the characters of ``text``, else None."""
    return term_with_key(anagram_key(text))


def lookup_part(text: str) -> str | None:
    """The wrapped prefix/suffix of a known term with exactly these characters, else None."""
    return part_with_key(anagram_key(text))


def term_with_key(key: str) -> str | None:
    """``lookup_term`` for a ready anagram key (the repairer searches keys directly)."""
    return _term_index().get(key)


def part_with_key(key: str) -> str | None:
    """``lookup_part`` for a ready anagram key."""
    return _part_index().get(key)
