"""``show ID``, ``digest [month]`` and ``stats``: answers about what the store holds, rather
than a search. ``Browse`` is the part of a request's context these commands use (the
engine's context extends it). No Slack imports."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from rapidfuzz import fuzz, process

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.search.titles import titled_pair
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.periods.digest import build_digest, parse_month, previous_month
from bot.core.query.parsed import ParsedQuery
from bot.core.query.parser import parse_query

_ID_CHARS = re.compile(r"[^a-z0-9-]")


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


_WORDS_NOT_ID = re.compile(r"^\s*(?!\W*\d{4}-\d{2})\S+\s+\S")
"""``show`` followed by words, not an id: a question ("show me the source")."""


class Browse:
    query: str
    store: Store
    today: date
    gaz: Gazetteer

    def parse(self, text: str, *, about_money: bool = False) -> ParsedQuery:
        titled = titled_pair(self.store, self.gaz)
        return parse_query(text, self.gaz, today=self.today, about_money=about_money, titled=titled)

    def _span(self) -> str:
        if not self.store.developments:
            return ""
        newest = self.store.developments[0].date
        oldest = self.store.developments[-1].date
        return f" dated {oldest.day} {oldest:%B %Y} to {newest.day} {newest:%B %Y}"

    def search(self, text: str) -> Answer:
        raise NotImplementedError

    def show(self, rest: str) -> Answer:
        if _WORDS_NOT_ID.match(rest):  # "show me the source", "show fines in Henan"
            return self.search(rest)
        wanted = _ID_CHARS.sub("", rest.strip().strip("`'\"").lower())
        if not wanted:
            return Answer(
                kind=AnswerKind.ERROR,
                query=self.query,
                headline="Which development? Say `show ID`.",
                message="Every result ends with its id, e.g. `show 2022-05-27-...`.",
            )
        dev = self.store.get(wanted)
        if dev is not None:
            return Answer(
                kind=AnswerKind.DETAIL,
                query=self.query,
                headline=dev.title,
                results=(dev,),
                total=1,
            )
        close = process.extract(
            wanted, list(self.store.by_id), scorer=fuzz.ratio, score_cutoff=55, limit=3
        )
        return Answer(
            kind=AnswerKind.NO_MATCH,
            query=self.query,
            headline="No development has that id.",
            message="Ids look like 2022-05-27-yuzhou-face-recognition-fine.",
            suggestions=tuple(f"show {dev_id}" for dev_id, _, _ in close),
        )

    def digest(self, rest: str) -> Answer:
        month = rest.strip() or previous_month(self.today)
        try:
            parse_month(month)
        except ValueError:
            month_from_text = self._month_of(rest)
            if month_from_text is None:
                parsed = self.parse(rest)
                problems = " ".join(parsed.errors)
                return Answer(
                    kind=AnswerKind.ERROR,
                    query=self.query,
                    headline="Which month? Give it as YYYY-MM.",
                    message=(f"{problems} " if problems else "")
                    + "For example `digest 2022-05`; with no month, last month's digest.",
                    understood=parsed.understood,
                    not_understood=() if problems else (rest.strip(),),
                )
            month = month_from_text
        digest = build_digest(self.store, month)
        if digest.is_empty:
            return Answer(
                kind=AnswerKind.DIGEST,
                query=self.query,
                headline=f"Nothing recorded for {digest.month_label}.",
                message=f"The store holds {plural(len(self.store), 'development')}{self._span()}.",
                digest=digest,
            )
        return Answer(
            kind=AnswerKind.DIGEST,
            query=self.query,
            headline=f"{digest.month_label}: {plural(digest.total, 'development')}",
            digest=digest,
            total=digest.total,
        )

    def _month_of(self, text: str) -> str | None:
        parsed = self.parse(text)
        f = parsed.filters
        if parsed.errors or parsed.terms or f.date_from is None or f.date_to is None:
            return None
        if f.date_from.day != 1 or (f.date_from.year, f.date_from.month) != (
            f.date_to.year,
            f.date_to.month,
        ):
            return None
        return f.date_from.strftime("%Y-%m")

    def stats(self) -> Answer:
        store = self.store
        by_category = Counter(d.category for d in store.developments)
        by_month = Counter(d.month for d in store.developments)
        ingests = [n.ingested_at for n in store.newsletters]
        last_ingest = max(ingests).isoformat() if ingests else None
        stats: dict[str, object] = {
            "total": len(store),
            "by_category": {c.value: by_category.get(c, 0) for c in Category},
            "by_month": dict(sorted(by_month.items(), reverse=True)),
            "with_penalties": sum(1 for d in store.developments if d.penalties),
            "unreviewed": sum(1 for d in store.developments if not d.reviewed),
            "newsletters": [
                {"id": n.id, "title": n.title, "issue_month": n.issue_month}
                for n in store.newsletters
            ],
            "last_ingest": last_ingest,
        }
        lines = [
            "By category: " + ", ".join(f"{c.value} {by_category.get(c, 0)}" for c in Category),
            "By month: " + ", ".join(f"{m} {n}" for m, n in sorted(by_month.items(), reverse=True)),
            f"Newsletters ingested: {len(store.newsletters)}"
            + (f" (last on {last_ingest[:10]})" if last_ingest else ""),
        ]
        return Answer(
            kind=AnswerKind.STATS,
            query=self.query,
            headline=f"The store holds {plural(len(store), 'development')}"
            f" from {plural(len(store.newsletters), 'newsletter')}.",
            message="\n".join(lines),
            stats=stats,
            total=len(store),
        )
