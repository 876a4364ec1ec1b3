"""Two-column PDF bulletins with a sidebar, built with fpdf2: each column is read top to
bottom, the sidebar is a box of its own, the masthead above a rule is marked, running
headers and footers are dropped."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.blocks import BlockKind, Role, plain, walk
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.readers import read_newsletter

LEAD = (
    "The national regulator has brought its amended competition statute into force, and the "
    "new rules reach data and algorithms used by platforms to shut rivals out of markets. "
    "Fines for unlawful concentrations now rise to ten per cent of turnover."
)
SECOND = (
    "A provincial market regulator fined a hotel group for collecting guests' identity "
    "documents without consent. The group must delete what it kept and train its staff "
    "before the end of the quarter."
)
THIRD = (
    "A district court ordered a property manager to stop using face recognition at the gate "
    "of a residential compound and to offer residents another way in."
)
SIDEBAR = ["Key dates", "1 Aug: account rules apply", "29 Sep: comments due", "1 Nov: PIPL year"]


def bulletin(*, framed_sidebar: bool, pages: int = 1, sidebar: list[str] = SIDEBAR) -> bytes:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(40, 20)
        pdf.cell(300, 10, "Competition & Data Bulletin - July 2022")
        pdf.set_xy(480, 20)
        pdf.cell(80, 10, f"Page {page}")
        if page == 1:
            pdf.set_font("Helvetica", "B", 20)
            pdf.set_xy(40, 60)
            pdf.cell(515, 24, "Competition & Data Bulletin")
            pdf.line(40, 92, 555, 92)
        left, right, width = 40, 235, 175
        for x, stories in ((left, [("Amended law in force", LEAD)]), (right, [
            ("Hotel group fined", SECOND), ("Court limits face scans", THIRD)
        ])):  # fmt: skip
            pdf.set_xy(x, 110)
            for headline, body in stories:
                pdf.set_font("Helvetica", "B", 13)
                pdf.set_x(x)
                pdf.multi_cell(width, 16, f"{headline} ({page})")
                pdf.set_font("Helvetica", size=10)
                pdf.set_x(x)
                pdf.multi_cell(width, 13, body)
                pdf.ln(8)
        # the sidebar: a narrow third column, framed or not
        pdf.set_font("Helvetica", size=9)
        if framed_sidebar:
            pdf.rect(428, 104, 130, 90)
        pdf.set_xy(434, 110)
        for line in sidebar:
            pdf.set_x(434)
            pdf.multi_cell(118, 12, line)
            pdf.ln(4)
    return bytes(pdf.output())


def _assert_columns_read_in_order(text: str) -> None:
    lead_at = text.index(LEAD[:60])
    assert LEAD in text  # whole, not interleaved with the next column
    assert SECOND in text and THIRD in text
    assert lead_at < text.index(SECOND) < text.index(THIRD)
    assert "Amended law in force (1)" in text  # the lead story's headline survives


def test_a_two_column_bulletin_is_read_column_by_column_with_a_framed_sidebar() -> None:
    read = read_newsletter(bulletin(framed_sidebar=True), name="bulletin.pdf")
    _assert_columns_read_in_order(read.text)
    assert read.blocks is not None
    boxes = [b for b in read.blocks if b.kind is BlockKind.BOX]
    assert len(boxes) == 1
    assert [c.text for c in boxes[0].children] == SIDEBAR
    for block in read.blocks:  # the sidebar's lines are in no story's block
        if block.kind is not BlockKind.BOX:
            assert "comments due" not in block.text
    assert "1 Nov: PIPL year" not in read.text  # a box of short lines holds no story


def test_an_unframed_narrow_column_is_a_sidebar_too() -> None:
    read = read_newsletter(bulletin(framed_sidebar=False), name="bulletin.pdf")
    _assert_columns_read_in_order(read.text)
    assert read.blocks is not None
    boxes = [b for b in read.blocks if b.kind is BlockKind.BOX]
    assert len(boxes) == 1 and "29 Sep: comments due" in boxes[0].text


def test_columns_on_every_page_and_running_headers_dropped() -> None:
    read = read_newsletter(bulletin(framed_sidebar=True, pages=3), name="bulletin.pdf")
    text = read.text
    assert "Page " not in text and "- July 2022" not in text
    for page in (1, 2, 3):
        assert f"Amended law in force ({page})" in text
    assert text.count(LEAD) == 3 and text.count(SECOND) == 3


def test_the_masthead_above_a_rule_is_marked_not_read_as_news() -> None:
    read = read_newsletter(bulletin(framed_sidebar=True), name="bulletin.pdf")
    assert read.blocks is not None
    masthead = [b.text for b in walk(read.blocks) if b.role is Role.MASTHEAD]
    assert "Competition & Data Bulletin" in masthead  # one page: its running header too
    # The name plate alone is the text's title, so the lead story is never taken for it.
    assert read.text.startswith("# Competition & Data Bulletin\n\n## Amended law in force (1)")
    assert "July 2022" not in read.text
    assert read.title == "Competition & Data Bulletin"


def test_a_sidebar_listing_the_stories_is_a_contents_box_left_out_of_the_text() -> None:
    contents = ["In this issue", "Amended law in force (1)", "Hotel group fined (1)"]
    read = read_newsletter(bulletin(framed_sidebar=True, sidebar=contents), name="b.pdf")
    assert read.blocks is not None
    boxes = [b for b in read.blocks if b.kind is BlockKind.BOX]
    assert len(boxes) == 1 and boxes[0].role is Role.TOC
    assert read.text.count("Hotel group fined (1)") == 1
    assert "In this issue" not in read.text


def test_a_box_holding_a_story_is_read_after_the_flow() -> None:
    story = [
        "In brief",
        "A city regulator warned delivery apps to stop sharing riders' location data with "
        "advertisers and gave them a month to report what they changed.",
    ]
    read = read_newsletter(bulletin(framed_sidebar=True, sidebar=story), name="b.pdf")
    text = read.text
    assert text.index(THIRD) < text.index("A city regulator warned delivery apps")


def test_the_bulletins_stories_become_its_items_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin(framed_sidebar=True))
    parsed = read_and_parse(path, default_gazetteer(), month=YearMonth(2022, 7))
    assert [item.headline for item in parsed.items] == [
        "Amended law in force (1)",  # the lead story, not taken for the title
        "Hotel group fined (1)",
        "Court limits face scans (1)",
    ]
    assert all("comments due" not in item.body for item in parsed.items)


def test_a_table_of_fines_drawn_in_cells_is_read_cell_by_cell() -> None:
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(500, 14, "Fines of the month")
    rows = [
        ("Company", "Authority", "Fine"),
        ("Shanghai Example Trading Co., Ltd., a retailer of cosmetics with stores in the "
         "city, fined for capturing shoppers' faces in its stores without their consent",
         "Xuhui District market regulator", "RMB 350,000 and confiscation"),
        ("Beijing Sample Technology Co., Ltd., an app developer", "Haidian regulator",
         "RMB 100,000"),
    ]  # fmt: skip
    with pdf.table(col_widths=(200, 150, 150), line_height=14) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    read = read_newsletter(bytes(pdf.output()), name="fines.pdf")
    assert read.blocks is not None
    assert not [b for b in read.blocks if b.kind is BlockKind.BOX]
    tables = [b for b in read.blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1
    assert [[plain(cell) for cell in row] for row in tables[0].rows] == [list(r) for r in rows]
    assert "| Beijing Sample Technology Co., Ltd., an app developer | Haidian regulator |" in (
        read.text
    )


def test_a_sidebar_story_is_an_item_of_its_own_not_the_text_of_the_last_story(
    tmp_path: Path,
) -> None:
    story = [
        "In brief",
        "A city regulator warned delivery apps to stop sharing riders' location data with "
        "advertisers and gave them a month to report what they changed.",
    ]
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin(framed_sidebar=True, sidebar=story))
    parsed = read_and_parse(path, default_gazetteer(), month=YearMonth(2022, 7))
    court = next(i for i in parsed.items if i.headline == "Court limits face scans (1)")
    assert "delivery apps" not in court.body
    assert [i.headline for i in parsed.items][-1].startswith("A city regulator warned delivery")
