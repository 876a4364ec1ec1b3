"""``python -m bot``: a command imports what it needs, not what every other command needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import COMMANDS, build_parser


def _commands(parser: object) -> set[str]:
    sub = next(a for a in parser._actions if a.dest == "command")  # type: ignore[attr-defined]
    return set(sub.choices)


def test_a_named_command_gets_its_parser_only() -> None:
    assert _commands(build_parser(["--log-level", "ERROR", "ask", "export", "--json"])) == {"ask"}
    args = build_parser(["ask", "fines henan"]).parse_args(["ask", "fines henan"])
    assert args.command == "ask" and args.text == ["fines henan"]


def test_without_a_command_every_command_is_described() -> None:
    assert _commands(build_parser([])) == set(COMMANDS)
    assert _commands(build_parser(["--help"])) == set(COMMANDS)
    assert _commands(build_parser(["no-such-command"])) == set(COMMANDS)


@pytest.mark.slow
def test_asking_loads_neither_the_console_nor_the_document_readers(tmp_path: object) -> None:
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['ask', 'fines henan'])\n"
        "print(sorted(m for m in sys.modules if m in ("
        "'bot.commands.console', 'bot.commands.serve', 'docx', "
        "'bot.core.knowledge.ingest.readers.dispatch')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PI_SNAPSHOT_DIR": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "Henan" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"
