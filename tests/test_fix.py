"""``newsledger validate --fix``: safe fixes by default, meaning-changing ones only with
``--unsafe-fixes``; what was fixed and what remains are both said; comments stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsledger.cli import main
from newsledger.readyaml import read_yaml
from newsledger.schema.models import SCHEMA_VERSION
from newsledger.validators.rules import FIXABLE, all_rules

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
NAME = "example-2024-05-02-border-talks.yaml"


@pytest.fixture
def ds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ds"
    (root / "articles" / "2024").mkdir(parents=True)
    (root / "entities").mkdir()
    shutil.copy(FIXTURES / "entities.yaml", root / "entities" / "fixtures.yaml")
    return root


def _messy() -> str:
    text = MINIMAL
    text = text.replace("  url: https://example.com/2024/05/02/border-talks-resume",
                        "  url: https://example.com/2024/05/02/border-talks-resume?id=5&utm_source=feed&fbclid=abc  # the link")
    text = text.replace("  headline: Jordan Says Border Talks Will Resume Next Week",
                        "  headline: Jordan Says Border Talks Will Resume Next Week\n  subheadline: 2024")
    text = text.replace("    speaker_role: Foreign Minister of Jordan", "    speaker_role: yes")
    text = text.replace(f'schema_version: "{SCHEMA_VERSION}"', f"schema_version: {SCHEMA_VERSION}")
    text = text.replace("    summary: Amina Haddad said border talks", "    summary: Amina\tHaddad said border talks")
    text = text.replace("Amman.", "Amman\u0301.")  # NFD: a combining accent after n
    return "\ufeff" + text


def _data(path: Path) -> dict:
    return read_yaml(path.read_bytes()).data


def test_safe_fixes_applied_and_reported(ds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ds / "articles" / "2024" / NAME
    path.write_text(_messy(), encoding="utf-8")
    assert main(["validate", str(ds), "--fix"]) == 0
    err = capsys.readouterr().err
    for code in ("NL106", "NL105", "NL207", "NL103", "NL104", "NL307"):
        assert f"fixed {code}" in err, err
    assert "Fixed " in err
    data = _data(path)
    art = data["article"]
    assert art["url"] == "https://example.com/2024/05/02/border-talks-resume?id=5"
    assert art["subheadline"] == "2024" and data["schema_version"] == SCHEMA_VERSION
    assert data["quotes"][0]["speaker_role"] == "yes"
    assert data["events"][0]["summary"].startswith("Amina Haddad said")
    assert "Amma\u0144." in art["body"]  # composed (NFC)
    text = path.read_text(encoding="utf-8")
    assert "# the link" in text and "# The smallest entry" in text  # comments kept
    assert not text.startswith("\ufeff") and "\t" not in text
    assert main(["validate", str(ds)]) == 0


def test_unsafe_fixes_only_when_asked(ds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ds / "articles" / "2024" / NAME
    messy = MINIMAL.replace("  headline:", "  headlne:").replace("url: https://", "url: http://")
    path.write_text(messy, encoding="utf-8")
    assert main(["validate", str(ds), "--fix"]) == 1
    out = capsys.readouterr()
    assert "NL202" in out.out and "NL306" in out.out  # they remain, and are reported
    assert path.read_text(encoding="utf-8") == messy  # nothing safe to do: the file is untouched
    assert main(["validate", str(ds), "--unsafe-fixes"]) == 0
    err = capsys.readouterr().err
    assert "fixed NL202: renamed headlne to headline" in err and "fixed NL306" in err
    art = _data(path)["article"]
    assert art["headline"].startswith("Jordan Says") and art["url"].startswith("https://")


def test_unparsable_file_is_not_written(ds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ds / "articles" / "2024" / NAME
    broken = MINIMAL.replace("  genre: news", "\tgenre: news\n  language: [unclosed")
    path.write_text(broken, encoding="utf-8")
    assert main(["validate", str(ds), "--fix"]) == 1
    assert path.read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in path.parent.iterdir()) == [NAME]


def test_rules_say_which_codes_are_fixable(capsys: pytest.CaptureFixture[str]) -> None:
    rules = all_rules()
    assert set(FIXABLE) <= set(rules)
    assert main(["rules", "--format", "json"]) == 0
    listed = {r["code"]: r["fixable"] for r in json.loads(capsys.readouterr().out)}
    assert listed["NL307"] == "safe" and listed["NL202"] == "unsafe" and listed["NL405"] is None
    assert main(["rule", "NL307"]) == 0
    assert "Fixable (safe): newsledger validate --fix" in capsys.readouterr().out
    assert main(["rule", "NL202"]) == 0
    assert "--unsafe-fixes" in capsys.readouterr().out
    assert main(["rules"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("NL307"))
    assert " safe " in line
