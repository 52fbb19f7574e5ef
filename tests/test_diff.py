"""``newsledger diff``: added, removed and changed records between two releases."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from newsledger.cli import main
from newsledger.errors import ChecksumMismatch, ReleaseError
from newsledger.release.build import write_release
from newsledger.release.diff import diff_releases, to_json, to_markdown
from newsledger.validators.engine import check_dataset

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "antiwar-2024-09-17-iraqi-pm-coalition-end-date"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """1.0.0 from the seed; 1.1.0 with one quote removed, one event retyped, a
    headline edited and an entity added."""
    report = check_dataset(REPO / "dataset", use_cache=False)
    assert report.ok
    out = tmp_path_factory.mktemp("releases")
    old = write_release(report.entries, report.entities, out, "1.0.0")
    entries, entities = copy.deepcopy(report.entries), copy.deepcopy(report.entities)
    article = entries[0]
    article["article"]["headline"] = "A corrected headline"
    article["quotes"] = [q for q in article["quotes"] if q["id"] != "q4"]
    event = next(e for e in article["events"] if e.get("id") == "2024-08-29-us-raid-suspected-isis-hideout")
    event["type"] = "shelling"
    entities.append(
        {
            "id": "zz-new-entity",
            "kind": "ngo",
            "name": "New NGO",
            "aliases": [],
            "wikidata": None,
            "country": None,
            "parent": None,
            "description": None,
            "lat": None,
            "lon": None,
            "geonames": None,
        }
    )
    new = write_release(entries, entities, out, "1.1.0")
    return old, new


def test_identical_releases(releases: tuple[Path, Path]) -> None:
    old, _ = releases
    diff = diff_releases(old, old)
    assert diff.unchanged and diff.removed_total == 0
    assert "No records changed." in to_markdown(diff)


def test_added_removed_changed(releases: tuple[Path, Path]) -> None:
    diff = diff_releases(*releases)
    tables = {t.name: t for t in diff.tables}
    assert tables["quotes"].removed == [f"{ARTICLE}/q4"]
    assert tables["quotes"].added == [] and tables["quotes"].changed == []
    assert tables["entities"].added == ["zz-new-entity"]
    articles = {c.id: {f.field: (f.old, f.new) for f in c.changes} for c in tables["articles"].changed}
    assert articles[ARTICLE]["headline"][1] == "A corrected headline"
    assert articles[ARTICLE]["quote_count"] == (10, 9)
    events = {c.id: {f.field: (f.old, f.new) for f in c.changes} for c in tables["events"].changed}
    raid = events["2024-08-29-us-raid-suspected-isis-hideout"]
    assert raid["type"] == ("raid", "shelling")
    assert raid["plover_mode"] == (None, "heavy-weapons")
    assert "summary" not in raid
    assert diff.removed_total == 1


def test_json_rendering(releases: tuple[Path, Path]) -> None:
    doc = to_json(diff_releases(*releases))
    json.dumps(doc)  # serialisable as is
    assert doc["old"]["version"] == "1.0.0" and doc["new"]["version"] == "1.1.0"
    assert doc["summary"] == {"added": 1, "removed": 1, "changed": 2}
    assert doc["removed_ids"] == {"quotes": [f"{ARTICLE}/q4"]}
    assert doc["tables"]["articles"]["changed"][0]["fields"]["headline"]["new"] == "A corrected headline"
    rows = doc["tables"]["entities"]["rows"]
    assert rows["new"] == rows["old"] + 1


def test_markdown_calls_out_removed_ids_first(releases: tuple[Path, Path]) -> None:
    text = to_markdown(diff_releases(*releases))
    assert text.startswith("# newsledger 1.0.0 → 1.1.0\n")
    removed = text.index("**Removed: 1 record(s)")
    assert removed < text.index("| table |") < text.index("## articles")
    assert f"- `{ARTICLE}/q4`" in text
    assert '`headline`: `"Iraqi PM Says' in text and '`"A corrected headline"`' in text
    assert "### Added (1)" in text and "- `zz-new-entity`" in text


def test_cli_markdown_and_json(releases: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = releases
    assert main(["diff", str(old), str(new)]) == 0
    assert "**Removed: 1 record(s)" in capsys.readouterr().out
    out = tmp_path / "diff.json"
    assert main(["diff", str(old), str(new), "--format", "json", "--output", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["removed"] == 1


def test_not_a_release(releases: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = releases
    with pytest.raises(ReleaseError, match=r"no manifest\.json"):
        diff_releases(old, tmp_path)
    with pytest.raises(ReleaseError, match="not a directory"):
        diff_releases(tmp_path / "missing", old)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReleaseError, match="unreadable manifest"):
        diff_releases(old, tmp_path)
    (tmp_path / "manifest.json").write_text('{"name": "other"}', encoding="utf-8")
    with pytest.raises(ReleaseError, match="not a newsledger manifest"):
        diff_releases(old, tmp_path)
    assert main(["diff", str(old), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "newsledger: error:" in err and "Traceback" not in err


def test_altered_release_is_refused(releases: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    old, new = releases
    altered = shutil.copytree(new, tmp_path / new.name)
    with open(altered / "events.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "sneaked-in"}\n')
    with pytest.raises(ChecksumMismatch, match=r"events\.jsonl"):
        diff_releases(old, altered)


def test_long_values_are_shown_around_their_first_difference() -> None:
    """A change deep inside a long value must not print as two identical excerpts."""
    from newsledger.release.diff import _change

    old = "word " * 200 + "old ending" + " tail" * 50
    new = "word " * 200 + "new ending" + " tail" * 50
    line = _change(old, new)
    before, after = line.split(" → ")
    assert before != after
    assert "old ending" in before and "new ending" in after
    assert before.startswith("`…") and before.endswith("…`")  # cut on both sides, and says so
    assert _change("a", "b") == '`"a"` → `"b"`'  # short values whole
    assert _change([1], [1, 2]) == "`[1]` → `[1, 2]`"


def test_release_notes_from_0_1_0_show_added_records_and_new_columns_field_by_field(tmp_path: Path) -> None:
    """The diff of the published 0.1.0 (built by the 0.1.0 code, tests/data) and a build
    of today's seed reads as a changelog: an added record with its fields, a column new
    in 1.1 with its value in each record, ids in natural order (q5 before q10)."""
    from newsledger.release.diff import to_text

    old = REPO / "tests" / "data" / "release-0.1.0" / "newsledger-0.1.0"
    report = check_dataset(REPO / "dataset", use_cache=False)
    new = write_release(report.entries, report.entities, tmp_path, "9.9.9")
    diff = diff_releases(old, new)
    quotes = next(t for t in diff.tables if t.name == "quotes")
    added = [i.rsplit("/", 1)[1] for i in quotes.added]
    assert added == sorted(added, key=lambda q: int(q[1:])) and "q10" in added  # q5 ... q10
    text = to_text(diff)
    q5 = text.split(f"  added {ARTICLE}/q5\n", 1)[1].split("  added ", 1)[0].splitlines()
    assert '    kind: "paraphrase"' in q5 and '    speaker: "mohammed-shia-al-sudani"' in q5
    events = next(t for t in diff.tables if t.name == "events")
    assert "plover_factuality" in events.columns_added
    assert all(any(f.field == "plover_factuality" and f.new_column for f in c.changes) for c in events.changed)
    assert "plover_factuality: (new column) " in text
    data = to_json(diff)["tables"]
    assert data["quotes"]["added_rows"][f"{ARTICLE}/q5"]["kind"] == "paraphrase"
    changed = data["events"]["changed"][0]["fields"]["plover_factuality"]
    assert changed["new_column"] is True and "old" not in changed
    md = to_markdown(diff)
    assert f"- `{ARTICLE}/q5`\n  - `article_id`" in md
