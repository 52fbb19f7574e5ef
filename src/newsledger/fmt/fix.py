"""``newsledger validate --fix``: the fixes whose result is certain.

The codes each fix answers are listed, with their safety, in
:data:`newsledger.validators.rules.FIXABLE`. A fix works from the validator's own
diagnostics (their location in the data) on the file read with the round-trip
editor, so comments and layout stay; text-level fixes (a byte order mark, tabs,
NFC) come first. A file is written only when the result parses back to the data
the fixes meant (atomically); anything else is left for the report that follows.

Safe: quote a YAML 1.1 hazard or a value that lost its text (as written), quote a
schema version written as a number, drop URL tracking parameters, upper-case a
country code, drop a byte order mark, turn tabs outside indentation into spaces,
NFC-normalise text. Unsafe (``--unsafe-fixes``): rename a misspelt field to the
one suggested, ``http://`` to ``https://``, delete invisible characters in text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsledger.validators.diagnostics import Diagnostic
from newsledger.validators.rules import FIXABLE

__all__ = ["Fixed", "fix_dataset", "fix_file"]

_FIELD = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
_DID_YOU_MEAN = re.compile(r"did you mean '([a-z_]+)'\?")


@dataclass
class Fixed:
    """What the fixes of one file did: (line, col, code, what) each."""

    path: str
    done: list[tuple[int, int, str, str]] = field(default_factory=list)


def _loc(field_path: str | None) -> tuple[str | int, ...] | None:
    if not field_path or field_path == "(file)":
        return None
    return tuple(int(i) if i else k for k, i in _FIELD.findall(field_path))


def _strip_tracking(url: str) -> str:
    from newsledger.schema.checks import TRACKING_PARAMS

    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True, safe=":/@!$'()*,;")))


def _text_fixes(text: str, diagnostics: list[Diagnostic], fixed: Fixed) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
        fixed.done.append((1, 1, "NL106", "dropped the byte order mark"))
    if "\t" in text:
        lines = text.split("\n")
        for n, line in enumerate(lines):
            body = line.lstrip(" \t")
            lead = line[: len(line) - len(body)]
            if "\t" in body and "\t" not in lead:
                lines[n] = lead + body.replace("\t", " ")
                fixed.done.append((n + 1, len(lead) + body.index("\t") + 1, "NL105", "a tab became a space"))
        text = "\n".join(lines)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        fixed.done.append((0, 0, "NFC", "text normalised to Unicode NFC (composed characters)"))
    return text


def fix_file(path: Path, diagnostics: list[Diagnostic], *, unsafe: bool = False) -> Fixed:
    """Fix what can be fixed in one file; write it (atomically) only if something changed
    and the result parses back to the intended data."""
    from newsledger import yamledit
    from newsledger.readyaml import read_yaml
    from newsledger.schema.codes import is_country
    from newsledger.validators.yamllocate import locate

    fixed = Fixed(str(path))
    try:
        original = path.read_bytes().decode("utf-8")
    except (UnicodeDecodeError, OSError):
        return fixed
    text = _text_fixes(original, diagnostics, fixed)
    reading = read_yaml(text.encode("utf-8"), registry=True)
    if reading.data is None or any(d.code in {"NL101", "NL102", "NL112", "NL115", "NL117", "NL118"} for d in reading.diagnostics):
        return Fixed(str(path))  # not parsable (tabs in indentation, syntax): nothing is written
    located = locate(text)  # the source spelling of each plain value
    try:
        doc = yamledit.parse(text, path=path)
    except yamledit.YamlEditError:
        return Fixed(str(path))
    allowed = {c for c, s in FIXABLE.items() if s == "safe" or unsafe}
    for d in diagnostics:
        if d.code not in allowed:
            continue
        loc = _loc(d.field_path)
        if loc is None or not doc.has(loc):
            continue
        value = doc.get(loc)
        what = _fix_one(d, loc, value, doc, located.plain, is_country)
        if what:
            fixed.done.append((d.line, d.col, d.code, what))
    if text == original and not doc.changed:
        return fixed
    try:
        out = doc.dump() if doc.changed else text
    except yamledit.YamlEditError:
        return Fixed(str(path))
    yamledit.write_atomic(path, out)
    return fixed


def _fix_one(d: Diagnostic, loc: tuple[str | int, ...], value: Any, doc: Any, plain: dict[Any, str], is_country: Any) -> str | None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    code = d.code
    if code in ("NL103", "NL104") and loc in plain:
        doc.set(loc, DoubleQuotedScalarString(plain[loc]))
        return f'quoted "{plain[loc]}"'
    if code == "NL207" and loc == ("schema_version",) and plain.get(loc) in _versions():
        doc.set(loc, DoubleQuotedScalarString(plain[loc]))
        return f'quoted "{plain[loc]}"'
    if not isinstance(value, str):
        return None
    if code == "NL307":
        clean = _strip_tracking(value)
        if clean != value:
            doc.set(loc, clean)
            return "dropped the tracking parameters"
    if code == "NL308" and value.upper() != value and is_country(value.upper()):
        doc.set(loc, value.upper())
        return f"{value} -> {value.upper()}"
    if code == "NL306" and value.startswith("http://"):
        doc.set(loc, "https://" + value[len("http://") :])
        return "http:// -> https://"
    if code == "NL505" and _INVISIBLE.search(value):
        doc.set(loc, _INVISIBLE.sub("", value))
        return "deleted invisible characters"
    return None


def _fix_key(d: Diagnostic, doc: Any) -> str | None:
    loc = _loc(d.field_path)
    match = _DID_YOU_MEAN.search(d.hint or "")
    if loc is None or match is None or not isinstance(loc[-1], str):
        return None
    parent = doc.get(loc[:-1])
    if not isinstance(parent, dict) or match.group(1) in parent or loc[-1] not in parent:
        return None
    doc.rename(loc[:-1], loc[-1], match.group(1))
    return f"renamed {loc[-1]} to {match.group(1)}"


def _versions() -> set[str]:
    from newsledger.schema.paths import versions

    return {*versions(), "1.0"}


def fix_dataset(root: Path, only: Sequence[Path] | None, *, unsafe: bool = False, out: Any = None) -> list[Fixed]:
    """Fix the files of ``root`` (or ``only`` those), report each fix on ``out`` (stderr)."""
    from newsledger.validators.engine import check_dataset

    out = out or sys.stderr
    report = check_dataset(root, only=only, use_cache=False, want_records=False)
    by_file: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.path, []).append(d)
    files = {d.path for d in report.diagnostics if d.code in FIXABLE}
    scope = [Path(p) for p in only] if only is not None else sorted(root.rglob("*.yaml"))
    files |= {str(p) for p in scope if _needs_text_fix(p)}
    results: list[Fixed] = []
    for name in sorted(files):
        path = Path(name)
        diags = by_file.get(name, [])
        key_fixes = [d for d in diags if d.code == "NL202"] if unsafe else []
        result = fix_file(path, [d for d in diags if d.code != "NL202"], unsafe=unsafe)
        if key_fixes:
            result.done += _rename_keys(path, key_fixes)
        results.append(result)
        for line, col, code, what in result.done:
            print(f"{name}:{line}:{col}: fixed {code}: {what}", file=out)
    n = sum(len(r.done) for r in results)
    if n:
        print(f"Fixed {n} problem{'s' * (n != 1)} in {sum(1 for r in results if r.done)} file(s); what remains follows.", file=out)
    return results


def _rename_keys(path: Path, diagnostics: list[Diagnostic]) -> list[tuple[int, int, str, str]]:
    from newsledger import yamledit

    try:
        doc = yamledit.read(path)
    except yamledit.YamlEditError:
        return []
    done = [(d.line, d.col, d.code, what) for d in diagnostics if (what := _fix_key(d, doc))]
    if done:
        try:
            yamledit.write_atomic(path, doc.dump())
        except yamledit.YamlEditError:
            return []
    return done


def _needs_text_fix(path: Path) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if raw.startswith(b"\xef\xbb\xbf") or b"\t" in raw:
        return True
    try:
        return not unicodedata.is_normalized("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False
