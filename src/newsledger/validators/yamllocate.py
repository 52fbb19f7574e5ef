"""Where things are: the line and column of every node of a document.

:func:`locate` walks libyaml's *event* stream (the C parser, through PyYAML: safe
on any input, no tags are constructed, no code runs) and records, for every key
and value, where it starts; for plain scalars their source text, for text values
their style. It also notes what only the source shows: tags, anchors and
aliases, merge keys, duplicate keys (both places).

It never decides what a document means or whether it is well-formed:
:mod:`newsledger.validators.yamlread` does, with one parser. The values this pass
builds are used only to check, character by character, a position inside a text
value (:meth:`Located.char_position`). Where libyaml cannot read a document that
YAML 1.2 allows, positions fall back to the nearest node found before that point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newsledger.validators.yamlcore import resolve_plain
from newsledger.validators.yamldecode import MAX_ALIASES, MAX_DEPTH, MAX_EXPANDED_NODES, FileProblem, Loc

__all__ = ["Located", "Positions", "locate"]

@dataclass(slots=True)
class Located:
    """Parsed data plus where every value and key came from (1-based line, col)."""

    data: Any = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    plain: dict[Loc, str] = field(default_factory=dict)  # locs of plain (unquoted) scalars -> source text
    problems: list[FileProblem] = field(default_factory=list)
    #: Text values: loc -> style ("" plain, "'", '"', "|", ">"), for :meth:`char_position`.
    styles: dict[Loc, str] = field(default_factory=dict)
    text: str | None = None  # the parsed text

    def char_position(self, loc: Loc, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of the text value at ``loc`` is in the file.

        Worked out for values whose source shows their characters as they are: a
        plain or quoted scalar on one line, a literal block scalar (``|``) without an
        indentation indicator. The mapping is checked against the value, character
        for character, up to the line of ``offset``; anything else (escapes, folded
        or multi-line flow scalars, CRLF) gives the value's own position.
        """
        start = self.position(loc)
        style = self.styles.get(loc)
        value = self._value(loc)
        if style is None or self.text is None or not isinstance(value, str) or not 0 <= offset < len(value):
            return start
        lines = self.text.split("\n")
        line, col = start
        if line > len(lines):
            return start
        source = lines[line - 1]
        if style in ("", "'", '"'):
            at = col - 1 + (style != "")
            if "\n" not in value and source[at : at + len(value)] == value:
                return line, at + offset + 1
            return start
        if style != "|":
            return start
        header = source[col - 1 :].split("#", 1)[0].strip()
        if any(ch.isdigit() for ch in header):  # an explicit indentation indicator
            return start
        body = lines[line:]
        indent = next((len(s) - len(s.lstrip(" ")) for s in body if s.strip()), None)
        if indent is None:
            return start
        wanted = value.split("\n")
        k = value.count("\n", 0, offset)
        if k >= len(body):
            return start
        for j in range(k + 1):
            got = body[j][indent:] if len(body[j]) > indent else body[j].strip(" ")
            if got != wanted[j]:
                return start
        return line + k + 1, indent + offset - (value.rfind("\n", 0, offset) + 1) + 1

    def _value(self, loc: Loc) -> Any:
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The closest known position of ``loc``: the node, else its nearest ancestor."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))



# --- the event pass ----------------------------------------------------------------

_STANDARD_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Budget(Exception):
    pass


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def locate(text: str, *, max_nodes: int = MAX_EXPANDED_NODES) -> Located:
    """The positions (and source facts) of ``text``'s nodes; never raises."""
    import yaml  # only files with something to report, or to look at closer, come here

    out = Located(text=text)
    try:
        _build(text, out, max_nodes)
    except _Budget:
        pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        if "maximum nesting depth" in problem:  # libyaml's own limit (1,000 levels), hit before ours
            out.problems.append(FileProblem("NL115", line, col, f"nesting deeper than {MAX_DEPTH} levels", "entries nest a few levels; flatten the data"))
        else:
            out.problems.append(FileProblem("NL101", line, col, f"YAML syntax error: {problem}{context}", _syntax_hint(problem)))
        out.data = None
    except yaml.YAMLError as exc:  # reader errors without a mark
        out.problems.append(FileProblem("NL101", 1, 1, f"YAML error: {exc}"))
        out.data = None
    except RecursionError:
        out.problems.append(FileProblem("NL115", 1, 1, "nesting is too deep to parse"))
        out.data = None
    return out


def _syntax_hint(problem: str) -> str | None:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character" in problem and "cannot start any token" in problem:
        return "quote the value: it starts with a character YAML reserves (@, `, %, ...)"
    return None


def _build(text: str, out: Located, max_nodes: int) -> None:
    import yaml

    # Containers under construction: [container, loc, pending_key, pending_key_mark, seen_keys]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    sizes: list[int] = []  # node counts of open containers (for anchored subtree sizes)
    aliases = 0
    expanded = 0
    documents = 0
    root_set = False

    def place(value: Any, event: Any, nodes: int, new: int | None = None) -> None:
        # ``nodes``: the size of the placed subtree; ``new``: how many of them were not
        # counted yet (a closing container's children were counted as they came).
        nonlocal root_set, expanded
        expanded += nodes if new is None else new
        if expanded > max_nodes:
            hint = (
                "remove anchors and aliases (&name / *name); write values out"
                if aliases
                else "split the file: entity registry files can be many (dataset/entities/*.yaml)"
            )
            out.problems.append(FileProblem("NL108", *_mark(event), f"the document holds more than {max_nodes:,} values", hint))
            raise _Budget
        if sizes:
            sizes[-1] += nodes
        if not stack:
            out.data = value
            root_set = True
            out.values[()] = _mark(event)
            return
        top = stack[-1]
        container, loc = top[0], top[1]
        if isinstance(container, list):
            child = (*loc, len(container))
            container.append(value)
            out.values[child] = _mark(event)
            return
        if top[2] is _NO_KEY:  # this value is a key
            if isinstance(value, (list, dict)):
                out.problems.append(FileProblem("NL101", *_mark(event), "a mapping key must be a scalar, not a list or mapping"))
                raise _Budget
            key_text = value if isinstance(value, str) else str(value)
            if key_text == "<<" and getattr(event, "style", None) in (None, ""):
                out.problems.append(FileProblem("NL113", *_mark(event), "merge keys (<<) are not part of YAML 1.2", "write the keys out in full", loc=loc))
            if key_text in top[4]:
                first = top[4][key_text]
                out.problems.append(
                    FileProblem(
                        "NL102", *_mark(event), f"duplicate key '{key_text}' (first defined at line {first[0]}, column {first[1]})",
                        "remove one of the two; YAML keeps only one and the other is silently lost",
                        loc=(*loc, key_text), related=((first[0], first[1], f"first '{key_text}' is here"),),
                    )
                )
            else:
                top[4][key_text] = _mark(event)
            top[2] = key_text
            top[3] = _mark(event)
            return
        key = top[2]
        child = (*loc, key)
        if key not in container:
            container[key] = value
            out.keys[child] = top[3]
            out.values[child] = _mark(event)
        top[2] = _NO_KEY

    def child_loc() -> tuple[str | int, ...]:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], list):
            return (*top[1], len(top[0]))
        return (*top[1], top[2]) if top[2] is not _NO_KEY else (*top[1], "<key>")

    def check_tag(event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        implicit = getattr(event, "implicit", None)
        if isinstance(implicit, tuple) and implicit[0] and tag in _STANDARD_TAGS:
            return
        out.problems.append(
            FileProblem("NL111", *_mark(event), f"explicit tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed", "remove the tag; entries use plain YAML values only", loc=child_loc())
        )

    loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
    event: Any  # libyaml's event classes carry their fields untyped
    for event in yaml.parse(text, Loader=loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            check_tag(event)
            anchor_check(event, anchors, out)
            is_value = bool(stack) and not (isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY)
            if event.style in (None, "") and event.tag is None:
                value = resolve_plain(event.value)
                if is_value:
                    out.plain.setdefault(child_loc(), event.value)
            else:
                value = event.value
            if is_value and isinstance(value, str):
                out.styles.setdefault(child_loc(), event.style or "")
            place(value, event, 1)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            check_tag(event)
            anchor_check(event, anchors, out)
            if len(stack) >= MAX_DEPTH:
                out.problems.append(FileProblem("NL115", *_mark(event), f"nesting deeper than {MAX_DEPTH} levels", "entries nest a few levels; flatten the data"))
                raise _Budget
            loc = child_loc()
            container: Any = {} if kind is yaml.MappingStartEvent else []
            stack.append([container, loc, _NO_KEY, None, {}, event, event.anchor])
            sizes.append(1)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            nodes = sizes.pop()
            start_event, anchor = frame[5], frame[6]
            if anchor:
                anchors[anchor] = (frame[0], nodes)
            place(frame[0], start_event, nodes, new=1)
        elif kind is yaml.AliasEvent:
            aliases += 1
            if event.anchor not in anchors:
                out.problems.append(FileProblem("NL101", *_mark(event), f"alias *{event.anchor} refers to no anchor"))
                raise _Budget
            if aliases > MAX_ALIASES:
                out.problems.append(FileProblem("NL108", *_mark(event), f"more than {MAX_ALIASES} aliases", "remove anchors and aliases (&name / *name); write values out"))
                raise _Budget
            value, nodes = anchors[event.anchor]
            place(value, event, nodes)
        elif kind is yaml.DocumentStartEvent:
            if getattr(event, "version", None) and tuple(event.version) < (1, 2):
                out.problems.append(
                    FileProblem("NL103", *_mark(event), f"the file declares %YAML {event.version[0]}.{event.version[1]}; entries are YAML 1.2",
                                "remove the %YAML line (and the --- after it if nothing else needs it)")
                )
            documents += 1
            if documents > 1:
                out.problems.append(FileProblem("NL112", *_mark(event), "more than one YAML document in the file", "one file holds one entry; remove the '---' separator and what follows"))
                raise _Budget
    if not root_set:
        out.data = None


def anchor_check(event: Any, anchors: dict[str, tuple[Any, int]], out: Located) -> None:
    if event.anchor and event.anchor in anchors:
        out.problems.append(FileProblem("NL108", *_mark(event), f"anchor &{event.anchor} is defined twice"))


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()


# --- positions from the lines, for the common entry -----------------------------------


class Positions:
    """The positions of a few nodes, found from the lines of a block-style document.

    A file with findings needs the positions of those findings only; the event pass
    (:func:`locate`) costs more than reading the file. Where the path to a node goes
    through block mappings with plain keys and block sequences only (every entry's
    fields do), its position is found by indentation; anything else — flow
    collections, quoted or complex keys, anchors, tags, duplicate keys, a node that
    is not there — is answered by the event pass, run once, on first need. Both
    give the same positions (tested on every fixture and on generated entries).
    """

    __slots__ = ("_blocks", "_full", "_lines", "_mark", "_steps", "max_nodes", "text")

    def __init__(self, text: str, max_nodes: int = MAX_EXPANDED_NODES) -> None:
        self.text = text
        self.max_nodes = max_nodes
        self._lines: bool | None = None  # whether the lines can be read (no tab, no CR)
        #: path -> (key offset or None, node) found from the lines, or _ABSENT / _UNKNOWN
        self._steps: dict[Loc, Any] = {}
        #: a block's first offset -> its keys (key -> offset, -1 if twice) or item offsets; None: unreadable
        self._blocks: dict[int, Any] = {}
        self._full: Located | None = None
        self._mark = (0, 1)  # an offset at the start of a line, and that line's number

    @property
    def full(self) -> Located:
        if self._full is None:
            self._full = locate(self.text, max_nodes=self.max_nodes)
        return self._full

    @property
    def plain(self) -> dict[Loc, str]:
        return self.full.plain

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        found = self._from_lines(loc, key)
        return found if found is not None else self.full.position(loc, key=key)

    def char_position(self, loc: Loc, offset: int) -> tuple[int, int]:
        return self.full.char_position(loc, offset)

    def _from_lines(self, loc: Loc, key: bool) -> tuple[int, int] | None:
        text = self.text
        if self._lines is None:
            self._lines = "\t" not in text and "\r" not in text  # tabs and CR: the event pass
            first = _CONTENT_LINE.search("\n" + text) if self._lines else None
            if first is None or text.startswith(("---", "...", "%"), first.end() - 2):
                self._lines = False
            else:
                self._steps[()] = (None, (first.end() - 2, len(first.group(1)), len(text)))
        if not self._lines:
            return None
        node: Node = self._steps[()][1]
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            prefix = loc[: i + 1]
            step = self._steps.get(prefix)
            if step is None and last and not key:
                # Only where the node starts is wanted: when it starts on the line of its
                # key or dash, without working out where its block ends.
                at = self._inline(node, part)
                if at is not None:
                    return self._row_col(at)
            if step is None:
                step = self._steps[prefix] = self._item(node, part) if isinstance(part, int) else self._entry(node, part)
            if step is _ABSENT:
                return self._row_col(node[0]) if last and not key else None  # as Located.position: the nearest node there is
            if step is _UNKNOWN:
                return None
            key_at, child = step
            if last and key:
                return self._row_col(key_at) if key_at is not None else None
            if child is None:
                return None
            if not last and child[2] < 0:  # a value on its key's line: nothing below it is found from lines
                return None
            node = child
        return self._row_col(node[0])

    def _row_col(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset``, counting lines from the last place found
        when it is before (findings come mostly in the order of the file)."""
        text = self.text
        start = text.rfind("\n", 0, offset) + 1
        mark, line = self._mark
        if start < mark:
            mark, line = 0, 1
        line += text.count("\n", mark, start)
        self._mark = (start, line)
        return line, offset - start + 1


    def _inline(self, node: Node, part: str | int) -> int | None:
        """Where the value of key or item ``part`` of ``node`` starts, if on the same
        line as its key or dash (and not with a node property); else None."""
        text = self.text
        start = node[0]
        if isinstance(part, int):
            rows = self._blocks.get(start)
            if rows is None:
                rows = self._blocks[start] = _items(text, node)
            if not isinstance(rows, list) or part >= len(rows):
                return None
            at = rows[part] + 1
        else:
            keys = self._blocks.get(start)
            found = _key_at(text, node, part) if keys is None else keys.get(part) if isinstance(keys, dict) else None
            if found is None or found < 0:
                return None
            at = found + len(part) + 1
        end = len(text)
        while at < end and text[at] == " ":
            at += 1
        return at if at < end and text[at] not in "\n#&*!?" else None

    def _item(self, node: Node, index: int) -> Any:
        """(None, the item's node) of item ``index`` of the sequence ``node``, or _UNKNOWN."""
        start, col, end = node
        rows = self._blocks.get(start)
        if rows is None:
            rows = self._blocks[start] = _items(self.text, node)
        if not isinstance(rows, list) or index >= len(rows):
            return _UNKNOWN
        limit = rows[index + 1] - col - 1 if index + 1 < len(rows) else end
        return None, _value(self.text, rows[index] + 1, col, limit, items=True)

    def _entry(self, node: Node, key: str) -> Any:
        """(the key's offset, its value's node) of ``key`` in the mapping ``node``;
        _ABSENT if the mapping's keys are all plain and none is ``key``; or _UNKNOWN."""
        start, col, end = node
        keys = self._blocks.get(start)
        if keys is None:
            at = _key_at(self.text, node, key)  # one key wanted: found without listing the others
            if at is not None:
                return at, _value(self.text, at + len(key) + 1, col, end, items=False)
            keys = self._blocks[start] = _keys(self.text, node)
        if not isinstance(keys, dict):
            return _UNKNOWN
        at = keys.get(key)
        if at is None:
            return _ABSENT
        if at < 0:
            return _UNKNOWN  # twice: the event pass knows which one counts
        return at, _value(self.text, at + len(key) + 1, col, end, items=False)


# A node: the offset of its first character, its column (0-based), and where its
# block ends (an offset; -1 for a value on its key's line, which has no block).
Node = tuple[int, int, int]

_CONTENT_LINE = re.compile(r"\n( *)[^ \n#]")  # a line holding more than a comment
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*:(?=[ \n]|\Z)")
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")
_ABSENT: Any = object()  # a mapping whose keys are all plain and none is the one asked for
_UNKNOWN: Any = object()  # what the lines cannot tell
_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}


def _pattern(kind: str, col: int) -> re.Pattern[str]:
    """Line patterns for a block at column ``col``: where a mapping's block ends ("end"),
    where an item's ends ("item-end"), its lines ("line"), its sequence items ("item")."""
    found = _PATTERNS.get((kind, col))
    if found is None:
        less = f" {{0,{col - 1}}}[^ \n#]|" if col else ""
        source = {
            "end": rf"\n(?:{less} {{{col}}}(?!-(?:[ \n]|\Z))[^ \n#])",
            "item-end": rf"\n {{0,{col}}}[^ \n#]",
            "line": rf"\n {{{col}}}(?=[^ \n#])",
            "item": rf"\n {{{col}}}-(?=[ \n]|\Z)",
            "key": rf"\n {{{col}}}(?=[^ \n#])(?:([A-Za-z0-9_][A-Za-z0-9_-]*):(?=[ \n]|\Z)|(-)(?=[ \n]|\Z))?",
        }[kind]
        found = _PATTERNS[(kind, col)] = re.compile(source)
    return found


def _row_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _is_item(text: str, at: int) -> bool:
    return text.startswith("-", at) and (at + 1 == len(text) or text[at + 1] in " \n")


def _value(text: str, at: int, col: int, end: int, items: bool) -> Node | None:
    """The node that starts after ``at`` (just after a key's colon or an item's dash) on
    that line or on the lines below, in the block of a key or item at column ``col``."""
    line_end = text.find("\n", at, end)
    line_end = end if line_end < 0 else line_end
    m = _pattern("item-end" if items else "end", col).search(text, line_end, end)
    below = m.start() if m else end
    rest = text[at:line_end]
    stripped = rest.lstrip(" ")
    if stripped and not stripped.startswith("#"):
        if stripped[0] in "&*!?":
            return None  # a node property: the event pass knows where the node starts
        start = at + len(rest) - len(stripped)
        if _is_item(text, start) or _PLAIN_KEY.match(text, start):
            return start, start - text.rfind("\n", 0, start) - 1, below  # a compact nested mapping or sequence
        return start, -1, -1
    first = _CONTENT_LINE.search(text, line_end, below)
    if first is None:
        return None  # an empty value
    return first.end() - 1, len(first.group(1)), below


def _items(text: str, node: Node) -> list[int] | bool:
    """The offsets of the items of the block sequence ``node``; False if it is not one."""
    start, col, end = node
    if end < 0 or not _is_item(text, start):
        return False
    return [start, *(m.start() + 1 + col for m in _pattern("item", col).finditer(text, start, end))]


def _key_at(text: str, node: Node, key: str) -> int | None:
    """The offset of ``key`` in the block mapping ``node`` if it is written there once,
    plain, on a line of its own at the mapping's column; else None (:func:`_keys` then
    tells). Every line at that column within the block is one of its keys or items
    (deeper content is indented more), so a substring search finds the key as the
    scan of every line would, at a fraction of the cost."""
    start, col, end = node
    if end < 0 or not _is_text_key(key) or _is_item(text, start):
        return None
    after = len(key) + 1
    needle = "\n" + " " * col + key + ":"
    if text.startswith(needle[col + 1 :], start):
        at = start
    else:
        at = text.find(needle, start, end)
        if at < 0:
            return None
        at += col + 1
    if at + after < len(text) and text[at + after] not in " \n":
        return None  # key:x is not this key
    if text.find(needle, at + after, end) >= 0:
        return None  # written twice, or key:x further on: the scan of every line tells
    return at


def _is_text_key(key: str) -> bool:
    """Whether ``key`` can be written plain and YAML 1.2 reads it back as this text."""
    text_key = _TEXT_KEYS.get(key)
    if text_key is None:
        text_key = _PLAIN_KEY.fullmatch(key + ":") is not None and (key[0] not in _MAYBE_NOT_TEXT or isinstance(resolve_plain(key), str))
        if len(_TEXT_KEYS) > 4096:  # keys repeat across files; a file of random keys must not grow it for ever
            _TEXT_KEYS.clear()
        _TEXT_KEYS[key] = text_key
    return text_key


def _keys(text: str, node: Node) -> dict[str, int] | bool:
    """The keys of the block mapping ``node`` and their offsets (-1: written twice);
    False if it is not one, or a key is not plain text."""
    start, col, end = node
    if end < 0 or _is_item(text, start):
        return False
    first = _PLAIN_KEY.match(text, start)
    if not first:
        return False  # a key not written plain: the event pass reads it
    keys: dict[str, int] = {}
    # Each line at the block's column: a plain key (group 1), an item of a sequence
    # written at its key's indentation (group 2, skipped), or anything else (neither).
    found = [(first.group()[:-1], start, None), *((m.group(1), m.start(1), m.group(2)) for m in _pattern("key", col).finditer(text, start, end))]
    for key, at, item in found:
        if item is not None:
            continue
        if key is None:
            return False
        if not _is_text_key(key):
            return False  # null:, true:, 12: are not text keys: the event pass knows what it made of them
        keys[key] = -1 if key in keys else at
    return keys


#: Plain keys seen, and whether YAML 1.2 reads them as text.
_TEXT_KEYS: dict[str, bool] = {}
