"""JUnit XML output, for CI dashboards (GitLab, Jenkins, Azure Pipelines, test reporters).

The shape, in the widely read Jenkins/Ant dialect::

    <testsuites name="newsledger" tests=".." failures=".." errors="0" skipped="0">
      <testsuite name="newsledger validate" tests=".." failures=".." errors="0" skipped="0">
        <testcase classname="newsledger.validate" name="dataset/articles/2024/x.yaml" file="...">
          <failure type="NL402" message="12:11 NL402 ...">full text</failure>   (one per error)
          <system-out>warnings, one per line</system-out>
        </testcase>
        ...
        <testcase classname="newsledger.validate" name="summary"><system-out>...</system-out></testcase>
      </testsuite>
    </testsuites>

* One test case per file: every file with findings, or every checked file when
  the caller passes ``files`` (the engine does not report clean files yet). A
  final ``summary`` test case always passes and carries the summary line, so a
  clean run shows one passing test rather than none.
* Each error is a ``<failure>``; a file with errors is one failed test case, so
  ``failures`` counts failed test cases, not errors (``tests`` counts cases).
* Warnings do not fail a test case: they are listed in its ``<system-out>``
  and counted in a ``warnings`` property.
* Text is escaped by ElementTree; characters XML 1.0 cannot hold at all
  (control characters, lone surrogates) are written as ``\\uXXXX``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from newsledger.validators.diagnostics import Diagnostic, Severity

__all__ = ["render_junit"]

SUITE_NAME = "newsledger validate"
CLASSNAME = "newsledger.validate"

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids written as ``\\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _line(d: Diagnostic) -> str:
    text = f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}"
    if d.hint:
        text += f"\n    hint: {d.hint}"
    for r in d.related:
        text += f"\n    {r.path}:{r.line}:{r.col}: {r.message}"
    return text


def _testcase(parent: ET.Element, path: str, found: Sequence[Diagnostic]) -> bool:
    """Add the test case of one file; True if it failed."""
    case = ET.SubElement(
        parent, "testcase", {"classname": CLASSNAME, "name": _xml_text(path), "file": _xml_text(path), "time": "0"}
    )
    errors = [d for d in found if d.severity is Severity.ERROR]
    warnings = [d for d in found if d.severity is not Severity.ERROR]
    if warnings:
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", {"name": "warnings", "value": str(len(warnings))})
    for d in errors:
        failure = ET.SubElement(
            case, "failure", {"type": d.code, "message": _xml_text(f"{d.line}:{d.col} {d.code} {d.message}")}
        )
        failure.text = _xml_text(_line(d))
    if warnings:
        out = ET.SubElement(case, "system-out")
        out.text = _xml_text("\n".join(f"warning: {_line(d)}" for d in warnings))
    return bool(errors)


def render_junit(diagnostics: Sequence[Diagnostic], files_checked: int, *, files: Sequence[str] | None = None) -> str:
    """JUnit XML: a test case per file (with a failure per error) and a summary test case."""
    from newsledger.validators.summary import summary_line

    by_file: dict[str, list[Diagnostic]] = {}
    for path in files or ():
        by_file.setdefault(path, [])
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)

    root = ET.Element("testsuites", {"name": "newsledger"})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME})
    failed = sum(_testcase(suite, path, found) for path, found in sorted(by_file.items()))
    summary = ET.SubElement(suite, "testcase", {"classname": CLASSNAME, "name": "summary", "time": "0"})
    ET.SubElement(summary, "system-out").text = _xml_text(summary_line(diagnostics, files_checked))

    warnings = sum(d.severity is not Severity.ERROR for d in diagnostics)
    counts = {"tests": str(len(by_file) + 1), "failures": str(failed), "errors": "0", "skipped": "0", "time": "0"}
    for element in (root, suite):
        element.attrib.update(counts)
    props = ET.Element("properties")
    ET.SubElement(props, "property", {"name": "files_checked", "value": str(files_checked)})
    ET.SubElement(props, "property", {"name": "errors", "value": str(len(diagnostics) - warnings)})
    ET.SubElement(props, "property", {"name": "warnings", "value": str(warnings)})
    suite.insert(0, props)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
