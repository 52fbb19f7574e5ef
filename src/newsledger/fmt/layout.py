"""The canonical layout of an entry or an entity registry file.

* keys in the codebook's order (the models' field order); keys the schema does not
  know keep their place after the known ones;
* text in plain style where YAML 1.2 reads it back as the same text and a YAML 1.1
  reader would not misread it (NL103), else double-quoted (``"1.0"``, ``"NO"``,
  ``"12:30"``); dates stay plain (YAML 1.2 core reads them as text, as the validator does);
* text with line breaks (the body) as a literal block (``|``);
* prose wrapped at :data:`WIDTH` columns: a one-line text that does not fit is a
  folded block (``>-``) broken at single spaces, which YAML reads back as one line;
* collections of a few short scalars on one line in flow style
  (``{entity: iraq, role: target}``, ``[dave-decamp]``), everything else in block style;
* two-space indentation, sequences indented under their key;
* the editor's modeline (``# yaml-language-server: $schema=...``) as the first line;
* comments kept.

:func:`format_text` is idempotent and never changes the data: it raises
:class:`FormatError` rather than return text that reads back otherwise.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.compat import ordereddict
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from newsledger import yamledit

__all__ = ["WIDTH", "FormatError", "format_text"]

#: Line width for prose values (a plain or quoted value longer than this is wrapped).
WIDTH = 100
#: A flow collection's one-line form may be at most this wide (indentation included).
FLOW_WIDTH = 100
_MODELINE = "# yaml-language-server: $schema="
_FLOW_SCALAR = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}")


class FormatError(Exception):
    """The file cannot be formatted (not YAML, or the result would read back otherwise)."""


def format_text(text: str, path: Path | None = None) -> str:
    """The canonical layout of ``text`` (an entry or an entity registry file)."""
    body = _without_modeline(text)
    before = _read(text)
    fatal = next((d for d in before.diagnostics if d.code in _UNREADABLE), None)
    if fatal is not None or before.data is None:
        where = f"{fatal.line}:{fatal.col}" if fatal else "1:1"
        raise FormatError(f"{where}: cannot format: {fatal.message if fatal else 'the file holds no YAML data'}")
    if before.data in ([], {}):  # nothing to lay out (and ruamel cannot re-emit a bare `[]` after comments)
        name = "retired.schema.json" if path is not None and path.name == "retired.yaml" else (
            "entities.schema.json" if before.data == [] else "entry.schema.json")
        return _modeline(path, None, name) + "\n" + body.rstrip("\n") + "\n"
    try:
        doc = yamledit.parse(body, path=path)
    except yamledit.YamlEditError as exc:
        raise FormatError(f"{exc.line}:{exc.col}: cannot format: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - the round-trip reader failing on a shape it cannot re-emit
        raise FormatError(f"1:1: cannot format: {type(exc).__name__}: {exc}") from None
    data = doc.data
    if isinstance(data, CommentedSeq) and path is not None and path.name == "retired.yaml":
        from newsledger.schema.retired import Retired

        model: Any = [Retired]
        schema_name = "retired.schema.json"
    elif isinstance(data, CommentedMap):
        model = _entry_model(data)
        schema_name = "entry.schema.json"
    elif isinstance(data, CommentedSeq):
        from newsledger.schema.models import Entity

        model = [Entity]
        schema_name = "entities.schema.json"
    else:
        raise FormatError("1:1: cannot format: the file is neither an entry (a mapping) nor a registry file (a list)")
    _layout(data, model, 0)
    if isinstance(data, CommentedSeq):  # a registry: one record after another, at the left margin
        for item in data:
            if isinstance(item, CommentedMap):
                item.fa.set_block_style()
    try:
        out = _dump(doc)
    except Exception as exc:  # noqa: BLE001 - ruamel's emitter on a shape it cannot write: say so, write nothing
        raise FormatError(f"1:1: cannot format: {type(exc).__name__}: {exc}") from None
    if isinstance(data, CommentedSeq):
        out = _dedent(out)
    version = str(data.get("schema_version", "")) if isinstance(data, CommentedMap) else ""
    out = _modeline(path, version or None, schema_name) + "\n" + out
    after = _read(out)
    if any(d.code in _UNREADABLE for d in after.diagnostics) or after.data != before.data:
        raise FormatError("1:1: cannot format: the formatted text would read back as other data (a bug: please report it)")
    return out


#: File problems after which a file is not formatted (it cannot be read as data, or not safely).
_UNREADABLE = frozenset({"NL101", "NL102", "NL107", "NL108", "NL109", "NL111", "NL112", "NL115", "NL116", "NL117", "NL118"})


def _read(text: str) -> Any:
    """``text`` read as ``newsledger validate`` reads it (YAML 1.2, one parser decides)."""
    from newsledger.readyaml import read_yaml

    return read_yaml(text.encode("utf-8"), registry=True)


def _without_modeline(text: str) -> str:
    lines = text.split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith(_MODELINE):
        i += 1
    return "\n".join(lines[i:])


def _modeline(path: Path | None, version: str | None, name: str) -> str:
    from newsledger.schema.paths import modeline_for

    if version is not None and not re.fullmatch(r"\d+\.\d+", version):
        version = None
    from newsledger.schema.paths import schema_file

    if version is not None and schema_file(version, name) is None:
        version = None
    return modeline_for(path or Path.cwd() / "entry.yaml", version, name)


def _dump(doc: yamledit.Document) -> str:
    yaml = yamledit._yaml((2, 4, 2), explicit_start=False, crlf=False, escaped=doc.escaped)
    buf = io.StringIO()
    yaml.dump(doc.data, buf)
    return buf.getvalue()


def _dedent(text: str) -> str:
    """A root list is written indented by two; the house style starts it at the margin."""
    lines = text.split("\n")
    if all(not line.strip() or line.startswith("  ") or line.startswith("#") for line in lines):
        return "\n".join(line[2:] if line.startswith("  ") else line for line in lines)
    return text


# --- the models' key order ----------------------------------------------------


def _entry_model(data: CommentedMap) -> Any:
    from newsledger.schema import models

    return models.entry_model(data.get("schema_version"))  # the current model for an unknown version


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation holds (``list[Quote]`` -> [Quote], ``Event | EventRef``)."""
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        ann = stack.pop(0)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            found.append(ann)
            continue
        stack.extend(get_args(ann))
    return found


def _pick(candidates: list[type[BaseModel]], node: CommentedMap) -> type[BaseModel] | None:
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    return max(candidates, key=lambda m: (len(set(node) & set(m.model_fields)), -len(m.model_fields)))


def _layout(node: Any, model: Any, indent: int) -> None:
    """Reorder keys by ``model`` (a model class, a list ``[model]``, or None), restyle scalars and collections."""
    if isinstance(node, CommentedMap):
        cls = _pick(model, node) if isinstance(model, list) else model
        if cls is not None:
            order = list(cls.model_fields)
            known = [k for k in order if k in node]
            for k in [*known, *(k for k in list(node) if k not in order)]:
                node.move_to_end(k)
        for key in list(node):
            sub = None
            if cls is not None and key in cls.model_fields:
                sub = _models(cls.model_fields[key].annotation) or None
            _put(node, key, _scalar(node[key], indent + 2))
            _layout(node[key], sub, indent + 2)
        _style(node, indent)
    elif isinstance(node, CommentedSeq):
        for i in range(len(node)):
            _put(node, i, _scalar(node[i], indent + 2))
            _layout(node[i], model, indent + 2)
        _style(node, indent)


def _put(node: CommentedMap | CommentedSeq, key: Any, value: Any) -> None:
    """Replace a value with its new style: ruamel's own assignment would keep the old
    value's quoting, so the container's base class stores it."""
    if isinstance(node, CommentedMap):
        ordereddict.__setitem__(node, key, value)
    else:
        list.__setitem__(node, key, value)


def _style(node: CommentedMap | CommentedSeq, indent: int) -> None:
    values = list(node.values()) if isinstance(node, CommentedMap) else list(node)
    if not values:
        node.fa.set_flow_style()  # {} and []: an empty collection has no block form
        return
    short = bool(values) and all(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or (isinstance(v, str) and _FLOW_SCALAR.fullmatch(v) is not None)
        for v in values
    ) and not _has_comments(node)
    if isinstance(node, CommentedMap):
        line = "{" + ", ".join(f"{k}: {v}" for k, v in node.items()) + "}"
    else:
        line = "[" + ", ".join(str(v) for v in values) + "]"
    if short and indent + 24 + len(line) <= FLOW_WIDTH:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    return any(any(x is not None for x in item) for item in node.ca.items.values()) or node.ca.comment is not None


def _scalar(value: Any, column: int) -> Any:
    """Text in its canonical style: a literal block for several lines, a folded block for
    long prose (content starting at ``column``), plain where safe, else double quotes."""
    if not isinstance(value, str):
        return value
    text = "".join(value)  # an exact str: ruamel keeps the style of its string subclasses
    if "\n" in text:
        if _literal_ok(text):
            return LiteralScalarString(text)
        return DoubleQuotedScalarString(text)
    if column + len(text) > WIDTH and _foldable(text):
        folded = FoldedScalarString(text)
        folded.fold_pos = _fold_positions(text, WIDTH - column)
        if folded.fold_pos:
            return folded
    if _plain_ok(text):
        return text
    return DoubleQuotedScalarString(text)


def _foldable(text: str) -> bool:
    """A folded block gives back exactly this text: one line, single spaces, printable."""
    return (
        " " in text and text == text.strip() and "  " not in text
        and not any(ord(c) < 32 or c in "\x7f\u0085\u2028\u2029\ufeff\u00a0" for c in text)
    )


def _fold_positions(text: str, width: int) -> list[int]:
    """Indexes of the spaces to break at so that each line is at most ``width`` long
    (a word longer than that stays whole on its own line)."""
    width = max(width, 40)
    out: list[int] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        out.append(cut)
        start = cut + 1
    return out


def _literal_ok(text: str) -> bool:
    """A literal block holds the text as it is: no control characters, no line of only spaces
    before content, no leading space on the first line, no trailing spaces (yamllint), no CR."""
    if any((ord(c) < 32 and c != "\n") or c in "\x7f\u0085\u2028\u2029\ufeff" for c in text):
        return False
    lines = text.split("\n")
    return not lines[0].startswith(" ") and all(line == line.rstrip(" ") for line in lines)


def _plain_ok(text: str) -> bool:
    from newsledger.validators.yamlcore import resolve_plain, yaml11_hazard

    if not text or text != text.strip() or "  " in text:
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(ord(c) < 32 or c in "\x7f\u0085\u2028\u2029\ufeff\u00a0" for c in text):
        return False
    return resolve_plain(text) == text and yaml11_hazard(text) is None
