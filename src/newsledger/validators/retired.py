"""Reading ``dataset/retired.yaml``, the tombstones (see :mod:`newsledger.schema.retired`).

The file is read like every dataset file: the one located YAML reading (NL1xx
for the file itself), then the :class:`~newsledger.schema.retired.Retired` model
(NL2xx for a field that does not fit, NL411 for a successor that the reason
does not allow). What the tombstones say about the rest of the dataset (a
retired id used again: NL410; a successor that is not a live record: NL411) is
checked by the dataset rules, on the :class:`RetiredIndex` entries this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.validators.diagnostics import Diagnostic, Finding, Loc, Severity

__all__ = ["CUSTOM_CODES", "RETIRED_FILE", "RetiredIndex", "read_retired", "retired_records"]

#: The tombstone file, relative to the dataset directory (as in :mod:`newsledger.schema.retired`).
RETIRED_FILE = "retired.yaml"

#: The model's own error types and the code each is reported as.
CUSTOM_CODES = {"successor_missing": "NL411", "successor_unexpected": "NL411", "successor_self": "NL411"}


@dataclass(frozen=True, slots=True)
class RetiredIndex:
    """One valid tombstone, where it is written."""

    path: str
    loc: Loc
    id: str
    table: str
    successor: str | None
    #: The tombstone as ``Retired.model_dump()``: what a release ships.
    record: dict[str, Any]


def read_retired(root: Path, display: str) -> tuple[list[RetiredIndex], list[Diagnostic]]:
    """The valid tombstones of ``root/retired.yaml`` and the diagnostics of the file
    (shown as ``display``). No file: no tombstones and nothing to report."""
    path = root / RETIRED_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Diagnostic(display, 0, 0, "NL100", Severity.ERROR, f"cannot read the file: {exc.strerror or exc}")]
    # Imported only when there is a file: a dataset without tombstones does not pay
    # for the models (0.1 s of a validation run that never needed pydantic otherwise).
    from pydantic import ValidationError

    from newsledger.schema.retired import Retired
    from newsledger.validators.yamldecode import MAX_REGISTRY_NODES
    from newsledger.validators.yamllocate import Positions
    from newsledger.validators.yamlread import read

    reading = read(raw, max_nodes=MAX_REGISTRY_NODES)  # the one reading every file gets
    if reading.comments_only:  # no tombstones yet
        return [], []
    out = [_problem(display, p) for p in reading.problems]
    if not reading.readable or any(p.code not in ("NL103", "NL105") for p in reading.problems):
        return [], out
    data = reading.data
    if data is None:  # empty, or only comments: no tombstones yet
        return [], out
    located = reading.located or Positions(raw.decode("utf-8", "replace"), MAX_REGISTRY_NODES)
    if not isinstance(data, list):
        out.append(Diagnostic(display, 1, 1, "NL110", Severity.ERROR,
                              f"{RETIRED_FILE} must be a YAML list of tombstones, not a {type(data).__name__}",
                              "write one '- id: ...' item per retired id"))
        return [], out
    valid: list[RetiredIndex] = []
    for i, item in enumerate(data):
        try:
            tomb = Retired.model_validate(item)
        except ValidationError as exc:
            out.extend(_place(display, located, f) for f in _findings(exc, i, item, data))
            continue
        valid.append(RetiredIndex(display, (i,), tomb.id, tomb.table, tomb.successor, tomb.model_dump()))
    return valid, out


def retired_records(root: Path) -> list[dict[str, Any]]:
    """The valid tombstones of a dataset as ``Retired.model_dump()`` dicts, sorted by
    table and id: what a release ships as its ``retired`` table."""
    valid, _ = read_retired(root, "retired.yaml")
    return [t.record for t in sorted(valid, key=lambda t: (t.table, t.id))]


def _findings(exc: Any, index: int, item: Any, data: list[Any]) -> list[Finding]:
    from newsledger.schema.retired import Retired
    from newsledger.validators.diagnostics import loc_to_words
    from newsledger.validators.rules.schema import map_error

    out = []
    for err in exc.errors(include_url=False):
        err = {**err, "loc": (index, *err["loc"])}
        code = CUSTOM_CODES.get(err["type"])
        if code is not None:
            near = [k for k in ("successor", "reason") if isinstance(item, dict) and k in item]
            loc: Loc = (index, near[0]) if near else (index,)
            out.append(Finding(code, loc, f"{loc_to_words(loc)}: {err['msg']}"))
        else:
            out.append(map_error(err, data, Retired))
    return out


def _place(display: str, located: Any, finding: Finding) -> Diagnostic:
    from newsledger.validators.diagnostics import loc_to_words
    from newsledger.validators.rules import all_rules

    line, col = located.position(finding.loc, key=finding.at_key)
    rule = all_rules().get(finding.code)
    severity = rule.severity if rule else Severity.ERROR
    return Diagnostic(display, line, col, finding.code, severity, finding.message, finding.hint,
                      loc_to_words(finding.loc) if finding.loc else None)


def _problem(display: str, p: Any) -> Diagnostic:
    from newsledger.validators.rules import all_rules

    rule = all_rules().get(p.code)
    return Diagnostic(display, p.line, p.col, p.code, rule.severity if rule else Severity.ERROR, p.message, p.hint)
