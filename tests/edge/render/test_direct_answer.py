"""The direct answer first, then how it was read and its sources, then the developments;
in Block Kit and in plain text. User words in notes are escaped."""

from __future__ import annotations

import datetime as dt
import json

from bot.core.answers.answer import Answer, AnswerKind, Citation, DirectAnswer
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from bot.edge.render.blocks import answer_messages
from bot.edge.render.text import render_answer
from tests.support.slack_harness import BUNDLED_STORE

TODAY = dt.date(2022, 6, 15)


def test_blocks_put_the_fact_and_its_sources_before_the_results() -> None:
    store = Store.load(BUNDLED_STORE)
    result = answer("How much did the PBOC fine Shaoxing Bank?", store, today=TODAY)
    [message] = answer_messages(result)
    blocks = [b.to_dict() for b in message.blocks]
    texts = [json.dumps(b, ensure_ascii=False) for b in blocks]
    fact = next(i for i, t in enumerate(texts) if "was fined CNY 5,500,000 by PBOC" in t)
    sources = next(i for i, t in enumerate(texts) if "*Sources*" in t)
    first_result = next(i for i, t in enumerate(texts) if "pi_details" in t)
    assert fact < sources < first_result
    assert "China Cybersecurity and Data Protection Newsletter, May 2022" in texts[sources]


def test_text_puts_the_fact_first_with_quotes_and_links() -> None:
    store = Store.load(BUNDLED_STORE)
    result = answer("How many suspects were arrested in Clear Net 2021?", store, today=TODAY)
    text = render_answer(result)
    lines = text.splitlines()
    assert "17,000 suspects" in lines[0]
    assert "Sources:" in text and "China Data Protection Headlines, May 2022" in text
    assert "https://m.gmw.cn/baijia/2022-05/07/1302935141.html" in text
    assert text.index("Sources:") < text.index("1. ")


def test_notes_quoting_the_user_are_escaped() -> None:
    citation = Citation("2022-05-27-x", "A <b> title", "News & views", "May 2022", None, None)
    direct = DirectAnswer("list", "1 development", (citation,), notes=("Ignored “<!here>”.",))
    result = Answer(
        kind=AnswerKind.RESULTS, query="<!here> henan", headline="1 development", direct=direct
    )
    body = json.dumps([m.to_dict() for m in answer_messages(result)])
    assert "<!here>" not in body and "&lt;!here&gt;" in body
    assert "News &amp; views" in body and "A &lt;b&gt; title" in body
