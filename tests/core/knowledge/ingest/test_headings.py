"""A short line printed above a newsletter's own title (a running header, an issue number)
is neither a section nor an item, and the title is no development (our own words)."""

from __future__ import annotations

from tests.core.knowledge.ingest.newsletters import parse

MEMO = """\
Harbour Privacy Desk - Client Memo

# China Data Protection Memo - March 2024

Prepared for the clients of the privacy desk.

## Enforcement

### Ningbo regulator fines a parcel locker firm

On 4 March 2024 the Ningbo market regulator fined Ningbo Lockfast Co., Ltd. RMB 60,000 for \
keeping pickup photos for years.

### Court rules on a gym's face scans

On 12 March 2024 a Ningbo court ordered a gym to delete a member's facial data.
"""


def test_a_line_above_the_title_is_no_section_and_the_title_no_item() -> None:
    parsed = parse(MEMO, "harbour-memo-2024-03.md")
    assert [(i.section, i.headline) for i in parsed.items] == [
        ("Enforcement", "Ningbo regulator fines a parcel locker firm"),
        ("Enforcement", "Court rules on a gym's face scans"),
    ]


def test_several_top_level_headings_are_sections_not_a_title() -> None:
    text = MEMO.replace("## Enforcement", "# Enforcement")
    headlines = [i.headline for i in parse(text, "harbour-memo-2024-03.md").items]
    assert "Ningbo regulator fines a parcel locker firm" in headlines
