"""Plain-text rendering of answers, developments and digests, for the terminal and console.

Every result shows its title, date (with its precision), category, regions, authorities,
penalty amounts, a two-line summary, its sources (links, or the newsletter reference when
the newsletter gave none) and its id.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

from bot.core.answers.answer import Answer, AnswerKind, Citation
from bot.core.knowledge.model import Development, PenaltyKind, Source
from bot.core.labels import (
    CATEGORY_HEADINGS,
    CATEGORY_LABELS,
    format_date,
    format_day,
    format_money,
    format_penalty,
    format_status,
)
from bot.core.periods.digest import Digest, fines_of

_CJK = re.compile(r"[\u3400-\u9fff]")
WIDTH = 100


def format_source(source: Source, titles: Mapping[str, str] | None = None) -> str:
    if source.url:
        return source.url
    if titles and source.newsletter in titles:  # the newsletter by its own title and issue
        return f"{titles[source.newsletter]} (no link given)"
    return f"newsletter {source.newsletter}, ref {source.ref} (no link given)"


def _summary_lines(summary: str, lines: int = 2, indent: str = "   ") -> list[str]:
    wrapped = textwrap.wrap(summary, width=WIDTH - len(indent))
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        wrapped[-1] = (last[: WIDTH - len(indent) - 1].rstrip() + "…") if last else "…"
    return [indent + line for line in wrapped]


def _facts(dev: Development) -> str:
    return " · ".join(facts_parts(dev))


def facts_parts(dev: Development) -> list[str]:
    """Date, category, status with its in-force date, regions and authorities: the facts
    line under every result's title, unescaped."""
    parts = [format_date(dev), CATEGORY_LABELS[dev.category]]
    status = format_status(dev)
    if status is not None:
        parts.append(status)
    parts.append(", ".join(dev.regions))
    if dev.authorities:
        parts.append(", ".join(dev.authorities))
    return parts


def render_development(
    dev: Development, *, full: bool = False, titles: Mapping[str, str] | None = None
) -> str:
    """One development: a compact block, or (``full``) every field of the record."""
    indent = "   "
    lines = [dev.title, indent + _facts(dev)]
    if dev.penalties:
        lines.append(indent + "Penalties: " + "; ".join(format_penalty(p) for p in dev.penalties))
    if full:
        lines.extend(indent + line for line in textwrap.wrap(dev.summary, WIDTH - len(indent)))
        for label, values in (
            ("Sectors", dev.sectors),
            ("Topics", dev.topics),
            ("Entities", dev.entities),
            ("Legal basis", dev.legal_basis),
            ("Related", dev.related),
        ):
            if values:
                lines.append(f"{indent}{label}: {', '.join(values)}")
        lines.append(indent + "Sources:")
        for source in dev.sources:
            reported = (
                f", reported {format_day(source.reported_date)}" if source.reported_date else ""
            )
            lines.append(
                f"{indent}  - {source.headline} [{source.newsletter}, {source.ref}{reported}]"
            )
            lines.append(f"{indent}    {format_source(source, titles)}")
        review = "reviewed by a person" if dev.reviewed else "not yet reviewed"
        lines.append(f"{indent}Added {dev.added_at:%Y-%m-%d}, {review}.")
    else:
        lines.extend(_summary_lines(dev.summary, indent=indent))
        sources = list(dict.fromkeys(format_source(s, titles) for s in dev.sources))
        lines.append(indent + "Sources: " + " ; ".join(sources))
    lines.append(f"{indent}id: {dev.id}")
    return "\n".join(lines)


def render_digest(digest: Digest) -> str:
    """A month's digest: headline summary, then Regulation/Enforcement/Courts/Industry."""
    if digest.is_empty:
        return digest.empty_note
    lines = [f"Digest for {digest.month_label}: {digest.total} developments"]
    lines.append(" · ".join(f"{CATEGORY_HEADINGS[c]} {n}" for c, n in digest.counts.items() if n))
    if digest.largest_fines:
        fines = []
        for dev in digest.largest_fines:
            top = max(fines_of(dev), key=lambda p: p.largest)
            fines.append(f"{format_money(top)} ({top.bearer})")
        lines.append("Largest fines: " + "; ".join(fines))
    if digest.compensation:
        awards = [
            f"{format_money(p)} ({p.bearer})"
            for dev in digest.compensation
            for p in dev.penalties
            if p.kind == PenaltyKind.COMPENSATION
        ]
        lines.append("Compensation ordered by courts (not fines): " + "; ".join(awards))
    if digest.in_force:
        laws = []
        for dev in digest.in_force:
            when = dev.effective_date
            laws.append(f"{dev.title} (in force {when.day} {when:%B %Y})" if when else dev.title)
        lines.append("New laws in force: " + "; ".join(laws))
    if digest.adopted:
        later = []
        for dev in digest.adopted:
            when = dev.effective_date
            later.append(f"{dev.title} (in force from {when.day} {when:%B %Y})" if when else "")
        lines.append("Adopted, in force later: " + "; ".join(x for x in later if x))
    for category, devs in digest.sections:
        lines.append("")
        lines.append(CATEGORY_HEADINGS[category])
        for dev in devs:
            lines.append(f"  {format_date(dev):>13}  {dev.title}")
            link = dev.links[0] if dev.links else format_source(dev.sources[0], digest.newsletters)
            lines.append(f"  {'':>13}  {link}")
    return "\n".join(lines)


def _understood(answer: Answer) -> list[str]:
    lines = []
    if answer.understood:
        lines.append("Understood: " + "; ".join(f"{u.label} {u.value}" for u in answer.understood))
    if answer.not_understood:
        lines.append("Not understood: " + ", ".join(answer.not_understood))
    return lines


def render_citation(citation: Citation) -> str:
    """``- Title — Newsletter title, May 2022, https://...`` and the quoted sentence."""
    line = f"- {citation.development_title} — {citation.where}"
    if citation.url:
        line += f", {citation.url}"
    if citation.quote:
        line += f"\n    “{citation.quote.strip('“”')}”"
    return line


def _direct(answer: Answer) -> list[str]:
    """How the question was read, and the citation of each fact of the direct answer."""
    direct = answer.direct
    if direct is None:
        return []
    lines = list(direct.notes)
    if direct.citations:
        lines.append("来源：" if answer.language == "zh" else "Sources:")
        lines.extend(render_citation(c) for c in direct.citations[:5])
    return lines


def render_answer(answer: Answer) -> str:
    """The whole answer as plain text."""
    kind = answer.kind
    if kind == AnswerKind.DETAIL and answer.results:
        detail = render_development(answer.results[0], full=True, titles=answer.newsletters)
        return f"{detail}\n\nHistory:\n{answer.message}" if answer.message else detail
    if kind == AnswerKind.DIGEST and answer.digest is not None:
        if answer.digest.is_empty:
            return "\n".join(filter(None, [answer.headline, answer.message]))
        return render_digest(answer.digest)
    lines = [answer.headline, *_direct(answer)]
    if kind == AnswerKind.RESULTS:
        lines.extend(_understood(answer))
        for number, dev in enumerate(answer.results, start=answer.offset + 1):
            lines.append("")
            block = render_development(dev, titles=answer.newsletters)
            if answer.language == "zh" and not _CJK.search(dev.title):
                block = "（英文标题）" + block  # no Chinese title: the English one, marked
            lines.append(f"{number}. {block}")
        if answer.results:
            first = answer.offset + 1
            last = answer.offset + len(answer.results)
            footer = f"Showing {first}–{last} of {answer.total}."
            if answer.next_offset is not None:
                footer += f" More from {answer.next_offset + 1} (offset {answer.next_offset})."
            lines.extend(["", footer])
        return "\n".join(lines)
    if kind == AnswerKind.NO_MATCH:
        if answer.message:
            lines.append(answer.message)
        lines.extend(_understood(answer))
        lines.extend(f"- {s}" for s in answer.suggestions)
        return "\n".join(lines)
    if answer.message:
        lines.append(answer.message)
    lines.extend(f"- {s}" for s in answer.suggestions)
    return "\n".join(lines)
