"""Cross-record rules when some files are broken, and NL409 (a ref to a later event).

A file that cannot be parsed or validated is missing from the index that
cross-record rules read. The ids it defines (or may define) must not make every
file that names them an error: at most the broken file's own error is reported.
References that are unknown everywhere are still errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.validators.engine import check_dataset
from tests.test_validate_fixtures import (
    FIRST,
    MINIMAL,
    MINIMAL_REGISTRY,
    SECOND,
    _line_col,
    found,
    make_dataset,
    second_entry,
)

EVENT = "haddad-2024-05-01-talks-remarks"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))


def whole(root: Path, *, cache: bool = False) -> set[tuple[str, str, int, int]]:
    report = check_dataset(root, use_cache=cache, jobs=1, want_records=False)
    return {(Path(d.path).name, d.code, d.line, d.col) for d in report.diagnostics}


def one(root: Path, rel: str, *, cache: bool = True) -> set[tuple[str, int, int]]:
    report = check_dataset(root, only=[root / rel], use_cache=cache, jobs=1, want_records=False)
    return found(report.diagnostics)


def codes(diagnostics: set[tuple[str, str, int, int]]) -> list[str]:
    return sorted(code for _, code, _, _ in diagnostics)


# --- item: broken files do not flood others with NL402/NL403 -------------------------------

BROKEN_YAML = MINIMAL.replace("genre: news", "genre: news: opinion")  # NL101: a colon in a plain value


def test_entry_that_does_not_parse_defines_its_events_for_refs_elsewhere(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "ds", {FIRST: BROKEN_YAML, SECOND: second_entry()}, registry="minimal")
    assert codes(whole(root)) == ["NL101"]
    assert one(root, SECOND) == set()


def test_entry_that_fails_the_schema_defines_its_events_for_refs_elsewhere(tmp_path: Path) -> None:
    invalid = MINIMAL.replace("genre: news", "genre: gossip")
    root = make_dataset(tmp_path / "ds", {FIRST: invalid, SECOND: second_entry()}, registry="minimal")
    assert codes(whole(root)) == ["NL204"]


def test_a_ref_defined_nowhere_is_still_reported_next_to_a_broken_file(tmp_path: Path) -> None:
    other = second_entry().replace(f"ref: {EVENT}", "ref: defined-nowhere-event")
    root = make_dataset(tmp_path / "ds", {FIRST: BROKEN_YAML, SECOND: other}, registry="minimal")
    line, col = _line_col(other, "ref: defined-nowhere")
    assert codes(whole(root)) == ["NL101", "NL403"]
    assert ("NL403", line, col + 5) in one(root, SECOND)


def test_registry_that_does_not_parse_makes_no_entity_unknown(tmp_path: Path) -> None:
    broken = MINIMAL_REGISTRY + "- {id: extra, kind: person, name: [unclosed\n"
    root = make_dataset(tmp_path / "ds", {FIRST: MINIMAL, SECOND: second_entry(), "entities/minimal.yaml": broken}, registry="none")
    assert codes(whole(root)) == ["NL101"]
    assert one(root, FIRST) == set()


def test_unknown_entity_is_still_reported_next_to_a_broken_registry(tmp_path: Path) -> None:
    broken = MINIMAL_REGISTRY + "- {id: extra, kind: person, name: [unclosed\n"
    entry = MINIMAL.replace("publisher: example-news", "publisher: nobody-news")
    root = make_dataset(tmp_path / "ds", {FIRST: entry, "entities/minimal.yaml": broken}, registry="none")
    assert codes(whole(root)) == ["NL101", "NL402"]


def test_valid_entities_of_a_file_with_an_invalid_one_are_defined(tmp_path: Path) -> None:
    registry = MINIMAL_REGISTRY + "- {id: place-x, kind: place, name: X, lat: .nan, lon: .inf}\n"
    entry = MINIMAL.replace("    date: 2024-05-01\n", "    date: 2024-05-01\n    location: {place: place-x, precision: exact}\n", 1)
    root = make_dataset(tmp_path / "ds", {FIRST: entry, "entities/minimal.yaml": registry}, registry="none")
    diagnostics = whole(root)
    # Only the invalid entity's own errors: the others are known, and place-x (named
    # by the entry) is possibly defined; NL501 waits for a valid registry.
    assert {name for name, *_ in diagnostics} == {"minimal.yaml"}
    assert "NL402" not in codes(diagnostics)
    assert one(root, FIRST) == set()


def test_an_invalid_entity_does_not_hide_that_valid_ones_are_duplicates(tmp_path: Path) -> None:
    registry = MINIMAL_REGISTRY + "- {id: jane-doe, kind: person, name: Jane Doe}\n- {id: broken, kind: nonsense, name: B}\n"
    root = make_dataset(tmp_path / "ds", {FIRST: MINIMAL, "entities/minimal.yaml": registry}, registry="none")
    assert "NL401" in codes(whole(root))


def test_yml_registry_makes_no_entity_unknown(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "ds", {FIRST: MINIMAL, "entities/minimal.yml": MINIMAL_REGISTRY}, registry="none")
    assert whole(root) == {("minimal.yml", "NL114", 1, 1)}


def test_undecodable_registry_makes_no_entity_unknown(tmp_path: Path) -> None:
    raw = MINIMAL_REGISTRY.encode("utf-8").replace(b"Jane", b"J\xffne")
    root = make_dataset(tmp_path / "ds", {FIRST: MINIMAL, "entities/minimal.yaml": raw}, registry="none")
    assert codes(whole(root)) == ["NL107"]


def test_broken_file_read_from_the_cache_still_counts(tmp_path: Path) -> None:
    """A pre-commit run on the referring entry, the broken one coming from the cache."""
    root = make_dataset(tmp_path / "ds", {FIRST: BROKEN_YAML, SECOND: second_entry()}, registry="minimal")
    assert codes(whole(root, cache=True)) == ["NL101"]
    (root / SECOND).write_text(second_entry() + "# edited\n", encoding="utf-8")
    assert one(root, SECOND) == set()


# --- NL409: a ref to an event that started after the article -----------------------------


def _later_event(day: str) -> str:
    return MINIMAL.replace("    date: 2024-05-01\n", f"    date: {day}\n")


def test_nl409_ref_to_an_event_after_publication(tmp_path: Path) -> None:
    # The first entry's event is dated 2024-05-02 (its own publication day); the
    # second entry, published a day earlier, cannot report it.
    first = _later_event("2024-05-02")
    other = second_entry().replace("published: 2024-05-03", "published: 2024-05-01")
    root = make_dataset(tmp_path / "ds", {FIRST: first, SECOND: other}, registry="minimal")
    line, col = _line_col(other, "ref: haddad")
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    assert found(report.diagnostics) == {("NL409", line, col + 5)}
    (d,) = report.diagnostics
    assert d.path.endswith(SECOND) and "2024-05-02" in d.message
    assert d.related[0].path.endswith(FIRST)
    assert (d.related[0].line, d.related[0].col) == _line_col(first, "2024-05-02\n    actors")


def test_nl409_found_on_a_warm_one_file_run(tmp_path: Path) -> None:
    first = _later_event("2024-05-02")
    other = second_entry().replace("published: 2024-05-03", "published: 2024-05-01")
    # The defining entry is unchanged: read from the cache's summaries.
    files = {FIRST: first, SECOND: other}
    root = make_dataset(tmp_path / "ds", files, registry="minimal")
    check_dataset(root, use_cache=True, jobs=1, want_records=False)
    (root / SECOND).write_text(other + "# edited\n", encoding="utf-8")
    line, col = _line_col(other, "ref: haddad")
    assert one(root, SECOND) == {("NL409", line, col + 5)}


def test_nl409_not_for_an_event_on_or_before_publication(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "ds", {FIRST: _later_event("2024-05-03"), SECOND: second_entry()}, registry="minimal")
    assert "NL409" not in codes(whole(root))


def test_nl409_published_datetime_counts_as_the_latest_day_anywhere(tmp_path: Path) -> None:
    first = _later_event("2024-05-02")
    other = second_entry().replace("published: 2024-05-03", "published: 2024-05-01T23:30:00-05:00")
    root = make_dataset(tmp_path / "ds", {FIRST: first, SECOND: other}, registry="minimal")
    assert whole(root) == set()
    # 09:00 UTC: 23:00 on 1 May in UTC+14, and 2 May nowhere yet.
    later = second_entry().replace("published: 2024-05-03", "published: 2024-05-01T04:00:00-05:00")
    (root / SECOND).write_text(later, encoding="utf-8")
    assert codes(whole(root)) == ["NL409"]


def test_nl409_not_for_planned_events(tmp_path: Path) -> None:
    first = _later_event("2024-05-09").replace("status: occurred", "status: planned")
    root = make_dataset(tmp_path / "ds", {FIRST: first, SECOND: second_entry()}, registry="minimal")
    assert "NL409" not in codes(whole(root))
