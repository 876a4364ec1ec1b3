"""The digest's chart as a PNG (matplotlib, Agg backend: no display needed): developments
per category over twelve months beside the month's fines by region. Sized for Slack's
preview (1200 x 600 pixels)."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 (after choosing the backend)

from bot.core.labels import CATEGORY_HEADINGS, CATEGORY_ORDER  # noqa: E402
from bot.core.notify import ChartData  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 12, 6, 100
COLOURS = ("#1d3557", "#e63946", "#457b9d", "#a8dadc")


def chart_png(data: ChartData) -> bytes:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(3, 2))
    labels = [m[2:] for m in data.months]  # "22-05": short enough for twelve bars
    bottom = [0] * len(data.months)
    for category, colour in zip(CATEGORY_ORDER, COLOURS, strict=True):
        values = data.per_category[category]
        left.bar(labels, values, bottom=bottom, label=CATEGORY_HEADINGS[category], color=colour)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    left.set_title("Developments per category, last 12 months", fontsize=14)
    left.set_ylabel("developments")
    left.tick_params(axis="x", labelrotation=45, labelsize=10)
    left.legend(loc="upper left", fontsize=10)
    if data.fines_by_region:
        regions = [r for r, _ in reversed(data.fines_by_region)]
        amounts = [float(a) / 1_000_000 for _, a in reversed(data.fines_by_region)]
        bars = right.barh(regions, amounts, color=COLOURS[1])
        right.bar_label(bars, labels=[f"{a:,.2f}" for a in amounts], padding=3, fontsize=10)
        right.set_xlabel("CNY million")
        right.margins(x=0.2)
    else:
        right.text(0.5, 0.5, "No fines recorded", ha="center", va="center", fontsize=14)
        right.set_xticks([])
        right.set_yticks([])
    right.set_title(f"Fines by region, {data.month}", fontsize=14)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def chart_upload(data: ChartData) -> dict[str, object]:
    """The chart as a ledger message part: a file to upload, with its alt text."""
    return {
        "text": f"Chart for the {data.month} digest",
        "upload": {
            "filename": f"pi-digest-{data.month}.png",
            "title": f"Developments and fines, {data.month}",
            "alt_txt": data.alt_text()[:1000],
            "content_b64": base64.b64encode(chart_png(data)).decode("ascii"),
        },
    }
