"""Generated newsletters in the numbered layout, as large as a test needs."""

from __future__ import annotations

from pathlib import Path

MONTH = "2024-06"
"""The issue month to pass to ``ingest --month`` (the items give days but no year)."""
_REGIONS = ("Henan", "Beijing", "Shanghai", "Guangdong", "Zhejiang", "Jiangsu", "Sichuan")
_AUTHORITIES = (
    "Cyberspace Administration of China (CAC)",
    "Ministry of Industry and Information Technology (MIIT)",
    "State Administration for Market Regulation (SAMR)",
)


def write_newsletter(path: Path, items: int) -> Path:
    """``items`` distinct enforcement cases in June, each a numbered headline and a
    paragraph with a region, an authority and a fine."""
    lines = [
        "This newsletter summarizes the latest developments in cybersecurity and data "
        "protection in China.",
        "",
        "Enforcement Developments",
        "",
    ]
    for n in range(1, items + 1):
        region = _REGIONS[n % len(_REGIONS)]
        authority = _AUTHORITIES[n % len(_AUTHORITIES)]
        amount = f"{(n % 900 + 1) * 1000:,}"
        company = f"Company{n:05d} Technology Co. Ltd."
        lines += [
            f"{n}. {region} regulator fines {company} RMB {amount} for unlawful collection "
            f"of personal information, case {n}",
            "",
            f"On {1 + n % 27} June, the {authority} announced that {company} in {region} was "
            f"fined RMB {amount} for collecting users' personal information without consent "
            f"through its mobile application (case {n}). The company was ordered to rectify.",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
