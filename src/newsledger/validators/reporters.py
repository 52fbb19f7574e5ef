"""Render collected diagnostics in a named format.

Reporters only format: they receive the finished, sorted list of diagnostics and
the rule registry, and return text. ``text`` and ``json`` live here; ``github``,
``sarif`` and ``junit`` in their own modules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from newsledger.validators.diagnostics import Diagnostic, Severity
from newsledger.validators.summary import summary_line

__all__ = ["render", "render_text", "summary_line"]


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _one_line(text: str) -> str:
    """Data quoted in a message stays on its line and cannot drive the terminal: a value
    holding a newline must not forge output lines, nor an escape sequence or a bidi
    control change what the reader sees."""
    return _UNPRINTABLE.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def render_text(diagnostics: Sequence[Diagnostic], files_checked: int | None = None, *, quiet: bool = False) -> str:
    lines = []
    for d in diagnostics:
        sev = "" if d.severity is Severity.ERROR else " [warning]"
        lines.append(f"{d.path}:{d.line}:{d.col}: {d.code}{sev} {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
        for r in d.related:
            lines.append(f"    {r.path}:{r.line}:{r.col}: {r.message}")
    # Almost always nothing needs escaping: one test of the whole text says so
    # (str.isprintable is false for every character _one_line escapes, and a few more).
    if not "".join(lines).isprintable():
        lines = [_one_line(line) for line in lines]
    if not quiet:
        # Without a count (``newsledger build`` passes none), no "(N checked)": the number
        # of files with findings is not the number checked.
        lines.append(summary_line(diagnostics, files_checked))
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    from newsledger._version import version

    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    doc = {
        "tool": {"name": "newsledger", "version": version()},
        "summary": {"files_checked": files_checked, "errors": errors, "warnings": len(diagnostics) - errors},
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render(
    fmt: str, diagnostics: Sequence[Diagnostic], files_checked: int, *, quiet: bool = False, files: Sequence[str] | None = None
) -> str:
    if fmt == "text":
        return render_text(diagnostics, files_checked, quiet=quiet)
    if fmt == "json":
        return render_json(diagnostics, files_checked)
    if fmt == "github":
        from newsledger.validators.report_github import render_github

        return render_github(diagnostics, files_checked)
    if fmt == "sarif":
        from newsledger.validators.report_sarif import render_sarif

        return render_sarif(diagnostics, files_checked)
    if fmt == "junit":
        from newsledger.validators.report_junit import render_junit

        return render_junit(diagnostics, files_checked, files=files)
    raise ValueError(f"unknown format {fmt!r}")
