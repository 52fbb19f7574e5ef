"""The shipped ``.yamllint`` passes on the dataset and on what ``newsledger new`` writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".yamllint"


def _yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("yamllint")
    return subprocess.run([sys.executable, "-m", "yamllint", "-s", "-f", "parsable", "-c", str(CONFIG), *map(str, paths)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_dataset_passes() -> None:
    done = _yamllint(ROOT / "dataset", ROOT / "tests" / "fixtures" / "valid")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_draft_passes(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    data = ROOT / "tests" / "data" / "new"
    assert main(["new", "--text", str(data / "harbour.txt"), "--url", "https://example.org/2031/03/12/a",
                 "--root", str(data), "--out", str(out)]) == 0
    done = _yamllint(out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_config_catches_what_the_dataset_avoids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: \"1.0\"\narticle:\n    language: en # one space\n    flag: yes\n", encoding="utf-8")
    done = _yamllint(bad)
    assert done.returncode == 1
    for rule in ("(indentation)", "(comments)", "(truthy)"):
        assert rule in done.stdout, done.stdout


def test_fmt_output_passes(tmp_path: Path) -> None:
    from newsledger.fmt.layout import format_text

    for src in [ROOT / "dataset" / "articles" / "2024" / "antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml",
                *sorted((ROOT / "dataset" / "entities").glob("*.yaml"))]:
        out = tmp_path / src.name
        out.write_text(format_text(src.read_text(encoding="utf-8"), out), encoding="utf-8")
    done = _yamllint(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
