"""The local console: ask the bot from a terminal, with no Slack credentials.

It goes through the same ``Router`` as Slack, so ``/pi fines henan`` here and in Slack give
the same answer, rendered as plain text. ``more`` continues the last list, ``help`` explains,
``quit``/``exit`` (or end of input) leave. When input is piped, no prompt is printed, so a
script can drive it and read only the answers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TextIO

from bot.core.answers import Context, Router, split_command
from bot.edge.render.text import render_answer

PROMPT = "pi> "
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", "q"})
MORE_WORDS = frozenset({"more", "next"})
CONSOLE_CONTEXT = Context(channel_id="console", user_id="console", team_id=None, surface="console")


def welcome(router: Router, where: str) -> str:
    store = router.store
    return (
        f"China cybersecurity & data-protection tracker: {len(store)} developments loaded "
        f"from {where}.\n"
        "Ask a question or use a command, as in Slack: /pi fines henan, latest 10, help. "
        "Type 'more' for the next page, 'quit' to leave."
    )


class Console:
    def __init__(self, router: Router, out: TextIO) -> None:
        self.router = router
        self.out = out
        self._last_text: str | None = None
        self._next_offset: int | None = None

    def reply(self, line: str) -> str | None:
        """The answer to one line, or ``None`` for a line that ends the session."""
        text = line.strip()
        lowered = text.lower()
        if lowered in QUIT_WORDS:
            return None
        if not text:
            return ""
        if self.router.conversations is not None:  # "more" and other follow-ups: the router
            return render_answer(self.router.handle(text, CONSOLE_CONTEXT))
        command, rest = split_command(text)
        if command in MORE_WORDS and not rest:
            if self._last_text is None or self._next_offset is None:
                return "Nothing more to show: ask a question first, or the last list was complete."
            answer = self.router.handle(self._last_text, CONSOLE_CONTEXT, offset=self._next_offset)
        else:
            answer = self.router.handle(text, CONSOLE_CONTEXT)
            self._last_text = text
        self._next_offset = answer.next_offset
        return render_answer(answer)

    def run(self, lines: Iterable[str]) -> int:
        for line in lines:
            reply = self.reply(line)
            if reply is None:
                break
            if reply:
                self.out.write(reply.rstrip("\n") + "\n\n")
                self.out.flush()
        return 0


def interactive_lines(prompt: str = PROMPT) -> Iterator[str]:
    """Lines typed at a terminal, with a prompt; ends on EOF (Ctrl-D) or Ctrl-C."""
    with contextlib.suppress(ImportError):  # line editing and history for input()
        import readline  # noqa: F401
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return


def piped_lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")
