"""``newsledger schema diff`` and ``schema check``: the compatibility gate.

Mutations of a copy of the published schemas must each be named by their rule,
for the right audience, with the right verdict and bump.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsledger.cli import main
from newsledger.schema import compat, models

REPO = Path(__file__).resolve().parents[1]
CURRENT = REPO / "schema" / models.SCHEMA_VERSION


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["schema", "diff", *args, "--format", "json", "--root", str(REPO)])
    return code, json.loads(capsys.readouterr().out)


def _rules(report: dict[str, Any]) -> set[tuple[str, str, str, bool]]:
    return {(c["rule"], c["audience"], c["path"], c["breaking"]) for c in report["changes"]}


def test_1_0_to_1_1_is_minor_and_names_every_change(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _diff(capsys, "1.0", "1.1")
    assert code == 0
    assert report["required_bump"] == "minor" and report["breaking"] is False
    assert report["data_checked"] >= 4  # the seed entry and the entity files
    rules = _rules(report)
    for expected in [
        ("TYPE_WIDENED", "writers", "entry.events[].mode", False),
        ("COLUMN_ADDED", "readers", "quotes.char_start", False),
        ("COLUMN_ADDED", "readers", "quotes.char_end", False),
        ("DEPRECATED", "readers", "quotes.start", False),
        ("DEPRECATED", "readers", "quotes.end", False),
        ("COLUMN_ADDED", "readers", "events.plover_modes", False),
        ("COLUMN_ADDED", "readers", "events.plover_factuality", False),
        ("COLUMN_ADDED", "readers", "events.plover_actors", False),
        ("COLUMN_ADDED", "readers", "events.plover_recipients", False),
        ("DEPRECATED", "readers", "events.plover_mode", False),
        ("COLUMN_ADDED", "readers", "events.sources[].evidence_offsets", False),
        ("MEANING_CHANGED", "readers", "articles.body_sha256", False),
        ("MEANING_CHANGED", "readers", "articles.body_chars", False),
    ]:
        assert expected in rules, expected
    for change in report["changes"]:
        assert set(change) >= {"rule", "audience", "path", "breaking"}
        assert change["rule"] in compat.RULES


def test_same_version_has_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _diff(capsys, "1.1", "1.1")
    assert (code, report["required_bump"], report["changes"]) == (0, "none", [])


def _mutated(tmp_path: Path, edit: Callable[[dict[str, dict[str, Any]]], None]) -> Path:
    folder = tmp_path / "mutated"
    shutil.copytree(CURRENT, folder)
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    edit(docs)
    for name, doc in docs.items():
        (folder / name).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return folder


def _column(docs: dict[str, dict[str, Any]], table: str, name: str) -> dict[str, Any]:
    return next(c for c in docs["release.schema.json"]["tables"][table]["columns"] if c["name"] == name)


def _defs(docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return docs["entry.schema.json"]["$defs"]


MUTATIONS: dict[str, tuple[Callable[[dict[str, dict[str, Any]]], None], tuple[str, str, str, bool], str]] = {
    "property removed": (
        lambda d: _defs(d)["Article"]["properties"].pop("archive_url"),
        ("FIELD_REMOVED", "writers", "entry.article.archive_url", True),
        "major",
    ),
    "required property added": (
        lambda d: (
            _defs(d)["Article"]["properties"].__setitem__("section", {"type": "string", "description": "x"}),
            _defs(d)["Article"]["required"].append("section"),
        ),
        ("REQUIRED_FIELD_ADDED", "writers", "entry.article.section", True),
        "major",
    ),
    "optional property added": (
        lambda d: _defs(d)["Article"]["properties"].__setitem__("section", {"type": "string", "description": "x"}),
        ("OPTIONAL_FIELD_ADDED", "writers", "entry.article.section", False),
        "minor",
    ),
    "enum value removed": (
        lambda d: _defs(d)["EventStatus"]["enum"].remove("denied"),
        ("ENUM_VALUE_REMOVED", "writers", "entry.events[].status", True),
        "major",
    ),
    "enum value added": (
        lambda d: _defs(d)["Genre"]["enum"].append("review"),
        ("ENUM_VALUE_ADDED", "writers", "entry.article.genre", False),
        "minor",
    ),
    "type changed": (
        lambda d: _defs(d)["Casualty"]["properties"].__setitem__("best", {"type": "string", "description": "x"}),
        ("TYPE_CHANGED", "writers", "entry.events[].casualties[].best", True),
        "major",
    ),
    "type narrowed": (
        lambda d: _defs(d)["Event"]["properties"].__setitem__(
            "mode", {"type": "string", "pattern": "^[a-z-]+$", "description": "x"}
        ),
        ("TYPE_NARROWED", "writers", "entry.events[].mode", True),
        "major",
    ),
    "constraint tightened": (
        lambda d: _defs(d)["Article"]["properties"]["headline"].__setitem__("maxLength", 20),
        ("CONSTRAINT_TIGHTENED", "writers", "entry.article.headline", True),
        "major",
    ),
    "column removed": (
        lambda d: d["release.schema.json"]["tables"]["quotes"]["columns"].remove(_column(d, "quotes", "start")),
        ("COLUMN_REMOVED", "readers", "quotes.start", True),
        "major",
    ),
    "column type changed": (
        lambda d: _column(d, "quotes", "char_start").__setitem__("type", "string"),
        ("COLUMN_TYPE_CHANGED", "readers", "quotes.char_start", True),
        "major",
    ),
    "column made nullable": (
        lambda d: _column(d, "articles", "body_sha256").__setitem__("nullable", True),
        ("NULLABILITY_CHANGED", "readers", "articles.body_sha256", True),
        "major",
    ),
    "vocabulary value added": (
        lambda d: _column(d, "events", "status")["vocabulary"].append("rumoured"),
        ("ENUM_VALUE_ADDED", "readers", "events.status", False),
        "minor",
    ),
    "description changed": (
        lambda d: _column(d, "events", "summary").__setitem__("description", "Reworded."),
        ("DESCRIPTION_CHANGED", "readers", "events.summary", False),
        "patch",
    ),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutation_is_named_judged_and_bumped(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit, expected, bump = MUTATIONS[name]
    folder = _mutated(tmp_path, edit)
    code, report = _diff(capsys, str(CURRENT), str(folder), "--no-data")
    found = _rules(report)
    if expected[0] != "DESCRIPTION_CHANGED":  # the mutations write a placeholder description
        found = {r for r in found if r[0] != "DESCRIPTION_CHANGED"}
    assert found == {expected}
    assert report["required_bump"] == bump
    assert code == (1 if expected[3] else 0)


def test_writers_breakage_is_judged_on_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def no_bloomberg_citations(d: dict[str, dict[str, Any]]) -> None:
        _defs(d)["CitationKind"]["enum"].remove("interview")  # the seed cites an interview

    folder = _mutated(tmp_path, no_bloomberg_citations)
    code, report = _diff(capsys, str(CURRENT), str(folder))
    assert code == 1
    invalid = [c for c in report["changes"] if c["rule"] == "ENTRY_INVALID"]
    assert [Path(c["path"]).name for c in invalid] == ["antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"]
    assert "interview" in invalid[0]["message"]


def test_text_output_reads_in_a_ci_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "diff", "1.0", "1.1", "--root", str(REPO), "--no-data"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("schema diff 1.0 -> 1.1:") and "required bump: minor" in out
    assert "DEPRECATED" in out and "quotes.start" in out and "use char_start" in out


@pytest.mark.parametrize("spec", ["9.9", "no/such/folder"])
def test_unknown_version_or_folder_is_a_usage_error(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "diff", spec, "1.1", "--root", str(REPO)]) == 2
    err = capsys.readouterr().err
    assert spec in err and "Traceback" not in err


def test_a_broken_schema_file_is_reported_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(CURRENT, folder)
    (folder / "entry.schema.json").write_text("{not json", encoding="utf-8")
    assert main(["schema", "diff", "1.0", str(folder), "--root", str(REPO)]) == 2
    assert "entry.schema.json" in capsys.readouterr().err


def test_odd_schemas_give_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    loop = {"$ref": "#/$defs/A", "$defs": {"A": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}}}}
    (folder / "entry.schema.json").write_text(json.dumps(loop), encoding="utf-8")
    assert main(["schema", "diff", str(folder), str(folder), "--root", str(REPO), "--no-data"]) == 0
    (folder / "entry.schema.json").write_text(json.dumps({"properties": ["not", "a", "mapping"]}), encoding="utf-8")
    assert main(["schema", "diff", str(folder), "1.1", "--root", str(REPO), "--no-data"]) == 2
    assert "entry.schema.json: not a valid JSON Schema" in capsys.readouterr().err


def test_a_1_0_release_gives_its_tables_from_parquet(capsys: pytest.CaptureFixture[str]) -> None:
    release = REPO / "tests" / "data" / "release-0.1.0" / "newsledger-0.1.0"
    if not release.is_dir():
        pytest.skip("the schema-1.0 test release is not present")
    code, report = _diff(capsys, str(release), "1.1", "--no-data")
    assert code == 0 and report["old"]["version"] == "1.0"
    assert ("COLUMN_ADDED", "readers", "quotes.char_start", False) in _rules(report)


# --- published versions and schema check ----------------------------------------------


def test_schema_1_0_is_published_and_unchanged() -> None:
    lines = [ln for ln in (REPO / "schema" / "PUBLISHED.sha256").read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    listed = {ln.split()[1]: ln.split()[0] for ln in lines}
    assert {"1.0/entry.schema.json", "1.0/entities.schema.json"} <= set(listed)
    for rel, digest in listed.items():
        assert hashlib.sha256((REPO / "schema" / rel).read_bytes()).hexdigest() == digest, rel
    assert sorted(p.name for p in (REPO / "schema" / "1.0").iterdir()) == ["entities.schema.json", "entry.schema.json"]


def test_schema_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "check", "--root", str(REPO)]) == 0
    assert "required bump minor, declared minor" in capsys.readouterr().out


def _root_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "schema", root / "schema")
    return root


def test_schema_check_fails_when_a_published_file_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _root_copy(tmp_path)
    path = root / "schema" / "1.0" / "entry.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("One news report.", "One report."), encoding="utf-8")
    assert main(["schema", "check", "--root", str(root)]) == 1
    assert "schema/1.0/entry.schema.json: changed" in capsys.readouterr().err


def test_schema_check_fails_when_the_declared_version_is_too_low(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(models, "SCHEMA_VERSION", "1.0")  # the 1.1 changes, declared as 1.0
    assert main(["schema", "check", "--root", str(REPO)]) == 1
    err = capsys.readouterr().err
    assert "need a minor bump" in err


def test_bump_between() -> None:
    assert [compat.bump_between("1.0", v) for v in ("1.0", "1.1", "2.0", "0.9")] == ["none", "minor", "major", "downgrade"]


def test_every_rule_is_documented_with_an_example() -> None:
    doc = (REPO / "docs" / "schema-rules.md").read_text(encoding="utf-8")
    assert doc == compat.rules_markdown()
    for rule in compat.RULES.values():
        assert f"## {rule.name}\n" in doc and rule.example and rule.doc
