"""docs/rules.md, generated from the rule registry."""

from __future__ import annotations

from newsledger.validators.rules import SECTIONS, all_rules

_FAMILIES = {
    "internal": "NL0xx: internal",
    "file": "NL1xx: the file",
    "schema": "NL2xx: one record against the schema",
    "meaning": "NL3xx: one record's meaning",
    "dataset": "NL4xx: across records",
    "advice": "NL5xx: curation advice (warnings)",
}


def rules_markdown() -> str:
    rules = all_rules()
    lines = [
        "# newsledger rules",
        "",
        "Every diagnostic `newsledger validate` can report. Generated from the rule registry by "
        "`newsledger schema export`; do not edit by hand. Select or ignore codes by prefix with "
        "`--select`/`--ignore` (the most specific prefix wins; on a tie, ignore wins).",
        "",
        "`newsledger validate --fix` applies the fixes marked *safe*; `--unsafe-fixes` also those "
        "marked *unsafe*, which could change meaning.",
        "",
        "| code | name | severity | fix | summary |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | {r.fixable or ''} | {r.summary} |" for r in rules.values()]
    family = None
    for r in rules.values():
        if r.family != family:
            family = r.family
            lines += ["", f"## {_FAMILIES[family]}"]
        lines += ["", f"### {r.code}", "", f"**{r.name}** ({r.severity}): {r.summary}"]
        if r.fixable:
            flag = "--fix --unsafe-fixes" if r.fixable == "unsafe" else "--fix"
            lines += ["", f"Fixable ({r.fixable}): `newsledger validate {flag}`"]
        for heading in SECTIONS:
            if heading in r.sections:
                lines += ["", f"#### {heading}", "", r.sections[heading]]
    return "\n".join(lines) + "\n"
