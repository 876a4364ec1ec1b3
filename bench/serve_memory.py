"""The start-up and memory of ``python -m bot serve``'s processes: gunicorn's master and its
workers, with the store preloaded in the master (the default) or read by each worker
(``--no-preload``): how long until the first slash command is answered (its answer posted),
until every worker has answered a few (preloaded: workers that share the complete index,
renewed once the master has it), and then every process's memory.

Per process, from ``/proc/PID/smaps_rollup``: RSS (counts every page it maps, shared or
not), PSS (each shared page divided among the processes sharing it: these add up to the
machine's memory) and USS (the pages only this process holds: what another worker adds).
Used by ``bench.store_scale``; the fake Slack of the tests stands in for Slack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench.common import REPO_ROOT, Row, clean_env
from bench.slack_path import free_port, sign
from tests.support.fake_slack import BOT_TOKEN, TEAM_ID, FakeSlack

SECRET = "bench-signing-secret"
WORKERS = 2
QUESTIONS = ("latest fines", "fines henan", "facial recognition", "data export rules")
READY_WITHIN = 900.0  # seconds: a bound for a busy machine, not a measure


def smaps_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of ``pid`` in MB (``smaps_rollup``; 0 when it has gone)."""
    values = {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return {"rss": 0.0, "pss": 0.0, "uss": 0.0}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in values:
            values[name] = int(rest.split()[0])
    uss = values["Private_Clean"] + values["Private_Dirty"]
    return {"rss": values["Rss"] / 1024, "pss": values["Pss"] / 1024, "uss": uss / 1024}


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _get(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as response:
        result: dict[str, object] = json.loads(response.read())
        return result


def _command(url: str, text: str, response_url: str) -> int:
    body = urlencode(
        {
            "team_id": TEAM_ID,
            "channel_id": "C0BENCH",
            "user_id": "U0BENCH",
            "command": "/pi",
            "text": text,
            "response_url": response_url,
            "trigger_id": f"{time.time_ns()}.bench",  # each request its own: not a replay
        }
    )
    stamp = int(time.time())
    request = urllib.request.Request(
        url + "/slack/events",
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": sign(body, stamp, SECRET),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def serve_memory(section: str, env: dict[str, str], *, preload: bool) -> list[Row]:
    """Start ``serve --workers 2`` on the store ``env`` names, wait until both workers
    answer, ask each of them, then read every process's memory."""
    label = "preloaded" if preload else "--no-preload"
    with FakeSlack() as slack, tempfile.TemporaryFile() as log:
        port = free_port()
        argv = [sys.executable, "-m", "bot", "--log-level", "ERROR", "serve"]
        argv += ["--workers", str(WORKERS), *(() if preload else ("--no-preload",))]
        extra = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET}
        extra.update(SLACK_API_URL=slack.api_url, PORT=str(port), **env)
        proc = subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env=clean_env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        hook = slack.response_url("bench")
        complete = preload  # preloaded workers are renewed once the index is complete
        try:
            try:
                first = _first_answer(proc, url, slack, hook) - started
                answered = _until_every_worker_answers(proc, url, hook, complete=complete)
            except (OSError, RuntimeError, AssertionError) as exc:
                answered, problem = None, f"{type(exc).__name__}: {exc}"
            else:
                problem = "no answer"
            ready = time.perf_counter() - started
            if answered is None:
                log.seek(0)
                said = log.read().decode("utf-8", "replace").strip().splitlines()[-2:]
                failed = f"{problem}; serve said: {' / '.join(said)[-300:]}"
                return [Row(section, f"serve, {WORKERS} workers, {label}", failed)]
            time.sleep(1.0)  # the answers posted, the pages they touched counted
            master = smaps_mb(proc.pid)
            workers = [smaps_mb(pid) for pid in answered]
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    worst = max(w["uss"] for w in workers)
    total = master["pss"] + sum(w["pss"] for w in workers)
    figure = " | ".join(f"{w['uss']:.0f} / {w['pss']:.0f} / {w['rss']:.0f}" for w in workers)
    every = "every worker sharing the complete index" if complete else "every worker answering"
    return [
        Row(
            section,
            f"serve {label}: first answer posted after",
            f"{first:.1f} s",
            "<= 5 s (cold: no snapshot)" if preload else "",
            first <= 5.0 if preload else None,
        ),
        Row(section, f"serve {label}: {every} after", f"{ready:.1f} s"),
        Row(
            section,
            f"serve {label}: per worker USS / PSS / RSS (MB)",
            figure,
            "<= 400 MB each (USS: its own pages)",
            worst <= 400,
        ),
        Row(
            section,
            f"serve {label}: master RSS; all {WORKERS + 1} processes PSS",
            f"{master['rss']:.0f} MB; {total:.0f} MB",
        ),
    ]


def _first_answer(proc: subprocess.Popen[bytes], url: str, slack: FakeSlack, hook: str) -> float:
    """When (``perf_counter``) the answer to the first slash command ``serve`` accepts is
    posted to its ``response_url``."""
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            _get(url + "/healthz")
        except OSError:
            time.sleep(0.05)
            continue
        status = _command(url, QUESTIONS[0], hook)
        if status != 200:
            raise RuntimeError(f"a signed command was answered {status}")
        slack.wait_for("response_url", timeout=READY_WITHIN)
        return time.perf_counter()
    raise RuntimeError("serve did not answer")


def _until_every_worker_answers(
    proc: subprocess.Popen[bytes], url: str, response_url: str, *, complete: bool = False
) -> list[int] | None:
    """The workers' pids once each has answered ``/healthz`` (``complete``: from a complete
    index) and the questions; ``None`` if ``serve`` exits or does not get there within
    ``READY_WITHIN``."""
    deadline = time.monotonic() + READY_WITHIN
    asked: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            health = _get(url + "/healthz")
            pid = int(str(health["pid"]))
        except (OSError, ValueError, KeyError):
            time.sleep(0.2)
            continue
        if complete and health.get("index") != "complete":
            time.sleep(0.2)
            continue
        workers = [p for p in _children(proc.pid) if p != os.getpid()]
        if pid not in workers:
            # not this serve's worker (another server on a port reused meanwhile)
            time.sleep(0.2)
            continue
        if pid not in asked:
            for text in QUESTIONS:  # on new connections: any worker may take them
                status = _command(url, text, response_url)
                if status != 200:
                    raise RuntimeError(f"a signed command was answered {status}")
            asked.add(pid)
        if len(workers) >= WORKERS and asked >= set(workers):
            return workers
        time.sleep(0.05)
    return None
