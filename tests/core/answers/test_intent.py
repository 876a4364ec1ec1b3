"""What kind of answer a question asks for."""

from __future__ import annotations

import pytest

from bot.core.answers.intent import Ask, counts_developments, read_intent


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("fines henan", Ask.LIST),
        ("How much did the PBOC fine Shaoxing Bank?", Ask.HOW_MUCH),
        ("What criminal fine did Ding receive?", Ask.HOW_MUCH),
        ("Who was fined in Henan?", Ask.WHO),
        ("When does the Heilongjiang regulation take effect?", Ask.WHEN),
        ("Did CBIRC publish a draft?", Ask.WHETHER),
        ("Which apps may not be uninstalled?", Ask.WHICH),
        ("What did TC260 publish?", Ask.WHAT),
        ("what fines were imposed in June?", Ask.WHICH),  # a plural noun asks for a list
        ("What new rules are there on cross-border data?", Ask.WHICH),
        ("What was the fine for the bank?", Ask.HOW_MUCH),
        ("What does the data law say?", Ask.WHAT),
        ("how many drafts are open", Ask.HOW_MANY),
        ("total fines imposed", Ask.TOTAL),
        ("largest fine", Ask.LARGEST),
        ("smallest fine on record", Ask.SMALLEST),
        ("compare fines in Henan and Zhejiang", Ask.COMPARE),
        ("which regulators issued drafts", Ask.GROUP),
        ("the source?", Ask.SOURCE),
        ("绍兴银行被罚了多少钱？", Ask.HOW_MUCH),
        ("罚款总额是多少？", Ask.TOTAL),
        ("黑龙江大数据条例什么时候施行？", Ask.WHEN),
        # overviews: every match is the answer
        ("what happened in April 2022?", Ask.WHICH),
        ("what changed since 20 May 2022?", Ask.WHICH),
        ("What's new on facial recognition?", Ask.WHICH),
        ("anything new since 25 May?", Ask.WHICH),
        ("五月发生了什么？", Ask.WHICH),
        ("average fine in May 2022", Ask.AVERAGE),
        ("平均罚款", Ask.AVERAGE),
        ("median penalty", Ask.MEDIAN),
        ("What does the crawler ruling mean for us?", Ask.WHAT),  # "mean", the verb
    ],
)
def test_read_intent(text: str, ask: Ask) -> None:
    assert read_intent(text).ask is ask


def test_group_by_and_counted_noun() -> None:
    assert read_intent("which provinces had fines").group_by == "regions"
    assert read_intent("which regulators issued drafts").group_by == "authorities"
    assert read_intent("How many infringement reports did platforms get?").counted == "reports"
    assert read_intent("How many personal information cases did police see?").counted == "cases"
    assert counts_developments("drafts") and not counts_developments("apps")


def test_who_paid_or_who_acted() -> None:
    assert read_intent("who was fined in Henan").about_bearer
    assert not read_intent("which regulator fined Shaoxing Bank").about_bearer
    assert read_intent("问一下").chinese and not read_intent("fines").chinese
