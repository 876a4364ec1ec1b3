"""Hostile files through the readers: time and memory to refuse (or read) each.

    python -m bench.reader_bombs

Each file is built in a temporary folder and read in a child process (so its peak memory is
its own); the figures are printed beside the ones measured before the readers were bounded
while reading (issue 20: the element bomb ran over 300 s and reached 5.1 GB; the slow PDF took
317 s of CPU). Targets: refused or read within 5 s and 300 MB, the limit named.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.newsletters.hostile import element_bomb, word_soup_pdf

_CHILD = """
import sys
from bot.core.knowledge.ingest.readers import ReadError, read_newsletter
try:
    read = read_newsletter(sys.argv[1], name=sys.argv[1].rsplit("/", 1)[-1])
    print("read:", len(read.text), "characters")
except ReadError as exc:
    print("refused:", exc)
"""

CASES = (
    ("Word element bomb (15M empty paragraphs)", "bomb.docx", "over 300 s, 5.1 GB"),
    ("PDF page: 1M words, 4,000 links", "soup.pdf", "317 s CPU"),
    ("PDF page: 40,000 words, 4,000 links", "links.pdf", "-"),
)


def _build(folder: Path) -> dict[str, Path]:
    return {
        "bomb.docx": element_bomb(folder / "bomb.docx", 15_000_000),
        "soup.pdf": word_soup_pdf(folder / "soup.pdf", 1_000_000, 4_000),
        "links.pdf": word_soup_pdf(folder / "links.pdf", 40_000, 4_000),
    }


def _measure(path: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak MB of reading ``path`` in a child, and its outcome."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    outcome = (done.stdout or done.stderr).strip().splitlines()[-1:] or ["(nothing)"]
    return wall, cpu, after.ru_maxrss / 1024, outcome[0][:110]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        files = _build(Path(folder))
        print(f"{'file':42} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  before")
        for title, name, before in CASES:
            wall, cpu, peak, outcome = _measure(files[name])
            size = files[name].stat().st_size / 1024
            print(f"{title:42} {wall:7.2f} {cpu:7.2f} {peak:8.0f}  {before}")
            print(f"    {size:,.0f} KB on disk -> {outcome}")
    print("(peak MB: the largest child so far, so read it as an upper bound)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
