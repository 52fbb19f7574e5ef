"""The PLOVER crosswalk against PLOVER's own tables.

``MANUAL`` below was written by hand from the PLOVER manual, not from
``newsledger.schema.vocab``: openeventdata/PLOVER, ``PLOVER_MANUAL.tex`` at commit
5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f (2024-02-04), chapter "Event
Categories": for each type, the rows of its mode table, or nothing where its
section says "Supplementary fields: None". Rows the manual comments out (RETREAT
``return``; ASSAULT ``execute``, ``cleansing``, ``massacre``, ``sideAB``) are
not modes. The quad category is the "Quad category" line of each section.
"""

from __future__ import annotations

import pytest

from newsledger.schema import vocab

MANUAL_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"

MANUAL: dict[str, tuple[str, set[str]]] = {
    "AGREE": ("verbal cooperation", set()),
    "CONSULT": ("verbal cooperation", {"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": ("verbal cooperation", set()),
    "CONCEDE": ("verbal cooperation", set()),
    "COOPERATE": ("material cooperation", set()),
    "AID": ("material cooperation", set()),
    "RETREAT": ("material cooperation", {"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": ("verbal conflict", {"assist", "change", "yield", "meet"}),
    "ACCUSE": ("verbal conflict", {"disapprove", "investigate", "allege"}),
    "REJECT": ("verbal conflict", {"assist", "change", "yield", "meet"}),
    "THREATEN": ("verbal conflict", {"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": ("material conflict", {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": ("material conflict", {"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": ("material conflict", {"troops", "weapons", "police", "militia"}),
    "COERCE": (
        "material conflict",
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold", "misinformation", "cyber"},
    ),
    "ASSAULT": (
        "material conflict",
        {
            "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
            "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
        },
    ),
}


def test_the_crosswalk_names_the_manual_it_was_read_from() -> None:
    assert vocab.PLOVER_MANUAL_COMMIT == MANUAL_COMMIT
    assert "openeventdata/PLOVER" in vocab.PLOVER_MANUAL and "PLOVER_MANUAL.tex" in vocab.PLOVER_MANUAL


def test_plover_types_and_modes_are_the_manuals() -> None:
    assert {t: set(m) for t, m in vocab.PLOVER_MODES.items()} == {t: modes for t, (_, modes) in MANUAL.items()}
    assert {t: quad for t, (quad, _) in MANUAL.items()} == vocab.PLOVER_QUADS


@pytest.mark.parametrize("event_type", sorted(vocab.PLOVER_CROSSWALK))
def test_every_crosswalk_mode_is_one_plover_gives_its_type(event_type: str) -> None:
    plover = vocab.PLOVER_CROSSWALK[event_type]
    if plover.type is None:  # no PLOVER type, so no modes
        assert plover.modes == ()
        assert vocab.plover_modes_allowed(event_type) == frozenset()
        return
    _, modes = MANUAL[plover.type]
    assert set(plover.modes) <= modes
    assert vocab.plover_modes_allowed(event_type) == modes


@pytest.mark.parametrize("plover_type", [t for t, (_, modes) in MANUAL.items() if not modes])
def test_types_without_modes_in_plover_get_none(plover_type: str) -> None:
    mapped = [name for name, p in vocab.PLOVER_CROSSWALK.items() if p.type == plover_type]
    assert all(vocab.PLOVER_CROSSWALK[name].modes == () for name in mapped)
    assert all(vocab.plover_modes_allowed(name) == frozenset() for name in mapped)


def test_every_plover_type_is_reachable_from_some_event_type() -> None:
    assert {p.type for p in vocab.PLOVER_CROSSWALK.values()} - {None} == set(MANUAL)


def test_what_the_review_found_is_gone() -> None:
    # CONCEDE has no modes; an announced withdrawal is CONCEDE, a real one RETREAT withdraw
    assert vocab.PLOVER_CROSSWALK["withdrawal_announcement"] == vocab.Plover("CONCEDE", ())
    assert vocab.PLOVER_CROSSWALK["troop_withdrawal"] == vocab.Plover("RETREAT", ("withdraw",))
    # negotiations are not multilateral by default (the report's US-Iraq talks are bilateral)
    assert vocab.PLOVER_CROSSWALK["negotiation"] == vocab.Plover("CONSULT", ())
    # "al-Sudani told Bloomberg" is no consultation: PLOVER dropped MAKE PUBLIC STATEMENT
    assert vocab.PLOVER_CROSSWALK["statement"].type is None
    assert "chem-bio-rad" not in vocab.PLOVER_MODES["ASSAULT"]
    assert "return" not in vocab.PLOVER_MODES["RETREAT"]


def test_material_types_are_the_two_material_quads() -> None:
    assert {
        "COOPERATE", "AID", "RETREAT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    } == vocab.PLOVER_MATERIAL


def test_a_curators_modes_replace_the_default() -> None:
    assert vocab.plover_for("airstrike") == vocab.Plover("ASSAULT", ("aerial",))
    assert vocab.plover_for("attack", ["heavy-weapons", "drone"]).modes == ("heavy-weapons", "drone")
    assert vocab.plover_for("airstrike", "drone").modes == ("drone",)
    assert vocab.plover_for("attack", ["heavy-weapons", "drone"]).mode == "heavy-weapons"
    assert vocab.plover_for("statement") == vocab.Plover(None, ())
    assert vocab.plover_for("statement").mode is None


# --- NL316 / NL317: what has not happened is not coded as if it had --------------------


def _entry(*events: dict[str, object]) -> dict[str, object]:
    return {"article": {"published": "2024-09-17"}, "events": list(events)}


def _codes(entry: dict[str, object]) -> list[str]:
    from newsledger.validators.rules.meaning import future_cooperation, future_retreat

    return [f.code for check in (future_retreat, future_cooperation) for f in check(entry)]


def _event(type_: str, status: str, date: str | None = None) -> dict[str, object]:
    return {"id": "e", "type": type_, "status": status, "date": date}


@pytest.mark.parametrize("status", ["planned", "expected", "announced"])
@pytest.mark.parametrize("type_", ["troop_withdrawal", "ceasefire", "release"])
def test_a_retreat_still_to_come_is_nl316(type_: str, status: str) -> None:
    assert _codes(_entry(_event(type_, status))) == ["NL316"]


@pytest.mark.parametrize("date", ["../2025-09", "2024-10", "2025"])
def test_a_reported_plan_dated_after_publication_is_nl316(date: str) -> None:
    # Reuters: "the US would remove hundreds of the 2,500 troops ... by September 2025"
    assert _codes(_entry(_event("troop_withdrawal", "reported", date))) == ["NL316"]


@pytest.mark.parametrize(
    ("status", "date"),
    [
        ("occurred", "2024-08"), ("ongoing", "2024-09/.."), ("reported", "2024-08"), ("reported", None),
        ("reported", "2024"), ("reported", "2024-09/2025-09"), ("denied", "../2025-09"),
    ],
)
def test_a_retreat_that_happened_or_is_unconfirmed_in_the_past_is_not(status: str, date: str | None) -> None:
    assert _codes(_entry(_event("troop_withdrawal", status, date))) == []


def test_announced_withdrawals_and_struck_targets_are_not_recoded() -> None:
    # CONCEDE + future stays CONCEDE; a planned strike keeps ASSAULT (the release marks it)
    assert _codes(_entry(_event("withdrawal_announcement", "expected"), _event("airstrike", "planned"))) == []


@pytest.mark.parametrize("type_", ["visit", "meeting", "negotiation", "support", "cooperation", "aid", "military_aid"])
def test_cooperation_still_to_come_is_nl317(type_: str) -> None:
    assert _codes(_entry(_event(type_, "announced"))) == ["NL317"]
    assert _codes(_entry(_event("agreement", "announced"))) == []


def test_event_references_are_left_to_their_defining_entry() -> None:
    assert _codes(_entry({"ref": "x", "evidence": ["y"]})) == []


def test_the_deprecated_plover_type_is_never_null_and_otherwise_plovers() -> None:
    # 1.x readers rely on a value; PLOVER's own answer is plover_event (null for these)
    for name, plover in vocab.PLOVER_CROSSWALK.items():
        if plover.type is None:
            assert vocab.plover_type_1_0(name) in vocab.PLOVER_MODES
        else:
            assert vocab.plover_type_1_0(name) == plover.type
    assert set(vocab.PLOVER_TYPE_1_0) == {n for n, p in vocab.PLOVER_CROSSWALK.items() if p.type is None}


# --- the seed release's PLOVER columns, as a reader sees them ------------------------------


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    import json

    from ._release_helpers import build_seed_release

    release = build_seed_release(tmp_path_factory.mktemp("release"), "0.0.0-plover")
    lines = (release / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def test_what_did_not_happen_is_never_published_as_if_it_had(seed_events: dict[str, dict[str, object]]) -> None:
    for row in seed_events.values():
        modes = row["plover_modes"]
        assert isinstance(modes, list)
        if row["plover_event"] is None:
            assert modes == []
        else:
            assert set(modes) <= set(MANUAL[str(row["plover_event"])][1])
        if row["status"] not in ("occurred", "ongoing"):
            assert row["plover_event"] != "RETREAT"
            if row["plover_event"] in vocab.PLOVER_MATERIAL:
                assert row["plover_factuality"] != "asserted", row["id"]


def test_the_seed_reads_as_plover_codes_it(seed_events: dict[str, dict[str, object]]) -> None:
    plan = seed_events["us-remove-hundreds-of-troops-iraq-by-2025-09"]
    assert (plan["plover_event"], plan["plover_modes"], plan["plover_factuality"]) == ("CONCEDE", [], "unconfirmed")
    assert plan["plover_actors"] == ["united-states"]
    end = seed_events["iraq-announcement-end-of-us-led-coalition-mission"]
    assert (end["plover_event"], end["plover_modes"], end["plover_factuality"]) == ("CONCEDE", [], "future")
    assert end["plover_recipients"] == ["us-led-anti-isis-coalition"]
    remarks = seed_events["al-sudani-bloomberg-remarks-coalition-end-date"]
    assert remarks["plover_event"] is None and "bloomberg" not in remarks["plover_actors"] + remarks["plover_recipients"]  # type: ignore[operator]
    denial = seed_events["us-iraq-talks-withdrawal-discussed"]
    assert (denial["plover_event"], denial["plover_factuality"]) == ("CONSULT", "negated")
    talks = seed_events["us-iraq-talks-bilateral-security-partnership"]
    assert (talks["plover_event"], talks["plover_modes"]) == ("CONSULT", [])  # bilateral, not multilateral
    # no host or visitor: every party is PLOVER's actor, and there is no recipient
    assert (talks["plover_actors"], talks["plover_recipients"]) == (["biden-administration", "iraq"], [])
    attacks = seed_events["rocket-drone-attacks-us-bases"]
    assert (attacks["plover_event"], attacks["plover_modes"]) == ("ASSAULT", ["heavy-weapons", "drone"])
    gaza = seed_events["israel-military-campaign-gaza"]
    assert gaza["location"]["country"] == "PSE"  # type: ignore[index]
