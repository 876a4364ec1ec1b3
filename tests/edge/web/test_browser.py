"""The development pages in a real headless browser (Debian's chromium): the list renders,
its search form sends the query the pages answer, a development's page renders, and a
screenshot is taken. Skipped, saying why, when chromium is not installed (``.ci/run``
installs it)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.core.answers.engine import answer
from tests.support.slack_harness import SlackHarness, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
    ),
    pytest.mark.slow,  # a real headless chromium per test
]
WINDOW = (1200, 900)


def browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def dom(tmp_path: Path, url: str) -> str:
    done = browser(tmp_path, "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def site() -> Iterator[SlackHarness]:
    with serving() as harness:
        yield harness


def test_the_list_renders_and_its_search_works(site: SlackHarness, tmp_path: Path) -> None:
    listing = dom(tmp_path, site.url + "/d/")
    store = site.router.store
    assert f"{len(store)} developments, newest first" in listing
    # the form a reader submits: GET /d/ with the words in "q"
    assert 'method="get"' in listing and 'action="/d/"' in listing and 'name="q"' in listing
    found = dom(tmp_path, site.url + "/d/?" + urlencode({"q": "fines henan"}))
    expected = answer("about fines henan", store, page_size=20)
    assert expected.results
    for dev in expected.results:
        assert f'href="/d/{dev.id}"' in found
    assert 'value="fines henan"' in found  # the box keeps the words


def test_a_development_page_renders_and_a_screenshot_is_taken(
    site: SlackHarness, tmp_path: Path
) -> None:
    dev = next(d for d in site.router.store.developments if d.penalties)
    page = dom(tmp_path, f"{site.url}/d/{dev.id}")
    assert 'id="title"' in page and 'id="history"' in page
    shot = tmp_path / "development.png"
    done = browser(tmp_path, f"--screenshot={shot}", f"{site.url}/d/{dev.id}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == WINDOW
    assert len(data) > 10_000  # a rendered page, not a blank image
