"""``newsledger.read_yaml``: read a file as ``newsledger validate`` does.

The same function reads every file that ``validate`` checks
(:func:`newsledger.validators.yamlread.read`), so what this returns for a file's
bytes is what ``validate`` bases its verdict on: the values, and the file-level
diagnostics (NL1xx), each with its line and column.

>>> from newsledger import read_yaml
>>> r = read_yaml(b"headline: Iraqi PM\\nheadline: again\\n")
>>> r.data
{'headline': 'Iraqi PM'}
>>> [(d.code, d.line, d.col) for d in r.diagnostics]
[('NL102', 2, 1)]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from newsledger.validators.diagnostics import Diagnostic, Related, Severity
from newsledger.validators.yamldecode import MAX_EXPANDED_NODES, MAX_REGISTRY_NODES, FileProblem, read_bounded
from newsledger.validators.yamlread import read

__all__ = ["YamlReading", "file_diagnostics", "read_yaml"]


@dataclass(frozen=True, slots=True)
class YamlReading:
    """What a file holds, read as YAML 1.2 with newsledger's restrictions."""

    #: The document's values (dicts, lists, str, int, float, bool, None); None when
    #: the file cannot be read as data (a diagnostic then says why).
    data: Any = None
    #: File-level diagnostics (NL1xx): syntax, encoding, tabs, tags, duplicate keys...
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No error among the diagnostics (warnings may be there)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def read_yaml(source: str | os.PathLike[str] | bytes, *, registry: bool = False) -> YamlReading:
    """Read ``source`` — a path, or a file's bytes — as ``newsledger validate`` reads it.

    ``registry=True`` applies the limits of an entity registry file (many more
    values) instead of an entry's. A path that cannot be read gives NL100.
    """
    max_nodes = MAX_REGISTRY_NODES if registry else MAX_EXPANDED_NODES
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw, display, size = bytes(source), "<bytes>", None
    else:
        display = os.fspath(source)
        try:
            raw, st = read_bounded(display)
        except OSError as exc:
            message = f"cannot read the file: {exc.strerror or exc}"
            return YamlReading(None, [Diagnostic(display, 0, 0, "NL100", Severity.ERROR, message)])
        size = st.st_size
    reading = read(raw, max_nodes=max_nodes, size=size)
    return YamlReading(reading.data if reading.readable else None, file_diagnostics(display, reading.problems))


def file_diagnostics(path: str, problems: list[FileProblem]) -> list[Diagnostic]:
    """``problems`` as diagnostics of the file at ``path``, with their rules' severities."""
    if not problems:
        return []
    from newsledger.validators.rules import all_rules

    rules = all_rules()
    out = []
    for p in problems:
        rule = rules.get(p.code)
        related = tuple(Related(path, line, col, msg) for line, col, msg in p.related)
        out.append(Diagnostic(path, p.line, p.col, p.code, rule.severity if rule else Severity.ERROR, p.message, p.hint, None, related))
    return out
