"""The repository's pre-commit hook, run by the real pre-commit framework on a
scratch git repository: a commit whose change breaks other files fails, and the
hook names the broken lines in those files at their line:col.

The hook is taken from this repository's ``.pre-commit-hooks.yaml`` key for
key; only ``language: python`` (which would make pre-commit build a fresh
virtualenv and pip-install newsledger into it) is replaced by ``system`` with
the entry pointed at this environment's ``newsledger``. Everything else (which
files pre-commit passes or withholds, ``always_run``, the stash of unstaged
changes) is pre-commit's own doing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_validate_cache import REGISTRY, entry

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = "dataset/articles/2024/antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (BIN / "pre-commit").exists(), reason="needs git and pre-commit")


def _hook_config() -> str:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False and hook["always_run"] is True  # deletions are seen only so
    hook = {**hook, "language": "system", "entry": f"{BIN / 'newsledger'} {hook['entry'].removeprefix('newsledger ')}"}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


class Repo:
    def __init__(self, path: Path, cache: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PRE_COMMIT_HOME": str(path.parent / "pre-commit-home"),
            "NEWSLEDGER_CACHE_DIR": str(cache),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        }
        self.env.pop("GITHUB_STEP_SUMMARY", None)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(args), cwd=self.path, env=self.env, capture_output=True, text=True, timeout=300)
        assert not check or done.returncode == 0, done.stdout + done.stderr
        return done

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args, check=check)

    def commit(self) -> subprocess.CompletedProcess[str]:
        self.git("add", "-A")
        return self.git("commit", "-q", "-m", "change", check=False)

    def expected(self, code: str) -> set[str]:
        """``path:line:col: CODE`` of every ``code`` in a full ``--no-cache`` run."""
        done = self.run(str(BIN / "newsledger"), "validate", "--no-cache", "--format", "json", "dataset", check=False)
        found = json.loads(done.stdout)["diagnostics"]
        return {f"{d['path']}:{d['line']}:{d['col']}: {d['code']}" for d in found if d["code"] == code}


def _repo(tmp_path: Path, fill: dict[str, str] | None = None) -> Repo:
    path = tmp_path / "repo"
    if fill is None:
        shutil.copytree(ROOT / "dataset", path / "dataset")
    else:
        for rel, text in fill.items():
            (path / rel).parent.mkdir(parents=True, exist_ok=True)
            (path / rel).write_text(text, encoding="utf-8")
    repo = Repo(path, tmp_path / "cache")
    (path / ".pre-commit-config.yaml").write_text(_hook_config(), encoding="utf-8")
    repo.git("init", "-q")
    repo.run(str(BIN / "pre-commit"), "install")
    assert repo.commit().returncode == 0
    return repo


def _assert_fails_naming(repo: Repo, code: str, where: str) -> None:
    expected = repo.expected(code)
    assert expected and all(line.startswith(where) for line in expected), expected
    done = repo.commit()
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    for line in expected:
        assert line in out, (line, out)
    assert "Traceback" not in out
    assert repo.git("status", "--porcelain").stdout.strip(), "the commit went through"
    # The same from a cold cache.
    shutil.rmtree(repo.env["NEWSLEDGER_CACHE_DIR"], ignore_errors=True)
    again = repo.commit()
    assert again.returncode != 0 and all(line in again.stdout + again.stderr for line in expected)


def test_renaming_an_entity_fails_the_commit_at_the_articles_lines(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.run(str(BIN / "newsledger"), "validate", "dataset")  # a warm cache, as on a curator's machine
    people = repo.path / "dataset" / "entities" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("id: mohammed-shia-al-sudani", "id: mohammed-al-sudani"), encoding="utf-8")
    _assert_fails_naming(repo, "NL402", SEED)


def _pair() -> dict[str, str]:
    return {
        "dataset/entities/people.yaml": REGISTRY,
        "dataset/articles/2024/a.yaml": entry("a", "ev-a"),
        "dataset/articles/2024/b.yaml": entry("b", "ev-b", ref="ev-a"),
    }


def test_renaming_a_referenced_event_fails_the_commit_at_the_ref(tmp_path: Path) -> None:
    repo = _repo(tmp_path, _pair())
    repo.run(str(BIN / "newsledger"), "validate", "dataset")
    (repo.path / "dataset/articles/2024/a.yaml").write_text(entry("a", "ev-a-renamed"), encoding="utf-8")
    _assert_fails_naming(repo, "NL403", "dataset/articles/2024/b.yaml")


def test_deleting_the_defining_entry_fails_the_commit_at_the_ref(tmp_path: Path) -> None:
    repo = _repo(tmp_path, _pair())
    repo.run(str(BIN / "newsledger"), "validate", "dataset")
    (repo.path / "dataset/articles/2024/a.yaml").unlink()
    _assert_fails_naming(repo, "NL403", "dataset/articles/2024/b.yaml")


def test_deleting_the_registry_fails_the_commit_at_the_entries(tmp_path: Path) -> None:
    repo = _repo(tmp_path, _pair())
    repo.git("mv", "dataset/entities/people.yaml", "dataset/entities/persons.yml.bak")
    expected = repo.expected("NL402")
    assert {line.split(":")[0] for line in expected} == {"dataset/articles/2024/a.yaml", "dataset/articles/2024/b.yaml"}
    done = repo.commit()
    out = done.stdout + done.stderr
    assert done.returncode != 0 and all(line in out for line in expected), out


def test_a_harmless_change_commits_and_an_unrelated_commit_is_quick(tmp_path: Path) -> None:
    repo = _repo(tmp_path, _pair())
    b = repo.path / "dataset/articles/2024/b.yaml"
    b.write_text(b.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert repo.commit().returncode == 0
    (repo.path / "notes.txt").write_text("not the dataset\n", encoding="utf-8")
    done = repo.commit()
    assert done.returncode == 0, done.stdout + done.stderr
