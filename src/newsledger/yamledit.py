"""Round-trip editing of YAML entries: change a few keys, keep everything else.

Tools that rewrite curated files (``newsledger migrate``, ``fmt``, ``validate
--fix``) must not lose what a curator wrote: comments, key order, quoting, block
scalars, flow lists. This module wraps ruamel.yaml's round-trip mode in a small
API::

    doc = yamledit.read(path)                     # or yamledit.parse(text)
    doc.get(("article", "id"))                    # a value by its location
    doc.set(("schema_version",), "1.1")           # keeps the old quoting: "1.1"
    doc.rename(("quotes", 0), "start", "char_start")   # same place, same comments
    doc.insert(("quotes", 0), "char_end", 42, after="char_start")
    doc.delete(("events", 2, "evidence"))
    doc.changed                                   # does dump() differ from the text read?
    doc.dump()                                    # the new text, verified (see below)
    doc.write()                                   # atomically, only if changed

Locations are tuples of mapping keys and list indexes, as in
:mod:`newsledger.validators.yamllocate`.

Guarantees:

* Reading then dumping with no edit gives back the text byte for byte for files
  in the house style (indentation is detected per file among the common styles;
  a test holds real and generated entries to it).
* Known limits: the spelling of a null and of a boolean is not kept (they are
  written ``null``, ``true``, ``false``; entries have none), and a file whose
  indentation mixes styles is written in the closest one.
* Scalars resolve with YAML 1.2 core semantics, as the validator reads them: a
  date such as ``2024-09-17`` is a string, ``NO`` is a string. A new text value
  that YAML 1.1 tools would misread (``NO``, ``12:30``, ``1.10``) is written in
  double quotes.
* :meth:`Document.dump` never returns text that the validator's reference
  reader cannot parse, or parses to other data than the document holds: it
  raises :class:`YamlEditError` instead. :meth:`Document.write` writes through a
  temporary file in the same folder, fsync and rename, so a reader sees the old
  file or the new one, never a part.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.events import ScalarEvent
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

__all__ = ["Document", "Loc", "YamlEditError", "flow", "parse", "read", "write_atomic"]

Loc = tuple[str | int, ...]

#: Indentation styles tried, house style first: (mapping, sequence, offset) as ruamel
#: names them. The first one that reproduces a file is kept for it.
_STYLES: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (4, 6, 4), (2, 3, 1))


_MISSING = object()


def _where(loc: Loc) -> str:
    return "/".join(map(str, loc)) or "the top"


class YamlEditError(Exception):
    """A file that cannot be read, edited or written as asked; line and col are 1-based."""

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None = None, line: int = 1, col: int = 1) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.col = col
        self.message = message
        where = f"{self.path}:{line}:{col}: " if self.path else f"{line}:{col}: "
        super().__init__(where + message)


class _CoreResolver(VersionedResolver):
    """ruamel's YAML 1.2 resolver without timestamps (YAML 1.2 core has none)."""

    def add_version_implicit_resolver(self, version: Any, tag: Any, regexp: Any, first: Any) -> None:
        if tag == "tag:yaml.org,2002:timestamp":
            return
        super().add_version_implicit_resolver(version, tag, regexp, first)


class _Emitter(RoundTripEmitter):
    """Writes a double-quoted scalar read with escapes (``"\\u200b"``) as it was written."""

    escaped: dict[str, str] = {}  # noqa: RUF012 - replaced per document by a subclass

    def write_double_quoted(self, text: Any, split: Any = True) -> None:
        raw = self.escaped.get(text)
        if raw is None or self.root_context:
            super().write_double_quoted(text, split)
        else:
            self.write_indicator(raw, True)


def _escaped_scalars(text: str) -> dict[str, str]:
    """value -> source of each one-line double-quoted scalar of ``text`` that uses escapes."""
    found: dict[str, str] = {}
    if "\\" not in text:
        return found
    for event in YAML(typ="rt").parse(text):
        if isinstance(event, ScalarEvent) and event.style == '"':
            raw = text[event.start_mark.index : event.end_mark.index]
            if "\\" in raw and "\n" not in raw and raw.startswith('"') and raw.endswith('"'):
                found.setdefault(event.value, raw)
    return found


def _represent_null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml(style: tuple[int, int, int], *, explicit_start: bool, crlf: bool, escaped: dict[str, str] | None = None) -> YAML:
    yaml = YAML(typ="rt")
    if escaped:
        yaml.Emitter = type("_DocumentEmitter", (_Emitter,), {"escaped": escaped})
    yaml.Resolver = _CoreResolver
    yaml.preserve_quotes = True
    yaml.representer.add_representer(type(None), _represent_null)
    yaml.width = 1 << 30  # never fold long lines
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    yaml.explicit_start = explicit_start
    if crlf:
        yaml.line_break = "\r\n"  # type: ignore[assignment]
    return yaml


def flow(value: list[Any] | dict[str, Any]) -> CommentedSeq | CommentedMap:
    """``value`` as a flow collection (``[a, b]``, ``{k: v}``) when inserted or set."""
    node: CommentedSeq | CommentedMap
    if isinstance(value, list):
        node = CommentedSeq(_node(v) for v in value)
    else:
        node = CommentedMap((k, _node(v)) for k, v in value.items())
    node.fa.set_flow_style()
    return node


def _node(value: Any, like: Any = None) -> Any:
    """A Python value ready to be put in the document; text keeps the quoting of ``like``."""
    from newsledger.validators.yamlcore import yaml11_hazard

    if isinstance(value, CommentedMap | CommentedSeq | ScalarString):
        return value
    if isinstance(value, dict):
        return CommentedMap((k, _node(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return CommentedSeq(_node(v) for v in value)
    if isinstance(value, str):
        for kind in (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString, FoldedScalarString):
            if isinstance(like, kind):
                return kind(value)
        if yaml11_hazard(value) is not None:
            return DoubleQuotedScalarString(value)
    return value


def _plain(value: Any) -> Any:
    """The document's data as plain Python values, as the validator's reader gives them."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


@dataclass(eq=False)
class Document:
    """One YAML document read for editing. ``data`` is ruamel's round-trip tree."""

    text: str
    data: Any
    path: Path | None = None
    style: tuple[int, int, int] = _STYLES[0]
    explicit_start: bool = False
    crlf: bool = False
    escaped: dict[str, str] = field(default_factory=dict, repr=False)
    #: Whether the text read can be written back exactly. False for what ruamel does not
    #: keep (``%YAML`` directives, ``...`` markers, mixed indentation, ``~`` for null):
    #: then any edit also rewrites those; careful tools refuse to edit such a file.
    faithful: bool = True
    _edits: int = field(default=0, repr=False)

    # -- reading -------------------------------------------------------------
    def get(self, loc: Loc, default: Any = None) -> Any:
        """The value at ``loc``, or ``default`` when a key or index on the way is missing."""
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def has(self, loc: Loc) -> bool:
        """Whether ``loc`` names an existing key or index."""
        return self.get(loc, _MISSING) is not _MISSING

    def mappings(self, loc: Loc) -> Iterator[tuple[Loc, CommentedMap]]:
        """``(location, mapping)`` for each mapping of the list at ``loc`` (none if absent)."""
        seq = self.get(loc)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                if isinstance(item, CommentedMap):
                    yield (*loc, i), item

    def _container(self, loc: Loc) -> CommentedMap | CommentedSeq:
        node = self.get(loc, _MISSING)
        if not isinstance(node, CommentedMap | CommentedSeq):
            raise KeyError(f"no mapping or list at {_where(loc)}")
        return node

    def _mapping(self, loc: Loc) -> CommentedMap:
        node = self.get(loc)
        if not isinstance(node, CommentedMap):
            raise TypeError(f"no mapping at {_where(loc)}")
        return node

    # -- editing -------------------------------------------------------------
    def set(self, loc: Loc, value: Any) -> None:
        """Set the value at ``loc``. An existing key keeps its place, comment and quoting
        style; a new key goes at the end of its mapping (see :meth:`insert` to choose)."""
        if not loc:
            raise ValueError("set needs a location")
        parent, key = self._container(loc[:-1]), loc[-1]
        if isinstance(parent, CommentedSeq):
            if not isinstance(key, int) or not -len(parent) <= key < len(parent):
                raise KeyError(f"no item {key!r} in the list at {_where(loc[:-1])}")
            old = parent[key]
        elif key in parent:
            old = parent[key]
        else:
            self.insert(loc[:-1], str(key), value)
            return
        new = _node(value, like=old)
        if type(old) is type(new) and old == new:
            return
        parent[key] = new
        self._edits += 1

    def insert(self, loc: Loc, key: str, value: Any, *, after: str | None = None, before: str | None = None, index: int | None = None) -> None:
        """Add ``key: value`` to the mapping at ``loc``: after or before an existing key,
        at ``index``, or at the end. An existing ``key`` is an error (use :meth:`set`)."""
        mapping = self._mapping(loc)
        if key in mapping:
            raise KeyError(f"{key!r} is already in {_where(loc)}")
        keys = list(mapping.keys())
        if after is not None:
            pos = keys.index(after) + 1
        elif before is not None:
            pos = keys.index(before)
        elif index is not None:
            pos = index
        else:
            pos = len(keys)
        if pos == len(keys) and keys:
            _move_following_comments(mapping, keys[-1], key)
        mapping.insert(pos, key, _node(value))
        self._edits += 1

    def rename(self, loc: Loc, old: str, new: str) -> None:
        """Rename key ``old`` of the mapping at ``loc`` to ``new``, in place, comments kept."""
        mapping = self._mapping(loc)
        if old not in mapping:
            raise KeyError(f"{old!r} is not in {_where(loc)}")
        if new in mapping:
            raise KeyError(f"{new!r} is already in {_where(loc)}")
        pos = list(mapping.keys()).index(old)
        comment = mapping.ca.items.pop(old, None)
        value = mapping.pop(old)
        mapping.insert(pos, new, value)
        if comment is not None:
            token = comment[2] if len(comment) > 2 else None
            if token is not None and getattr(token, "start_mark", None) is not None:
                token.column = token.column + len(new) - len(old)  # the same gap before the comment
            mapping.ca.items[new] = comment
        self._edits += 1

    def delete(self, loc: Loc) -> None:
        """Remove the key or list item at ``loc`` (a missing one is an error)."""
        if not loc:
            raise ValueError("delete needs a location")
        parent, key = self._container(loc[:-1]), loc[-1]
        if isinstance(parent, CommentedSeq):
            if not isinstance(key, int) or not -len(parent) <= key < len(parent):
                raise KeyError(f"no item {key!r} in the list at {_where(loc[:-1])}")
            del parent[key]
        else:
            if key not in parent:
                raise KeyError(f"{key!r} is not in {_where(loc[:-1])}")
            _keep_following_comments(parent, key)
            del parent[key]
        self._edits += 1

    # -- output --------------------------------------------------------------
    def _render(self) -> str:
        out = io.StringIO()
        try:
            _yaml(self.style, explicit_start=self.explicit_start, crlf=self.crlf, escaped=self.escaped).dump(self.data, out)
        except (YAMLError, IndexError, AttributeError, TypeError, ValueError) as exc:  # e.g. ruamel on `[]` after a comment
            raise YamlEditError(f"cannot write this document back ({type(exc).__name__}: {exc})", path=self.path) from None
        text = out.getvalue()
        newline = "\r\n" if self.crlf else "\n"
        if not self.text.endswith(("\n", "\r")) and text.endswith(newline) and self.text:
            text = text[: -len(newline)]
        return text

    def dump(self) -> str:
        """The document as text, checked: the validator's reference reader parses it to
        the same data. Raises :class:`YamlEditError` otherwise."""
        text = self.text if self._edits == 0 else self._render()  # unedited: the text read is exact
        _verify(text, self.data, self.path)
        return text

    def _reproduces(self) -> bool:
        try:
            return self._render() == self.text
        except YamlEditError:
            return False

    @property
    def changed(self) -> bool:
        """Whether :meth:`dump` differs from the text the document was read from."""
        return self._edits > 0 and self._render() != self.text

    def write(self, path: str | os.PathLike[str] | None = None, *, force: bool = False) -> bool:
        """Write the document atomically to ``path`` (default: where it was read from).
        Returns whether the file was written; an unchanged document is not, unless ``force``."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("write needs a path: the document was not read from a file")
        if not force and target == self.path and not self.changed:
            return False
        write_atomic(target, self.dump())
        return True


def _split_comment(text: str) -> tuple[str, str]:
    """A value's comment token as (the comment on its own line, the lines that follow)."""
    if text.startswith("#"):
        own, _, following = text.partition("\n")
        return own + "\n", following
    return "", text.removeprefix("\n")


def _move_following_comments(mapping: CommentedMap, last: Any, new: Any) -> None:
    """Before ``new`` is added after ``last``: the comment lines that follow ``last``'s value
    describe what comes next, so they follow the new value instead."""
    entry = mapping.ca.items.get(last)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    own, following = _split_comment(token.value)
    if not following:
        return
    if own:
        token.value = own
    else:
        entry[2] = None
    mapping.ca.items[new] = [None, None, CommentToken("\n" + following, CommentMark(0)), None]


def _keep_following_comments(mapping: CommentedMap, key: Any) -> None:
    """Before ``key`` is deleted: ruamel keeps the comment lines that follow a value with
    that value; they describe what comes next, so they move to the key before (the
    comment on the deleted key's own line goes with it)."""
    entry = mapping.ca.items.pop(key, None)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    following = _split_comment(token.value)[1]
    if "#" not in following:
        return
    keys = list(mapping.keys())
    at = keys.index(key)
    if at == 0:
        return  # nothing before it in this mapping to carry them
    before = mapping.ca.items.setdefault(keys[at - 1], [None, None, None, None])
    if before[2] is None:
        before[2] = CommentToken("\n" + following, CommentMark(0))
    else:
        before[2].value = before[2].value + following


def _verify(text: str, data: Any, path: Path | None) -> None:
    from newsledger.validators.yamldecode import MAX_REGISTRY_NODES
    from newsledger.validators.yamlread import read

    reading = read(text.encode("utf-8"), max_nodes=MAX_REGISTRY_NODES)  # the validator's own reading
    if not reading.readable:
        p = reading.problems[0] if reading.problems else None
        raise YamlEditError(
            f"refusing to write: the new text does not parse ({p.message if p else 'no data'})",
            path=path,
            line=p.line if p else 1,
            col=p.col if p else 1,
        )
    if reading.data != _plain(data):
        raise YamlEditError("refusing to write: the new text would read back as other data than was edited", path=path)


def parse(text: str, *, path: str | os.PathLike[str] | None = None) -> Document:
    """Read ``text`` (one YAML document) for editing; :class:`YamlEditError` when it is not YAML."""
    crlf = "\r\n" in text
    body = text.lstrip("\ufeff")
    explicit_start = any(line.rstrip() == "---" or line.startswith("--- ") for line in _leading(body))
    where = None if path is None else Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a reused anchor: legal YAML, the validator's business
            data = _yaml(_STYLES[0], explicit_start=explicit_start, crlf=crlf).load(text)
            escaped = _escaped_scalars(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise YamlEditError(f"not valid YAML: {exc.problem or exc}", path=where, line=line, col=col) from None
    except YAMLError as exc:
        raise YamlEditError(f"not valid YAML: {exc}", path=where) from None
    doc = Document(text=text, data=data, path=where, explicit_start=explicit_start, crlf=crlf, escaped=escaped)
    for style in _STYLES:
        doc.style = style
        if doc._reproduces():
            break
    else:
        doc.style = _STYLES[0]
        doc.faithful = False
    return doc


def _leading(text: str) -> Iterator[str]:
    """The lines before the first content line (comments, blanks, directives, ``---``)."""
    for line in text.splitlines():
        yield line
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "%")):
            return


def read(path: str | os.PathLike[str]) -> Document:
    """Read the YAML file at ``path`` for editing (UTF-8)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlEditError(f"not UTF-8 (byte {exc.start})", path=path) from None
    return parse(text, path=path)


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Replace ``path`` with ``text``: a temporary file in the same folder, fsync, rename.
    An existing file's permission bits are kept. On any error the old file is untouched."""
    target = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # a new file gets the umask's mode
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dirfd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return  # a platform without directory fds; the rename is done
    try:
        os.fsync(dirfd)
    except OSError:
        pass
    finally:
        os.close(dirfd)
