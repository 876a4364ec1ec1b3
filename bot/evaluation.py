"""``python -m bot.evaluation``: the relevance evaluation (``bot.core.answers.evaluation``)."""

from __future__ import annotations

from bot.core.answers.evaluation import main

if __name__ == "__main__":
    raise SystemExit(main())
