"""A newsletter's identity is stable and unique: a feed is what it calls itself, a file
received in Slack its title and content hash; feed entries are keyed by id or link."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.identity import content_id, identity_id
from bot.core.knowledge.ingest.ingest import ingest
from bot.core.knowledge.intake import parse_received_file
from bot.core.knowledge.store import read_knowledge

CASES = {
    "zhongke": (
        "Shanghai regulator fines Zhongke Travel Co., Ltd. RMB 300,000",
        "Tue, 09 Aug 2022",
    ),
    "anhua": ("Beijing court rules Anhua Data Co., Ltd. must delete faces", "Wed, 10 Aug 2022"),
    "lanxin": ("CAC issues draft measures on facial recognition security", "Thu, 11 Aug 2022"),
}


def rss(site: str, *slugs: str, guid: bool = True) -> bytes:
    items = []
    for slug in slugs:
        title, day = CASES[slug]
        ident = f"<guid isPermaLink='false'>{site}#{slug}</guid>" if guid else ""
        items.append(
            f"<item><title>{title}</title><link>https://{site}/{slug}</link>{ident}"
            f"<pubDate>{day} 08:00:00 GMT</pubDate><description>{title}, the regulator "
            "said in a notice published on its website.</description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Privacy Wire</title>'
        f"<link>https://{site}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def refs(store: Path) -> list[tuple[str, str]]:
    return sorted(
        (s.newsletter, s.ref) for d in read_knowledge(store).developments for s in d.sources
    )


def test_a_grown_feed_adds_exactly_its_new_entries(tmp_path: Path) -> None:
    store, feed = tmp_path / "developments.json", tmp_path / "feed.xml"
    feed.write_bytes(rss("wire.example", "zhongke", "anhua"))
    ingest([feed], store)
    before = refs(store)
    assert len(before) == 2
    feed.write_bytes(rss("wire.example", "lanxin", "zhongke", "anhua"))  # a new first entry
    outcome = ingest([feed], store)
    [report] = outcome.result.reports
    assert [n.ref for n in report.new] == ["Feed entry #wire.example#lanxin"]
    after = refs(store)
    assert len(after) == 3 and set(before) < set(after)
    titles = [d.title for d in read_knowledge(store).developments]
    assert len(titles) == len(set(titles)) == 3  # nothing dropped, nothing duplicated


def test_entries_without_ids_are_keyed_by_their_links(tmp_path: Path) -> None:
    store, feed = tmp_path / "developments.json", tmp_path / "feed.xml"
    feed.write_bytes(rss("wire.example", "anhua", guid=False))
    ingest([feed], store)
    feed.write_bytes(rss("wire.example", "zhongke", "anhua", guid=False))
    [report] = ingest([feed], store).result.reports
    assert [n.ref for n in report.new] == ["Feed entry #https://wire.example/zhongke"]


def test_two_feeds_with_one_file_name_are_two_newsletters(tmp_path: Path) -> None:
    store = tmp_path / "developments.json"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "feed.xml").write_bytes(rss("first.example", "zhongke"))
    (tmp_path / "b" / "feed.xml").write_bytes(rss("second.example", "lanxin"))
    ingest([tmp_path / "a" / "feed.xml", tmp_path / "b" / "feed.xml"], store)
    knowledge = read_knowledge(store)
    assert len(knowledge.newsletters) == 2
    assert len({n.id for n in knowledge.newsletters}) == 2
    assert len(knowledge.developments) == 2


def test_received_files_are_named_by_title_and_content() -> None:
    gazetteer = default_gazetteer()
    text = "\n\n".join(
        ["# Privacy Notes", "## Enforcement", f"1. {CASES['zhongke'][0]}", "9 August 2022."]
    )
    first = parse_received_file(text.encode(), "newsletter.md", gazetteer)
    other = parse_received_file(
        text.replace("300,000", "500,000").encode(), "newsletter.md", gazetteer
    )
    assert first.id != other.id  # same file name, different newsletters
    assert first.id.startswith("privacy-notes-") or first.id.startswith("newsletter-")
    fed = parse_received_file(rss("x.example", "anhua", guid=False), "feed.xml", gazetteer)
    assert fed.id == identity_id("https://x.example/")
    by_address = parse_received_file(
        rss("y.example", "anhua").replace(b"<link>https://y.example/</link>", b""),
        "feed.xml",
        gazetteer,
        address="https://y.example/a/feed.xml",
    )
    assert by_address.id == identity_id("https://y.example/a/feed.xml")
    assert content_id("A title", "x.pdf", "ab" * 32) == "a-title-abababab" + "ab"
