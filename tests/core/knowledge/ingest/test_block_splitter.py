"""One splitter over typed blocks: a reader's blocks are read as they are (kinds, levels,
numbers, header rows), and plain text is lexed into the same block types first."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.block_units import units_from_blocks
from bot.core.knowledge.ingest.blocks import (
    BlockKind,
    Span,
    flow,
    heading,
    list_item,
    paragraph,
    render_markdown,
    table,
)
from bot.core.knowledge.ingest.ingest import parse_read, read_and_parse
from bot.core.knowledge.ingest.lexer import lex_blocks
from bot.core.knowledge.ingest.parse import parse_bytes
from bot.core.knowledge.ingest.readers import read_newsletter
from bot.core.knowledge.ingest.readers.document import ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.markdown import markdown_blocks, read_markdown

GAZETTEER = default_gazetteer()


def _read(blocks: tuple) -> ReadResult:  # type: ignore[type-arg]
    return ReadResult(
        text=render_markdown(blocks),
        source_format=SourceFormat.HTML,
        file_name="alert.html",
        sha256="0" * 64,
        blocks=blocks,
    )


def test_a_header_row_the_reader_saw_labels_the_rows_of_a_table_of_fines() -> None:
    # The header is only in the block (the canonical text has no |---| rule): the splitter
    # reads it from there, so each row is a fine of its own with its payer.
    blocks = (
        heading(1, "Harbour Privacy Alert"),
        heading(2, "Enforcement"),
        paragraph("**Ningbo regulator lists its data fines**"),
        paragraph(
            "On 9 May 2024 the Ningbo Administration for Market Regulation listed the fines "
            "it imposed in April under the Personal Information Protection Law."
        ),
        table(
            [
                ["Company", "Fine", "Conduct"],
                ["Ningbo Tideway Logistics Co., Ltd.", "RMB 80,000", "sold waybill data"],
                ["Ningbo Pearl Dental Clinic Co., Ltd.", "RMB 30,000", "kept patient scans"],
            ],
            header_rows=1,
        ),
    )
    parsed = parse_read(_read(blocks), "alert.html", GAZETTEER)
    rows = [item for item in parsed.items if item.penalties]
    assert [(i.penalties[0].bearer, int(i.penalties[0].amount)) for i in rows] == [
        ("Ningbo Tideway Logistics Co., Ltd.", 80_000),
        ("Ningbo Pearl Dental Clinic Co., Ltd.", 30_000),
    ]
    assert rows[0].body.startswith("Company: Ningbo Tideway Logistics Co., Ltd.; Fine: RMB 80,000")


def test_a_list_items_number_comes_from_its_block() -> None:
    # A numbered item printed from an <ol start="2023">: its number is the block's, never
    # mistaken for a year that starts a wrapped line.
    units = units_from_blocks(
        [
            (1, list_item("Shenzhen fines a courier over waybill data", number="2023")),
            (2, list_item("Items may number thousands", number="2024")),
            (3, list_item("A nested point", level=1, number="2024.1")),
        ]
    )
    assert [(u.kind, u.form, u.number, u.level) for u in units] == [
        ("numbered", "arabic", (2023,), 1),
        ("numbered", "arabic", (2024,), 1),
        ("numbered", "arabic", (2024, 1), 2),
    ]


def test_plain_text_is_lexed_into_typed_blocks() -> None:
    text = (
        "DATA BRIEF\n\n"
        "1. Guangzhou court rules on a\n"
        "   smart-speaker recording case\n\n"
        "（二）行业动态\n\n"
        "• a bullet point\n"
        "  - a nested one\n\n"
        "| Company | Fine |\n|---|---|\n| Foshan Kangle Co., Ltd. | RMB 70,000 |\n\n"
        "Read the **full notice** [here](https://example.org/n).\n"
    )
    blocks = [block for _, block in lex_blocks(text)]
    assert [b.kind for b in blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.TABLE,
        BlockKind.PARAGRAPH,
    ]
    assert blocks[1].number == "1"
    assert blocks[1].text == "Guangzhou court rules on a smart-speaker recording case"
    assert (blocks[2].number, blocks[2].text) == ("（二）", "行业动态")
    assert [(b.number, b.level) for b in blocks[3:5]] == [(None, 0), (None, 1)]
    assert blocks[5].header_rows == 1 and len(blocks[5].rows) == 2
    assert [(s.text, s.bold, s.url) for s in blocks[6].spans] == [
        ("Read the ", False, None),
        ("full notice", True, None),
        (" ", False, None),
        ("here", False, "https://example.org/n"),
        (".", False, None),
    ]
    units = units_from_blocks(lex_blocks(text))
    assert [(u.kind, u.form) for u in units[:3]] == [
        ("heading", "caps"),
        ("numbered", "arabic"),
        ("numbered", "paren"),
    ]


def test_a_newsletter_splits_alike_from_its_readers_blocks_and_as_plain_text() -> None:
    text = (
        "# Coastal Data Brief\n\n"
        "## Enforcement\n\n"
        "1. **Xiamen hotel fined over ID scans.** On 14 August 2023 the Xiamen market "
        "regulator fined Xiamen Bluewave Hotel Co., Ltd. RMB 60,000.\n"
        "2. **Gym fined over face scans.** On 18 August 2023 the regulator fined Xiamen "
        "Harbour Fitness Co., Ltd. RMB 45,000.\n\n"
        "## Legislation\n\n"
        "- Fujian consults on data exchange rules\n"
        "  On 21 August 2023 the Fujian government released draft rules.\n"
    )
    as_blocks = parse_read(read_markdown(text.encode(), "brief.md"), "brief.md", GAZETTEER)
    as_text = parse_bytes(text.encode(), "brief.txt", "brief", GAZETTEER)

    def shape(items: list) -> list:  # type: ignore[type-arg]
        return [
            (i.section, i.headline, i.body, i.date, [p.bearer for p in i.penalties]) for i in items
        ]

    assert shape(as_blocks.items) == shape(as_text.items)
    assert len(as_blocks.items) == 3


def test_a_bare_number_opening_a_markdown_line_is_text_not_a_list_item() -> None:
    blocks = markdown_blocks("14 March 2023 | Cyberspace Administration of China\n", "x.md")
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH]
    blocks = markdown_blocks("2) Second point\n", "x.md")
    assert [(b.kind, b.number) for b in blocks] == [(BlockKind.LIST_ITEM, "2")]


def test_the_flow_gives_each_block_its_line_in_the_canonical_text() -> None:
    blocks = (
        heading(2, "Enforcement"),
        list_item("one", number="1"),
        list_item("two", number="2"),
        table([["a", "b"], ["c", "d"]]),
        paragraph("after"),
    )
    lines = render_markdown(blocks).splitlines()
    for line, block in flow(blocks):
        assert block.text.split()[0] in lines[line - 1]


def test_an_html_header_row_of_th_cells_labels_a_table_of_fines() -> None:
    page = (
        "<html><head><title>Harbour Privacy Alert</title></head><body>"
        "<h1>Harbour Privacy Alert</h1><h2>Enforcement</h2>"
        "<p><b>Ningbo regulator lists its data fines</b></p>"
        "<p>On 9 May 2024 the Ningbo Administration for Market Regulation listed the fines "
        "it imposed in April under the Personal Information Protection Law.</p>"
        "<table><tr><th>Company</th><th>Fine</th><th>Conduct</th></tr>"
        "<tr><td>Ningbo Tideway Logistics Co., Ltd.</td><td>RMB 80,000</td>"
        "<td>sold waybill data</td></tr>"
        "<tr><td>Ningbo Pearl Dental Clinic Co., Ltd.</td><td>RMB 30,000</td>"
        "<td>kept patient scans</td></tr></table></body></html>"
    )
    read = read_newsletter(page.encode(), name="alert.html")
    assert read.blocks is not None
    (table_block,) = [b for b in read.blocks if b.kind is BlockKind.TABLE]
    assert table_block.header_rows == 1
    parsed = parse_read(read, "alert.html", GAZETTEER)
    rows = [item for item in parsed.items if item.penalties]
    assert [r.body.split(";")[0] for r in rows] == [
        "Company: Ningbo Tideway Logistics Co., Ltd.",
        "Company: Ningbo Pearl Dental Clinic Co., Ltd.",
    ]


def test_a_bold_headline_that_links_to_the_story_gives_the_item_its_link() -> None:
    blocks = (
        heading(1, "Harbour Privacy Alert"),
        heading(2, "Enforcement"),
        paragraph(
            [
                Span("Xiamen hotel fined over ID scans", bold=True, url="https://example.org/x"),
                Span(" – On 14 August 2023 the Xiamen regulator fined Xiamen Bluewave Hotel "),
                Span("Co., Ltd. RMB 60,000 for keeping guests' ID scans."),
            ]
        ),
        paragraph(
            [
                Span("Gym fined over face scans", bold=True, url="https://example.org/g"),
                Span(" – On 18 August 2023 the regulator fined Xiamen Harbour Fitness Co., "),
                Span("Ltd. RMB 45,000."),
            ]
        ),
    )
    parsed = parse_read(_read(blocks), "alert.html", GAZETTEER)
    assert [(i.headline, i.url) for i in parsed.items] == [
        ("Xiamen hotel fined over ID scans", "https://example.org/x"),
        ("Gym fined over face scans", "https://example.org/g"),
    ]


def test_a_word_table_whose_first_row_reads_as_labels_labels_the_rows() -> None:
    document = docx.Document()
    document.add_heading("Coastal Data Brief", level=1)
    document.add_heading("Enforcement", level=2)
    document.add_paragraph().add_run("Xiamen regulator publishes its data fines").bold = True
    document.add_paragraph(
        "On 14 August 2023 the Xiamen Administration for Market Regulation published the "
        "fines it imposed in July under the Personal Information Protection Law."
    )
    rows = [
        ("Company", "Penalty", "Conduct"),
        ("Xiamen Bluewave Hotel Co., Ltd.", "RMB 60,000", "kept guests' ID scans"),
        ("Xiamen Harbour Fitness Co., Ltd.", "RMB 45,000", "face scans at the door"),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_newsletter(buffer.getvalue(), name="brief.docx")
    parsed = parse_read(read, "brief.docx", GAZETTEER)
    fines = [(p.bearer, int(p.amount)) for item in parsed.items for p in item.penalties]
    assert fines == [
        ("Xiamen Bluewave Hotel Co., Ltd.", 60_000),
        ("Xiamen Harbour Fitness Co., Ltd.", 45_000),
    ]
    assert all(not i.headline.startswith("Company") for i in parsed.items)
    rows_read = [i.body for i in parsed.items if i.penalties]
    assert rows_read[0] == (
        "Company: Xiamen Bluewave Hotel Co., Ltd.; Penalty: RMB 60,000; "
        "Conduct: kept guests' ID scans"
    )


def test_a_masthead_left_out_draws_no_warning_about_missing_text() -> None:
    shapes = Path(__file__).resolve().parents[3] / "fixtures" / "newsletters" / "shapes"
    parsed = read_and_parse(shapes / "memo_header.md", GAZETTEER)
    assert not [w for w in parsed.warnings if "has no text under its title" in w.message]
    assert parsed.items
