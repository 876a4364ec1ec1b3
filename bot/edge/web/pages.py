"""``GET /d/<id>`` and ``GET /d/``: plain HTML from Jinja2 templates (autoescaped), no
client-side code, and nothing beyond what ``/pi`` shows: title, facts, penalties, summary,
sources and the history of reports. The list searches with the answer engine, so
``/d/?q=fines henan`` finds what ``/pi fines henan`` finds.

The pages are public: they show published developments only (``Store.published``, the one
rule of ``bot.core.knowledge.review.is_published``). An unreviewed or discarded one is a 404
and is absent from the list and its search; one withdrawn after it was published is a 410
page saying when it was withdrawn and the editor's note, without its content. Every page
carries a Content-Security-Policy that allows no scripts at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response, abort, render_template, request

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.model import Development
from bot.core.knowledge.review import was_withdrawn_after_publication, withdrawal
from bot.core.knowledge.store import LiveStore, Store
from bot.core.labels import format_day, format_penalty
from bot.edge.render.blocks.form_filters import search_text
from bot.edge.render.text import facts_parts

PAGE_SIZE = 20
QUERY_LIMIT = 300
MAX_OFFSET = 100_000
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""No scripts from anywhere (``script-src`` falls back to ``default-src 'none'``); only the
pages' own inline style; forms post back here only; never framed."""


def newsletter_name(store: Store, newsletter_id: str) -> str:
    """A newsletter's title as it cites it, or its id when the store lacks it."""
    known = store.newsletters_by_id.get(newsletter_id)
    return known.title if known else newsletter_id


def history(dev: Development, store: Store) -> list[tuple[str, str]]:
    """(when, what) lines: each report of the development, then when it was added here."""
    lines: list[tuple[str, str]] = []
    reports = sorted(dev.sources, key=lambda s: (s.reported_date or date.max, s.ref))
    for source in reports:
        when = format_day(source.reported_date) if source.reported_date else "date not given"
        where = f"{newsletter_name(store, source.newsletter)} ({source.ref})"
        lines.append((when, f"Reported in {where}: {source.headline}"))
    if dev.effective_date:
        lines.append((format_day(dev.effective_date), "In force"))
    lines.append((format_day(dev.added_at.date()), "Added to the tracker"))
    return lines


def _view(dev: Development, store: Store) -> dict[str, object]:
    return {
        "dev": dev,
        "facts": " · ".join(facts_parts(dev)),
        "penalties": [format_penalty(p) for p in dev.penalties],
        "sources": [(s, newsletter_name(store, s.newsletter)) for s in dev.sources],
        "history": history(dev, store),
    }


def development_pages(live_store: LiveStore, today: Callable[[], date] | None = None) -> Blueprint:
    pages = Blueprint("pages", __name__, template_folder="templates")

    @pages.after_request
    def no_scripts(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @pages.get("/d/")
    def developments() -> str:
        store = live_store.current().published
        query = " ".join(request.args.get("q", "").split())[:QUERY_LIMIT]
        try:
            offset = min(MAX_OFFSET, max(0, int(request.args.get("offset", "0"))))
        except ValueError:
            offset = 0
        if query:
            found = answer(
                search_text(query),
                store,
                offset=offset,
                page_size=PAGE_SIZE,
                today=today() if today else None,
            )
            listed = found.kind in (AnswerKind.RESULTS, AnswerKind.DETAIL)
            return render_template(
                "developments.html",
                query=query,
                headline=found.headline,
                message=None if listed else found.message,
                understood=[f"{u.label} {u.value}" for u in found.understood],
                results=[_view(d, store) for d in found.results] if listed else [],
                total=found.total if listed else 0,
                offset=offset,
                next_offset=found.next_offset if listed else None,
                previous_offset=max(0, offset - PAGE_SIZE) if offset else None,
            )
        page = store.developments[offset : offset + PAGE_SIZE]
        more = offset + PAGE_SIZE < len(store)
        return render_template(
            "developments.html",
            query="",
            headline=f"{len(store)} developments, newest first",
            message=None,
            understood=[],
            results=[_view(d, store) for d in page],
            total=len(store),
            offset=offset,
            next_offset=offset + PAGE_SIZE if more else None,
            previous_offset=max(0, offset - PAGE_SIZE) if offset else None,
        )

    @pages.get("/d/<dev_id>")
    def development(dev_id: str) -> str | tuple[str, int]:
        whole = live_store.current()
        store = whole.published
        dev = store.get(dev_id)
        if dev is not None:
            return render_template("development.html", **_view(dev, store))
        taken = whole.get(dev_id)
        if taken is None or not was_withdrawn_after_publication(taken):
            abort(404)  # unknown, or never published: nothing to say about it
        revision = withdrawal(taken)
        page = render_template(
            "withdrawn.html",
            dev_id=taken.id,
            when=format_day(revision.at.date()) if revision else None,
            note=revision.note if revision else None,
            merged_into=taken.merged_into if taken.merged_into in store.by_id else None,
        )
        return page, 410

    @pages.get("/d")
    def developments_without_slash() -> Response:
        return Response(status=308, headers={"Location": "/d/"})

    return pages
