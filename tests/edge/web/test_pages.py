"""``GET /d/<id>`` and ``GET /d/`` over real HTTP: what ``/pi`` shows, as escaped HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from markupsafe import escape

from bot.core.answers.engine import answer
from bot.core.labels import format_penalty
from bot.edge.render.text import facts_parts
from tests.support.slack_harness import SlackHarness, serving
from tests.support.state import dev, write_store


def esc(text: str) -> str:
    """As the templates escape (Jinja2's autoescape)."""
    return str(escape(text))


@pytest.fixture(scope="module")
def site() -> Iterator[SlackHarness]:
    with serving() as harness:
        yield harness


def test_a_development_page_shows_title_facts_summary_sources_and_history(
    site: SlackHarness,
) -> None:
    store = site.router.store
    chosen = next(d for d in store.developments if d.penalties and d.links)
    page = site.get(f"/d/{chosen.id}")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    text = page.body
    assert f'<h1 id="title">{esc(chosen.title)}</h1>' in text
    assert esc(" · ".join(facts_parts(chosen))) in text
    assert esc(chosen.summary) in text
    assert esc(format_penalty(chosen.penalties[0])) in text
    for source in chosen.sources:
        assert esc(source.headline) in text
    assert esc(chosen.links[0]) in text
    assert 'id="history"' in text and "Added to the tracker" in text
    assert "<script" not in text  # no client code


def test_an_unknown_development_is_a_404(site: SlackHarness) -> None:
    assert site.get("/d/2099-01-01-nothing").status == 404


def test_the_list_and_its_search_match_the_engine(site: SlackHarness) -> None:
    listing = site.get("/d/")
    assert listing.status == 200
    store = site.router.store
    assert f"{len(store)} developments, newest first" in listing.body
    assert esc(store.developments[0].title) in listing.body
    found = site.get("/d/?q=" + quote("fines henan"))
    expected = answer("about fines henan", store, page_size=20)
    assert expected.results
    for d in expected.results:
        assert f'href="/d/{d.id}"' in found.body
    assert esc(expected.headline) in found.body
    nothing = site.get("/d/?q=" + quote("zzzqqq"))
    assert "Nothing" in nothing.body and 'class="result"' not in nothing.body


def test_everything_is_escaped(tmp_path: Path) -> None:
    sneaky = dev("sneaky", dt.date(2022, 5, 2), title="<script>alert(1)</script> & Co fined")
    with serving(store_path=write_store(tmp_path / "d.json", sneaky)) as site:
        page = site.get(f"/d/{sneaky.id}").body
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co fined" in page
        searched = site.get("/d/?q=" + quote("<script>x</script>")).body
        assert "<script>x</script>" not in searched
