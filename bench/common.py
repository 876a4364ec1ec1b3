"""What every benchmark shares: result rows, percentiles, corpora in a temporary folder, the
machine's load, and child processes measured for wall time and peak memory."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus
from bot.core.knowledge.store import STORE_FILE_NAME, default_store_path

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000,)
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One line of the summary table: a figure, its target, and whether the target holds
    (``None``: informational, no target)."""

    section: str
    measure: str
    figure: str
    target: str = ""
    holds: bool | None = None


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_dir() -> Path:
    """``$PI_BENCH_DIR`` or ``<tmp>/pi-bench``: corpora and scratch files, never knowledge/."""
    folder = Path(os.environ.get("PI_BENCH_DIR") or Path(tempfile.gettempdir()) / "pi-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _corpus_key(n: int, seed: int) -> str:
    """Generated corpora are reused while the generator and the real store are unchanged."""
    digest = hashlib.sha256()
    digest.update((REPO_ROOT / "bench" / "corpus.py").read_bytes())
    digest.update(default_store_path().read_bytes())
    return f"corpus-{n}-seed{seed}-{digest.hexdigest()[:12]}"


def corpus_path(n: int, *, seed: int = 7) -> Path:
    """The store file of the ``n``-development corpus, generated on first use."""
    folder = bench_dir() / _corpus_key(n, seed)
    path = folder / STORE_FILE_NAME
    if not path.exists():
        started = time.perf_counter()
        print(f"  (generating the {n:,}-development corpus in {folder} ...)", flush=True)
        write_corpus(n, folder, seed=seed)
        print(f"  (generated in {time.perf_counter() - started:.1f} s)", flush=True)
    return path


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    cpu_seconds: float
    """User and system time of the child (and of any it waited for): on a busy machine the
    wall time mostly measures the others' load, this what the run itself cost."""
    stdout: str
    stderr: str
    first_output: tuple[float, float] | None = None
    """Wall and CPU seconds when the child had first written to its standard output (its
    answer; what it does after, such as saving snapshots, is not part of answering)."""


def _peak_rss_mb(pid: int) -> float | None:
    """The process's own peak RSS (``VmHWM``). Not ``wait4``'s ``ru_maxrss``: on Linux a
    child inherits its parent's high-water mark through fork and exec, so a child of a
    large benchmark process would report the parent's peak."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User and system time of a running process (``/proc/PID/stat``)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_child(argv: list[str], env: dict[str, str], timeout: float = 600) -> ChildRun:
    """Run ``argv`` to completion: wall time, and its peak RSS (``VmHWM``, read every few
    milliseconds while it runs; it only grows, so the last reading before exit is its peak
    unless memory rose in the last milliseconds)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=out, stderr=err)
        deadline = started + timeout
        peak = 0.0
        first_output = None
        while True:
            reading = _peak_rss_mb(proc.pid)
            if reading is not None:
                peak = max(peak, reading)
            if first_output is None and os.fstat(out.fileno()).st_size:
                cpu = _cpu_seconds(proc.pid)
                if cpu is not None:
                    first_output = (time.perf_counter() - started, cpu)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds=seconds,
            peak_rss_mb=peak,
            returncode=proc.returncode,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            first_output=first_output,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without Slack, database or store settings (the snapshot folder is
    kept), plus ``extra``."""
    kept = ("PI_SNAPSHOT_DIR", "PI_BENCH_DIR")
    env = {
        k: v
        for k, v in os.environ.items()
        if k in kept or not k.startswith(("SLACK_", "PI_", "DATABASE"))
    }
    env.update(extra)
    return env


def format_table(rows: Sequence[Row]) -> str:
    headers = ("section", "measure", "figure", "target", "holds")
    cells = [
        (
            r.section,
            r.measure,
            r.figure,
            r.target,
            "-" if r.holds is None else ("yes" if r.holds else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for c in cells:
        out.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))
    return "\n".join(out)
