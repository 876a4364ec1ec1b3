"""Block Kit rendering of answers, digests, alerts and the App Home, built with
``slack_sdk.models.blocks`` so Slack's limits are checked before anything is sent.

Rules kept here:
- every piece of text is escaped (``&``, ``<``, ``>``) before it goes into mrkdwn: the
  user's words, and store text too (it is plain text, not mrkdwn), so nothing typed can
  ping (``<!channel>``, ``<@U123>``) or become a link (``<http://x|y>``);
- a record (one result, one digest line) is never cut between blocks or messages: long
  output is split into several ``SlackMessage`` s of at most 50 blocks each, and every
  section text stays within 3,000 characters;
- every message has a meaningful ``text`` fallback, which Slack shows in notifications.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.answers.answer import Answer, AnswerKind, Citation
from bot.core.knowledge.model import Development, Source
from bot.core.knowledge.store import Store
from bot.core.labels import (
    CATEGORY_HEADINGS,
    CATEGORY_LABELS,
    format_date,
    format_money,
    format_penalty,
)
from bot.core.notify.digest import Digest
from bot.edge.render.paging import encode_page
from bot.edge.render.text import facts_parts

MAX_BLOCKS = 50
"""Slack's limit of blocks per message."""
SECTION_LIMIT = 3000
"""Slack's limit on a section's text."""
SECTION_BUDGET = 2900
"""What we fill a section up to, leaving room for a continuation mark."""
MESSAGE_BUDGET = 12_000
"""Characters of block text per message. Slack documents no hard total, but very large
payloads are refused (``msg_too_long``); staying well below keeps every message safe."""
FALLBACK_LIMIT = 2000
"""Longest notification text (``text`` of a message) we send."""
HEADER_LIMIT = 150
"""Slack's limit on a header block's plain text."""


# --- escaping ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Make ``text`` inert in Slack mrkdwn: ``&`` ``<`` ``>`` become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_REFERENCE = re.compile(r"&lt;(#[CDG][A-Z0-9]{2,20}|@[UW][A-Z0-9]{2,20})&gt;")


def bot_text(text: str) -> str:
    """Escape text the bot wrote itself (headlines, messages, suggestions), keeping only
    references to one channel (``<#C123>``) or one user (``<@U123>``) by id, which the
    subscription replies use; ``<!channel>``, ``<!here>`` and links stay escaped. Never use
    this for the user's words."""
    return _REFERENCE.sub(r"<\1>", escape(text))


def link(url: str, label: str) -> str:
    """A mrkdwn link; both parts escaped (``|`` would end the address early)."""
    return f"<{escape(url).replace('|', '%7C')}|{escape(label)}>"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def fallback_text(text: str) -> str:
    """A message's ``text`` (shown in notifications; Slack parses it as mrkdwn too):
    shortened, then escaped like everything else."""
    return escape(shorten(text, FALLBACK_LIMIT))


def _host(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


def _source_line(source: Source, titles: Mapping[str, str] | None = None) -> str:
    if source.url:
        return link(source.url, _host(source.url))
    if titles and source.newsletter in titles:  # the newsletter by its own title and issue
        return escape(f"{titles[source.newsletter]} (no link given)")
    return escape(f"{source.newsletter}, {source.ref} (newsletter; no link given)")


def _sources_line(dev: Development, budget: int, titles: Mapping[str, str] | None = None) -> str:
    """Distinct source links (or newsletter citations) that fit in ``budget`` characters."""
    items = list(dict.fromkeys(_source_line(s, titles) for s in dev.sources))
    shown: list[str] = []
    used = 0
    for item in items:
        if used + len(item) + 3 > budget and shown:
            break
        if used + len(item) + 3 > budget:
            item = escape(f"{_host(dev.links[0])} (link too long to show; see Details)")
        shown.append(item)
        used += len(item) + 3
    rest = len(items) - len(shown)
    more = f" (+{rest} more: see Details)" if rest else ""
    label = "Source" if len(items) == 1 else "Sources"
    return f"{label}: " + " · ".join(shown) + more


# --- buttons ------------------------------------------------------------------------------

ACTION_DETAILS = "pi_details"
"""Details button: ``value`` is a development id."""
ACTION_MORE = "pi_more"
"""More button: ``value`` is a page token (``bot.edge.render.paging``)."""
ACTION_SHARE = "pi_share"
"""Share in channel button: ``value`` is a page token for the answer being shared."""


def details_button(dev_id: str) -> ButtonElement:
    return ButtonElement(text="Details", action_id=ACTION_DETAILS, value=dev_id)


def more_button(query: str, offset: int) -> ButtonElement:
    return ButtonElement(
        text="More", action_id=ACTION_MORE, value=encode_page(query, offset), style="primary"
    )


def share_button(query: str, offset: int) -> ButtonElement:
    return ButtonElement(
        text="Share in channel", action_id=ACTION_SHARE, value=encode_page(query, offset)
    )


# --- messages ------------------------------------------------------------------------------


@dataclass
class SlackMessage:
    """One message to send: a notification ``text`` and its ``blocks``."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"text": ..., "blocks": [...]}``; raises if a block breaks Slack's limits."""
        return {"text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


def section(text: str) -> SectionBlock:
    """A mrkdwn section; ``text`` must already be escaped and within the limit."""
    if len(text) > SECTION_LIMIT:
        raise ValueError(f"section text of {len(text)} characters (limit {SECTION_LIMIT})")
    return SectionBlock(text=MarkdownTextObject(text=text))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text[:SECTION_LIMIT])])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=shorten(text, HEADER_LIMIT))


def text_sections(text: str, budget: int = SECTION_BUDGET) -> list[Block]:
    """Escaped ``text`` in as many sections as it needs, split between lines."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > budget:
            head, line = line[:budget], line[budget:]
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > budget:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def _block_chars(block: Block) -> int:
    data = block.to_dict()  # validates against Slack's limits
    return len(str(data))


def pack(
    groups: Sequence[Sequence[Block]],
    fallback: Sequence[str] | str,
    *,
    tail: Sequence[Block] = (),
) -> list[SlackMessage]:
    """Lay out indivisible groups of blocks (one record each) into messages of at most
    ``MAX_BLOCKS`` blocks and ``MESSAGE_BUDGET`` characters, in order, with ``tail`` (the
    buttons) at the end of the last message. ``fallback``: the text of the first message,
    or one text per message (the last repeated if there are more messages)."""
    messages: list[list[Block]] = [[]]
    used = 0
    all_groups = [list(g) for g in groups if g]
    if tail:
        all_groups.append(list(tail))
    for group in all_groups:
        size = sum(_block_chars(b) for b in group)
        current = messages[-1]
        if current and (len(current) + len(group) > MAX_BLOCKS or used + size > MESSAGE_BUDGET):
            messages.append([])
            used = 0
            current = messages[-1]
        if len(group) > MAX_BLOCKS:
            raise ValueError(f"a record of {len(group)} blocks cannot fit in one message")
        current.extend(group)
        used += size
    texts = [fallback] if isinstance(fallback, str) else list(fallback)
    out = []
    total = len(messages)
    for index, blocks in enumerate(messages):
        text = texts[min(index, len(texts) - 1)]
        if total > 1 and (isinstance(fallback, str) or index >= len(texts)):
            text = f"{text} (part {index + 1} of {total})"
        out.append(SlackMessage(text=fallback_text(text), blocks=blocks))
    return out


# --- one development -----------------------------------------------------------------------


def category_label(dev: Development) -> str:
    return CATEGORY_LABELS[dev.category]


def facts_line(dev: Development) -> str:
    """``27 May 2022 · Enforcement · Henan, Yuzhou · AMR`` (escaped)."""
    return escape(" · ".join(facts_parts(dev)))


def penalties_line(dev: Development, limit: int = 3) -> str | None:
    if not dev.penalties:
        return None
    shown = [escape(format_penalty(p)) for p in dev.penalties[:limit]]
    rest = len(dev.penalties) - limit
    more = f" (+{rest} more: see Details)" if rest > 0 else ""
    label = "Penalty" if len(dev.penalties) == 1 else "Penalties"
    return f"*{label}:* " + "; ".join(shown) + more


# --- the monthly digest --------------------------------------------------------------------


def _digest_line(dev: Development) -> str:
    first = dev.sources[0]
    where = link(dev.links[0], _host(dev.links[0])) if dev.links else _source_line(first)
    return f"• *{escape(format_date(dev))}* · {escape(shorten(dev.title, 300))} · {where}"


def _digest_summary(digest: Digest) -> str:
    counts = " · ".join(f"{CATEGORY_HEADINGS[c]} {n}" for c, n in digest.counts.items() if n)
    lines = [f"*{digest.total} developments* in {escape(digest.month_label)}: {escape(counts)}"]
    if digest.largest_fines:
        lines.append("*Largest fines:*")
        for dev in digest.largest_fines:
            top = max(dev.penalties, key=lambda p: p.largest)
            lines.append(
                f"• {escape(format_money(top))}: {escape(top.bearer)} "
                f"({escape(shorten(dev.title, 160))})"
            )
    if digest.in_force:
        lines.append("*New laws in force:*")
        for dev in digest.in_force:
            when = dev.effective_date
            from_ = f" (from {when.day} {when:%B %Y})" if when else ""
            lines.append(f"• {escape(shorten(dev.title, 200))}{escape(from_)}")
    return "\n".join(lines)


def digest_fallback(digest: Digest) -> str:
    counts = ", ".join(f"{CATEGORY_HEADINGS[c]} {n}" for c, n in digest.counts.items() if n)
    return f"Digest for {digest.month_label}: {digest.total} developments ({counts})"


def digest_messages(digest: Digest) -> list[SlackMessage]:
    """The month's digest: a headline summary (counts by category, largest fines, new laws in
    force), then the developments grouped Regulation, Enforcement, Courts, Industry, each with
    its date, one line and its link. Split across messages as Slack's limits require; every
    development appears once, whole. An empty month is a one-line note."""
    if digest.is_empty:
        note = f"No developments recorded for {digest.month_label}."
        return [SlackMessage(text=fallback_text(note), blocks=[section(escape(note))])]
    groups: list[list[Block]] = [
        [header(f"Digest: {digest.month_label}"), *text_sections(_digest_summary(digest))]
    ]
    texts = [digest_fallback(digest)]
    for category, devs in digest.sections:
        heading = section(f"*{CATEGORY_HEADINGS[category]}* ({len(devs)})")
        for position, dev in enumerate(devs):
            line = section(_digest_line(dev))
            # the heading travels with its first development, never alone at a message's end
            groups.append([DividerBlock(), heading, line] if position == 0 else [line])
    messages = pack(groups, texts)
    total = len(messages)
    if total > 1:
        for index, message in enumerate(messages[1:], start=2):
            message.text = fallback_text(
                f"Digest for {digest.month_label} (part {index} of {total})"
            )
        messages[0].text = fallback_text(f"{texts[0]} (part 1 of {total})")
    return messages


# --- enforcement alerts --------------------------------------------------------------------


def alert_fallback(dev: Development) -> str:
    amounts = "; ".join(format_money(p) for p in dev.penalties[:2])
    text = f"Enforcement alert: {dev.title}"
    return f"{text} ({amounts})" if amounts else text


def alert_message(dev: Development) -> SlackMessage:
    """One new enforcement development: what happened, who, where, the amount, the source."""
    who = [p.bearer for p in dev.penalties] or list(dev.entities)
    lines = [
        f"*Enforcement alert: {escape(dev.title)}*",
        facts_line(dev),
    ]
    if who:
        lines.append("*Who:* " + escape("; ".join(dict.fromkeys(who))))
    lines.append("*Where:* " + escape(", ".join(dev.regions)))
    penalties = penalties_line(dev, limit=5)
    if penalties:
        lines.append(penalties)
    head = "\n".join(lines)
    blocks: list[Block] = [*text_sections(head)]
    blocks.append(section(escape(dev.summary)))
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=_sources_line(dev, SECTION_BUDGET)),
            accessory=details_button(dev.id),
        )
    )
    blocks.append(context(escape(f"id: {dev.id} · ask /pi show {dev.id} for the full record")))
    return SlackMessage(text=fallback_text(alert_fallback(dev)), blocks=blocks)


def _validated(messages: Iterable[SlackMessage]) -> None:
    for message in messages:
        if len(message.blocks) > MAX_BLOCKS:
            raise ValueError(f"{len(message.blocks)} blocks in one message")
        message.to_dict()


# --- answers -------------------------------------------------------------------------------

SUMMARY_CHARS = 220
"""A result's summary is cut to about two lines."""
QUERY_CHARS = 300
"""How much of the question is repeated back ("You asked: ...")."""


def result_text(dev: Development, number: int, titles: Mapping[str, str] | None = None) -> str:
    """One result: title, date, category, regions, authorities, penalties, two lines of
    summary and the sources (newsletters by title, given ``titles``), in one section's text."""
    lines = [f"*{number}. {escape(dev.title)}*", facts_line(dev)]
    penalties = penalties_line(dev)
    if penalties:
        lines.append(penalties)
    lines.append(escape(shorten(dev.summary, SUMMARY_CHARS)))
    head = "\n".join(lines)
    return head + "\n" + _sources_line(dev, SECTION_BUDGET - len(head) - 1, titles)


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
    where = escape(f"{citation.newsletter}, {citation.issue}")
    line = f"• {escape(shorten(citation.development_title, 150))} — _{where}_"
    if citation.url:
        line += " · " + link(citation.url, _host(citation.url))
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
                    text=MarkdownTextObject(text=result_text(dev, number, answer.newsletters)),
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


def detail_blocks(dev: Development) -> list[list[Block]]:
    """Every field of one development, as groups of blocks."""
    groups: list[list[Block]] = [
        [section(f"*{escape(dev.title)}*\n{facts_line(dev)}")],
    ]
    if dev.penalties:
        lines = ["*Penalties:*", *(f"• {escape(format_penalty(p))}" for p in dev.penalties)]
        lines.extend(f"  _{escape(p.note)}_" for p in dev.penalties if p.note)
        groups.append(text_sections("\n".join(lines)))
    groups.append([section(escape(dev.summary))])
    fields = [
        ("Sectors", dev.sectors),
        ("Topics", dev.topics),
        ("Entities", dev.entities),
        ("Legal basis", dev.legal_basis),
        ("Related", dev.related),
    ]
    listed = [f"*{label}:* {escape(', '.join(values))}" for label, values in fields if values]
    if listed:
        groups.append(text_sections("\n".join(listed)))
    source_lines = [f"*Sources ({len(dev.sources)}):*"]
    for source in dev.sources:
        reported = (
            f", reported {source.reported_date.day} {source.reported_date:%B %Y}"
            if source.reported_date
            else ""
        )
        where = link(source.url, shorten(source.url, 80)) if source.url else "no link given"
        source_lines.append(
            f"• {escape(source.headline)} ({escape(source.newsletter)}, "
            f"{escape(source.ref)}{escape(reported)}): {where}"
        )
    groups.append(text_sections("\n".join(source_lines)))
    review = "reviewed by a person" if dev.reviewed else "not yet reviewed by a person"
    groups.append([context(escape(f"id: {dev.id} · added {dev.added_at:%Y-%m-%d} · {review}"))])
    return groups


def _detail_messages(answer: Answer, shared: bool, shared_by: str | None) -> list[SlackMessage]:
    dev = answer.results[0]
    groups = detail_blocks(dev)
    if shared_by:
        groups.insert(0, [context(f"Shared by {mention(shared_by)} with /pi")])
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
    _validated(messages)
    return messages


def error_message(text: str) -> SlackMessage:
    """A short apology that always fits (for failures inside a listener)."""
    return SlackMessage(text=fallback_text(text), blocks=[section(escape(text))])


# --- App Home ------------------------------------------------------------------------------

HOME_LATEST = 10
HOME_USAGE = (
    "Ask about China's cybersecurity and data-protection developments: laws and drafts, "
    "fines and other enforcement, court cases, industry news. Every answer cites its "
    "sources.\n"
    "• `/pi fines henan`: monetary penalties in Henan, largest first\n"
    "• `/pi fines over 1m`, `/pi CAC drafts`, `/pi courts may 2022`\n"
    "• `/pi latest 10`, `/pi show ID`, `/pi digest 2022-05`, `/pi stats`, `/pi help`\n"
    "• Or write to me here in Messages, or mention me in a channel."
)


def home_view(store: Store) -> View:
    """The App Home tab: how to use the bot, then the latest developments."""
    blocks: list[Block] = [
        header("China cybersecurity & data-protection tracker"),
        section(escape(HOME_USAGE)),
        DividerBlock(),
        header("Latest developments"),
    ]
    for number, dev in enumerate(store.developments[:HOME_LATEST], start=1):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=result_text(dev, number)),
                accessory=details_button(dev.id),
            )
        )
    if not store.developments:
        blocks.append(section("The knowledge store is empty: nothing has been ingested yet."))
    blocks.append(
        context(escape(f"{len(store)} developments from {len(store.newsletters)} newsletters."))
    )
    view = View(type="home", blocks=blocks)
    view.to_dict()  # validates
    return view
