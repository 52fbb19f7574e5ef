"""``newsledger validate``, ``rules`` and ``rule`` as a curator and CI run them.

Most tests call ``newsledger.cli.main`` in-process (fast); a few start the real
program in a subprocess to prove the installed entry point behaves the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsledger.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
FIRST_ID = "example-2024-05-02-border-talks"
SECOND_ID = "example-2024-05-03-talks-follow-up"
REGISTRY = """\
- {id: example-news, kind: media, name: Example News}
- {id: jane-doe, kind: person, name: Jane Doe}
- {id: amina-haddad, kind: person, name: Amina Haddad}
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def dataset(tmp_path: Path, **entries: str) -> Path:
    """``dataset/`` under tmp_path with the minimal registry and ``entries`` (article id -> YAML)."""
    root = tmp_path / "dataset"
    write(root, "entities/people.yaml", REGISTRY)
    for article_id, text in entries.items():
        write(root, f"articles/2024/{article_id}.yaml", text)
    return root


def follow_up(publisher: str = "example-news") -> str:
    """A second entry whose event is a ``ref`` to the minimal entry's event."""
    text = MINIMAL.replace(FIRST_ID, SECOND_ID).replace("border-talks-resume", "talks-follow-up")
    text = text.replace("publisher: example-news", f"publisher: {publisher}")
    start = text.index("  - id: haddad-2024-05-01-talks-remarks")
    text = text[:start] + "  - ref: haddad-2024-05-01-talks-remarks\n" + text[text.index("    evidence:", start) :]
    return text.replace("    event: haddad-2024-05-01-talks-remarks\n", "")


WITH_WARNING = MINIMAL.replace("    said: 2024-05-01\n", "")  # NL502: a direct quote without said
WITH_ERROR = MINIMAL.replace("speaker: amina-haddad", "speaker: amina-hadad")  # NL402


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- exit codes --------------------------------------------------------------------------


def test_clean_dataset_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: MINIMAL})
    code, out, _ = run(capsys)  # default path: dataset/
    assert code == 0
    assert out == "All checks passed (2 files checked).\n"


def test_errors_exit_1_with_located_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    code, out, _ = run(capsys, "dataset")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"dataset/articles/2024/{FIRST_ID}.yaml:20:14: NL402 ")
    assert out.rstrip().endswith("(2 checked).")


def test_warnings_exit_0_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: WITH_WARNING})
    code, out, _ = run(capsys, "dataset")
    assert code == 0 and "NL502 [warning]" in out
    code, out, _ = run(capsys, "dataset", "--strict")
    assert code == 1 and "NL502" in out


@pytest.mark.parametrize(
    "args",
    [
        ["dataset", "--select", "NL9"],
        ["dataset", "--ignore", "XX1"],
        ["no-such-dir"],
        ["dataset", "--format", "yaml"],
        ["dataset", "--no-such-option"],
    ],
    ids=["select-matches-nothing", "ignore-matches-nothing", "missing-path", "unknown-format", "unknown-option"],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: MINIMAL})
    if "--format" in args or "--no-such-option" in args:
        with pytest.raises(SystemExit) as exc:
            main(["validate", *args])
        assert exc.value.code == 2
        assert "Traceback" not in capsys.readouterr().err
        return
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and "error:" in err


def test_path_outside_any_dataset_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = write(tmp_path, "elsewhere/entry.yaml", MINIMAL)
    code, _, err = run(capsys, str(stray))
    assert code == 2 and "cannot find the dataset" in err


# --- selection ---------------------------------------------------------------------------


def _codes(out: str) -> set[str]:
    return {line.split(": ")[1].split()[0] for line in out.splitlines() if line.startswith("dataset/")}


@pytest.mark.parametrize(
    ("select", "ignore", "expected", "exit_code"),
    [
        ([], [], {"NL402", "NL502"}, 1),
        (["NL4"], [], {"NL402"}, 1),
        (["NL4"], ["NL402"], set(), 0),  # the longer prefix (the ignore) wins
        (["NL402"], ["NL4"], {"NL402"}, 1),  # the longer prefix (the select) wins
        ([], ["NL5"], {"NL402"}, 1),
        (["NL502"], ["NL5"], {"NL502"}, 0),
        (["NL40"], ["NL40"], set(), 0),  # a tie goes to ignore
        (["NL4,NL5"], ["NL402"], {"NL502"}, 0),  # comma-separated lists
    ],
)
def test_select_and_ignore_most_specific_wins(
    select: list[str],
    ignore: list[str],
    expected: set[str],
    exit_code: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    both = WITH_ERROR.replace("    said: 2024-05-01\n", "")
    dataset(tmp_path, **{FIRST_ID: both})
    args = ["dataset"] + [f"--select={s}" for s in select] + [f"--ignore={i}" for i in ignore]
    code, out, _ = run(capsys, *args)
    assert _codes(out) == expected
    assert code == exit_code


def test_select_is_case_insensitive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    code, out, _ = run(capsys, "dataset", "--select", "nl402")
    assert code == 1 and _codes(out) == {"NL402"}


# --- output ------------------------------------------------------------------------------


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    code, out, err = run(capsys, "dataset", "--format", "json", "--output", "reports/result.json")
    assert code == 1 and out == ""
    assert "Found 1 error" in err  # non-text formats say the summary on stderr
    doc = json.loads((tmp_path / "reports" / "result.json").read_text(encoding="utf-8"))
    assert doc["summary"] == {"files_checked": 2, "errors": 1, "warnings": 0}
    assert doc["diagnostics"][0]["code"] == "NL402"


def test_output_sarif_and_junit_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import xml.etree.ElementTree as ET

    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    assert run(capsys, "dataset", "--format", "sarif", "-o", "out.sarif")[0] == 1
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "NL402"
    assert (
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == f"dataset/articles/2024/{FIRST_ID}.yaml"
    )
    assert run(capsys, "dataset", "--format", "junit", "-o", "junit.xml")[0] == 1
    root = ET.parse(tmp_path / "junit.xml").getroot()
    cases = root.findall("testsuite/testcase")
    assert (root.get("tests"), root.get("failures")) == (str(len(cases)), "1")
    assert f"dataset/articles/2024/{FIRST_ID}.yaml" in {c.get("name") for c in cases}


def test_github_format_writes_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    code, out, _ = run(capsys, "dataset", "--format", "github")
    assert code == 1
    assert out.startswith(
        f"::error file=dataset/articles/2024/{FIRST_ID}.yaml,line=20,col=14,title=NL402 unknown-entity::"
    )
    row = f"| error | NL402 unknown-entity | dataset/articles/2024/{FIRST_ID}.yaml:20:14 | speaker 'amina-hadad' is not"
    assert row in summary.read_text(encoding="utf-8")


def test_quiet_drops_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: MINIMAL})
    assert run(capsys, "dataset", "-q") == (0, "", "")


def test_text_output_keeps_data_on_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hostile value must not start a line of its own (in a CI log it could be a workflow command)."""
    hostile = MINIMAL.replace("language: en", 'language: "en\\n::error file=README.md,line=1::forged"')
    dataset(tmp_path, **{FIRST_ID: hostile})
    code, out, _ = run(capsys, "dataset")
    assert code == 1 and "NL309" in out
    assert not any(line.startswith("::") for line in out.splitlines())


# --- changed files only (pre-commit) -------------------------------------------------------


def test_changed_files_are_checked_against_the_whole_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the given file is reported, but its ref resolves against an entry it was not given."""
    root = dataset(tmp_path, **{FIRST_ID: WITH_ERROR, SECOND_ID: follow_up()})
    changed = f"dataset/articles/2024/{SECOND_ID}.yaml"
    code, out, _ = run(capsys, changed)
    assert code == 0, out  # no NL403 (the ref resolves) and the first entry's NL402 is not reported
    assert out == "All checks passed (1 file checked).\n"
    # an error in the given file itself is reported
    write(root, f"articles/2024/{SECOND_ID}.yaml", follow_up(publisher="nobody-news"))
    code, out, _ = run(capsys, changed)
    assert code == 1
    assert _codes(out) == {"NL402"} and out.startswith(changed)


def test_changed_registry_file_reports_cross_record_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = dataset(tmp_path, **{FIRST_ID: MINIMAL})
    write(root, "entities/extra.yaml", "- {id: nobody, kind: person, name: Nobody}\n")
    code, out, _ = run(capsys, "dataset/entities/extra.yaml")
    assert code == 0 and _codes(out) == {"NL501"}
    assert run(capsys, "dataset/entities/extra.yaml", "--strict")[0] == 1


def test_several_changed_files_and_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset(tmp_path, **{FIRST_ID: WITH_WARNING, SECOND_ID: follow_up()})
    code, out, _ = run(capsys, f"dataset/articles/2024/{FIRST_ID}.yaml", "dataset/entities")
    assert code == 0 and _codes(out) == {"NL502"}
    assert out.rstrip().endswith("(2 checked).")


@pytest.mark.parametrize("rel", ["notes.yaml", "drafts/next.yaml", "articles.yaml"])
def test_a_file_outside_articles_and_entities_is_not_passed_as_checked(rel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A curator who names an entry kept in the wrong folder is told it was not read:
    NL114 and exit 1, never "All checks passed" for a file nothing looked at (an
    invalid one here, so that a silent pass would show)."""
    root = dataset(tmp_path, **{FIRST_ID: MINIMAL})
    write(root, rel, "[-]\n")
    code, out, _ = run(capsys, f"dataset/{rel}")
    assert code == 1, out
    assert f"dataset/{rel}:1:1: NL114 not a dataset file, so not checked" in out
    # the whole dataset is unchanged: the file is not part of it, and not reported there
    assert run(capsys, "dataset")[:2] == (0, "All checks passed (2 files checked).\n")


@pytest.mark.parametrize("how", ["absolute through the link", "relative from inside the link", "relative through the link"])
def test_a_dataset_reached_through_a_symbolic_link_reports_the_named_file(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dataset folder reached through a link (a home folder on another disk, say):
    the named file's findings are reported whichever way its path is spelt. (Named
    through the link by an absolute path, its findings were dropped: "All checks
    passed".)"""
    dataset(tmp_path, **{FIRST_ID: WITH_ERROR})
    (tmp_path / "link").symlink_to(tmp_path / "dataset", target_is_directory=True)
    rel = f"articles/2024/{FIRST_ID}.yaml"
    if how == "absolute through the link":
        named = str(tmp_path / "link" / rel)
    elif how == "relative from inside the link":
        monkeypatch.chdir(tmp_path / "link")
        named = rel
    else:
        named = f"link/{rel}"
    code, out, _ = run(capsys, named)
    assert code == 1, out
    assert f"{rel}:" in out and " NL402 " in out and "NL114" not in out


def test_results_do_not_depend_on_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, **{FIRST_ID: MINIMAL, SECOND_ID: follow_up()})
    first = run(capsys, "dataset")
    again = run(capsys, "dataset")
    assert first == again == (0, "All checks passed (3 files checked).\n", "")
    # editing one file invalidates its cached result, and a cross-record finding follows
    write(root, f"articles/2024/{FIRST_ID}.yaml", MINIMAL.replace("haddad-2024-05-01-talks-remarks", "haddad-remarks"))
    code, out, _ = run(capsys, "dataset")
    assert code == 1 and _codes(out) == {"NL403"}
    assert run(capsys, "dataset", "--no-cache")[:2] == (code, out)


# --- rules ---------------------------------------------------------------------------------


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    from newsledger.validators.rules import all_rules

    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(all_rules())
    assert any(line.split()[:3] == ["NL402", "unknown-entity", "error"] for line in lines)


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    nl402 = next(r for r in doc if r["code"] == "NL402")
    assert nl402["severity"] == "error" and nl402["family"] == "dataset" and nl402["What it does"]


def test_rule_explains_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "NL402"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("NL402 unknown-entity (error, dataset)")
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert f"## {heading}" in out


def test_rule_code_is_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "nl402"]) == 0
    assert capsys.readouterr().out.startswith("NL402 ")


def test_unknown_rule_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "NL999"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no rule 'NL999'" in err


# --- the real program ----------------------------------------------------------------------


def _program(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "newsledger", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_subprocess_clean_and_failing(tmp_path: Path) -> None:
    dataset(tmp_path, **{FIRST_ID: MINIMAL})
    ok = _program("validate", cwd=tmp_path)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "All checks passed (2 files checked).\n", "")
    write(tmp_path / "dataset", f"articles/2024/{FIRST_ID}.yaml", "article: [unclosed\n")
    bad = _program("validate", "--format", "github", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith(
        f"::error file=dataset/articles/2024/{FIRST_ID}.yaml,line=1,col=10,title=NL101 yaml-syntax::"  # the bracket left open
    )
    assert "Traceback" not in bad.stdout + bad.stderr


def test_subprocess_usage_error(tmp_path: Path) -> None:
    result = _program("validate", "--select", "ZZ", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


# --- how other repositories and CI run it ----------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def test_pre_commit_hook() -> None:
    """The hook's shape; tests/test_precommit_hook.py runs it through pre-commit itself."""
    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "newsledger-validate"
    assert hook["entry"] == "newsledger validate --staged" and hook["language"] == "python"
    # pre-commit never passes deleted files: the hook asks git, on every commit.
    assert hook["pass_filenames"] is False and hook["always_run"] is True and hook["require_serial"] is True


def _workflow() -> Any:
    import yaml

    return yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))


def test_workflow_validates_with_annotations_and_uploads_sarif() -> None:
    workflow = _workflow()
    assert set(workflow[True]) == {"pull_request", "push"}  # YAML 1.1 reads 'on' as True
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "newsledger validate --format github" in runs
    assert "newsledger validate --format sarif --output newsledger.sarif" in runs
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "newsledger.sarif"
    assert str(upload["if"]).startswith("always()")
    assert workflow["jobs"]["validate"]["permissions"]["security-events"] == "write"
    test_runs = [s.get("run", "") for s in workflow["jobs"]["test"]["steps"]]
    assert any("pytest" in r for r in test_runs)


def test_workflow_matches_the_github_workflow_schema() -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (the bench extra) vendors the schema")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(REPO / ".github" / "workflows" / "validate.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_build_with_errors_does_not_misreport_how_many_files_were_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """build prints the validation errors with the count of files checked, the
    whole dataset, never the files with findings passed off as the files checked."""
    root = tmp_path / "dataset"
    write(root, "entities/people.yaml", REGISTRY)
    write(root, f"articles/2024/{FIRST_ID}.yaml", MINIMAL)
    write(root, f"articles/2024/{SECOND_ID}.yaml", MINIMAL.replace(FIRST_ID, SECOND_ID).replace("genre: news", "genre: gossip"))
    assert main(["build", "--dataset", str(root), "--out", str(tmp_path / "out")]) != 0
    out, err = capsys.readouterr()
    assert "NL204" in out + err
    assert "(1 checked)" not in out + err
    assert "Found 1 error and 0 warnings in 1 file (3 checked)." in out + err


def test_render_text_without_a_count_says_none() -> None:
    from newsledger.validators.reporters import render_text

    assert render_text([]) == "All checks passed.\n"
