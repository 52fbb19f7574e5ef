"""The diagnostic record: the only thing that travels from rules to reporters."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from enum import IntEnum

__all__ = ["Diagnostic", "Finding", "Loc", "Related", "Severity", "by_place", "loc_to_words"]


class Severity(IntEnum):
    """How serious a finding is; errors fail validation, warnings only with --strict."""

    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, order=True)
class Related:
    """Another place involved in a finding (the first of two duplicate keys, say)."""

    path: str
    line: int
    col: int
    message: str


Loc = tuple[str | int, ...]


# Finding and Diagnostic are made by the tens of thousands on a dataset whose entries
# carry warnings: a frozen dataclass costs 1.7 us more per instance to build (every
# field set through object.__setattr__). They are hashable all the same (from the
# fields compared); nothing changes one after it is made.


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """What a rule reports before the engine places it: a code at a data location.

    ``loc`` is a path into the parsed YAML (``("events", 0, "date")``); the engine
    turns it into a line and column. ``at_key`` points at the key rather than the
    value (for unknown fields); ``related`` are other (path, loc, message) places.
    ``offset``: a character of the text value at ``loc`` to point at, where the
    engine can place it (else the value's start).
    """

    code: str
    loc: Loc
    message: str
    hint: str | None = None
    at_key: bool = False
    related: tuple[tuple[str, Loc, str], ...] = ()
    offset: int | None = None


@dataclass(slots=True, order=True, unsafe_hash=True)
class Diagnostic:
    """One finding, at a 1-based line and column of a file (0 when the file has none)."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity = _field(compare=False)
    message: str  # compared: two findings at one place (missing 'id', missing 'kind') are both kept
    hint: str | None = _field(default=None, compare=False)
    field_path: str | None = _field(default=None, compare=False)
    related: tuple[Related, ...] = _field(default=(), compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "field": self.field_path,
            "related": [
                {"path": r.path, "line": r.line, "col": r.col, "message": r.message} for r in self.related
            ],
        }


def by_place(d: Diagnostic) -> tuple[str, int, int, str, str]:
    """Sort key giving the dataclass's own order (file, line, column, code, message);
    several times faster than its generated ``__lt__`` on tens of thousands of findings."""
    return d.path, d.line, d.col, d.code, d.message


def loc_to_words(loc: Loc) -> str:
    """('events', 0, 'date') -> 'events[0].date'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"
