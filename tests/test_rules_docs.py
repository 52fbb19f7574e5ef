"""Every rule is documented where it lives, and docs/rules.md is generated from that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsledger.cli import main
from newsledger.validators.diagnostics import Severity
from newsledger.validators.rules import SECTIONS, Rule, all_rules
from newsledger.validators.rulesdoc import rules_markdown

REPO = Path(__file__).resolve().parents[1]
RULES = all_rules()


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"NL[0-5][0-9]{2}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name), "names are kebab-case"
    assert rule.summary and rule.summary.endswith("."), "a one-sentence summary"
    assert list(rule.sections) == list(SECTIONS), f"sections must be exactly {SECTIONS}, in order"
    for heading, body in rule.sections.items():
        assert body.strip(), f"{rule.code}: section '{heading}' is empty"


def test_codes_and_names_are_unique() -> None:
    assert len({r.name for r in RULES.values()}) == len(RULES)


def test_advice_is_warnings_and_the_rest_errors() -> None:
    for rule in RULES.values():
        expected = Severity.WARNING if rule.family == "advice" else Severity.ERROR
        assert rule.severity is expected, rule.code


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run 'newsledger schema export' and commit docs/rules.md"
    for code in RULES:
        assert f"### {code}" in committed


def test_schema_export_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["schema", "export", "--check", "--root", str(REPO)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "up to date" in out


def test_rules_markdown_output_matches_the_generated_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == rules_markdown()
