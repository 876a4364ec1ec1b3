"""The documentation is checked against the code: every setting documented once, every
repository path it names present, every command of the registry documented, the README
short and carrying its two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.registry import COMMANDS
from bot.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
README = REPO / "README.md"
OPERATING = DOCS / "operating.md"
DEVELOPMENT = DOCS / "development.md"

RUN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python -m bot"
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/pytest"

ENV_READ = re.compile(
    r"""(?:environ(?:\.get)?\s*[\[(]|getenv\s*\(|^[A-Z_]*ENV\s*=)\s*["']([A-Z][A-Z0-9_]*)["']""",
    re.MULTILINE,
)
"""An environment variable read by name (``os.environ[...]``, ``os.environ.get(...)``,
``os.getenv(...)``) or named by a module constant such as ``POSTGRES_ENV = ...``."""

SYSTEM_VARIABLES = frozenset({"XDG_CACHE_HOME", "HOME", "PATH", "TMPDIR"})
"""Variables of the operating system, read as every program reads them."""

TABLE_NAME = re.compile(r"`([A-Z][A-Z0-9_]+)`")

REPO_PATH = re.compile(
    r"(?<![\w./-])((?:bot|tests|bench|knowledge|docs|\.ci)/[\w./-]*|"
    r"(?:pyproject\.toml|Procfile|README\.md))"
)
"""A path inside the repository as the docs name one (``bot/core/...py``, ``tests/...``)."""

MODULE_RUN = re.compile(r"python -m ((?:bot|bench)(?:\.\w+)*)")

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def doc_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def variables_read_by_the_bot() -> set[str]:
    """Every ``Settings`` field as its environment name, and every variable the bot's code
    reads from the environment by name."""
    names = {name.upper() for name in Settings.model_fields}
    for source in (REPO / "bot").rglob("*.py"):
        names |= set(ENV_READ.findall(read(source)))
    return names - SYSTEM_VARIABLES


def variables_read_by_tests_and_bench() -> set[str]:
    names: set[str] = set()
    for folder in ("tests", "bench"):
        for source in (REPO / folder).rglob("*.py"):
            if source != Path(__file__).resolve():
                names |= set(ENV_READ.findall(read(source)))
    return names - SYSTEM_VARIABLES - variables_read_by_the_bot()


def configuration_rows() -> list[list[str]]:
    """The first cell's variable names of each row of operating.md's configuration table."""
    text = read(OPERATING)
    section = text.split("## Configuration", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("| ---") and "`" in line:
            first_cell = line.split("|")[1]
            rows.append(TABLE_NAME.findall(first_cell))
    return rows


def test_the_readme_is_short_and_gives_the_two_commands() -> None:
    text = read(README)
    assert len(text.splitlines()) <= 150
    assert RUN_COMMAND in text
    assert TEST_COMMAND in text
    assert "3.11" in text
    assert 'pytest -m "not slow"' in text


def test_every_variable_the_bot_reads_is_in_the_configuration_table_once() -> None:
    rows = configuration_rows()
    listed = [name for row in rows for name in row]
    wanted = variables_read_by_the_bot()
    missing = sorted(wanted - set(listed))
    twice = sorted({name for name in listed if listed.count(name) > 1})
    stale = sorted(set(listed) - wanted)
    assert not missing, f"not in docs/operating.md's configuration table: {missing}"
    assert not twice, f"in docs/operating.md's configuration table more than once: {twice}"
    assert not stale, f"in the configuration table but read nowhere in bot/: {stale}"


def test_no_other_document_has_a_table_row_for_a_bot_variable() -> None:
    """One place: the other documents may mention a variable, never define it again."""
    wanted = variables_read_by_the_bot()
    for path in doc_files():
        if path == OPERATING:
            continue
        for line in read(path).splitlines():
            if line.startswith("|") and not line.startswith("| ---"):
                first_cell = line.split("|")[1]
                defined = set(TABLE_NAME.findall(first_cell)) & wanted
                assert not defined, f"{path.name} defines {sorted(defined)} again: {line}"


def test_the_variables_tests_and_benchmarks_read_are_in_the_development_guide() -> None:
    text = read(DEVELOPMENT)
    missing = sorted(name for name in variables_read_by_tests_and_bench() if name not in text)
    assert not missing, f"not in docs/development.md: {missing}"


@pytest.mark.parametrize("path", doc_files(), ids=lambda path: path.name)
def test_every_repository_path_a_document_names_exists(path: Path) -> None:
    missing = []
    for match in REPO_PATH.finditer(read(path)):
        name = match.group(1).rstrip(".")
        if any(mark in name for mark in ("<", "*", "...", "{")):
            continue  # a pattern, not a path
        if not (REPO / name).exists():
            missing.append(name)
    assert not missing, f"{path.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("path", doc_files(), ids=lambda path: path.name)
def test_every_module_a_document_runs_exists(path: Path) -> None:
    missing = []
    for module in MODULE_RUN.findall(read(path)):
        base = REPO / module.replace(".", "/")
        if not (base.with_suffix(".py").exists() or (base / "__main__.py").exists()):
            missing.append(module)
    assert not missing, f"{path.name} runs modules that do not exist: {missing}"


@pytest.mark.parametrize("path", doc_files(), ids=lambda path: path.name)
def test_every_link_between_documents_resolves(path: Path) -> None:
    missing = []
    for target in LINK.findall(read(path)):
        if "://" in target:
            continue
        if not (path.parent / target).exists():
            missing.append(target)
    assert not missing, f"{path.name} links to missing files: {missing}"


def test_the_path_check_finds_a_missing_path() -> None:
    """The check itself: a made-up path is found and reported."""
    found = [m.group(1) for m in REPO_PATH.finditer("see `bot/core/notify/eligibility.py`")]
    assert found == ["bot/core/notify/eligibility.py"]
    assert not (REPO / found[0]).exists()


def test_every_registry_command_and_verb_is_documented_for_users() -> None:
    """Each command of ``bot/core/registry.py``, and each of its other words, appears in
    code quotes in using.md or editors.md (``help``, ``/pi subscribe ...``)."""
    text = read(DOCS / "using.md") + read(DOCS / "editors.md")
    quoted = re.findall(r"`(?:/pi )?([^`\s]+)", text)
    missing = sorted(verb for spec in COMMANDS for verb in spec.verbs if verb not in set(quoted))
    assert not missing, f"commands or verbs not in docs/using.md or docs/editors.md: {missing}"


def test_every_command_line_command_is_documented() -> None:
    """Each ``python -m bot`` subcommand (``bot/cli.py``) appears as ``python -m bot NAME``
    in the README or a document."""
    from bot.cli import COMMANDS as CLI_COMMANDS

    text = read(README) + "".join(read(path) for path in sorted(DOCS.glob("*.md")))
    missing = [name for name in CLI_COMMANDS if f"python -m bot {name}" not in text]
    assert not missing, f"python -m bot commands in no document: {missing}"
