"""The local console driven by a script through stdin, as a newcomer would use it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import BUNDLED_STORE, REPO_ROOT

pytestmark = pytest.mark.slow  # each test runs `python -m bot` in a subprocess


def run_console(
    script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    clean["PI_KNOWLEDGE_FILE"] = str(BUNDLED_STORE)
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=script,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=clean,
        timeout=60,
    )


def test_console_answers_like_slack() -> None:
    done = run_console("/pi fines henan\nzqxwv blorfity\nquit\nstats\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "38 developments loaded" in out.splitlines()[0]
    assert "pi>" not in out  # no prompt noise when piped
    assert "Nothing in the store matches your search" in out
    fines = out.split("Nothing in the store matches your search")[0]
    assert "Yuzhou market regulator fines property sales office" in fines
    assert "CNY 200,000" in fines
    assert "https://m.thepaper.cn/newsDetail_forward_18299237" in fines
    assert "The store holds" not in out  # nothing after quit is answered


def test_more_continues_the_last_list_and_eof_ends() -> None:
    done = run_console("latest 7\nmore\nmore\n", "console")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Showing 1–5 of 7" in out
    assert "Showing 6–7 of 7" in out
    assert "\n6. " in out and "\n7. " in out
    assert "Nothing more to show" in out


def test_help_and_digest() -> None:
    done = run_console("help\ndigest 2022-05\nexit\n")
    assert done.returncode == 0, done.stderr
    assert "fines henan" in done.stdout
    assert "Digest for May 2022: 38 developments" in done.stdout


def test_a_broken_store_is_one_clear_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "developments.json"
    broken.write_text("{not json", encoding="utf-8")
    done = run_console("stats\n", env={"PI_KNOWLEDGE_FILE": str(broken)})
    assert done.returncode == 1
    assert "not valid JSON" in done.stderr


def test_subscriptions_are_listed_and_the_database_opens_only_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "state.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    done = run_console("fines henan\n", env=env)
    assert done.returncode == 0, done.stderr
    assert not db.exists(), "answering questions must not create the state database"

    done = run_console("subscriptions all\nsubscribe digest\n", env=env)
    assert done.returncode == 0, done.stderr
    assert "No channel has any subscriptions" in done.stdout
    assert "Subscriptions are for Slack conversations" in done.stdout
    assert db.exists()
