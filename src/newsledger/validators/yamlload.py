"""Reading YAML with YAML 1.2 core semantics, positions, and hostile-input limits.

Two parsers, one meaning:

* :func:`load_located` is the reference. It walks libyaml's *event* stream (the
  C parser, so it is safe on any input: no tags are constructed, no code runs),
  builds plain Python values with YAML 1.2 core scalar resolution, and keeps the
  line/column of every key and value. It reports duplicate keys (both places),
  tags, merge keys, multiple documents, alias budgets, nesting depth and YAML
  1.1 hazards.
* :func:`load_fast` parses with yaml-rs (a YAML 1.2 parser in Rust) and is used
  only on files a cheap pre-screen finds free of anything the reference parser
  would report. Any doubt, any error, and the caller falls back to the reference.
  A property test holds the two to the same values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_REGISTRY_NODES",
    "FileProblem",
    "Located",
    "decode",
    "load_fast",
    "load_located",
]

MAX_BYTES = 2 * 1024 * 1024  # an entry is a few kB; a body of a very long report fits easily
MAX_DEPTH = 64  # the schema nests 5 deep
MAX_ALIASES = 32  # aliases are legal YAML but nothing in an entry needs many
MAX_EXPANDED_NODES = 10_000  # keys and values of an entry, aliases expanded (the seed entry has 580):
# stops "billion laughs" and bounds the work, and the errors, of a file
MAX_REGISTRY_NODES = 200_000  # an entity registry file: ~10 nodes an entity, 20,000 entities

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem with the file itself, before or while parsing (NL1xx)."""

    code: str
    line: int
    col: int
    message: str
    hint: str | None = None
    loc: Loc | None = None
    related: tuple[tuple[int, int, str], ...] = ()


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


# --- bytes -> text -------------------------------------------------------------

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    head = data[:offset]
    nl = b"\n" if isinstance(head, bytes) else "\n"
    line = head.count(nl) + 1  # type: ignore[arg-type]
    col = offset - (head.rfind(nl) + 1) + 1  # type: ignore[arg-type]
    return line, col


def decode(raw: bytes, *, max_bytes: int = MAX_BYTES, size: int | None = None) -> tuple[str | None, list[FileProblem]]:
    """Check size, BOM and encoding; return the text (or ``None``) and the problems.

    ``size`` is the file's size when ``raw`` holds only its first ``max_bytes + 1`` bytes.
    """
    problems: list[FileProblem] = []
    if len(raw) > max_bytes:
        return None, [
            FileProblem(
                "NL109", 1, 1, f"file is {max(size or 0, len(raw)):,} bytes, over the {max_bytes:,}-byte limit",
                "split the report or trim what is not the report's text",
            )
        ]
    if not raw or raw.isspace():  # not raw.strip(): that copies the file
        return None, [FileProblem("NL116", 1, 1, "file is empty", "an entry is a YAML mapping; see docs/codebook.md")]
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return None, [FileProblem("NL107", 1, 1, f"file is encoded as {name}; entries must be UTF-8", "re-save the file as UTF-8 without a BOM")]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        return None, [FileProblem("NL107", line, col, "file contains NUL bytes: it is binary or UTF-16/32, not UTF-8 text", "re-save the file as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(FileProblem("NL106", 1, 1, "file starts with a UTF-8 byte order mark", "re-save the file as UTF-8 without a BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        problems.append(
            FileProblem(
                "NL107", line, col,
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                "re-save the file as UTF-8",
            )
        )
        return None, problems
    odd = _may_have_controls(raw)
    bad = _CONTROL.search(text) if odd else None
    if bad:
        line, col = _line_col(text, bad.start())
        problems.append(
            FileProblem("NL107", line, col, f"control character U+{ord(bad.group()):04X} in the file", "remove it; YAML text allows tab, LF and CR only")
        )
        return None, problems
    bad = _BREAK_LOOKALIKE.search(text) if odd else None
    if bad:
        # YAML 1.2 reads these as text, YAML 1.1 readers (PyYAML, and newsledger's
        # reference parser) as line breaks: the file means two things.
        line, col = _line_col(text, bad.start())
        problems.append(
            FileProblem(
                "NL103", line, col,
                f"{_BREAK_LOOKALIKE_NAMES[bad.group()]} (U+{ord(bad.group()):04X}) in the file: "
                "YAML 1.1 readers such as PyYAML take it for a line break, YAML 1.2 readers for text",
                "replace it with a space or a line break (in a double-quoted string it can be written as an escape, e.g. \\u2028)",
            )
        )
        return None, problems
    tab = text.find("\t") if b"\t" in raw else -1  # a memchr over the bytes; a text can be 4 bytes a character
    if tab >= 0:
        line, col = _line_col(text, tab)
        problems.append(FileProblem("NL105", line, col, "tab character", "indent and separate with spaces; YAML forbids tabs in indentation"))
    return text, problems


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
# The same characters as UTF-8 bytes: searching the raw bytes is several times
# faster than searching the decoded text, and almost every file has none.
_CONTROL_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]")
#: Characters YAML 1.1 takes for line breaks and YAML 1.2 for text (NL103 when written as they are).
_BREAK_LOOKALIKE = re.compile("[\x85\u2028\u2029]")
_BREAK_LOOKALIKE_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_BREAK_LOOKALIKE_UTF8 = re.compile(rb"\xc2\x85|\xe2\x80[\xa8\xa9]")
#: Printable ASCII, tab, LF and CR: most of any file, and part of no match of _CONTROL_UTF8 (or _BREAK_LOOKALIKE_UTF8).
_PLAIN_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
_HIGH = bytes(range(0x80, 0x100))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # the C1 controls and U+0085
#: U+2028 and U+2029, and the bidi and invisible characters of U+2000-U+206F (which
#: the rules on hidden characters look for), as UTF-8: one scan for both screens.
_GENERAL_PUNCTUATION_UTF8 = re.compile(rb"\xe2(?:\x80[\x8b-\x8f\xa8-\xae]|\x81[\xa0\xa6-\xa9])")
LINE_AND_PARAGRAPH_SEPARATORS = frozenset({b"\xe2\x80\xa8", b"\xe2\x80\xa9"})
_LAST_PUNCTUATION: tuple[bytes, frozenset[bytes]] = (b"", frozenset())


def general_punctuation(raw: bytes) -> frozenset[bytes]:
    """The distinct matches of _GENERAL_PUNCTUATION_UTF8 in ``raw`` (searched in
    :func:`beyond_plain_ascii`), remembered for the last file: the control screen
    and the hidden-character rules each ask."""
    global _LAST_PUNCTUATION
    last = _LAST_PUNCTUATION  # one read of the pair: another thread may replace it
    if last[0] is raw:
        return last[1]
    rest = beyond_plain_ascii(raw)
    found = frozenset(m.group() for m in _GENERAL_PUNCTUATION_UTF8.finditer(rest)) if 0xE2 in rest else frozenset()
    _LAST_PUNCTUATION = (raw, found)
    return found
_NONCHARACTER_UTF8 = re.compile(rb"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF


_LAST_REST: tuple[bytes, bytes] = (b"", b"")


def beyond_plain_ascii(raw: bytes) -> bytes:
    """``raw`` without printable ASCII, tab, LF and CR: what the byte screens of a file
    (controls here, bidi and invisible characters in the rules) search. Remembered
    for the last file, which both screens read."""
    global _LAST_REST
    last = _LAST_REST  # one read of the pair: another thread may replace it
    if last[0] is raw:
        return last[1]
    rest = raw.translate(None, _PLAIN_ASCII)
    _LAST_REST = (raw, rest)
    return rest


def _may_have_controls(raw: bytes) -> bool:
    """Whether _CONTROL_UTF8 or _BREAK_LOOKALIKE_UTF8 can match ``raw``.

    Deleting the plain ASCII bytes (in C) leaves a few dozen bytes to search. Every
    byte of a match is one that is kept, and kept bytes stay in order, so a match
    in ``raw`` is a match in what is left; in valid UTF-8 (the only input here) the
    converse holds too, since each multi-byte match starts at a lead byte and is
    followed by its own continuation bytes. One regex over the whole file costs
    several times more."""
    rest = beyond_plain_ascii(raw)
    if not rest:
        return False
    if rest.translate(None, _HIGH):
        return True  # a C0 control or DEL: a match by itself
    # Only multi-byte matches are left; each starts with a literal that a substring
    # search finds at C speed, where a regex walks every byte of a non-Latin file.
    # (A regex with a literal first byte scans at C speed; two three-byte substring
    # searches cost three times one such scan.)
    return (
        (0xC2 in rest and _C1_UTF8.search(rest) is not None)
        or (0xEF in rest and _NONCHARACTER_UTF8.search(rest) is not None)
        or not LINE_AND_PARAGRAPH_SEPARATORS.isdisjoint(general_punctuation(raw))
    )


# --- YAML 1.2 core scalar resolution -------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

# Plain scalars that YAML 1.1 readers (PyYAML, older tools) read differently.
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")


# Python refuses to convert decimal text of more than 4,300 digits (a guard against
# quadratic conversion); such a "number" is never a valid value, so it is read as
# the float it overflows to (inf) rather than crash the validator.
_MAX_INT_DIGITS = 4000


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def yaml11_hazard(text: str) -> str | None:
    """Why a plain scalar means something else to a YAML 1.1 reader, or None."""
    if _YAML11_BOOL.match(text):
        return f"YAML 1.1 readers take {text} for a boolean"
    if _YAML11_SEXAGESIMAL.match(text):
        return f"YAML 1.1 readers take {text} for a base-60 number"
    if _LEADING_ZERO.match(text):
        return f"{text} is {resolve_plain(text)} in YAML 1.2 but an octal number in YAML 1.1"
    return None


# --- the reference parser --------------------------------------------------------

_STANDARD_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Budget(Exception):
    pass


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def load_located(text: str, *, max_nodes: int = MAX_EXPANDED_NODES) -> Located:
    """Parse ``text`` as one YAML 1.2 document, keeping positions; never raises."""
    import yaml  # only files the fast path declines, or with findings, come here

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
        if tag is None or tag == "!":
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


# --- the fast path ---------------------------------------------------------------

# Anything that could make the reference parser report a problem, or make the
# two parsers disagree, sends the file to the reference parser. Cheap substring
# tests first; the one regular expression runs only when a marker is present.
#
# The screens read the file's UTF-8 bytes, not its text: every character they look
# for is ASCII, an ASCII byte in UTF-8 is always that character (never part of
# another's encoding), and a search over bytes is a memchr where one over a text
# holding an emoji walks four bytes a character. Where a screen asks whether a
# character is white space, a non-ASCII one is decoded (:func:`_space_at`).
_NODE_PROPERTY = re.compile(r"[&*!][^\s,\[\]{}]")  # the definition _node_property() implements, on text
# A zero that may start a number spelling the two parsers read differently: 0x1F,
# 0o17, 0b101 (yaml-rs reads numbers, YAML 1.2 text or an octal), or digits with
# a leading zero that end a value (012; _zero_values() then checks that they also
# start one, unlike the 09 of 2024-09). One pattern starting with a literal: the
# regex engine skips ahead to each zero, once for both.
_ZERO = re.compile(rb"0(?:[bBXOxo]|[0-9]+ *(?:[,\]}#]|$))", re.MULTILINE)


def _zero_values(raw: bytes) -> bool:
    """True if some plain value is a number written with a leading zero (012, -07)
    or with a base prefix other than 0o and 0x in lower case, or signed (0b101, 0X1F,
    0O17, -0x1F, +0o17)."""
    for m in _ZERO.finditer(raw):
        start = m.start()
        if m.end() - start == 2 and raw[start + 1] in b"bBXOxo":
            signed = start > 0 and raw[start - 1] in b"+-"
            if (signed or raw[start + 1] in b"bBXO") and _whole(raw, start - signed, None):
                return True
            continue
        i = start - 1
        if i >= 0 and raw[i] in b"+-":
            i -= 1
        if i >= 0 and raw[i] not in b" [,":
            continue
        while i >= 0 and raw[i] == 0x20:
            i -= 1
        if i < 0 or raw[i] in b":-[,\n":
            return True
    return False


# yaml-rs recurses once per nesting level and overflows the C stack (SIGSEGV) near
# 10,000 levels. Block nesting needs indentation or "- "/"? " indicators at the start
# of a line, and yaml-rs itself refuses flow nesting beyond a few hundred levels, so
# a file whose lines all start with fewer than 128 such characters is safe.
_DEEP_START = re.compile(rb"[ ?:-]{128}")
#: A line (after the first) that starts that deep, with a directive (%) or with a document marker (--- or ...).
_LINE_START = re.compile(rb"\n(?:%|---|\.\.\.|[ ?:-]{128})")
# "?" without a space after a flow indicator: libyaml reads a key, yaml-rs (and YAML 1.2) text.
_FLOW_QUESTION = re.compile(r"[\[{,:][ ]*\?[^\s]")  # the definition _flow_question() implements, on text
# yaml-rs builds the whole document before anything can be counted: keep it to
# documents that cannot hold many more nodes than the reference parser allows.
_FAST_MAX_CHARS = 256 * 1024


_DIGITS = frozenset(b"0123456789_")
_BEFORE = frozenset(b" \n[{,:")  # what can precede a plain scalar
_AFTER = frozenset(b" \n]},#.")


def _space_at(raw: bytes, i: int) -> bool:
    """Whether the character whose encoding starts at ``raw[i]`` is white space (as
    ``str.isspace``: U+00A0, U+3000 and U+0085 are)."""
    byte = raw[i]
    if byte < 0x80:
        return chr(byte).isspace()
    return raw[i : i + 4].decode("utf-8", "ignore")[:1].isspace()


def _number_spelling(raw: bytes) -> bool:
    """True if some value may be a number spelling yaml-rs reads as a number and YAML 1.2
    as text: digits with underscores (1_000, _1). (Base prefixes: :func:`_zero_values`.)
    Only whole values count: the 20b at the end of an id or a snake_case key does not."""
    i = raw.find(b"_")
    end = len(raw) - 1
    while i >= 0:
        if not ((i > 0 and raw[i - 1] in _DIGITS) or (i < end and raw[i + 1] in _DIGITS)):
            i = raw.find(b"_", i + 1)  # no digit next to it (schema_version, snake_case): no number
            continue
        j = k = i
        while j > 0 and raw[j - 1] in _DIGITS:
            j -= 1
        while k < end and raw[k + 1] in _DIGITS:
            k += 1
        if raw[j : k + 1].strip(b"_") and _whole(raw, j, k + 1):  # a digit among the underscores
            return True
        i = raw.find(b"_", k + 1)
    return False


def _whole(raw: bytes, start: int, end: int | None) -> bool:
    """Whether raw[start:end] starts (and, given ``end``, ends) a plain value."""
    if start > 0 and raw[start - 1] not in _BEFORE:
        return False
    return end is None or end >= len(raw) or raw[end] in _AFTER


def _fast_max_chars(max_nodes: int) -> int:
    """The longest text the fast path takes under a node budget: 256 KiB for an
    entry's 10,000 nodes; ten characters a node for a registry's larger budget (2 MB
    for 200,000), as a registry file of thousands of entities is legitimately long."""
    return max(_FAST_MAX_CHARS, 10 * max_nodes)


def _needs_reference(raw: bytes) -> bool:
    """Whether the reference parser must judge the file whose bytes are ``raw`` (its
    length aside, which the callers check: in characters or in bytes)."""
    if _number_spelling(raw) or _DEEP_START.match(raw):
        return True
    if b"?" in raw and _flow_question(raw):
        return True
    # A rare single character first: its search is a memchr, a pair's is not.
    if b"\t" in raw or b"\r" in raw or (b"<" in raw and b"<<" in raw) or raw.startswith((b"%", b"---", b"&", b"*", b"!")):
        return True
    # Directives, document markers and deep nesting all start a line: one search
    # that skips from line break to line break (three substring searches cost twice it).
    if _LINE_START.search(raw):
        return True
    if _node_property(raw):
        return True
    return _zero_values(raw)


def _node_property(raw: bytes) -> bool:
    """Whether an anchor (&a), alias (*a) or tag (!t) may start a node: the indicator
    at the start of the text or after a space, newline, [, { or comma, and followed
    by a character that can be part of its name. (As _NODE_PROPERTY with that check;
    a substring search per indicator costs less than a regex over the whole text,
    and prose and URLs have few of them.)"""
    end = len(raw) - 1
    for indicator in (b"&", b"*", b"!"):
        i = raw.find(indicator)
        while 0 <= i < end:
            if (i == 0 or raw[i - 1] in b" \n[{,") and not (raw[i + 1] in b",[]{}" or _space_at(raw, i + 1)):
                return True
            i = raw.find(indicator, i + 1)
    return False


def _flow_question(raw: bytes) -> bool:
    """Whether _FLOW_QUESTION matches: "?" after a flow indicator or ":" (and spaces),
    followed by a character that is not white space. Searched from each "?"."""
    end = len(raw) - 1
    i = raw.find(b"?")
    while 0 <= i < end:
        if not _space_at(raw, i + 1):
            j = i - 1
            while j >= 0 and raw[j] == 0x20:
                j -= 1
            if j >= 0 and raw[j] in b"[{,:":
                return True
        i = raw.find(b"?", i + 1)
    return False


_INT64 = 2**63
_HAZARD_WORDS = frozenset(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])


def _plain_in_source(text: str, value: str) -> bool:
    """Whether ``value`` may be written unquoted somewhere in ``text``: after white
    space, an indicator or the start of a line, and before the end of the line, a
    comment or a flow indicator. A quoted 'no' has a quote on either side and never
    matches; prose that ends a line with "no" is a false alarm (the reference
    parser then judges the file), never a miss."""
    word = re.escape(value)
    # The value first, so that the regex engine skips ahead to it; then, looking
    # back, no character other than those before it.
    pattern = word + r"(?<![^\s:?,\[{-]" + word + r")[ ]*(?:$|#|[,\]}])"
    return re.search(pattern, text, re.MULTILINE) is not None


def _values_need_reference(data: Any, max_nodes: int = MAX_EXPANDED_NODES, text: str | bytes | None = None) -> bool:
    """One walk over what yaml-rs built: True if the reference parser must judge it.

    That is when a key is not text (yaml-rs keeps `null:` as None, the reference
    reads "null"), a text value could have been an unquoted YAML 1.1 hazard, an
    integer does not fit 64 bits, or the document holds more values than the
    reference parser's budget. yaml-rs does not say which values were quoted: a
    hazard word is looked for in ``text`` (when given; as bytes, valid UTF-8, it is
    decoded only then), and one that is quoted everywhere (``language: "no"``)
    stays on the fast path.
    """
    stack = [data]
    nodes = 0
    hazards: set[str] = set()
    while stack:
        node = stack.pop()
        nodes += len(node)
        if type(node) is dict:
            for key in node:
                if type(key) is not str:
                    return True
            values: Any = node.values()
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is str:
                # Every hazard word is under four characters: longer values are not hashed for the lookup.
                if len(value) < 24 and ((len(value) < 4 and value in _HAZARD_WORDS) or (":" in value and _YAML11_SEXAGESIMAL.match(value))):
                    if text is None:
                        return True
                    hazards.add(value)
            elif kind is dict or kind is list:
                stack.append(value)
            elif kind is int and not -_INT64 <= value < _INT64:
                return True
        if nodes > max_nodes:
            return True
    if not hazards or text is None:
        return False
    source = text.decode() if isinstance(text, bytes) else text
    return any(_plain_in_source(source, value) for value in hazards)


_yaml_rs: Any
try:  # optional accelerator; the reference parser is always available
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - yaml-rs is a declared dependency
    _yaml_rs = None


def load_fast(text: str, *, max_nodes: int = MAX_EXPANDED_NODES, raw: bytes | None = None) -> dict[str, Any] | list[Any] | None:
    """Values of a plain, well-formed document, or ``None`` to use :func:`load_located`.

    ``raw`` is ``text`` encoded as UTF-8, when the caller has it (the file's bytes)."""
    if raw is None:
        raw = text.encode()
    if _yaml_rs is None or len(text) > _fast_max_chars(max_nodes) or _needs_reference(raw):
        return None
    try:
        data = _yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any failure means: ask the reference parser
        return None
    if isinstance(data, (dict, list)) and not _values_need_reference(data, max_nodes, text):
        return data
    return None


def plain_bytes(raw: bytes, max_nodes: int = MAX_EXPANDED_NODES) -> bool:
    """Whether :func:`decode` finds nothing wrong with ``raw`` if it is valid UTF-8,
    and the fast path may read it as it is: not over the size limits, not blank, no
    byte order mark, NUL, control character or tab (all searched in the bytes)."""
    return (
        0 < len(raw) <= min(MAX_BYTES, _fast_max_chars(max_nodes))
        and raw[0] < 0x80  # every byte order mark starts with 0x00 or a byte over 0x7F
        and not raw.isspace()
        and b"\x00" not in raw
        and b"\t" not in raw
        and not _may_have_controls(raw)
    )


def load_fast_bytes(raw: bytes, *, max_nodes: int = MAX_EXPANDED_NODES) -> dict[str, Any] | list[Any] | None:
    """:func:`load_fast` for a file's bytes that pass :func:`plain_bytes`, without
    decoding them: yaml-rs reads UTF-8 itself (and refuses bytes that are not), where
    a text would be decoded to be encoded again. ``None`` for anything else, which
    the caller then decodes and reads as before."""
    if _yaml_rs is None or _needs_reference(raw):
        return None
    try:
        data = _yaml_rs.load(raw, parse_datetime=False, encoder_errors="strict")
    except Exception:  # noqa: BLE001 - any failure (invalid UTF-8 included) means: decode and look again
        return None
    if isinstance(data, (dict, list)) and not _values_need_reference(data, max_nodes, raw):
        return data
    return None
