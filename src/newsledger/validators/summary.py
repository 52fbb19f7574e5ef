"""The last line of every report: how many errors and warnings in how many files."""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.validators.diagnostics import Diagnostic, Severity

__all__ = ["summary_line"]


def summary_line(diagnostics: Sequence[Diagnostic], files_checked: int | None) -> str:
    """The last line of a report. ``files_checked`` ``None``: the caller does not know
    how many files were checked, and the line does not guess."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    checked = "" if files_checked is None else f" ({files_checked} checked)"
    if not diagnostics:
        if files_checked is None:
            return "All checks passed."
        return f"All checks passed ({files_checked} file{'s' if files_checked != 1 else ''} checked)."
    return (
        f"Found {errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}{checked}."
    )
