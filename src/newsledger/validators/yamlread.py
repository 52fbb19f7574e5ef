"""The one reading of a file that decides what it holds and whether it is well-formed.

A file's bytes go through :func:`read`, and nothing else decides:

1. :mod:`~newsledger.validators.yamldecode` turns them into text (or says why not);
2. yaml-rs, a YAML 1.2 parser, reads the text: its values are the document's
   values and its errors the syntax errors (NL101). It is the parser that came
   closest to the YAML 1.2 test suite of those measured (yaml-rs, libfyaml,
   rapidyaml, PyYAML/libyaml): it reads every valid case but those with duplicate
   keys or a ``!!set`` tag (both refused here anyway) and refuses every invalid one;
3. what the values alone cannot show is checked on them or on the bytes: more
   than one document and ``%YAML`` directives (lines that start with ``---``,
   ``...`` or ``%``), keys that are not text (NL117), nesting, size;
4. what only the source shows — tags, anchors and aliases, merge keys, which
   values were written unquoted — is looked up in the position pass of
   :mod:`~newsledger.validators.yamllocate`, and only when a byte screen finds
   that the file may hold one (most files hold none). There, plain numbers that
   yaml-rs reads beyond the core schema (``1_000``, ``0b101``, ``0X1F``, ``-0x1F``)
   are given back their core-schema reading: text.

Nothing here depends on what later checks find: the same bytes always give the
same values and the same problems, whichever command reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml_rs

from newsledger.validators.yamlcore import _YAML11_SEXAGESIMAL, resolve_plain
from newsledger.validators.yamldecode import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    FileProblem,
    Loc,
    decode,
    line_col,
    plain_bytes,
)
from newsledger.validators.yamllocate import Located, locate

__all__ = ["Reading", "read"]


@dataclass(slots=True)
class Reading:
    """What :func:`read` made of a file."""

    #: The document's values; None when the file cannot be read as data (see ``readable``).
    data: Any = None
    #: File-level problems (NL1xx), in the order found.
    problems: list[FileProblem] = field(default_factory=list)
    #: Whether ``data`` is the document (a document can be null: ``~``).
    readable: bool = False
    #: The decoded text, when it was needed (None: ask :meth:`text_of`).
    text: str | None = None
    #: The position pass, when the reading needed it; the engine reuses it to place findings.
    located: Located | None = None
    #: The file holds nothing but comments (NL116): it defines nothing.
    comments_only: bool = False

    @property
    def fatal(self) -> bool:
        return not self.readable


_FATAL_CODES = frozenset({"NL101", "NL107", "NL108", "NL109", "NL111", "NL112", "NL115", "NL116", "NL117", "NL118"})

# yaml-rs recurses once per nesting level and overflows the C stack near 10,000
# levels. Block nesting needs indentation or "- "/"? " indicators at the start of a
# line, and yaml-rs refuses flow nesting beyond a few hundred levels by itself: a
# file whose lines all start with fewer than 4,096 such characters is safe.
# (Each pattern starts with a literal line break, which the regex engine skips to at
# C speed; the first line is looked at with .match.)
_DEEP_LINE = re.compile(rb"\n[ ?:-]{4096}")
_DEEP_START = re.compile(rb"[ ?:-]{4096}")
#: A line that starts with a directive (%) or a document marker (--- or ...).
_MARKER_LINE = re.compile(rb"\n(?:%|---|\.\.\.)")
_YAML_DIRECTIVE = re.compile(r"%YAML[ \t]+([0-9]+)\.([0-9]+)")
_INT64 = 2**63
# Integers of more digits are refused (NL118): yaml-rs reads 3,915 digits and more as
# an infinity, and Python refuses to print more than 4,300.
_HUGE_INT_DIGITS = 3_900
_HUGE_INT = 10**_HUGE_INT_DIGITS


def read(raw: bytes, *, max_nodes: int = MAX_EXPANDED_NODES, size: int | None = None) -> Reading:
    """Read a file's bytes (``raw``; ``size`` its full size if ``raw`` was cut at the
    limit) as one YAML 1.2 document. Never raises."""
    out = Reading()
    if plain_bytes(raw):
        source: str | bytes = raw  # yaml-rs checks the UTF-8 itself; decoding would cost a copy
    else:
        text, problems = decode(raw, size=size)
        out.problems.extend(problems)
        if text is None:
            return out
        out.text = source = text
    if _DEEP_START.match(raw) or _DEEP_LINE.search(raw):
        out.problems.append(FileProblem("NL115", *_deep_at(raw), f"nesting deeper than {MAX_DEPTH} levels", "entries nest a few levels; flatten the data"))
        return out
    if len(raw) > _LARGE and (over := _over_budget(_text(out, raw), max_nodes)) is not None:
        out.problems.append(over)
        return out
    duplicates = False
    try:
        data = _parse(source, max_nodes, duplicates=False)
    except Exception as exc:  # noqa: BLE001 - yaml-rs reports every problem as an exception
        message = str(exc)
        if isinstance(source, bytes):  # the bytes may not be UTF-8: decode() says where
            text, problems = decode(raw, size=size)
            if text is None:
                out.problems.extend(problems)
                return out
            out.text = text
        if message.startswith("duplicate mapping key"):
            duplicates = True
            data = _parse(source, max_nodes, duplicates=True)
        elif message.startswith("Invalid tag: "):
            tag = message[len("Invalid tag: "):].strip().strip("'")
            text = _text(out, raw)
            at = line_col(text, max(text.find(tag), 0))
            out.problems.append(FileProblem("NL111", *at, f"explicit tag {tag} is not allowed", "remove the tag; entries use plain YAML values only"))
            return out
        elif "recursion limit exceeded" in message:
            _syntax_error(out, message)
            out.problems[-1:] = [FileProblem("NL115", out.problems[-1].line, out.problems[-1].col, f"nesting deeper than {MAX_DEPTH} levels", "entries nest a few levels; flatten the data")]
            return out
        elif message.startswith("alias replay limit"):
            out.problems.append(FileProblem("NL108", 1, 1, f"the document holds more than {max_nodes:,} values", "remove anchors and aliases (&name / *name); write values out"))
            return out
        else:
            _syntax_error(out, message)
            _text(out, raw)
            return out
    if (raw.startswith((b"%", b"---", b"...")) or _MARKER_LINE.search(raw)) and not _one_document(out, _text(out, raw)):
        return out
    checked = _walk(data, max_nodes)
    if isinstance(checked, FileProblem):
        out.problems.append(_placed(checked, out, raw, max_nodes))
        if _node_property(raw) and out.located is not None:  # a tag or anchor there too: say so
            out.problems.extend(p for p in out.located.problems if p.code in ("NL111", "NL108"))
        return out
    hazards, merge, special = checked
    if data is None and not _has_content(_text(out, raw)):
        out.problems.append(FileProblem("NL116", 1, 1, "file holds only comments and blank lines", "an entry is a YAML mapping; see docs/codebook.md"))
        out.comments_only = True
        return out
    properties = _node_property(raw)
    if duplicates or merge or properties or special or _number_spelling(raw) or _zero_values(raw) or (
        hazards and any(_plain_in_source(_text(out, raw), value) for value in hazards)
    ):
        located = out.located = locate(_text(out, raw), max_nodes=max_nodes)
        if not _source_facts(out, located, data, raw, properties, duplicates, merge, special, max_nodes):
            return out
    out.data = data
    out.readable = True
    return out


#: Longer files are counted before yaml-rs builds them (it builds the whole document
#: first: a 2 MB flow list of a million zeros costs it a second).
_LARGE = 256 * 1024


def _over_budget(text: str, max_nodes: int) -> FileProblem | None:
    """NL108 if the document has more nodes than ``max_nodes``, counted on libyaml's
    event stream and stopped there. A document libyaml cannot read is left to yaml-rs."""
    import yaml

    nodes = 0
    loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
    counted = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, counted):
                nodes += 1
                if nodes > max_nodes:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    return FileProblem("NL108", line, col, f"the document holds more than {max_nodes:,} values",
                                       "split the file: entity registry files can be many (dataset/entities/*.yaml)")
    except yaml.YAMLError:
        return None
    return None


def _parse(source: str | bytes, max_nodes: int, *, duplicates: bool) -> Any:
    limits = yaml_rs.AliasLimits(max_total_replayed_events=4 * max_nodes)
    policy = yaml_rs.DuplicateKeyPolicy.FirstWins if duplicates else yaml_rs.DuplicateKeyPolicy.Error
    if isinstance(source, bytes):
        return yaml_rs.load(source, parse_datetime=False, encoder_errors="strict", alias_limits=limits, duplicate_key_policy=policy)
    return yaml_rs.loads(source, parse_datetime=False, alias_limits=limits, duplicate_key_policy=policy)


def _text(out: Reading, raw: bytes) -> str:
    if out.text is None:
        out.text = raw.decode("utf-8", "replace")  # raw passed plain_bytes and yaml-rs: valid UTF-8
    return out.text


_ERROR_AT = re.compile(r"at line (\d+), column (\d+)")


def _syntax_error(out: Reading, message: str) -> None:
    """NL101 from yaml-rs's message (its first line has the place, its last the reason);
    none where a tab already reported (NL105) is the reason: one mistake, one diagnostic."""
    reason = message.strip().rsplit("\n", 1)[-1].strip()
    m = _ERROR_AT.search(message.split("\n", 1)[0])
    line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
    tab = next((p for p in out.problems if p.code == "NL105"), None)
    if tab is not None and ("tab" in reason or (tab.line == line and tab.col <= col)):
        return  # the tab (NL105, reported) is what the parser stumbled on
    out.problems.append(FileProblem("NL101", line, col, f"YAML syntax error: {reason}", _syntax_hint(reason)))


def _syntax_hint(reason: str) -> str | None:
    if "mapping values are not allowed" in reason:
        return "a value containing ': ' must be quoted"
    if reason.startswith("unexpected character"):
        return "quote the value: it starts with a character YAML reserves (@, `)"
    if "unclosed quote" in reason:
        return "close the quote, or write a quote inside it as \\\" (double quotes) or '' (single quotes)"
    if "unclosed bracket" in reason:
        return "close the bracket, or quote a value that starts with [ or {"
    return None


def _deep_at(raw: bytes) -> tuple[int, int]:
    m = None if _DEEP_START.match(raw) else _DEEP_LINE.search(raw)
    return line_col(raw, m.start() + 1) if m else (1, 1)


def _one_document(out: Reading, text: str) -> bool:
    """Check the lines that start with ``---``, ``...`` or ``%``: NL112 (and False) for
    a second document, NL103 for a ``%YAML`` directive older than 1.2."""
    documents = 0
    started = False  # whether the current document has begun
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("---") and (len(line) == 3 or line[3] in " \t\r"):
            documents += 1
            started = True
        elif line.startswith("...") and (len(line) == 3 or line[3] in " \t\r#"):
            started = False
        elif not started and line.startswith("%"):
            m = _YAML_DIRECTIVE.match(line)
            if m and int(m.group(1)) > 1:
                out.problems.append(FileProblem(
                    "NL101", number, 1, f"the file declares %YAML {m.group(1)}.{m.group(2)}: a version of YAML that does not exist yet",
                    "remove the %YAML line; entries are YAML 1.2",
                ))
                return False
            if m and (int(m.group(1)), int(m.group(2))) < (1, 2):
                out.problems.append(FileProblem(
                    "NL103", number, 1, f"the file declares %YAML {m.group(1)}.{m.group(2)}; entries are YAML 1.2",
                    "remove the %YAML line (and the --- after it if nothing else needs it)",
                ))
            continue
        elif not started and _content(line):
            documents += 1
            started = True
        else:
            continue
        if documents > 1:
            out.problems.append(FileProblem("NL112", number, 1, "more than one YAML document in the file", "one file holds one entry; remove the '---' separator and what follows"))
            return False
    return True


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _has_content(text: str) -> bool:
    """Whether anything but comments, blank lines, directives and document end markers
    is there (``---`` alone starts an empty document; ``...`` alone ends none)."""
    return any(_content(line) and not line.startswith("%") and not _DOCUMENT_END.match(line) for line in text.split("\n"))


_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]|$)")


def _walk(data: Any, max_nodes: int) -> FileProblem | tuple[set[str], bool, bool]:
    """One walk over the values (see :func:`_walk_located`); only when it finds
    something to fix or report is the walk done again, keeping paths."""
    if not isinstance(data, (dict, list)):
        return set(), False, False
    hazards: set[str] = set()
    merge = special = False
    nodes = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        nodes += len(node)
        if depth >= MAX_DEPTH or nodes > max_nodes:
            return _walk_located(data, max_nodes)
        if type(node) is dict:
            for key in node:
                if type(key) is not str:
                    return _walk_located(data, max_nodes)
            if "<<" in node:
                merge = True
            values: Any = node.values()
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is str:
                # Every hazard word is under four characters: longer values are not hashed for the lookup.
                if len(value) < 24 and ((len(value) < 4 and value in _HAZARD_WORDS) or (":" in value and _YAML11_SEXAGESIMAL.match(value))):
                    hazards.add(value)
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is int and not -_INT64 <= value < _INT64 and not -_HUGE_INT < value < _HUGE_INT:
                return _walk_located(data, max_nodes)
            elif kind is float and (value != value or value in _INFINITIES):
                special = True  # .inf or .nan: the source says whether the core schema agrees (.iNf is text)
    return hazards, merge, special


def _walk_located(data: Any, max_nodes: int) -> FileProblem | tuple[set[str], bool, bool]:
    """One walk over the values: a key that is not text (NL117), nesting (NL115),
    size (NL108) or an integer too long to read exactly (NL118) is a problem (placed
    by the caller); else the text values a YAML 1.1 reader may read otherwise, if
    unquoted, whether a ``<<`` key is there, and whether an infinity or NaN is."""
    if not isinstance(data, (dict, list)):
        return set(), False, False
    hazards: set[str] = set()
    merge = special = False
    nodes = 0
    stack: list[tuple[Any, Loc]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        nodes += len(node)
        if len(loc) >= MAX_DEPTH:
            return FileProblem("NL115", 0, 0, f"nesting deeper than {MAX_DEPTH} levels", "entries nest a few levels; flatten the data", loc=loc)
        if type(node) is dict:
            for key in node:
                if type(key) is not str:
                    hint = f'quote it: "{_key_source(key)}"' if not isinstance(key, tuple) else "a key names a field: write it as text"
                    return FileProblem("NL117", 0, 0, f"{_key_words(key)} is a mapping key: keys must be text", hint, loc=(*loc, key))
            if "<<" in node:
                merge = True
            items: Any = node.items()
        else:
            items = enumerate(node)
        for key, value in items:
            kind = type(value)
            if kind is str:
                # Every hazard word is under four characters: longer values are not hashed for the lookup.
                if len(value) < 24 and ((len(value) < 4 and value in _HAZARD_WORDS) or (":" in value and _YAML11_SEXAGESIMAL.match(value))):
                    hazards.add(value)
            elif kind is dict or kind is list:
                stack.append((value, (*loc, key)))
            elif kind is int and not -_INT64 <= value < _INT64 and not -_HUGE_INT < value < _HUGE_INT:
                return _too_long(0, 0, (*loc, key))
            elif kind is float and (value != value or value in _INFINITIES):
                special = True
        if nodes > max_nodes:
            return FileProblem("NL108", 0, 0, f"the document holds more than {max_nodes:,} values",
                               "split the file: entity registry files can be many (dataset/entities/*.yaml)", loc=loc)
    return hazards, merge, special


_INFINITIES = (float("inf"), float("-inf"))


def _too_long(line: int, col: int, loc: Loc | None = None) -> FileProblem:
    return FileProblem("NL118", line, col, f"an integer of more than {_HUGE_INT_DIGITS:,} digits cannot be read exactly",
                       "no field holds such a number; if it is text, quote it", loc=loc)


def _key_words(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return f"the boolean {str(key).lower()}"
    if isinstance(key, (int, float)):
        return f"the number {key!r}"
    return "a list or mapping"


def _key_source(key: Any) -> str:
    if key is None:
        return "~"
    if isinstance(key, bool):
        return str(key).lower()
    return str(key)


def _placed(problem: FileProblem, out: Reading, raw: bytes, max_nodes: int) -> FileProblem:
    """``problem`` (from :func:`_walk`) at the place of its node, from the position pass."""
    from dataclasses import replace

    located = out.located = out.located or locate(_text(out, raw), max_nodes=max_nodes)
    loc = problem.loc or ()
    seen = next((p for p in located.problems if p.code == problem.code and problem.code != "NL117"), None)
    if seen is not None:  # the position pass stopped there too
        return replace(problem, line=seen.line, col=seen.col, loc=None)
    if problem.code == "NL117" and loc:
        key = loc[-1]
        parent = loc[:-1]
        line, col = located.keys.get((*parent, str(key))) or _key_place(located, parent)
        return replace(problem, line=line, col=col, loc=None)
    line, col = located.position(loc)
    return replace(problem, line=line, col=col, loc=None)


def _key_place(located: Located, parent: Loc) -> tuple[int, int]:
    """Where the position pass stopped on a key it could not take (a list or mapping
    as a key is an error to it), else the mapping holding the key."""
    for p in located.problems:
        if p.code == "NL101":
            return p.line, p.col
    return located.position(parent)


_TAKEN = frozenset({"NL102", "NL108", "NL111", "NL113"})


def _source_facts(
    out: Reading, located: Located, data: Any, raw: bytes, properties: bool, duplicates: bool, merge: bool, special: bool, max_nodes: int,
) -> bool:
    """Take what the position pass saw in the source: tags (NL111), anchors and aliases
    beyond the limits (NL108), merge keys (NL113), duplicate keys (NL102); give plain
    numbers their core-schema reading. False if the file cannot be read as data."""
    readable = located.data is not None or () in located.values
    failed = any(p.code in ("NL101", "NL115") for p in located.problems)
    for p in located.problems:
        if p.code in _TAKEN:
            out.problems.append(p)
        elif p.code == "NL101" and p.message.startswith("alias "):
            # yaml-rs reads an alias to a node not finished yet (a cycle) as null
            out.problems.append(FileProblem("NL108", p.line, p.col, f"{p.message}: an alias must refer to a whole node before it",
                                            "remove anchors and aliases (&name / *name); write values out"))
    if failed:
        # libyaml (YAML 1.1) stopped on a document YAML 1.2 allows: what it did not
        # reach is judged from the bytes.
        if properties and not any(p.code in ("NL108", "NL111") for p in out.problems):
            found = _property_problem(raw, data, max_nodes)
            if found is not None:
                out.problems.append(found)
        if duplicates and not any(p.code == "NL102" for p in out.problems):
            out.problems.append(FileProblem("NL102", 1, 1, "a mapping has the same key twice", "remove one of the two; YAML keeps only one and the other is silently lost"))
        if merge and not any(p.code == "NL113" for p in out.problems):
            out.problems.append(FileProblem("NL113", 1, 1, "merge keys (<<) are not part of YAML 1.2", "write the keys out in full"))
    if readable:
        out.problems.extend(_core_numbers(data, located))
    if failed and (special or _number_spelling(raw) or _zero_values(raw)):
        out.problems.extend(_spelled_numbers(raw, data, max_nodes))  # where libyaml did not reach
    return not any(p.code in _FATAL_CODES for p in out.problems)


def _property_problem(raw: bytes, data: Any, max_nodes: int) -> FileProblem | None:
    """The first anchor, alias or tag in a document the position pass could not read
    to the end, or None. A candidate from the byte screen (an indicator where a node
    may start) is one only if the deciding reading says so: written as another
    character, the indicator must change more than that character of one text value
    (``"the *real* story"``, ``Tom &Jerry`` and ``"see !this"`` hold none)."""
    for tried, i in enumerate(sorted(_property_candidates(raw))):
        if tried == _MAX_PROPERTY_TRIALS:  # past that many, the screen decides alone
            return _property_at(raw, i)
        try:
            other = _parse(raw[:i] + b"x" + raw[i + 1 :], max_nodes, duplicates=True)
        except Exception:  # noqa: BLE001 - without it the document does not read: it was a property
            return _property_at(raw, i)
        if not _one_character_apart(data, other, chr(raw[i])):
            return _property_at(raw, i)
    return None


def _property_at(raw: bytes, i: int) -> FileProblem:
    at = line_col(raw, i)
    if raw[i] == 0x21:  # "!"
        return FileProblem("NL111", *at, "explicit tag is not allowed", "remove the tag; entries use plain YAML values only")
    return FileProblem("NL108", *at, "anchor or alias in a document the position pass cannot read", "remove anchors and aliases (&name / *name); write values out")


#: Candidates checked by reading the document again; a file with more is judged by
#: the byte screen from there (a false NL108 at worst, never a missed anchor).
_MAX_PROPERTY_TRIALS = 32


def _property_candidates(raw: bytes) -> Iterator[int]:
    """Where an anchor (&a), alias (*a) or tag (!t, or ! alone) may start a node, by the
    bytes alone: the indicator at the start of the text or after a space, newline,
    [, { or comma, and followed by a character that can be part of its name (a tag
    also by white space or the end: the non-specific tag). Each indicator, in turn."""
    end = len(raw) - 1
    for indicator in (b"&", b"*", b"!"):
        i = raw.find(indicator)
        while 0 <= i <= end:
            if i == 0 or raw[i - 1] in b" \n[{,":
                if i == end:
                    if indicator == b"!":
                        yield i
                elif not (raw[i + 1] in b",[]{}" or _space_at(raw, i + 1)) or (indicator == b"!" and _space_at(raw, i + 1)):
                    yield i
            i = raw.find(indicator, i + 1)


def _one_character_apart(a: Any, b: Any, char: str) -> bool:
    """Whether ``b`` is ``a``, or ``a`` with one ``char`` of one text value (or key)
    written as x (the same data: the character was in a comment)."""
    differences = 0
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if len(x) != len(y):
                return False
            for (kx, vx), (ky, vy) in zip(x.items(), y.items(), strict=True):
                stack.append((kx, ky))
                stack.append((vx, vy))
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif x != y:
            if not isinstance(x, str) or len(x) != len(y):
                return False
            apart = [k for k, (cx, cy) in enumerate(zip(x, y, strict=True)) if cx != cy]
            if len(apart) != 1 or x[apart[0]] != char or y[apart[0]] != "x":
                return False
            differences += 1
    return differences <= 1


# A plain value yaml-rs may read as a number: number characters with a digit, or a
# special float. The core schema's reading (resolve_plain) decides what it is.
_SPELLED = re.compile(r"[-+]?(?:[0-9a-fA-FxXoObB_.+-]*[0-9][0-9a-fA-FxXoObB_.+-]*|\.(?i:inf|nan))")
# A plain value that may be such a spelling, in the bytes (the diff below decides).
_SPELLED_VALUE = re.compile(rb"(?<![^ \n\[{,:])(?:[0-9a-fA-FxXoObB_.+-]+|[-+]?\.(?i:inf|nan))(?=[ \n\]},#]|\Z)")


def _spelled_numbers(raw: bytes, data: Any, max_nodes: int) -> list[FileProblem]:
    """Give back their text to number spellings yaml-rs reads as numbers and YAML 1.2
    as text (1_000, 0b101, 0X1F, .iNf) in a document the position pass could not read
    to the end. A candidate written between quotes must change exactly one value, from
    a number to its spelling: then it was a plain value (not text, not a comment),
    and that value becomes the text (or, for an integer too long to read, NL118).
    At most 32 candidates are tried."""
    tried = 0
    found: list[tuple[Any, Any, str]] = []  # changed once all are found: each is compared with yaml-rs's reading
    problems: list[FileProblem] = []
    for m in _SPELLED_VALUE.finditer(raw):
        token = m.group().decode("ascii")
        if not _SPELLED.fullmatch(token):
            continue
        too_long = _LONG_INTEGER.fullmatch(token) is not None
        if not too_long and not isinstance(resolve_plain(token), str):
            continue
        if tried == _MAX_PROPERTY_TRIALS:
            break
        tried += 1
        try:
            other = _parse(raw[: m.start()] + b"'" + m.group() + b"'" + raw[m.end() :], max_nodes, duplicates=True)
        except Exception:  # noqa: BLE001 - not a plain value
            continue
        place = _number_became(data, other, token)
        if place is not None and too_long:
            problems.append(_too_long(*line_col(raw, m.start())))
        elif place is not None:
            found.append((*place, token))
    for parent, key, text in found:
        parent[key] = text
    return problems


def _number_became(a: Any, b: Any, token: str) -> tuple[Any, Any] | None:
    """(container, key) of the one value that is a number in ``a`` and ``token`` in
    ``b``, if that is the only difference between them; else None."""
    found: tuple[Any, Any] | None = None
    stack: list[tuple[Any, Any]] = [(a, b)]
    while stack:
        x, y = stack.pop()
        pairs: list[tuple[Any, Any, Any, Any]]  # (container, key, value in a, value in b)
        if isinstance(x, dict) and isinstance(y, dict):
            if list(x) != list(y):
                return None
            pairs = [(x, k, x[k], y[k]) for k in x]
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return None
            pairs = [(x, i, vx, vy) for i, (vx, vy) in enumerate(zip(x, y, strict=True))]
        else:
            return None
        for parent, key, vx, vy in pairs:
            if isinstance(vx, (dict, list)):
                stack.append((vx, vy))
            elif type(vx) is not type(vy) or vx != vy:
                if found is not None or not (isinstance(vx, (int, float)) and not isinstance(vx, bool) and vy == token):
                    return None
                found = (parent, key)
    return found


def _core_numbers(data: Any, located: Located) -> list[FileProblem]:
    """Give back their text to plain scalars yaml-rs reads as numbers where the YAML 1.2
    core schema reads text: numbers with underscores anywhere, base prefixes other
    than 0o and 0x, upper-case or signed prefixes, .inf and .nan in a mixed case.
    An integer too long to read exactly (yaml-rs makes it an infinity) is NL118."""
    problems: list[FileProblem] = []
    for loc, source in located.plain.items():
        if not _SPELLED.fullmatch(source):
            continue
        too_long = _LONG_INTEGER.fullmatch(source) is not None
        if not too_long and not isinstance(resolve_plain(source), str):
            continue
        parent = data
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        last = loc[-1] if loc else None
        if parent is None or last is None:
            continue
        try:
            value = parent[last]
        except (KeyError, IndexError, TypeError):
            continue
        if type(value) in (int, float):
            if too_long:
                problems.append(_too_long(*located.position(loc)))
            else:
                parent[last] = source
    return problems


# An integer of more digits than _HUGE_INT_DIGITS (which yaml-rs reads as an infinity).
_LONG_INTEGER = re.compile(rf"[-+]?[0-9]{{{_HUGE_INT_DIGITS + 1},}}")


# --- byte screens: may the source hold what only the source shows? -------------------
#
# They read the file's UTF-8 bytes, not its text: every character they look for is
# ASCII, an ASCII byte in UTF-8 is always that character, and a search over bytes
# is a memchr where one over a text holding an emoji walks four bytes a character.
# A screen may say yes where there is nothing (the position pass then looks); it
# never says no where there is something.

_NODE_PROPERTY = re.compile(r"[&*!][^\s,\[\]{}]|!(?=\s|\Z)")  # the definition _node_property() implements, on text
# A zero that may start a number spelling the two parsers read differently: 0x1F,
# 0o17, 0b101 (yaml-rs reads numbers, YAML 1.2 text or an octal), or digits with
# a leading zero that end a value (012; _zero_values() then checks that they also
# start one, unlike the 09 of 2024-09). One pattern starting with a literal: the
# regex engine skips ahead to each zero, once for both. Looking back from the zero,
# it skips those that cannot start a value (after a letter, a digit, _ . or /, or a
# sign that follows one: the 07 of 2024-01-07), which _zero_values() would reject.
_ZERO = re.compile(rb"0(?<![0-9A-Za-z_./]0)(?<![0-9A-Za-z_.][-+]0)(?:[bBXOxo]|[0-9]+ *(?:[,\]}#]|$))", re.MULTILINE)


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
    as text: a number written with underscores anywhere (1_000, _1, 7._, 0x_1f,
    1e_5), or .inf/.nan in a mixed case (.iNf). (Base prefixes without underscores:
    :func:`_zero_values`.) Only whole values count: the 20b at the end of an id or a
    snake_case key does not."""
    i = raw.find(b"_")
    end = len(raw) - 1
    while i >= 0:
        j = k = i
        while j > 0 and raw[j - 1] in _NUMBER_CHARS:
            j -= 1
        while k < end and raw[k + 1] in _NUMBER_CHARS:
            k += 1
        if _DIGIT.search(raw, j, k + 1) and _whole(raw, j, k + 1):
            return True
        i = raw.find(b"_", k + 1)
    for m in _SPECIAL.finditer(raw):  # a literal first: the regex engine skips from point to point
        start = m.start() - (m.start() > 0 and raw[m.start() - 1] in b"+-")
        if m.group() not in _CORE_SPECIALS and _whole(raw, start, m.end()):
            return True
    return False


# What yaml-rs may take for part of a number: digits, hex digits (and so the
# exponent's e), base letters, underscores, the point and signs.
_NUMBER_CHARS = frozenset(b"0123456789abcdefABCDEFxXoObB_.+-")
_DIGIT = re.compile(rb"[0-9]")
# yaml-rs reads .inf and .nan in any case; the core schema in three spellings each.
_SPECIAL = re.compile(rb"\.(?:[iI][nN][fF]|[nN][aA][nN])")
_CORE_SPECIALS = frozenset([b".inf", b".Inf", b".INF", b".nan", b".NaN", b".NAN"])


def _whole(raw: bytes, start: int, end: int | None) -> bool:
    """Whether raw[start:end] starts (and, given ``end``, ends) a plain value."""
    if start > 0 and raw[start - 1] not in _BEFORE:
        return False
    return end is None or end >= len(raw) or raw[end] in _AFTER


def _node_property(raw: bytes) -> bool:
    """Whether an anchor, alias or tag may start a node (see :func:`_property_candidates`;
    _NODE_PROPERTY is the same definition on text). A substring search per indicator
    costs less than a regex over the whole text, and prose and URLs have few of them."""
    return next(_property_candidates(raw), None) is not None



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

