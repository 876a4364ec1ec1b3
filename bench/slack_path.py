"""The Slack path: the HTTP app under gunicorn on loopback, 20 concurrent clients sending
correctly signed ``/pi`` commands for 30 seconds (quick: 10 s).

gunicorn runs the same WSGI app and worker settings as ``python -m bot serve`` (one gthread
worker, 8 threads) but bound to 127.0.0.1 on a free port (``serve`` binds 0.0.0.0, which a
benchmark has no business opening). ``SLACK_API_URL`` points at the fake Slack Web API on
loopback (in its own process), which also receives every ``response_url`` answer. The
store is the corpus of the largest size run.

Each client keeps one HTTP connection and sends the next command as soon as the previous
one is acknowledged. Time to acknowledge is from just before sending the request to the
full HTTP response; an error is anything but ``200`` or a failed connection. Answers posted
to ``response_url`` are counted too (the work done after the acknowledgement).

    python -m bench.slack_path [--quick] [--seconds S] [--clients N] [--size N]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import multiprocessing
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlencode

from bench.common import (
    QUICK_SIZES,
    REPO_ROOT,
    SIZES,
    Row,
    clean_env,
    corpus_path,
    format_table,
    ms,
    percentile,
)
from bot.core.answers.evaluation import load_queries
from tests.support.fake_slack import BOT_TOKEN, TEAM_ID, FakeSlack

CLIENTS = 20
SECONDS = 30.0
QUICK_SECONDS = 10.0
ACK_P99_LIMIT_S = 0.300
MAX_REQUESTS_PER_CLIENT = 100_000
STARTUP_TIMEOUT_S = 300.0


def _serve_fake_slack(conn: Connection) -> None:
    """In its own process, so its HTTP threads do not share the clients' interpreter lock:
    sends the API and response URLs, then on any message the number of answers received."""
    with FakeSlack() as slack:
        conn.send((slack.api_url, slack.response_url("bench")))
        while True:
            if conn.recv() == "stop":
                conn.send(len(slack.calls_to("response_url")))
                return
            conn.send(len(slack.calls_to("response_url")))


@contextmanager
def fake_slack_process() -> Iterator[tuple[str, str, Callable[[], int]]]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=_serve_fake_slack, args=(child,), daemon=True
    )
    process.start()
    api_url, response_url = parent.recv()

    def answers() -> int:
        parent.send("count")
        return int(parent.recv())

    try:
        yield api_url, response_url, answers
    finally:
        parent.send("stop")
        parent.recv()
        process.join(10)
        if process.is_alive():
            process.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign(body: str, timestamp: int, secret: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class ClientResult:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def client(
    port: int,
    secret: str,
    texts: list[str],
    response_url: str,
    number: int,
    stop_at: float,
    result: ClientResult,
) -> None:
    conn: http.client.HTTPConnection | None = None
    sent = 0
    while time.monotonic() < stop_at and sent < MAX_REQUESTS_PER_CLIENT:
        text = texts[(number * 7 + sent) % len(texts)]
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "bench",
            "channel_id": f"C{number:04d}",
            "channel_name": "bench",
            "user_id": f"U{number:04d}",
            "user_name": "lawyer",
            "command": "/pi",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": response_url,
            "trigger_id": f"{number}.{sent}",
        }
        body = urlencode(form)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": sign(body, timestamp, secret),
        }
        sent += 1
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                result.errors.append(f"HTTP {response.status}")
            else:
                result.times.append(elapsed)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            result.errors.append(type(exc).__name__)
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()


def wait_until_up(proc: subprocess.Popen[bytes], port: int) -> float:
    started = time.monotonic()
    while time.monotonic() - started < STARTUP_TIMEOUT_S:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return time.monotonic() - started
            conn.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def run(
    quick: bool = False,
    seconds: float | None = None,
    clients: int = CLIENTS,
    size: int | None = None,
    workers: int = 1,
) -> list[Row]:
    duration = seconds or (QUICK_SECONDS if quick else SECONDS)
    n = size or max(QUICK_SIZES if quick else SIZES)
    store_path = corpus_path(n)
    query_set = load_queries()
    texts = [q.text for q in query_set.queries] + ["fines henan", "latest 5", "help", "stats"]
    secret = secrets.token_hex(16)
    port = free_port()
    with (
        fake_slack_process() as (api_url, response_url, answers),
        tempfile.TemporaryDirectory(prefix="pi-bench-slack-") as tmp,
        tempfile.TemporaryFile() as log,
    ):
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=secret,
            SLACK_API_URL=api_url,
            SLACK_TEAM_ID=TEAM_ID,
            DATABASE_URL=f"sqlite:///{Path(tmp) / 'state.sqlite3'}",
            PI_KNOWLEDGE_FILE=str(store_path),
        )
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "bot.commands.serve:build_wsgi_app()",
        ]
        proc = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
        try:
            startup_s = wait_until_up(proc, port)
            results = [ClientResult() for _ in range(clients)]
            stop_at = time.monotonic() + duration
            threads = [
                threading.Thread(
                    target=client,
                    args=(port, secret, texts, response_url, i, stop_at, results[i]),
                    daemon=True,
                )
                for i in range(clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(duration + 30)
            elapsed = time.perf_counter() - started
            acked = sum(len(r.times) for r in results)
            deadline = time.monotonic() + 60  # answers still being worked on
            while time.monotonic() < deadline and answers() < acked:
                time.sleep(0.2)
            answered = answers()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.seek(0)
        server_log = log.read().decode("utf-8", "replace")

    times = [t for r in results for t in r.times]
    errors = [e for r in results for e in r.errors]
    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    worst = max(times) if times else float("nan")
    throughput = acked / elapsed if elapsed else 0.0
    print(
        f"\n[slack path] gunicorn up in {startup_s:.1f} s with {n:,} developments; {clients} "
        f"clients for {duration:.0f} s: {acked} acknowledged ({throughput:.1f}/s), "
        f"{len(errors)} errors, {answered} answers posted to response_url\n"
        f"  ack p50 {ms(p50)} p90 {ms(percentile(times, 0.9))} "
        f"p95 {ms(percentile(times, 0.95))} p99 {ms(p99)} max {ms(worst)}; over 1 s: "
        f"{sum(1 for t in times if t > 1.0)}",
        flush=True,
    )
    if errors:
        print(f"  errors: {sorted(set(errors))}; server log tail:\n{server_log[-1500:]}")
    section = f"slack path {clients} clients {duration:.0f}s" + (
        f" {workers} workers" if workers != 1 else ""
    )
    return [
        Row(
            section,
            "ack p50 / p99 / max",
            f"{ms(p50)} / {ms(p99)} / {ms(worst)}",
            f"p99 <= {ACK_P99_LIMIT_S * 1000:.0f} ms",
            p99 <= ACK_P99_LIMIT_S,
        ),
        Row(section, "errors", str(len(errors)), "0", not errors),
        Row(
            section,
            "throughput (acks) / answers posted",
            f"{throughput:.1f}/s / {answered} of {acked}",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slack_path", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 s on the 1k corpus")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--size", type=int, default=None, help="corpus size (default: largest)")
    parser.add_argument(
        "--workers", type=int, default=1, help="gunicorn workers (serve's default: 1)"
    )
    args = parser.parse_args(argv)
    print(format_table(run(args.quick, args.seconds, args.clients, args.size, args.workers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
