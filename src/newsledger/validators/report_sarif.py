"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run whose driver lists every registered rule (id, name, descriptions, help
from the rule's four documentation sections, default level), and one result per
diagnostic. Locations are URIs relative to ``%SRCROOT%`` (the directory
``newsledger validate`` ran in, normally the repository root) with forward
slashes; a file outside it gets an absolute ``file:`` URI instead. A diagnostic
without a position (line 0) gets a location without a region. Columns count
Unicode code points, as the YAML parser does (``run.columnKind``).

``originalUriBaseIds`` is left out on purpose: it would hold the absolute path
of the machine that ran the check, and the output would no longer be the same
on every machine. GitHub resolves ``%SRCROOT%`` to the checkout.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsledger.validators.diagnostics import Diagnostic, Related, Severity

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "render_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/newsledger/newsledger"
RULES_DOC_URI = "https://github.com/newsledger/newsledger/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    from newsledger.validators.rules import SECTIONS

    sections = [(h, rule.sections[h]) for h in SECTIONS if rule.sections.get(h)]
    text = "\n\n".join([rule.summary, *(f"{h}\n{body}" for h, body in sections)])
    markdown = "\n\n".join(
        [f"**{rule.code} {rule.name}**: {rule.summary}", *(f"## {h}\n\n{body}" for h, body in sections)]
    )
    what = rule.sections.get("What it does", "")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {what}".strip() if what else rule.summary},
        "help": {"text": text, "markdown": markdown},
        "helpUri": f"{RULES_DOC_URI}#{rule.code.lower()}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": ["newsledger", rule.family], "problem.severity": _LEVEL[rule.severity]},
    }


def artifact_location(path: str) -> dict[str, str]:
    """``{"uri": ..., "uriBaseId": "%SRCROOT%"}`` for a path relative to the working directory."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _physical(path: str, line: int, col: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    if line > 0:
        region: dict[str, int] = {"startLine": line}
        if col > 0:
            region["startColumn"] = col
        physical["region"] = region
    return physical


def _related(index: int, r: Related) -> dict[str, Any]:
    return {"id": index, "physicalLocation": _physical(r.path, r.line, r.col), "message": {"text": r.message}}


def _result(d: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    result: dict[str, Any] = {"ruleId": d.code}
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    result["level"] = _LEVEL[d.severity]
    result["message"] = {"text": text}
    result["locations"] = [{"physicalLocation": _physical(d.path, d.line, d.col)}]
    if d.related:
        result["relatedLocations"] = [_related(i, r) for i, r in enumerate(d.related, start=1)]
    if d.field_path:
        result["properties"] = {"field": d.field_path}
    return result


def sarif_log(diagnostics: Sequence[Diagnostic], files_checked: int) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    from newsledger._version import version
    from newsledger.validators.rules import all_rules

    rules = list(all_rules().values())
    rule_index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "newsledger",
        "version": version(),
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(r) for r in rules],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index) for d in diagnostics],
        "properties": {"filesChecked": files_checked},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """A SARIF 2.1.0 log of ``diagnostics``, as indented JSON."""
    return json.dumps(sarif_log(diagnostics, files_checked), indent=2, ensure_ascii=False) + "\n"
