from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import Store, write_knowledge


@pytest.fixture
def store_file(tmp_path: Path, store: Store) -> Path:
    path = tmp_path / "developments.json"
    knowledge = KnowledgeFile(newsletters=store.newsletters, developments=store.developments)
    write_knowledge(path, knowledge)
    return path


def test_ask_prints_text(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "fines", "henan", "--store", str(store_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 development with fines in Henan (largest first)")
    assert "CNY 200,000 fine" in out


def test_ask_json(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ask", "fines", "--json", "--page-size", "2", "--store", str(store_file)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "results" and data["total"] == 3 and data["next_offset"] == 2
    assert [r["id"] for r in data["results"]] == [
        "2022-05-20-shaoxing-bank-fined-customer-identification",
        "2022-05-27-henan-sales-office-face-recognition-fine",
    ]
    assert data["results"][0]["penalties"][1]["shown"] == "CNY 10,000–70,000"
    assert all(isinstance(r["score"], float) for r in data["results"])
    assert {"label": "penalties", "value": "fines (compensation left out)"} in data["understood"]


def test_ask_with_a_broken_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["ask", "fines", "--store", str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_digest_text_and_json(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--month", "2022-05", "--store", str(store_file)]) == 0
    assert capsys.readouterr().out.startswith("Digest for May 2022: 9 developments")
    assert main(["digest", "--month", "2022-05", "--json", "--store", str(store_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 9
    assert [s["category"] for s in data["sections"]] == [
        "regulation",
        "enforcement",
        "court",
        "industry",
    ]
    assert main(["digest", "--month", "2019-01", "--store", str(store_file)]) == 0
    assert capsys.readouterr().out.strip() == "No developments recorded for January 2019."


def test_digest_rejects_a_bad_month(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["digest", "--month", "2022-13", "--store", str(store_file)])
    assert "not a month" in capsys.readouterr().err
