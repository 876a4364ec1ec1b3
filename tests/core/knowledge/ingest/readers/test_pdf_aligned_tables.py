"""A table printed without borders (columns aligned by their x positions) in a PDF is a table
block with cells, and a table of fines gives one penalty per row."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from fpdf import FPDF

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.blocks import BlockKind, plain
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.readers import read_newsletter

ROWS = [
    ("Payer", "Authority", "Amount", "Date"),
    ("Hangzhou Lumen Games Co., Ltd.", "Zhejiang CA", "RMB 400,000", "3 June 2024"),
    ("Ningbo Harbour Clinic Co., Ltd.", "Ningbo AMR", "RMB 150,000", "11 June 2024"),
    ("Wenzhou Silk Road Travel Co., Ltd.", "Wenzhou PSB", "RMB 60,000", "19 June 2024"),
]
INTRO = (
    "On 28 June 2024 the Zhejiang Communications Administration published the penalties "
    "that provincial regulators imposed in June for unlawful handling of personal "
    "information. The decisions are listed below."
)
AFTER = (
    "On 20 June 2024 the Zhejiang government released draft rules on public data "
    "authorisation for comment until 20 July 2024."
)


def alert(rows: list[tuple[str, ...]] = ROWS, *, wrapped: bool = False) -> bytes:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(50, 50)
    pdf.cell(480, 22, "Zhejiang Data Enforcement Alert")
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_xy(50, 90)
    pdf.cell(480, 16, "Enforcement")
    pdf.set_xy(50, 112)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(480, 14, "Zhejiang regulators list the data fines of June")
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(50, 132)
    pdf.multi_cell(480, 13, INTRO)
    y = pdf.get_y() + 10
    columns = (50, 250, 360, 460)
    for number, row in enumerate(rows):
        pdf.set_font("Helvetica", "B" if number == 0 else "", 9)
        for x, cell in zip(columns, row, strict=True):
            pdf.set_xy(x, y)
            pdf.cell(95 if x > 50 else 190, 12, cell)
        y += 14
        if wrapped and number == 1:  # the first row's payer wraps onto a second line
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(50, y)
            pdf.cell(190, 12, "(a mobile game studio)")
            y += 14
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_xy(50, y + 16)
    pdf.cell(480, 16, "Legislation")
    pdf.set_xy(50, y + 38)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(480, 14, "Zhejiang consults on public data rules")
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(50, y + 58)
    pdf.multi_cell(480, 13, AFTER)
    return bytes(pdf.output())


def _tables(data: bytes) -> list[list[list[str]]]:
    read = read_newsletter(data, name="alert.pdf")
    assert read.blocks is not None
    return [
        [[plain(cell) for cell in row] for row in block.rows]
        for block in read.blocks
        if block.kind is BlockKind.TABLE
    ]


def test_columns_aligned_without_borders_are_a_table_with_cells() -> None:
    assert _tables(alert()) == [[list(row) for row in ROWS]]


def test_a_cell_wrapped_onto_a_second_line_stays_in_its_row() -> None:
    (table,) = _tables(alert(wrapped=True))
    assert table[1][0] == "Hangzhou Lumen Games Co., Ltd. (a mobile game studio)"
    assert [row[2] for row in table[1:]] == ["RMB 400,000", "RMB 150,000", "RMB 60,000"]


def test_a_borderless_table_of_fines_gives_one_penalty_per_row(tmp_path: Path) -> None:
    path = tmp_path / "alert.pdf"
    path.write_bytes(alert())
    parsed = read_and_parse(path, default_gazetteer())
    fines = sorted(
        (p.bearer, int(p.amount), str(item.date)) for item in parsed.items for p in item.penalties
    )
    assert fines == [
        ("Hangzhou Lumen Games Co., Ltd.", 400_000, "2024-06-03"),
        ("Ningbo Harbour Clinic Co., Ltd.", 150_000, "2024-06-11"),
        ("Wenzhou Silk Road Travel Co., Ltd.", 60_000, "2024-06-19"),
    ]
    headlines = [item.headline for item in parsed.items]
    assert "Zhejiang consults on public data rules" in headlines
    # the header row labels the cells; it is no fine and no text of the item above
    assert not any(item.headline.startswith("Payer") for item in parsed.items)
    (intro,) = [item for item in parsed.items if item.headline.startswith("Zhejiang regulators")]
    assert "Payer" not in intro.body and not intro.penalties
    row = next(item for item in parsed.items if item.penalties)
    assert row.body.startswith("Payer: Hangzhou Lumen Games Co., Ltd.; Authority: Zhejiang CA")


def test_two_columns_of_prose_are_no_table() -> None:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for x, text in ((50, INTRO * 2), (300, AFTER * 3)):
        pdf.set_xy(x, 60)
        pdf.multi_cell(220, 13, text)
    assert _tables(bytes(pdf.output())) == []


def test_a_gbk_forward_with_the_alert_attached_as_pdf_gives_a_fine_per_row(
    tmp_path: Path,
) -> None:
    message = EmailMessage()
    message["Subject"] = "转发: 浙江数据执法快讯"
    message["From"] = "colleague@example.org"
    message.set_content(
        "发件人: alerts@example.org\n发送时间: 2024年6月29日\n主题: 浙江数据执法快讯\n\n"
        "请见附件。\n",
        charset="gbk",
    )
    message.add_attachment(alert(), maintype="application", subtype="pdf", filename="alert.pdf")
    path = tmp_path / "forward.eml"
    path.write_bytes(message.as_bytes())
    parsed = read_and_parse(path, default_gazetteer())
    assert sorted(p.bearer for item in parsed.items for p in item.penalties) == [
        "Hangzhou Lumen Games Co., Ltd.",
        "Ningbo Harbour Clinic Co., Ltd.",
        "Wenzhou Silk Road Travel Co., Ltd.",
    ]


def test_a_table_with_long_names_and_a_wrapped_conduct_column_is_read() -> None:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(50, 50)
    pdf.multi_cell(480, 13, INTRO)
    lines = [
        ("Company", "Fine", "Conduct"),
        ("Ningbo Tideway Logistics Services Co., Ltd.", "RMB 80,000", "sold waybill data"),
        ("Ningbo Pearl Dental Clinic Co., Ltd.", "RMB 30,000", "kept patient scans on a"),
        ("", "", "shared drive open to all"),
        ("Cixi Orchard Fresh Grocery Chain Co., Ltd.", "RMB 20,000", "spam texts"),
    ]
    y = 110
    for line in lines:
        for x, width, cell in zip((50, 280, 370), (220, 80, 175), line, strict=True):
            if cell:
                pdf.set_xy(x, y)
                pdf.cell(width, 12, cell)
        y += 14
    (table,) = _tables(bytes(pdf.output()))
    assert table == [
        ["Company", "Fine", "Conduct"],
        ["Ningbo Tideway Logistics Services Co., Ltd.", "RMB 80,000", "sold waybill data"],
        [
            "Ningbo Pearl Dental Clinic Co., Ltd.",
            "RMB 30,000",
            "kept patient scans on a shared drive open to all",
        ],
        ["Cixi Orchard Fresh Grocery Chain Co., Ltd.", "RMB 20,000", "spam texts"],
    ]


def test_a_table_in_one_of_two_columns_keeps_the_other_column_out_of_its_cells() -> None:
    right = (
        "A city court has ruled that a gym may not make face scans the only way in. The "
        "judges said that members must be offered a card or a code instead, and ordered the "
        "gym to pay RMB 5,000 in damages to the member who sued. "
    ) * 2
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(50, 100)
    pdf.multi_cell(235, 13, "Regulators in the province listed these fines in June:")
    y = pdf.get_y() + 6
    rows = [
        ("Payer", "Amount", "Date"),
        ("Lumen Games Co., Ltd.", "RMB 400,000", "3 June"),
        ("Harbour Clinic Co., Ltd.", "RMB 150,000", "11 June"),
        ("Silk Road Travel Co., Ltd.", "RMB 60,000", "19 June"),
    ]
    pdf.set_font("Helvetica", size=8)
    for row in rows:
        for x, width, cell in zip((50, 170, 240), (115, 65, 45), row, strict=True):
            pdf.set_xy(x, y)
            pdf.cell(width, 10, cell)
        y += 12
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(50, y + 10)
    pdf.multi_cell(235, 13, INTRO)
    pdf.set_xy(310, 100)
    pdf.multi_cell(235, 13, right)
    data = bytes(pdf.output())
    assert _tables(data) == [[list(row) for row in rows]]
    read = read_newsletter(data, name="two.pdf")
    assert right.strip() in read.text
