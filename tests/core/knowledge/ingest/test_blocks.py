"""Typed blocks render to the canonical Markdown subset the splitter reads."""

from bot.core.knowledge.ingest.blocks import (
    Role,
    Span,
    body_blocks,
    box,
    heading,
    list_item,
    paragraph,
    render_markdown,
    rendered_lines,
    table,
)


def test_blocks_render_to_canonical_markdown() -> None:
    blocks = (
        paragraph("PRIVILEGED", role=Role.MASTHEAD),
        heading(2, "Enforcement"),
        list_item([Span("Fine on "), Span("Acme", bold=True), Span(" by CAC")], number="1"),
        list_item("Second point", level=1, number="1.1"),
        list_item("a bullet"),
        paragraph([Span("Read the notice", url="https://example.org/n")]),
        table([["Company", "Fine"], ["Acme", "RMB 1 million"]]),
        paragraph("Unsubscribe here", role=Role.FOOTER),
    )
    assert render_markdown(blocks) == (
        "# PRIVILEGED\n\n"  # the masthead's name plate is the title, nothing else of it
        "## Enforcement\n\n"
        "1. Fine on **Acme** by CAC\n"
        "  1.1 Second point\n\n"  # a bulleted list after a numbered one: a new list
        "- a bullet\n\n"
        "[Read the notice](https://example.org/n)\n\n"
        "| Company | Fine |\n| Acme | RMB 1 million |\n"
    )


def test_boxes_come_after_the_flow_and_boilerplate_is_left_out() -> None:
    brief = "A city regulator told delivery apps to stop sharing riders' locations " * 2
    sidebar = box([heading(3, "In brief"), paragraph(brief)])
    blocks = (
        paragraph("Lead story starts here and"),
        sidebar,
        paragraph("Second story."),
        box([heading(3, "Key dates"), paragraph("1 July: rules in force")]),
        box([paragraph("Related posts")], role=Role.RELATED),
    )
    texts = [b.text for b in body_blocks(blocks)]
    # a box of short lines (key dates) holds no story: only in the blocks
    assert texts == ["Lead story starts here and", "Second story.", "In brief", brief.strip()]
    assert Role.TOC.is_boilerplate is False and Role.BANNER.is_boilerplate


def test_a_paragraph_all_in_bold_is_bold_once() -> None:
    block = paragraph([Span("Headline ", bold=True), Span("here", bold=True)])
    assert render_markdown((block,)) == "**Headline here**\n"


def test_each_rendered_line_names_the_block_it_came_from() -> None:
    blocks = (
        heading(2, "Enforcement"),
        list_item("Fine on Acme", number="1"),
        list_item("Fine on Beta", number="2"),
        table([["A", "B"], ["C", "D"]]),
    )
    lines = rendered_lines(blocks)
    assert "\n".join(line for line, _ in lines) + "\n" == render_markdown(blocks)
    assert [(line, block.number if block else None) for line, block in lines[:5]] == [
        ("## Enforcement", None),
        ("", None),
        ("1. Fine on Acme", "1"),
        ("2. Fine on Beta", "2"),
        ("", None),
    ]
    assert lines[5][1] is lines[6][1] is blocks[3]
