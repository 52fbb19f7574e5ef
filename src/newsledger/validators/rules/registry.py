"""The rule registry itself: :class:`Rule`, and the :func:`rule` and :func:`declare`
that rule modules register their codes with (see :mod:`newsledger.validators.rules`).
A module of its own, imported by the rule modules, so that the package (whose
:func:`~newsledger.validators.rules.all_rules` imports them) and they do not import
each other.

The rule registry: every diagnostic code, its severity and its documentation.

A rule is declared once, where it is checked. Checks that need the whole dataset
are functions decorated with :func:`rule` (their docstring is the user
documentation); codes raised while reading a file or validating a record are
declared with :func:`declare` next to the code that raises them. Documentation
follows four headings: What it does / Why is this bad? / Example / Use instead.
``newsledger rules``, ``newsledger rule CODE`` and ``docs/rules.md`` read it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsledger.validators.diagnostics import Severity

__all__ = ["FIXABLE", "RULES", "SECTIONS", "Rule", "declare", "rule"]

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    sections: dict[str, str] = field(default_factory=dict)
    check: Callable[..., Any] | None = None

    @property
    def fixable(self) -> str | None:
        """``"safe"`` (``validate --fix`` applies it), ``"unsafe"`` (only with
        ``--unsafe-fixes``: it could change meaning) or None."""
        return FIXABLE.get(self.code)

    @property
    def family(self) -> str:
        return {
            "0": "internal",
            "1": "file",
            "2": "schema",
            "3": "meaning",
            "4": "dataset",
            "5": "advice",
        }[self.code[2]]


RULES: dict[str, Rule] = {}

#: Codes that ``newsledger validate --fix`` can fix (see :mod:`newsledger.fmt.fix`, which
#: holds the fixes): "safe" fixes keep the meaning; "unsafe" ones run only with
#: ``--unsafe-fixes``.
FIXABLE: dict[str, str] = {
    "NL103": "safe",    # quote the value as written
    "NL104": "safe",    # quote the value as written
    "NL105": "safe",    # a tab between tokens or inside a value becomes a space (not in indentation)
    "NL106": "safe",    # drop the byte order mark
    "NL207": "safe",    # quote a known schema version written as a number
    "NL307": "safe",    # drop the tracking parameters from the URL
    "NL308": "safe",    # upper-case a country code that is then valid
    "NL202": "unsafe",  # rename a misspelt field to the one suggested
    "NL306": "unsafe",  # http:// -> https:// (the https address may not serve the same page)
    "NL505": "unsafe",  # delete zero-width spaces, word joiners and BOMs inside text
}

_HEADING = re.compile(r"^#+\s*(.+?)\s*$", re.MULTILINE)


def _parse_doc(doc: str) -> tuple[str, dict[str, str]]:
    doc = inspect.cleandoc(doc)
    parts = _HEADING.split(doc)
    summary = parts[0].strip().split("\n\n")[0].replace("\n", " ")
    sections = {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    return summary, sections


def declare(code: str, name: str, severity: Severity, doc: str) -> Rule:
    """Register a code raised outside a dataset-level check function."""
    if code in RULES:
        raise ValueError(f"rule {code} declared twice")
    summary, sections = _parse_doc(doc)
    RULES[code] = Rule(code, name, severity, summary, sections)
    return RULES[code]


def rule(code: str, name: str, severity: Severity) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a dataset-level check; its docstring documents the rule."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        if code in RULES:
            raise ValueError(f"rule {code} declared twice")
        summary, sections = _parse_doc(func.__doc__ or "")
        RULES[code] = Rule(code, name, severity, summary, sections, func)
        func.code = code  # type: ignore[attr-defined]
        return func

    return wrap
