"""Name equivalence shared by statement linking and the validator."""

from __future__ import annotations

import pytest

from extractors.names import loose_key, name_key, same_name
from extractors.projects import link_statements
from tests.extractors.checks.build import indicator, statement


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("“A1 项目立项”", "项目立项"),
        ("B221 市口岸办财务管理制度健全性", "市口岸办财务管理制度健全性"),
        ("（2）产出 数量", "产出数量"),
        ("3. 资金投入", "资金投入"),
        ("三、绩效目标", "绩效目标"),
        ("2016 年绩效评价结果应用情况", "2016年绩效评价结果应用情况"),
    ],
)
def test_name_key_drops_spacing_quotes_numbering_and_code(printed: str, key: str) -> None:
    assert name_key(printed) == key


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("项目决策类指标", "决策"),
        ("产出指标", "产出"),
        ("补贴资金拨付足额情况", "补贴资金拨付足额"),
        ("项目", "项目"),  # nothing would be left
        ("决策类", "决策"),
    ],
)
def test_loose_key_drops_wrapping_words_while_two_characters_remain(printed: str, key: str) -> None:
    assert loose_key(printed) == key


def test_same_name_without_containment() -> None:
    assert same_name("项目决策", "决策")
    assert same_name("“C13 补贴资金拨付足额情况”", "补贴资金拨付足额")
    assert not same_name("市口岸办补贴资金拨付足额情况", "补贴资金拨付足额情况")
    assert not same_name("公众满意度", "公众或服务对象满意度")


def test_linking_by_loose_name_only_when_one_row_has_it() -> None:
    rows = [indicator("1", "决策"), indicator("2", "过程"), indicator("2.1", "项目过程")]
    said = [statement("score", "17", indicator_name="项目决策"),
            statement("score", "26", indicator_name="过程类")]
    link_statements(rows, said)
    # 过程类 loosely names both 过程 and 项目过程: the loose key does not decide;
    # the containment fallback takes the longest row name inside it (过程).
    assert [s.indicator_id for s in said] == ["1", "2"]


def test_linking_keeps_partial_names_apart_from_the_validators_trust() -> None:
    # Seed 001: the sentence's 市口岸办…足额情况 is linked by containment for the reader,
    # but is not the row's name, so the validator never compares it.
    rows = [indicator("3.1.3", "补贴资金拨付足额情况")]
    said = statement("score", "3", indicator_name="市口岸办补贴资金拨付足额情况")
    link_statements(rows, [said])
    assert said.indicator_id == "3.1.3"
    assert not same_name(said.indicator_name or "", rows[0].name)
