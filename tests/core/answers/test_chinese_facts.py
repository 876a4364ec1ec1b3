"""A Chinese answer names a penalty by its fact (who was fined, how much, by whom, when),
as the English answer does, with its words from ``bot.core.labels``; lists and "是的"
answers name developments in Chinese too."""

from __future__ import annotations

import re

from bot.core.knowledge.store import Store
from tests.support.bundled import ask, bundled_store

store = bundled_store()


def test_which_fines_in_a_province_states_the_fine(store: Store) -> None:
    result = ask(store, "河南的罚款有哪些？")
    assert result.direct is not None
    text = result.direct.text
    assert "罚款20万元" in text and "2022年5月27日" in text
    assert "禹州" in text and "市场监督管理局" in text  # by whom, where
    assert "执法动态" not in text


def test_a_penalty_of_several_people_keeps_each(store: Store) -> None:
    result = ask(store, "浙江的罚款有哪些？")
    assert result.direct is not None
    assert "绍兴银行被中国人民银行罚款550万元" in result.direct.text
    assert "各被中国人民银行罚款1万元至7万元" in result.direct.text


def test_a_list_of_fines_in_chinese_names_no_english_title(store: Store) -> None:
    result = ask(store, "有哪些罚款？")
    assert result.direct is not None and result.direct.text.startswith("共3条：")
    assert not re.search(r"[A-Z][a-z]+ (?:market|branch|court)", result.direct.text)


def test_a_chinese_rules_question_is_about_rules(store: Store) -> None:
    result = ask(store, "有关于人脸识别的规定吗？")
    assert result.headline.startswith("没有")  # the fine is no rule


def test_a_chinese_title_phrase_still_finds_its_development(store: Store) -> None:
    result = ask(store, "数据交易规则")
    assert result.results[0].id == "2022-05-27-guiyang-big-data-exchange-trading-rules"
