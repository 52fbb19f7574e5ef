"""The command line a user expects: help for every option, shell completion, CITATION.cff, ``python -m``."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from newsledger.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Subcommands whose help texts another part of the work owns (the download/info commands).
ELSEWHERE = {"download", "info"}


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.Action, str | None]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                out.append(((*path, name), action, helps.get(name)))
                out += _walk(sub, (*path, name))
        else:
            out.append((path, action, action.help))
    return out


def test_every_subcommand_and_option_has_help() -> None:
    missing = [
        f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}"
        for path, action, text in _walk(build_parser())
        if not text and not (path and path[0] in ELSEWHERE)
    ]
    assert missing == []


def _bash(script: str, *words: str) -> list[str]:
    """What the bash script completes for the command line ``words`` (the last one being typed)."""
    program = (
        f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
        '_newsledger; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.fixture(scope="module")
def scripts() -> dict[str, str]:
    out = {}
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run([str(BIN / "newsledger"), "completion", shell], capture_output=True, text=True, check=True)
        out[shell] = result.stdout
    return out


def test_bash_completion(scripts: dict[str, str]) -> None:
    script = scripts["bash"]
    assert _bash(script, "newsledger", "val") == ["validate"]
    assert "completion" in _bash(script, "newsledger", "")
    assert _bash(script, "newsledger", "validate", "--fo") == ["--format"]
    assert _bash(script, "newsledger", "validate", "--format", "") == ["text", "json", "github", "sarif", "junit"]
    assert set(_bash(script, "newsledger", "schema", "export", "--")) == {"--help", "--root", "--check"}
    assert _bash(script, "newsledger", "diff", "--format", "t") == ["text"]
    assert _bash(script, "newsledger", "completion", "f") == ["fish"]
    assert "--previous" in _bash(script, "newsledger", "build", "--p")


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    result = subprocess.run([str(BIN / "newsledger"), "completion", "tcsh"], capture_output=True, text=True)
    assert result.returncode == 2 and "invalid choice" in result.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completion(scripts: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "_newsledger"
    path.write_text(scripts["zsh"], encoding="utf-8")
    assert subprocess.run(["zsh", "-n", str(path)], capture_output=True).returncode == 0
    # Loaded as a user's .zshrc would; bashcompinit calls the function with zsh's own arrays.
    program = (
        f"autoload -U compinit && compinit -u; source {path}; print -r -- ${{_comps[newsledger]}}; "
        "COMP_WORDS=(newsledger validate --format ''); COMP_CWORD=3; _newsledger; print -r -- ${COMPREPLY[@]}"
    )
    result = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    registered, values = result.stdout.splitlines()[-2:]
    assert "_newsledger" in registered
    assert values.split() == ["text", "json", "github", "sarif", "junit"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion(scripts: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "newsledger.fish"
    path.write_text(scripts["fish"], encoding="utf-8")

    def complete(line: str) -> list[str]:
        program = f"source {path}; complete -C {json.dumps(line)}"
        result = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        return [line.split("\t")[0] for line in result.stdout.splitlines()]

    assert complete("newsledger val") == ["validate"]
    assert sorted(complete("newsledger validate --format ")) == ["github", "json", "junit", "sarif", "text"]
    assert complete("newsledger schema ") == ["check", "diff", "export"]
    assert "--check" in complete("newsledger schema export --")


def test_citation_cff_is_valid_and_current() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "tests" / "data" / "citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(cff), key=str)
    assert not errors, errors[0].message
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == project["version"]
    from newsledger.release import about

    assert cff["title"] == about.TITLE and cff["license"] == about.LICENSE_ID
    assert cff["repository-code"] == project["urls"]["Homepage"]


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    version = subprocess.run([sys.executable, "-m", "newsledger", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("newsledger ")
    rule = subprocess.run([sys.executable, "-m", "newsledger", "rule", "NL410"], capture_output=True, text=True, cwd=tmp_path)
    assert rule.returncode == 0 and "retired-id-reused" in rule.stdout
    usage = subprocess.run([sys.executable, "-m", "newsledger", "nope"], capture_output=True, text=True, cwd=tmp_path)
    assert usage.returncode == 2 and "usage: newsledger" in usage.stderr
