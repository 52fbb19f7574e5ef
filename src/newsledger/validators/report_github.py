"""GitHub Actions output: workflow-command annotations and a step summary.

``render_github`` prints one ``::error``/``::warning`` workflow command per
diagnostic, which the runner turns into an annotation on the file and line::

    ::error file=dataset/articles/2024/x.yaml,line=12,col=5,title=NL402 unknown-entity::quotes[0].speaker ...

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step
(and 50 per job); the rest are dropped silently. So at most
:data:`ANNOTATIONS_PER_SEVERITY` of each severity become commands; the others
are printed as plain log lines, and a final ``::notice`` says how many were not
annotated. ``write_step_summary`` appends every diagnostic, as a Markdown table,
to the file named by ``GITHUB_STEP_SUMMARY`` (GitHub rejects a step summary over
1 MiB, so the table stops at :data:`SUMMARY_BUDGET` bytes and says what it left out).

Escaping follows the runner's own rules (as in ``@actions/core``): in the
message, ``%``, CR and LF become ``%25``, ``%0D`` and ``%0A``; property values
(file, title) additionally escape ``:`` and ``,`` as ``%3A`` and ``%2C``.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from urllib.parse import quote

from newsledger.validators.diagnostics import Diagnostic, Severity

__all__ = [
    "ANNOTATIONS_PER_SEVERITY",
    "SUMMARY_BUDGET",
    "escape_data",
    "escape_property",
    "render_github",
    "write_step_summary",
]

#: Annotations of one severity GitHub displays per step (10 errors, 10 warnings, 10 notices).
ANNOTATIONS_PER_SEVERITY = 10
#: Bytes this report may add to a step summary; GitHub refuses summaries over 1 MiB (1024 KiB).
SUMMARY_BUDGET = 1000 * 1024

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _title(d: Diagnostic) -> str:
    from newsledger.validators.rules import all_rules

    rule = all_rules().get(d.code)
    return f"{d.code} {rule.name}" if rule else d.code


def _body(d: Diagnostic) -> str:
    """The annotation text: message, hint and related places, one per line."""
    lines = [d.message]
    if d.hint:
        lines.append(f"hint: {d.hint}")
    lines += [f"{r.path}:{r.line}:{r.col}: {r.message}" for r in d.related]
    return "\n".join(lines)


def _file(path: str) -> str:
    """The path as GitHub expects it: relative to the workspace, with forward slashes."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and os.path.isabs(path):
        rel = os.path.relpath(path, workspace)
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")


def annotation(d: Diagnostic) -> str:
    """One diagnostic as a workflow command line (without the newline)."""
    props = [f"file={escape_property(_file(d.path))}"]
    if d.line > 0:
        props.append(f"line={d.line}")
        if d.col > 0:
            props.append(f"col={d.col}")
    props.append(f"title={escape_property(_title(d))}")
    return f"::{_COMMAND[d.severity]} {','.join(props)}::{escape_data(_body(d))}"


def _plain(d: Diagnostic) -> str:
    # Starts with a word, never '::', and keeps its data on one line, so a
    # message can never be read as a workflow command.
    text = f"{d.path}:{d.line}:{d.col}: {d.code} [{d.severity}] {d.message}"
    return "newsledger: " + text.replace("\r", "\\r").replace("\n", "\\n")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def render_github(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """Workflow commands for the first 10 errors and 10 warnings, then plain lines and a notice."""
    from newsledger.validators.summary import summary_line

    shown = {Severity.ERROR: 0, Severity.WARNING: 0}
    lines: list[str] = []
    rest: list[Diagnostic] = []
    for d in diagnostics:
        if shown[d.severity] < ANNOTATIONS_PER_SEVERITY:
            shown[d.severity] += 1
            lines.append(annotation(d))
        else:
            rest.append(d)
    lines += [_plain(d) for d in rest]
    summary = summary_line(diagnostics, files_checked)
    if rest:
        errors = sum(d.severity is Severity.ERROR for d in rest)
        warnings = len(rest) - errors
        more = f"{_count(errors, 'more error')} and {_count(warnings, 'more warning')}"
        note = (
            f"{summary} GitHub shows {ANNOTATIONS_PER_SEVERITY} annotations of each severity per step: "
            f"{more} are listed in the log above and in the step summary."
        )
        lines.append(f"::notice title={escape_property('newsledger validate')}::{escape_data(note)}")
    else:
        lines.append(summary)
    return "\n".join(lines) + "\n"


# --- the step summary ----------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no formatting, no pipes, one line."""
    text = html.escape(text, quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _link(d: Diagnostic) -> str:
    """The file cell: a link to the line in the repository when the run says where that is."""
    label = _cell(f"{d.path}:{d.line}:{d.col}" if d.line else d.path)
    server = os.environ.get("GITHUB_SERVER_URL")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    path = _file(d.path)
    if not (server and repo and sha) or os.path.isabs(path) or path.startswith("../"):
        return label
    url = f"{server}/{repo}/blob/{sha}/{quote(path)}" + (f"#L{d.line}" if d.line else "")
    return f"[{label}]({url})"


def _row(d: Diagnostic) -> str:
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    message += "".join(f"\n{r.path}:{r.line}:{r.col}: {r.message}" for r in d.related)
    severity = "error" if d.severity is Severity.ERROR else "warning"
    return f"| {severity} | {_cell(_title(d))} | {_link(d)} | {_cell(message)} |\n"


def step_summary(diagnostics: Sequence[Diagnostic], files_checked: int, budget: int = SUMMARY_BUDGET) -> str:
    """The Markdown appended to the step summary: a summary line and a table of every diagnostic."""
    from newsledger.validators.summary import summary_line

    head = f"## newsledger validate\n\n{_cell(summary_line(diagnostics, files_checked))}\n\n"
    if not diagnostics:
        return head
    out = [head, "| severity | rule | location | message |\n", "|---|---|---|---|\n"]
    size = sum(len(part.encode("utf-8")) for part in out)
    reserve = 200  # room for the note about rows left out
    for i, d in enumerate(diagnostics):
        row = _row(d)
        cost = len(row.encode("utf-8"))
        if size + cost > budget - reserve:
            left = len(diagnostics) - i
            out.append(
                f"\n{left} more diagnostic{'s' if left != 1 else ''} not shown: GitHub limits a step summary "
                "to 1 MiB. Run `newsledger validate` locally for the full list.\n"
            )
            break
        out.append(row)
        size += cost
    return "".join(out)


def write_step_summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> None:
    """Append the table of all diagnostics to ``$GITHUB_STEP_SUMMARY``, when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        used = os.path.getsize(target) if os.path.exists(target) else 0  # earlier output of the same step
        with open(target, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(step_summary(diagnostics, files_checked, max(SUMMARY_BUDGET - used, 4096)))
    except OSError as exc:  # a summary that cannot be written must not fail validation
        print(f"newsledger validate: warning: cannot write the step summary to {target}: {exc}", file=sys.stderr)
