"""The shared-set bench: the orders it tries and how it reports a missing folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import shared_newsletters
from bench.shared_newsletters import MAX_ORDERS, every_order


def test_every_order_of_up_to_five_files_and_a_sample_beyond() -> None:
    assert len(every_order(3)) == 6 and len(set(every_order(5))) == 120
    assert every_order(5)[0] == (0, 1, 2, 3, 4)
    many = every_order(8)
    assert len(set(many)) == MAX_ORDERS
    assert (0, 1, 2, 3, 4, 5, 6, 7) in many and (7, 6, 5, 4, 3, 2, 1, 0) in many


def test_a_missing_shared_folder_is_said_and_gives_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PI_EVAL_NEWSLETTERS", str(tmp_path / "nowhere"))
    assert shared_newsletters.fidelity() == []
    assert "no shared newsletters" in capsys.readouterr().out
