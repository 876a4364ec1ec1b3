"""Review flags: each suspicious record is flagged, shown by a dry run and by validate,
stored on the record, and a reviewed record may not keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.flags import days_outside_month
from bot.core.knowledge.store import read_knowledge
from bot.core.knowledge.validate import Level, check_knowledge
from tests.core.knowledge.ingest.newsletters import MARKDOWN, parse, titled

SUSPICIOUS = """\
# Compliance notes, June 2022

## Legislation

### Shenzhen adopts a data regulation

On 22 June 2022, Shenzhen adopted a data regulation. The city's regulator fined a \
retailer RMB 10,000 under the old rules.

### Cross-border rules from the CAC

On 3 January 2022, the CAC said it would publish cross-border rules.

### Provinces report on data campaigns

On 15 June 2022, Beijing, Shanghai, Guangdong and Zhejiang reported on their data campaigns.

### News update

On 20 June 2022, the CAC released a notice on app filings.

## Enforcement

- **Enforcement:** On 9 June 2022, a fine of RMB 30,000 was imposed for leaking data.
"""


def flags_of(headline_start: str) -> tuple[str, ...]:
    return titled(parse(SUSPICIOUS), headline_start).flags


def test_each_kind_of_flag() -> None:
    assert any("penalties on a regulation" in f for f in flags_of("Shenzhen adopts"))
    assert any(
        "2022-01-03 is 149 days outside the issue month 2022-06" in f
        for f in flags_of("Cross-border rules")
    )
    assert any("4 regions" in f for f in flags_of("Provinces report"))
    # A headline that says nothing: the id comes from the first sentence instead.
    assert titled(parse(SUSPICIOUS), "News update").slug == "cac-released-notice-app-filings"
    enforcement = flags_of("Enforcement")
    assert any("section heading" in f for f in enforcement)
    assert any("amount 30000 CNY has no payer named" in f for f in enforcement)


def test_well_formed_items_have_no_flags() -> None:
    parsed = parse(MARKDOWN)
    assert [i.flags for i in parsed.items] == [()] * len(parsed.items)


def test_dry_run_and_validate_show_flags_and_records_stay_unreviewed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newsletter = tmp_path / "notes.md"
    newsletter.write_text(SUSPICIOUS, encoding="utf-8")
    store = tmp_path / "developments.json"
    assert main(["ingest", str(newsletter), "--dry-run", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "    flag: penalties on a regulation record" in out
    assert main(["ingest", str(newsletter), "--store", str(store)]) == 0
    capsys.readouterr()
    knowledge = read_knowledge(store)
    flagged = [d for d in knowledge.developments if d.flags]
    assert len(flagged) == 5 and not any(d.reviewed for d in flagged)
    assert main(["validate", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "needs a look: penalties on a regulation record" in out
    assert "needs a look: date 2022-01-03 is 149 days outside the issue month 2022-06" in out


def test_a_reviewed_record_may_not_keep_flags(tmp_path: Path) -> None:
    parsed = parse(SUSPICIOUS)
    from bot.core.knowledge.ingest.merge import merge
    from bot.core.knowledge.model import KnowledgeFile

    knowledge = merge(KnowledgeFile(), [parsed], dt.datetime(2022, 7, 1, tzinfo=dt.UTC)).knowledge
    flagged = next(d for d in knowledge.developments if d.flags)
    reviewed = knowledge.model_copy(
        update={
            "developments": tuple(
                d.model_copy(update={"reviewed": True}) if d.id == flagged.id else d
                for d in knowledge.developments
            )
        }
    )
    errors = [p for p in check_knowledge(reviewed, default_gazetteer()) if p.level is Level.ERROR]
    assert [str(e) for e in errors] == [
        f"error: development {flagged.id} flags: reviewed but still flagged; clear the flags "
        "once they are checked"
    ]


def test_days_outside_month() -> None:
    assert days_outside_month(dt.date(2022, 6, 30), "2022-06") == 0
    assert days_outside_month(dt.date(2022, 7, 1), "2022-06") == 1
    assert days_outside_month(dt.date(2022, 5, 31), "2022-06") == 1
    assert days_outside_month(dt.date(2023, 1, 1), "2022-12") == 1


def test_a_generic_id_is_flagged_by_validate() -> None:
    parsed = parse(MARKDOWN)
    from bot.core.knowledge.ingest.merge import merge
    from bot.core.knowledge.model import KnowledgeFile

    knowledge = merge(KnowledgeFile(), [parsed], dt.datetime(2022, 7, 1, tzinfo=dt.UTC)).knowledge
    first = knowledge.developments[0]
    renamed = first.model_copy(update={"id": f"{first.date}-development"})
    knowledge = knowledge.model_copy(update={"developments": (renamed,)})
    warnings = [str(p) for p in check_knowledge(knowledge, default_gazetteer())]
    assert (
        f"warning: development {renamed.id}: needs a look: empty or generic slug 'development'"
        in warnings
    )
