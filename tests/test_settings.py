"""The paths the settings choose for the core: the knowledge store file and the folder of
validated store snapshots, from the environment's variables or their defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.store import default_store_path
from bot.settings import Settings

PATH_VARIABLES = ("PI_KNOWLEDGE_FILE", "PI_SNAPSHOT_DIR", "XDG_CACHE_HOME")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PATH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_bundled_store_and_the_user_cache_by_default(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("HOME", str(tmp_path))
    settings = Settings()
    assert settings.store_path == default_store_path()
    assert settings.snapshot_dir == tmp_path / ".cache" / "pi-bot" / "snapshots"


def test_the_environment_chooses_the_store_and_the_snapshot_folder(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("PI_KNOWLEDGE_FILE", str(tmp_path / "mine.json"))
    clean_env.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    settings = Settings()
    assert settings.store_path == tmp_path / "mine.json"
    assert settings.snapshot_dir == tmp_path / "cache" / "pi-bot" / "snapshots"
    clean_env.setenv("PI_SNAPSHOT_DIR", str(tmp_path / "snaps"))
    assert Settings().snapshot_dir == tmp_path / "snaps"


@pytest.mark.parametrize("off", ["off", "OFF", "0", "no", ""])
def test_snapshots_can_be_turned_off(clean_env: pytest.MonkeyPatch, off: str) -> None:
    clean_env.setenv("PI_SNAPSHOT_DIR", off)
    assert Settings().snapshot_dir is None


def test_a_bad_setting_stops_any_command_with_one_line(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("DIGEST_DAY", "31")  # read once by the CLI, for every command
    with pytest.raises(SystemExit) as stopped:
        main(["validate", "--store", str(default_store_path())])
    assert str(stopped.value.code).startswith("validate: DIGEST_DAY: ")


@pytest.mark.parametrize("allowed", ["", " , ", "intranet.example.com, 10.20.0.0/16"])
def test_fetch_allow_takes_host_names_and_ranges(allowed: str) -> None:
    assert Settings(pi_fetch_allow=allowed).pi_fetch_allow == allowed


def test_fetch_allow_refuses_what_is_neither() -> None:
    with pytest.raises(ValueError, match="neither a host name nor a CIDR range"):
        Settings(pi_fetch_allow="intranet, not a host!")
