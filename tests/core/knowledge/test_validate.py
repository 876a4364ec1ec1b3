"""``validate``: every kind of problem, said exactly where, and the command's exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.model import (
    Category,
    Development,
    KnowledgeFile,
    Newsletter,
    Source,
    Status,
)
from bot.core.knowledge.store import write_knowledge
from bot.core.knowledge.validate import Level, Problem, check_knowledge, check_link

ADDED = dt.datetime(2022, 6, 10, tzinfo=dt.UTC)
NEWSLETTER = Newsletter(
    id="n1",
    title="n1 (May 2022)",
    issue_month="2022-05",
    file_name="n1.txt",
    sha256="a" * 64,
    ingested_at=ADDED,
)


def dev(
    dev_id: str = "2022-05-27-henan-fine", ref: str = "Cases #1", **fields: object
) -> Development:
    data: dict[str, object] = {
        "id": dev_id,
        "date": dt.date(2022, 5, 27),
        "added_at": ADDED,
        "category": Category.ENFORCEMENT,
        "title": "Sales office fined",
        "summary": "A sales office collected face data without consent and was fined.",
        "authorities": ("AMR",),
        "regions": ("Henan", "Yuzhou"),
        "legal_basis": ("PIPL",),
        "sources": (
            Source(
                newsletter="n1",
                ref=ref,
                headline="Fined",
                reported_date=dt.date(2022, 5, 27),
                url="https://m.thepaper.cn/newsDetail_forward_18299237",
            ),
        ),
        "reviewed": True,
    }
    data.update(fields)
    return Development.model_validate(data)


def check(
    *developments: Development, newsletters: tuple[Newsletter, ...] = (NEWSLETTER,)
) -> list[Problem]:
    knowledge = KnowledgeFile(newsletters=newsletters, developments=developments)
    return check_knowledge(knowledge, default_gazetteer())


def errors(problems: list[Problem]) -> list[str]:
    return [f"{p.where}: {p.message}" for p in problems if p.level is Level.ERROR]


def test_a_good_store_has_no_problems() -> None:
    assert (
        check(
            dev(), dev("2022-05-20-bank-fine", ref="Cases #2", related=("2022-05-27-henan-fine",))
        )
        == []
    )


def test_duplicate_ids() -> None:
    assert errors(check(dev(), dev(ref="Cases #2"))) == [
        "development 2022-05-27-henan-fine: id used by 2 developments; ids must be unique"
    ]


def test_one_report_in_two_developments() -> None:
    assert errors(check(dev(), dev("2022-05-27-other"))) == [
        'development 2022-05-27-other sources: newsletter n1 "Cases #1" is also a source of '
        "2022-05-27-henan-fine; each report belongs to one development"
    ]


def test_unknown_newsletter() -> None:
    assert errors(check(dev(), newsletters=())) == [
        "development 2022-05-27-henan-fine sources[0].newsletter: unknown newsletter 'n1'"
    ]


def test_duplicate_newsletters() -> None:
    twin = NEWSLETTER.model_copy(update={"id": "n2"})
    assert errors(check(newsletters=(NEWSLETTER, twin))) == [
        "newsletter n2: same file (sha256 aaaaaaaaaaaa...) as newsletter n1"
    ]


def test_date_after_added_at() -> None:
    assert errors(check(dev(date=dt.date(2022, 7, 1)))) == [
        "development 2022-05-27-henan-fine date: date 2022-07-01 is after added_at "
        "2022-06-10T00:00:00+00:00"
    ]


def test_reported_date_far_from_date() -> None:
    far = dev(date=dt.date(2022, 3, 1))
    assert errors(check(far)) == [
        "development 2022-05-27-henan-fine sources[0].reported_date: reported_date 2022-05-27 "
        "is 87 days from date 2022-03-01 (more than 60)"
    ]


def test_effective_date_before_date_unless_in_force() -> None:
    early = dict(effective_date=dt.date(2022, 1, 1), category=Category.REGULATION)
    assert errors(check(dev(status=Status.ADOPTED, **early))) == [
        "development 2022-05-27-henan-fine effective_date: effective_date 2022-01-01 is before "
        "date 2022-05-27 but status is adopted (not in_force)"
    ]
    assert errors(check(dev(status=Status.IN_FORCE, **early))) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "link must start with http:// or https://"),
        ("https://example/x", "link has no valid host name (example)"),
        ("https://exa mple.com/x", "link contains whitespace"),
        ("https://example.com:99999/x", "malformed link (Port out of range 0-65535)"),
        ("https://bad_host.com/x", "link has no valid host name (bad_host.com)"),
    ],
)
def test_links(url: str, message: str) -> None:
    assert check_link(url) == message
    source = Source.model_construct(newsletter="n1", ref="Cases #1", headline="Fined", url=url)
    broken = dev().model_copy(update={"sources": (source,)})
    assert errors(check(broken)) == [
        f"development 2022-05-27-henan-fine sources[0].url: {message}: {url!r}"
    ]


def test_good_links() -> None:
    for url in (
        "https://mp.weixin.qq.com/s/gAxXWcCF3eHMOaRCH4ow_A?scene=25#wechat_redirect",
        "http://www.npc.gov.cn/npc/c30834/202205/b99c9f338eeb41519239b1a6025d35b6.shtml",
    ):
        assert check_link(url) is None


def test_related_ids_must_exist() -> None:
    assert errors(check(dev(related=("2022-01-01-missing",)))) == [
        "development 2022-05-27-henan-fine related[0]: no development with id '2022-01-01-missing'"
    ]
    assert errors(check(dev(related=("2022-05-27-henan-fine",)))) == [
        "development 2022-05-27-henan-fine related[0]: a development cannot relate to itself"
    ]


def test_names_must_be_canonical() -> None:
    named = dev(
        authorities=("Cyberspace Administration", "Ministry of Magic"),
        regions=("河南", "Yuzhou"),
        legal_basis=("Personal Information Protection Law",),
    )
    assert errors(check(named)) == [
        "development 2022-05-27-henan-fine authorities[0]: 'Cyberspace Administration' "
        "is not canonical; use 'CAC'",
        "development 2022-05-27-henan-fine authorities[1]: 'Ministry of Magic' is not in the "
        "gazetteer's authorities",
        "development 2022-05-27-henan-fine regions[0]: '河南' is not canonical; use 'Henan'",
        "development 2022-05-27-henan-fine legal_basis[0]: 'Personal Information Protection Law' "
        "is not canonical; use 'PIPL'",
    ]
    assert errors(check(dev(regions=("national", "Henan")))) == [
        'development 2022-05-27-henan-fine regions: "national" cannot be combined with '
        "other regions"
    ]


def test_warnings_for_the_reviewer() -> None:
    problems = check(dev(reviewed=False, regions=("Yuzhou",)))
    assert errors(problems) == []
    assert [str(p) for p in problems] == [
        "warning: development 2022-05-27-henan-fine regions: Yuzhou is listed without Henan "
        "(list province and city both)",
        "warning: development 2022-05-27-henan-fine: not reviewed yet (machine summary and tags)",
    ]


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile(newsletters=(NEWSLETTER,), developments=(dev(),)))
    assert main(["validate", "--store", str(store)]) == 0
    assert capsys.readouterr().out.strip() == f"{store}: valid: 0 error(s), 0 warning(s)."

    write_knowledge(
        store, KnowledgeFile(newsletters=(NEWSLETTER,), developments=(dev(related=("nope",)),))
    )
    assert main(["validate", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert (
        "error: development 2022-05-27-henan-fine related[0]: no development with id 'nope'" in out
    )
    assert out.strip().endswith("not valid: 1 error(s), 0 warning(s).")

    store.write_text('{"developments": [{"id": "bad"}]}', encoding="utf-8")
    assert main(["validate", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert f"error: {store}: {store}: the knowledge store does not match the schema" in out
    assert "development 'bad' (#0)" in out

    assert main(["validate", "--store", str(tmp_path / "missing.json")]) == 1
    assert "no knowledge store here" in capsys.readouterr().out


def test_control_characters_in_text_fields_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nul = dev(
        title="Sales\x00 office fined",
        sources=(Source(newsletter="n1", ref="Cases #1", headline="Fined\x1b[2J"),),
    )
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile(newsletters=(NEWSLETTER,), developments=(nul,)))
    assert main(["validate", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    where = "error: development 2022-05-27-henan-fine"
    assert f"{where} title: contains a control character (U+0000 at offset 5)" in out
    assert f"{where} sources[0].headline: contains a control character (U+001B" in out


def test_an_unreviewed_record_that_is_probably_not_a_development_is_a_warning() -> None:
    from bot.core.knowledge.model import Confidence

    doubtful = dev(reviewed=False, confidence=Confidence(score=0.2, reasons=("no date",)))
    warnings = [p.message for p in check(doubtful) if p.level is Level.WARNING]
    assert any(w.startswith("probably not a development (confidence 0.20)") for w in warnings)
    sure = dev(reviewed=False, confidence=Confidence(score=0.9))
    assert not any("probably not" in p.message for p in check(sure))
