"""Two columns read straight across are flagged: a real two-column PDF, read naively (each
line across the whole page), against the same PDF read column by column and against every
newsletter of the bench."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.confidence import INTERLEAVED, assess
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.interleave import interleaved, seams
from bot.core.knowledge.ingest.readers.pdf import read_pages

GAZETTEER = default_gazetteer()
BENCH = Path(__file__).resolve().parents[4] / "bench" / "newsletters" / "files"
LEFT = (
    "On 12 March 2024 the provincial communications administration fined a ride-hailing "
    "operator RMB 300,000 for keeping the trip records of its drivers for longer than its "
    "privacy notice allowed. The operator must delete the records within thirty days and "
    "report to the regulator on the training it gives to its data team. An inspection of "
    "two other operators is under way, and their findings will be published in the spring."
)
RIGHT = (
    "A city court has ruled that a gym may not make face scans the only way in. The judges "
    "said that members must be offered a card or a code instead, and ordered the gym to pay "
    "RMB 5,000 in damages to the member who sued. It is the second ruling of its kind in "
    "the province this year. Lawyers for the gym said it would appeal to the intermediate "
    "court within the time the law allows."
)


def two_columns() -> bytes:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(50, 50)
    pdf.cell(495, 20, "Provincial Data Letter")
    for x, headline, body in (
        (50, "Ride-hailing operator fined", LEFT),
        (310, "Court limits face scans at gyms", RIGHT),
    ):
        pdf.set_font("Helvetica", "B", 12)
        pdf.set_xy(x, 90)
        pdf.multi_cell(235, 15, headline)
        pdf.set_font("Helvetica", size=10)
        pdf.set_x(x)
        pdf.multi_cell(235, 13, body)
    return bytes(pdf.output())


def read_across(data: bytes) -> str:
    """The page's text read straight across: each line of words from margin to margin."""
    lines: list[list[tuple[float, str]]] = []
    baselines: list[float] = []
    for page in read_pages(data, "letter.pdf"):
        for word in sorted(page.words, key=lambda w: (-w.baseline, w.x0)):
            if baselines and abs(baselines[-1] - word.baseline) <= 2:
                lines[-1].append((word.x0, word.text))
            else:
                baselines.append(word.baseline)
                lines.append([(word.x0, word.text)])
    return " ".join(" ".join(text for _, text in sorted(line)) for line in lines)


def _assess(body: str) -> tuple[str, ...]:
    return assess(
        headline="Provincial Data Letter",
        body=body,
        dated=True,
        sibling_lengths=[len(body)],
        gazetteer=GAZETTEER,
    ).reasons


def test_two_columns_read_straight_across_are_flagged() -> None:
    across = read_across(two_columns())
    assert LEFT[:60] not in across  # really interleaved
    assert seams(across) >= 3
    assert INTERLEAVED in _assess(across)


def test_the_same_page_read_column_by_column_is_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(two_columns())
    parsed = read_and_parse(path, GAZETTEER)
    assert [i.headline for i in parsed.items] == [
        "Ride-hailing operator fined",
        "Court limits face scans at gyms",
    ]
    assert not any(INTERLEAVED in i.flags for i in parsed.items)
    assert not interleaved(LEFT) and not interleaved(RIGHT)


def test_a_typo_or_two_in_a_long_report_is_no_interleaving() -> None:
    report = (LEFT + " " + RIGHT + " ") * 2 + "It was the the first case, and the the court agreed."
    assert seams(report) == 2 and not interleaved(report)


def test_no_newsletter_of_the_bench_reads_as_interleaved() -> None:
    for path in sorted(BENCH.iterdir()):
        for item in read_and_parse(path, GAZETTEER).items:
            assert INTERLEAVED not in item.flags, (path.name, item.headline)
