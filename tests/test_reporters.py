"""The github, sarif and junit reports, read back by parsers of those formats.

The SARIF schema is the OASIS SARIF 2.1.0 schema (OASIS Standard with Errata 01),
vendored unchanged in tests/data/sarif-schema-2.1.0.json from
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
(see tests/data/README.md).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.validators.diagnostics import Diagnostic, Related, Severity
from newsledger.validators.report_github import (
    ANNOTATIONS_PER_SEVERITY,
    SUMMARY_BUDGET,
    render_github,
    step_summary,
    write_step_summary,
)
from newsledger.validators.report_junit import render_junit
from newsledger.validators.report_sarif import render_sarif
from newsledger.validators.reporters import render, render_text
from newsledger.validators.rules import SECTIONS, all_rules

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ENTRY = "dataset/articles/2024/example-2024-05-02-border-talks.yaml"
REGISTRY = "dataset/entities/people.yaml"

NASTY = "100% sure, key: value\r\nsecond line\n::error::injected % %25 %0A"


def diag(
    code: str = "NL402",
    line: int = 12,
    col: int = 14,
    message: str = "quotes[0].speaker: speaker 'amina-hadad' is not in the entity registry",
    *,
    path: str = ENTRY,
    severity: Severity = Severity.ERROR,
    hint: str | None = "did you mean 'amina-haddad'?",
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    return Diagnostic(path, line, col, code, severity, message, hint, None, related)


SAMPLE = [
    diag(),
    diag("NL102", 7, 3, "duplicate key 'genre'", related=(Related(ENTRY, 6, 3, "first 'genre' is here"),)),
    diag(
        "NL107",
        0,
        0,
        "file is encoded as UTF-16 (little-endian); entries must be UTF-8",
        path="dataset/articles/2024/b.yaml",
        hint=None,
    ),
    diag(
        "NL501",
        4,
        7,
        "entity 'nobody' is not referenced by any record",
        path=REGISTRY,
        severity=Severity.WARNING,
        hint=None,
    ),
]


@pytest.fixture(autouse=True)
def _environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


# --- github ------------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<name>[a-z-]+)(?: (?P<props>.*?))?::(?P<data>.*)$")


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Workflow commands as the runner reads them: name, properties, message."""
    commands = []
    for line in output.splitlines():
        m = _COMMAND.match(line)
        if not m:
            continue
        props = {}
        for pair in filter(None, (m.group("props") or "").split(",")):
            key, _, value = pair.partition("=")
            props[key] = _unescape_property(value)
        commands.append((m.group("name"), props, _unescape_data(m.group("data"))))
    return commands


def test_github_annotation_fields() -> None:
    out = render_github(SAMPLE, 4)
    commands = parse_commands(out)
    assert [c[0] for c in commands] == ["error", "error", "error", "warning"]
    _, props, message = commands[0]
    assert props == {"file": ENTRY, "line": "12", "col": "14", "title": "NL402 unknown-entity"}
    assert (
        message
        == "quotes[0].speaker: speaker 'amina-hadad' is not in the entity registry\nhint: did you mean 'amina-haddad'?"
    )
    assert commands[1][2].endswith(f"\n{ENTRY}:6:3: first 'genre' is here")
    # a diagnostic about the whole file has no line or column
    assert commands[2][1] == {"file": "dataset/articles/2024/b.yaml", "title": "NL107 encoding"}
    assert commands[3][1]["title"] == "NL501 unreferenced-entity"
    # every line of output is a command or the summary; no message spills onto its own line
    assert out.splitlines()[-1] == "Found 3 errors and 1 warning in 3 files (4 checked)."
    assert len(out.splitlines()) == len(SAMPLE) + 1


def test_github_escaping_round_trips() -> None:
    path = "dataset/articles/2024/odd, name: 100%.yaml"
    d = diag(message=NASTY, path=path, hint="a, b: c%")
    out = render_github([d], 1)
    (line,) = [x for x in out.splitlines() if x.startswith("::error")]
    assert "\n" not in line and "\r" not in line
    assert len([x for x in out.splitlines() if x.startswith("::")]) == 1  # the message did not start a command
    ((name, props, message),) = parse_commands(out)
    assert name == "error"
    assert props["file"] == path
    assert message == f"{NASTY}\nhint: a, b: c%"


def test_github_title_and_file_escape_commas_and_colons() -> None:
    out = render_github([diag(path="a,b:c.yaml")], 1)
    assert "file=a%2Cb%3Ac.yaml," in out


def test_github_caps_annotations_per_severity() -> None:
    errors = [diag(line=i + 1, message=f"error {i}") for i in range(25)]
    warnings = [diag("NL502", i + 1, 5, f"warning {i}", severity=Severity.WARNING, hint=None) for i in range(15)]
    out = render_github(sorted(errors + warnings), 40)
    commands = parse_commands(out)
    kinds = [c[0] for c in commands]
    assert kinds.count("error") == ANNOTATIONS_PER_SEVERITY == 10
    assert kinds.count("warning") == ANNOTATIONS_PER_SEVERITY
    assert kinds[-1] == "notice" and kinds.count("notice") == 1
    notice = commands[-1][2]
    assert "15 more errors and 5 more warnings" in notice
    assert "Found 25 errors and 15 warnings" in notice
    # the diagnostics beyond the cap are still in the log, one plain line each, never a command
    plain = [x for x in out.splitlines() if x.startswith("newsledger: ")]
    assert len(plain) == 20
    assert all(not x.lstrip().startswith("::") for x in plain)


def test_github_overflow_lines_cannot_inject_commands() -> None:
    many = [diag(line=i + 1, message="x\n::error file=evil.yaml::pwned") for i in range(12)]
    out = render_github(many, 1)
    assert all(p.get("file") != "evil.yaml" for _, p, _ in parse_commands(out))
    assert sum(1 for line in out.splitlines() if line.startswith("::error")) == 10


def test_github_clean_run_prints_only_the_summary() -> None:
    assert render_github([], 3) == "All checks passed (3 files checked).\n"


def test_github_relative_to_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    ((_, props, _),) = parse_commands(render_github([diag(path=str(tmp_path / "dataset" / "x.yaml"))], 1))
    assert props["file"] == "dataset/x.yaml"


def test_step_summary_not_written_without_the_variable(tmp_path: Path) -> None:
    write_step_summary(SAMPLE, 4)
    assert list(tmp_path.iterdir()) == []


def test_step_summary_appends_every_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier step output\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    many = [diag(line=i + 1, message=f"problem | {i} <b>bold</b> *x*\nnext") for i in range(30)]
    write_step_summary(many, 7)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step output\n")
    rows = [line for line in text.splitlines() if line.startswith("| error |")]
    assert len(rows) == 30  # all of them, not just the 10 annotated
    for row in rows:
        # four cells: pipes in the data are escaped, so they do not add columns
        assert len(re.findall(r"(?<!\\)\|", row)) == 5
        assert "<b>" not in row and "&lt;b&gt;" in row
        assert "\\*x\\*" in row and "<br>next" in row
    assert "Found 30 errors and 0 warnings in 1 file (7 checked)." in text


def test_step_summary_links_to_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "newsledger/newsledger")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    text = step_summary([diag()], 1)
    assert f"](https://github.com/newsledger/newsledger/blob/0123abc/{ENTRY}#L12)" in text


def test_step_summary_stays_under_githubs_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    big = [diag(line=i + 1, message="m" * 1500) for i in range(1000)]
    write_step_summary(big, 1000)
    size = target.stat().st_size
    assert SUMMARY_BUDGET - 10_000 < size <= SUMMARY_BUDGET < 1024 * 1024
    assert re.search(r"\n\d+ more diagnostics not shown", target.read_text(encoding="utf-8"))


def test_step_summary_unwritable_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    write_step_summary(SAMPLE, 4)
    assert "cannot write the step summary" in capsys.readouterr().err


# --- sarif -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    from jsonschema import Draft4Validator, FormatChecker

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=FormatChecker())


def _valid(validator: Any, doc: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_is_valid_against_the_official_schema(sarif_validator: Any) -> None:
    doc = json.loads(render_sarif([*SAMPLE, diag(message=NASTY, path="dir with space/ü.yaml")], 4))
    _valid(sarif_validator, doc)
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")


def test_sarif_empty_run_is_valid(sarif_validator: Any) -> None:
    doc = json.loads(render_sarif([], 0))
    _valid(sarif_validator, doc)
    assert doc["runs"][0]["results"] == []


def test_sarif_driver_lists_every_rule_with_its_docs() -> None:
    driver = json.loads(render_sarif([], 0))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "newsledger" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == list(rules)
    for descriptor in driver["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"].startswith(rule.summary)
        assert descriptor["defaultConfiguration"]["level"] == str(rule.severity)
        for heading in SECTIONS:
            assert f"## {heading}" in descriptor["help"]["markdown"]
            assert rule.sections[heading] in descriptor["help"]["text"]


def test_sarif_results() -> None:
    run = json.loads(render_sarif(SAMPLE, 4))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(SAMPLE)
    for d, result in zip(SAMPLE, results, strict=True):
        assert result["ruleId"] == d.code
        assert rules[result["ruleIndex"]]["id"] == d.code
        assert result["level"] == str(d.severity)
        assert result["message"]["text"].startswith(d.message)
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": d.path, "uriBaseId": "%SRCROOT%"}
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 14}
    assert "region" not in results[2]["locations"][0]["physicalLocation"]  # line 0: the whole file
    (related,) = results[1]["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 3}
    assert related["message"]["text"] == "first 'genre' is here"
    assert "relatedLocations" not in results[0]


def test_sarif_uris_are_relative_with_forward_slashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "dataset" / "a b.yaml")
    outside = str(tmp_path.parent / "elsewhere.yaml")
    results = json.loads(render_sarif([diag(path=inside), diag(path=outside)], 2))["runs"][0]["results"]
    first = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    second = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert first == {"uri": "dataset/a%20b.yaml", "uriBaseId": "%SRCROOT%"}
    assert second == {"uri": Path(outside).as_uri()}


def test_sarif_is_deterministic() -> None:
    assert render_sarif(SAMPLE, 4) == render_sarif(SAMPLE, 4)


# --- junit -------------------------------------------------------------------------------


def _suite(xml: str) -> ET.Element:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "newsledger validate"
    return suite


def test_junit_counts() -> None:
    xml = render_junit(SAMPLE, 4)
    suite = _suite(xml)
    cases = suite.findall("testcase")
    # three files with findings, then the summary case
    assert [c.get("name") for c in cases] == ["dataset/articles/2024/b.yaml", ENTRY, REGISTRY, "summary"]
    assert suite.get("tests") == str(len(cases)) == "4"
    failed = [c for c in cases if c.find("failure") is not None]
    assert suite.get("failures") == str(len(failed)) == "2"
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    root = ET.fromstring(xml.encode("utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("4", "2")


def test_junit_one_failure_per_error_and_warnings_in_system_out() -> None:
    suite = _suite(render_junit(SAMPLE, 4))
    by_name = {c.get("name"): c for c in suite.findall("testcase")}
    failures = by_name[ENTRY].findall("failure")
    assert [f.get("type") for f in failures] == ["NL402", "NL102"]
    assert (
        failures[0].get("message")
        == "12:14 NL402 quotes[0].speaker: speaker 'amina-hadad' is not in the entity registry"
    )
    assert "hint: did you mean 'amina-haddad'?" in (failures[0].text or "")
    assert f"{ENTRY}:6:3: first 'genre' is here" in (failures[1].text or "")
    registry = by_name[REGISTRY]
    assert registry.find("failure") is None
    assert "warning: " in (registry.findtext("system-out") or "") and "NL501" in (registry.findtext("system-out") or "")
    assert registry.find("properties/property[@name='warnings']").get("value") == "1"  # type: ignore[union-attr]
    assert by_name["summary"].find("failure") is None
    assert by_name["summary"].findtext("system-out") == "Found 3 errors and 1 warning in 3 files (4 checked)."


def test_junit_escapes_everything() -> None:
    nasty = 'a <tag> & "quote" \x00\x07 ]]> \ud800 end'
    xml = render_junit([diag(message=nasty, path='d/<&">.yaml')], 1)
    suite = _suite(xml)  # parses: nothing unescaped, no character XML forbids
    case = suite.find("testcase")
    assert case is not None and case.get("name") == 'd/<&">.yaml'
    failure = case.find("failure")
    assert failure is not None
    assert 'a <tag> & "quote" \\u0000\\u0007 ]]> \\ud800 end' in (failure.get("message") or "")


def test_junit_clean_run_has_one_passing_test() -> None:
    suite = _suite(render_junit([], 5))
    (case,) = suite.findall("testcase")
    assert (case.get("name"), suite.get("tests"), suite.get("failures")) == ("summary", "1", "0")
    assert case.findtext("system-out") == "All checks passed (5 files checked)."


def test_junit_lists_clean_files_when_given() -> None:
    suite = _suite(render_junit(SAMPLE[:1], 2, files=[ENTRY, "dataset/articles/2024/clean.yaml"]))
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == ["dataset/articles/2024/clean.yaml", ENTRY, "summary"]
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")


# --- the named formats -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_every_format_renders_through_render(fmt: str) -> None:
    out = render(fmt, SAMPLE, 4)
    assert out.endswith("\n") and "NL402" in out


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render("yaml", SAMPLE, 4)


# --- text: one line per record, whatever the data holds ---------------------------------

@given(st.lists(st.tuples(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=20)), st.text(max_size=10)), max_size=6))
def test_text_report_keeps_each_record_on_its_lines(parts: list[tuple[str, str | None, str]]) -> None:
    """A message, hint or related message holding a newline, an escape sequence or a
    bidi control cannot add a line or reach the terminal, in a report of clean and
    dirty diagnostics mixed (the renderer checks the whole report at once first)."""
    diagnostics = [
        Diagnostic(ENTRY, i + 1, 1, "NL402", Severity.ERROR, message, hint, None, (Related(REGISTRY, 2, 3, rel),))
        for i, (message, hint, rel) in enumerate(parts)
    ] + [Diagnostic(ENTRY, 99, 1, "NL503", Severity.WARNING, "plain words", "a plain hint")]
    out = render_text(diagnostics, 1, quiet=True)
    lines = out.split("\n")[:-1]
    assert len(lines) == sum(2 + bool(d.hint) for d in diagnostics[:-1]) + 2
    assert not re.search("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]", "".join(lines))
    assert lines[-2:] == [f"{ENTRY}:99:1: NL503 [warning] plain words", "    hint: a plain hint"]
