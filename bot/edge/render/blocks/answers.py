"""Answers as Slack messages: the head (what was understood), results, details, plain
notices and digests, with their buttons."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.answers import Answer, AnswerKind, Citation
from bot.core.knowledge import Development
from bot.core.labels import (
    format_date,
)
from bot.edge.render.blocks.buttons import details_button, more_button, share_button
from bot.edge.render.blocks.development import QUERY_CHARS, detail_blocks, result_text
from bot.edge.render.blocks.digest import digest_messages
from bot.edge.render.blocks.layout import (
    SlackMessage,
    context,
    pack,
    section,
    text_sections,
    validated,
)
from bot.edge.render.blocks.markup import (
    MAX_BLOCKS,
    bot_text,
    escape,
    fallback_text,
    link,
    shorten,
    source_host,
)


def _understood_lines(answer: Answer) -> list[str]:
    lines = []
    if answer.understood:
        lines.append(
            "_Understood:_ " + escape("; ".join(f"{u.label} {u.value}" for u in answer.understood))
        )
    if answer.not_understood:
        words = ", ".join(shorten(w, 80) for w in answer.not_understood[:10])
        lines.append("_Not understood:_ " + escape(words))
    return lines


def _you_asked(answer: Answer) -> ContextBlock | None:
    query = answer.query.strip()
    if not query:
        return None
    return context("You asked: " + escape(shorten(query, QUERY_CHARS)))


def _answer_head(answer: Answer, shared_by: str | None) -> list[Block]:
    blocks: list[Block] = []
    if shared_by:
        blocks.append(context(f"Shared by {mention(shared_by)} with /pi"))
    blocks.extend(text_sections("\n".join([f"*{bot_text(answer.headline)}*"])))
    return blocks


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


def mention(user_id: str) -> str:
    """``<@U123>`` for a real Slack user id, else the id escaped (never a ping of anything
    else)."""
    return f"<@{user_id}>" if _USER_ID.match(user_id) else escape(user_id)


def citation_line(citation: Citation) -> str:
    """``• Title — Newsletter title, May 2022 · link`` with the quoted sentence, if any."""
    where = escape(citation.where)
    line = f"• {escape(shorten(citation.development_title, 150))} — _{where}_"
    if citation.url:
        line += " · " + link(citation.url, source_host(citation.url))
    if citation.quote:
        line += "\n> " + escape(shorten(citation.quote, 400))
    return line


def _direct_blocks(answer: Answer) -> list[Block]:
    """Under the direct answer (the headline): how the question was read, then the
    citation of each fact."""
    direct = answer.direct
    if direct is None:
        return []
    blocks: list[Block] = []
    if direct.notes:
        blocks.append(context(escape(shorten(" ".join(direct.notes), 1500))))
    if direct.citations:
        label = "*来源*" if answer.language == "zh" else "*Sources*"
        lines = [label, *(citation_line(c) for c in direct.citations[:5])]
        blocks.extend(text_sections("\n".join(lines)))
    return blocks


def _buttons(answer: Answer, *, more: bool, shared: bool) -> list[Block]:
    elements: list[ButtonElement] = []
    request = answer.request or answer.query  # a follow-up pages its resolved request
    if more and answer.next_offset is not None:
        elements.append(more_button(request, answer.next_offset))
    if not shared:
        elements.append(share_button(request, answer.offset))
    return [ActionsBlock(elements=elements)] if elements else []


def _marked(answer: Answer, dev: Development, number: int) -> str:
    """A result; in a Chinese answer, an English title is marked as such."""
    text = result_text(dev, number, answer.newsletters)
    if answer.language == "zh" and not any("\u3400" <= ch <= "\u9fff" for ch in dev.title):
        text = "（英文标题）" + text
    return text


def _results_messages(answer: Answer, shared: bool, shared_by: str | None) -> list[SlackMessage]:
    head = _answer_head(answer, shared_by)
    head.extend(_direct_blocks(answer))
    extra = _understood_lines(answer)
    if extra:
        head.extend(text_sections("\n".join(extra)))
    asked = _you_asked(answer)
    if asked is not None:
        head.append(asked)
    groups: list[list[Block]] = [head]
    for number, dev in enumerate(answer.results, start=answer.offset + 1):
        groups.append(
            [
                SectionBlock(
                    text=MarkdownTextObject(text=_marked(answer, dev, number)),
                    accessory=details_button(dev.id),
                )
            ]
        )
    tail: list[Block] = []
    if answer.results:
        first, last = answer.offset + 1, answer.offset + len(answer.results)
        shown = f"Showing {first}–{last} of {answer.total}."
        if answer.next_offset is not None:
            shown += " Press More for the next page."
        tail.append(context(shown))
    tail.extend(_buttons(answer, more=True, shared=shared))
    return pack(groups, answer.headline, tail=tail)


def _detail_messages(answer: Answer, shared: bool, shared_by: str | None) -> list[SlackMessage]:
    dev = answer.results[0]
    groups = detail_blocks(dev)
    if shared_by:
        groups.insert(0, [context(f"Shared by {mention(shared_by)} with /pi")])
    if answer.message:  # an editor's view: the record's state and history
        groups.append(text_sections("*History*\n" + escape(answer.message)))
    fallback = f"{dev.title} ({format_date(dev)})"
    return pack(groups, fallback, tail=_buttons(answer, more=False, shared=shared))


def _plain_messages(
    answer: Answer, shared: bool, shared_by: str | None, *, preformatted: bool = False
) -> list[SlackMessage]:
    """HELP, STATS, NOTICE, ERROR, NO_MATCH and an empty digest: headline, message, what
    was understood and suggestions."""
    groups: list[list[Block]] = [_answer_head(answer, shared_by) + _direct_blocks(answer)]
    if answer.message:
        message = bot_text(answer.message)
        if preformatted:
            groups.append([section(f"```{chunk}```") for chunk in _chunks(message, 2800)])
        else:
            groups.append(text_sections(message))
    extra = _understood_lines(answer)
    if answer.suggestions:
        extra.append("*Try:*")
        extra.extend(f"• {bot_text(s)}" for s in answer.suggestions[:10])
    if extra:
        groups.append(text_sections("\n".join(extra)))
    asked = _you_asked(answer)
    if asked is not None and answer.kind in (AnswerKind.NO_MATCH, AnswerKind.ERROR):
        groups.append([asked])
    shareable = answer.kind in (AnswerKind.STATS, AnswerKind.DIGEST)
    tail = _buttons(answer, more=False, shared=shared or not shareable)
    fallback = answer.headline
    if answer.message and answer.kind in (AnswerKind.NO_MATCH, AnswerKind.ERROR):
        fallback = f"{answer.headline} {answer.message}"
    return pack(groups, fallback, tail=tail)


def _chunks(text: str, size: int) -> list[str]:
    lines = text.split("\n")
    chunks: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and len("\n".join([*current, line])) > size:
            chunks.append("\n".join(current))
            current = []
        current.append(line[:size])
    if current:
        chunks.append("\n".join(current))
    return chunks


def _digest_answer_messages(answer: Answer, shared: bool) -> list[SlackMessage]:
    assert answer.digest is not None
    messages = digest_messages(answer.digest)
    buttons = _buttons(answer, more=False, shared=shared)
    if buttons:
        if len(messages[-1].blocks) + len(buttons) <= MAX_BLOCKS:
            messages[-1].blocks.extend(buttons)
        else:
            messages.append(SlackMessage(text=messages[-1].text, blocks=list(buttons)))
    return messages


def answer_messages(
    answer: Answer, *, shared: bool = False, shared_by: str | None = None
) -> list[SlackMessage]:
    """The Slack messages for an answer, in order (usually one).

    ``shared``: the messages are (or will be) visible to everyone in the conversation, so
    they carry no "Share in channel" button. ``shared_by``: the Slack user who shared them.
    """
    kind = answer.kind
    if kind == AnswerKind.RESULTS:
        messages = _results_messages(answer, shared, shared_by)
    elif kind == AnswerKind.DETAIL and answer.results:
        messages = _detail_messages(answer, shared, shared_by)
    elif kind == AnswerKind.DIGEST and answer.digest is not None and not answer.digest.is_empty:
        messages = _digest_answer_messages(answer, shared)
    else:
        preformatted = kind == AnswerKind.HELP
        messages = _plain_messages(answer, shared, shared_by, preformatted=preformatted)
    validated(messages)
    return messages


def error_message(text: str) -> SlackMessage:
    """A short apology that always fits (for failures inside a listener)."""
    return SlackMessage(text=fallback_text(text), blocks=[section(escape(text))])
