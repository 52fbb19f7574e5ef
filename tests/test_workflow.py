"""The GitHub workflow, run as GitHub would run it, on a pull request with a broken entry.

The validate job's own ``run:`` steps are read from ``.github/workflows/validate.yml``
and run in order, each with GitHub's default shell (``bash --noprofile --norc -eo
pipefail``), in a clean copy of the repository whose seed entry has one error.
The two actions before them are stood in for: ``actions/checkout`` by the copy,
``actions/setup-python`` by a fresh virtual environment first on ``PATH``. A
step runs when the job has not failed, or when its ``if:`` says ``always()``,
as on GitHub. The job must install the validator, print a GitHub annotation
for the broken line, write the SARIF report, and fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests._release_helpers import REPO
from tests.test_wheel import _copy_tree, _env

pytestmark = pytest.mark.slow  # installs newsledger into a fresh venv

WORKFLOW = REPO / ".github" / "workflows" / "validate.yml"
SEED = "dataset/articles/2024/antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"
STAND_INS = ("actions/checkout@", "actions/setup-python@")


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["validate"]["steps"]
    return steps


def test_the_workflow_steps_are_what_this_test_can_run() -> None:
    steps = _steps()
    uses = [step["uses"] for step in steps if "uses" in step]
    assert [u.split("@")[0] + "@" for u in uses[:2]] == list(STAND_INS), uses
    runs = [step for step in steps if "run" in step]
    assert runs, "the validate job has no run: steps"
    for step in runs:
        assert "${{" not in step["run"], f"step {step.get('name')!r} uses an expression this test cannot evaluate"
        assert "shell" not in step, "this test runs steps with GitHub's default bash"


def _runs(step: dict[str, Any], failed: bool) -> bool:
    condition = str(step.get("if", "success()"))
    return "always()" in condition or ("failure()" in condition and failed) or (not failed and "failure()" not in condition)


def test_a_broken_entry_gets_annotations_and_fails_the_job(tmp_path: Path) -> None:
    workspace = _copy_tree(tmp_path / "workspace")  # actions/checkout
    entry = workspace / SEED
    lines = entry.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines, 1) if line == "  genre: news\n"]
    lines[number - 1] = "  genre: gossip\n"
    entry.write_text("".join(lines), encoding="utf-8")

    venv = tmp_path / "python"  # actions/setup-python
    made = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    summary = tmp_path / "step-summary.md"
    env = _env(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(summary),
        NEWSLEDGER_CACHE_DIR=str(tmp_path / "cache"),
    )
    failed = False
    outcomes: dict[str, tuple[int, str]] = {}
    for step in _steps():
        if "run" not in step or not _runs(step, failed):
            continue
        script = tmp_path / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=900, check=False,
        )
        outcomes[step["name"]] = (done.returncode, done.stdout + done.stderr)
        failed = failed or done.returncode != 0

    install = outcomes["Install newsledger"]
    assert install[0] == 0, f"installing the validator failed on an invalid dataset:\n{install[1][-3000:]}"
    code, output = outcomes["Validate (annotations and step summary)"]
    assert code == 1, output
    annotation = rf"^::error file={re.escape(SEED)},line={number},col=\d+,title=NL\d+[^:]*::.*'gossip'"
    assert re.search(annotation, output, re.MULTILINE), output
    assert failed, "the job passed with a broken entry"
    assert "Validate (SARIF)" in outcomes, "the SARIF step did not run after the failure"
    sarif = workspace / "newsledger.sarif"
    assert sarif.is_file() and SEED in sarif.read_text(encoding="utf-8")
    assert "gossip" in summary.read_text(encoding="utf-8")  # the step summary lists the finding
