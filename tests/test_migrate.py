"""``newsledger migrate``: entries move to a newer schema version, nothing else changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsledger.cli import main
from newsledger.schema import models

REPO = Path(__file__).resolve().parents[1]
MINIMAL = (REPO / "tests" / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")

# A 1.0 entry as a curator writes it: comments everywhere, quoting of their own choice.
COMMENTED = (
    MINIMAL.replace('schema_version: "1.1"', 'schema_version: "1.0"')
    .replace('schema_version: "1.0"', 'schema_version: "1.0"   # the version this was written in')
    .replace("  genre: news", "  # what kind of piece\n  genre: 'news'  # single quotes, kept")
    .replace("quotes:\n", "\n# --- quotes ---------------------------------\nquotes:\n")
)


def _entry(tmp_path: Path, text: str = COMMENTED) -> Path:
    path = tmp_path / "articles" / "2024" / "example-2024-05-02-border-talks.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_migrate_changes_the_version_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _entry(tmp_path)
    assert main(["migrate", str(tmp_path), "--to", "1.1"]) == 0
    after = path.read_text(encoding="utf-8")
    assert after == COMMENTED.replace('schema_version: "1.0"', 'schema_version: "1.1"')
    assert "migrated 1.0 -> 1.1" in capsys.readouterr().out


def test_migrate_is_idempotent_and_check_tells_when_a_file_would_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _entry(tmp_path)
    assert main(["migrate", str(path), "--check"]) == 1
    assert path.read_text(encoding="utf-8") == COMMENTED  # --check writes nothing
    assert "would migrate" in capsys.readouterr().out
    assert main(["migrate", str(path)]) == 0
    once = path.read_text(encoding="utf-8")
    mtime = os.stat(path).st_mtime_ns
    assert main(["migrate", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == once and os.stat(path).st_mtime_ns == mtime  # not even rewritten
    assert main(["migrate", str(path), "--check"]) == 0


def test_a_migrated_entry_validates_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "dataset"
    path = _entry(dataset)
    (dataset / "entities").mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "entities.yaml", dataset / "entities" / "entities.yaml")
    assert main(["migrate", str(dataset)]) == 0
    capsys.readouterr()
    code = main(["validate", str(dataset), "--strict", "--no-cache", "--ignore", "NL501"])  # the registry serves many fixtures
    assert code == 0, capsys.readouterr().out
    assert 'schema_version: "1.1"' in path.read_text(encoding="utf-8")


def test_a_file_that_is_not_yaml_is_reported_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = COMMENTED.replace("  genre: 'news'", "  genre: [news")
    path = _entry(tmp_path, broken)
    assert main(["migrate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "not valid YAML" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == broken


def test_a_file_whose_layout_cannot_be_kept_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "%YAML 1.2\n---\n" + COMMENTED
    path = _entry(tmp_path, text)
    assert main(["migrate", str(path)]) == 1
    assert "cannot be kept exactly" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_unknown_or_lower_versions_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _entry(tmp_path, COMMENTED.replace('"1.0"', '"1.1"'))
    assert main(["migrate", str(path), "--to", "9.9"]) == 2
    assert main(["migrate", str(path), "--to", "1.0"]) == 1
    assert "cannot migrate from 1.1 down to 1.0" in capsys.readouterr().err
    assert main(["migrate", str(tmp_path / "nope")]) == 2


def test_migrate_data_matches_the_document_migration() -> None:
    from newsledger import read_yaml, yamledit
    from newsledger.schema.migrate import migrate_data, migrate_document

    doc = yamledit.parse(COMMENTED)
    migrate_document(doc, models.SCHEMA_VERSION)
    data = read_yaml(COMMENTED.encode()).data
    assert read_yaml(doc.dump().encode()).data == migrate_data(data, models.SCHEMA_VERSION)


def test_each_version_is_read_by_its_own_rules() -> None:
    import copy

    from pydantic import ValidationError

    from newsledger import read_yaml

    seed = REPO / "dataset" / "articles" / "2024" / "antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"
    data = read_yaml(seed).data
    i = next(i for i, e in enumerate(data["events"]) if e.get("type") == "airstrike")
    data["events"][i]["mode"] = ["aerial", "drone"]  # "rocket and drone attacks": several modes, 1.1 only
    assert models.parse_entry({**data, "schema_version": "1.1"}).events[i].mode == ["aerial", "drone"]  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        models.parse_entry({**copy.deepcopy(data), "schema_version": "1.0"})
    data["events"][i]["mode"] = "drone"
    for event in data["events"]:  # the seed's own lists of modes, one mode in 1.0
        if isinstance(event.get("mode"), list):
            event["mode"] = event["mode"][0]
    assert models.parse_entry({**data, "schema_version": "1.0"}).events[i].mode == "drone"  # type: ignore[union-attr]
