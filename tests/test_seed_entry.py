"""The first curated entry states what the report states, and nothing more."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger import read_yaml
from newsledger.schema.models import parse_entry
from newsledger.text import fold
from newsledger.validators.engine import check_dataset

from .conftest import DATASET, REPO, SEED


@pytest.fixture(scope="module")
def entry() -> dict[str, Any]:
    data = read_yaml(SEED).data
    return parse_entry(data).model_dump()


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


#: The report's attributed claims, as paraphrases: (speaker, the body's words).
PARAPHRASES = {
    ("mohammed-shia-al-sudani", "the official end date for the US-led anti-ISIS coalition will be announced soon"),
    ("mohammed-shia-al-sudani", "Iraqi security forces no longer need the US’s help to fight ISIS remnants"),
    ("mohammed-shia-al-sudani", "Iraqi forces don’t need American help to fight ISIS"),
    (
        "us-state-department",
        "the talks with Iraq had been focused on creating a new “bilateral security partnership” and that "
        "“at no point” was the idea of a withdrawal being discussed",
    ),
    ("reuters", "the US could leave troops in the country under a new advisory relationship"),
    ("biden-administration", "it wants to keep troops in Iraq"),
}


def test_attributed_claims_are_paraphrases_in_the_reports_words(entry: dict[str, Any]) -> None:
    body = entry["article"]["body"]
    paraphrases = [q for q in entry["quotes"] if q["kind"] == "paraphrase"]
    assert {(q["speaker"], q["text"]) for q in paraphrases} == PARAPHRASES
    assert all(q["text"] in body for q in paraphrases)  # verbatim, not even folded


def test_bloomberg_is_the_channel_not_an_actor(entry: dict[str, Any]) -> None:
    assert not [a for e in entry["events"] for a in e.get("actors", []) if a["entity"] == "bloomberg"]
    for quote in entry["quotes"]:
        if quote["id"] in ("q1", "q2"):  # "al-Sudani said": the interview is an inference
            assert quote["via"] == "bloomberg" and "via" in quote["inferred"]


def test_coalition_end_is_announced_and_about_the_coalition(entry: dict[str, Any]) -> None:
    announcement = _event(entry, id="iraq-announcement-end-of-us-led-coalition-mission")
    roles = {a["entity"]: a["role"] for a in announcement["actors"]}
    assert roles == {"mohammed-shia-al-sudani": "initiator", "us-led-anti-isis-coalition": "target"}
    assert "actors" in announcement["inferred"]


def test_the_state_departments_denial_is_coded_as_one(entry: dict[str, Any]) -> None:
    denied = _event(entry, status="denied")
    assert denied["type"] == "negotiation"
    assert any("“at no point” was the idea of a withdrawal being discussed" in s for s in denied["evidence"])


def test_over_the_past_year_is_approximate_and_inferred(entry: dict[str, Any]) -> None:
    repeated = _event(entry, id="al-sudani-statements-iraqi-forces-need-no-us-help")
    assert "~" in repeated["date"] and "date" in repeated["inferred"]


def test_rocket_and_drone_attacks_carry_both_modes(entry: dict[str, Any]) -> None:
    attacks = _event(entry, id="rocket-drone-attacks-us-bases")
    assert attacks["type"] == "attack" and attacks["mode"] == ["heavy-weapons", "drone"]
    assert any(s.startswith("Hundreds of attacks targeted US bases") for s in attacks["evidence"])
    assert "Hundreds" in attacks["summary"]


def test_gaza_has_its_country(entry: dict[str, Any]) -> None:
    gaza = _event(entry, id="israel-military-campaign-gaza")
    assert gaza["location"]["country"] == "PSE" and "location" in gaza["inferred"]


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
    # Reuters' plan "has yet to be announced": reported, not planned; a withdrawal that
    # has not happened is CONCEDE (withdrawal_announcement), never RETREAT
    assert not [e for e in entry["events"] if e.get("type") == "troop_withdrawal"]
    plan = sorted(
        (e["date"], e["status"]) for e in entry["events"] if e.get("type") == "withdrawal_announcement" and e.get("date")
    )
    assert plan == [("../2025-09", "reported"), ("../2026-09", "reported")]
    announcement = _event(entry, id="iraq-announcement-end-of-us-led-coalition-mission")
    assert announcement["type"] == "withdrawal_announcement"
    assert announcement["status"] == "announced" and announcement.get("date") is None


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
