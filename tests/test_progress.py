"""Progress on a terminal for validate and build; nothing when output is not a terminal, or with --quiet."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from newsledger import progress as progress_module
from newsledger.cli import main

REPO = Path(__file__).resolve().parents[1]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    assert generate.main(["--entries", "40", "--out", str(out)]) == 0
    return out


@pytest.fixture(autouse=True)
def _no_delay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0)  # a bar at once, however fast the run
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stderr: io.StringIO, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(argv)
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    return code, stderr.getvalue()


def test_validate_draws_a_bar_on_a_terminal_only(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sum(1 for _ in (corpus / "articles").rglob("*.yaml")) + sum(1 for _ in (corpus / "entities").glob("*.yaml"))
    code, err = _run(monkeypatch, ["validate", str(corpus), "--no-cache", "-j", "1"], _Terminal(), capsys)
    assert code == 0
    assert "validate:" in err and f"/{files} [" in err
    code, err = _run(monkeypatch, ["validate", str(corpus), "--no-cache", "-j", "1", "--quiet"], _Terminal(), capsys)
    assert code == 0 and err == ""
    code, err = _run(monkeypatch, ["validate", str(corpus), "--no-cache", "-j", "1"], io.StringIO(), capsys)
    assert code == 0 and err == ""


def test_build_draws_a_bar_on_a_terminal_only(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["build", "--dataset", str(corpus), "--previous", "none", "--no-cache"]
    code, err = _run(monkeypatch, [*argv, "--out", str(tmp_path / "a")], _Terminal(), capsys)
    assert code == 0 and "build: validate" in err
    code, err = _run(monkeypatch, [*argv, "--out", str(tmp_path / "b"), "--quiet"], _Terminal(), capsys)
    assert code == 0 and "build: validate" not in err
    code, err = _run(monkeypatch, [*argv, "--out", str(tmp_path / "c")], io.StringIO(), capsys)
    assert code == 0 and "build: validate" not in err
    from newsledger._version import version

    same = [(tmp_path / d / f"newsledger-{version()}" / "SHA256SUMS").read_bytes() for d in "abc"]
    assert same[0] == same[1] == same[2]  # the bar changes nothing written
