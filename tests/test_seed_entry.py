"""The first curated entry states what the report states, and nothing more."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger import read_yaml
from newsledger.schema.models import Entry
from newsledger.text import fold
from newsledger.validators.engine import check_dataset

from .conftest import DATASET, REPO, SEED


@pytest.fixture(scope="module")
def entry() -> dict[str, Any]:
    data = read_yaml(SEED).data
    return Entry.model_validate(data).model_dump()


def _event(entry: dict[str, Any], **match: Any) -> dict[str, Any]:
    found = [e for e in entry["events"] if all(e.get(k) == v for k, v in match.items())]
    assert len(found) == 1, match
    return found[0]


def test_article_metadata(entry: dict[str, Any]) -> None:
    art = entry["article"]
    assert art["url"] == (
        "https://news.antiwar.com/2024/09/17/iraqi-pm-says-end-date-for-us-led-anti-isis-coalition-will-be-announced-soon"
    )
    assert art["publisher"] == "antiwar-com" and art["authors"] == ["dave-decamp"]
    assert art["published"] == "2024-09-17"
    assert art["headline"] == "Iraqi PM Says End Date for US-Led Anti-ISIS Coalition Will Be Announced Soon"
    assert art["rights"]["text"] == "withheld"


def test_body_is_the_full_report(entry: dict[str, Any]) -> None:
    source = (REPO.parent / "shared" / "seed-article.txt")
    if not source.exists():
        pytest.skip("shared/seed-article.txt not beside the checkout")
    paragraphs = [p.strip() for p in source.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = fold(entry["article"]["body"])
    report = [p for p in paragraphs[2:] if not p.startswith(("Author:", "Dave DeCamp is"))]
    for paragraph in report:
        assert fold(paragraph) in body


def test_quotes(entry: dict[str, Any]) -> None:
    quotes = entry["quotes"]
    direct = [q for q in quotes if q["kind"] == "direct"]
    partial = [q for q in quotes if q["kind"] == "partial"]
    assert {q["speaker"] for q in direct} == {"mohammed-shia-al-sudani"}
    assert len(direct) == 2 and all(q["via"] == "bloomberg" for q in direct)
    assert {q["text"] for q in partial} == {"bilateral security partnership", "at no point"}
    assert all(q["speaker"] == "us-state-department" and q["said"] == "2024-08" and "said" in q["inferred"] for q in partial)


def test_raid(entry: dict[str, Any]) -> None:
    raid = _event(entry, type="raid")
    assert raid["date"] == "2024-08-29" and "date" in raid["inferred"]
    assert raid["casualties"] == [
        {"outcome": "wounded", "low": None, "best": 7, "high": None, "group": "us-armed-forces", "description": None}
    ]


def test_tower_22(entry: dict[str, Any]) -> None:
    strike = _event(entry, type="drone_strike")
    assert strike["date"] == "2024-01" and "date" in strike["inferred"]
    assert strike["location"]["country"] == "JOR" and strike["location"]["place"] == "tower-22"
    assert [(c["outcome"], c["best"], c["group"]) for c in strike["casualties"]] == [("killed", 3, "us-army-reserve")]


def test_withdrawal_plan_and_announcement(entry: dict[str, Any]) -> None:
    planned = sorted(e["date"] for e in entry["events"] if e.get("type") == "troop_withdrawal")
    assert planned == ["../2025-09", "../2026-09"]
    assert all(e["status"] == "planned" for e in entry["events"] if e.get("type") == "troop_withdrawal")
    announcement = _event(entry, type="withdrawal_announcement")
    assert announcement["status"] == "expected" and announcement.get("date") is None


def test_no_zero_casualties_and_evidence_verbatim(entry: dict[str, Any]) -> None:
    body = fold(entry["article"]["body"])
    for event in entry["events"]:
        for c in event.get("casualties", []):
            assert 0 not in (c["low"], c["best"], c["high"])
        for sentence in event["evidence"]:
            assert fold(sentence) in body


def test_seed_dataset_has_no_errors() -> None:
    report = check_dataset(DATASET, use_cache=False)
    assert report.ok, [f"{d.path}:{d.line}: {d.code} {d.message}" for d in report.errors]
    assert report.files_checked >= 4
    assert len(report.entries) == 1 and len(report.entities) >= 15
