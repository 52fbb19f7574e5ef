"""Bytes to text: the size limit, byte order marks, UTF-8, and the byte screens.

The first step of reading a file (see :mod:`newsledger.validators.yamlread` for
the next): :func:`decode` turns a file's bytes into text or says why it cannot,
and reports what the text holds that YAML or an entry must not (control
characters, line-break look-alikes, tabs). :func:`plain_bytes` answers the same
question from the bytes alone, cheaply, for the common file that has none of it.
The problems found here are :class:`FileProblem` values, which every later step
of the reading uses too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

__all__ = [
    "LINE_AND_PARAGRAPH_SEPARATORS",
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "MAX_REGISTRY_NODES",
    "FileProblem",
    "beyond_plain_ascii",
    "decode",
    "general_punctuation",
    "line_col",
    "plain_bytes",
    "read_bounded",
]

MAX_BYTES = 2 * 1024 * 1024  # an entry is a few kB; a body of a very long report fits easily
MAX_DEPTH = 64  # the schema nests 5 deep
MAX_ALIASES = 32  # aliases are legal YAML but nothing in an entry needs many
MAX_EXPANDED_NODES = 10_000  # keys and values of an entry, aliases expanded (the seed entry has 580):
# stops "billion laughs" and bounds the work, and the errors, of a file
MAX_REGISTRY_NODES = 200_000  # an entity registry file: ~10 nodes an entity, 20,000 entities

Loc = tuple[str | int, ...]  # a node's path: keys and list indexes


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


def read_bounded(fs_path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """The file's bytes, but never more than one byte over the size limit: the size
    check must not cost the memory it protects (a sparse 4 GiB file is 4 GiB read)."""
    # os.read on a descriptor: a buffered file object costs more than the read of a small file.
    fd = os.open(fs_path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        want = min(st.st_size, MAX_BYTES) + 1  # not a 2 MiB buffer for every small file
        parts = []
        while want > 0:
            part = os.read(fd, want)
            if not part:
                break
            parts.append(part)
            want -= len(part)
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts), st


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)


def line_col(data: bytes | str, offset: int) -> tuple[int, int]:
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
        line, col = line_col(raw, nul)
        return None, [FileProblem("NL107", line, col, "file contains NUL bytes: it is binary or UTF-16/32, not UTF-8 text", "re-save the file as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(FileProblem("NL106", 1, 1, "file starts with a UTF-8 byte order mark", "re-save the file as UTF-8 without a BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
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
        line, col = line_col(text, bad.start())
        problems.append(
            FileProblem("NL107", line, col, f"control character U+{ord(bad.group()):04X} in the file", "remove it; YAML text allows tab, LF and CR only")
        )
        return None, problems
    bad = _BREAK_LOOKALIKE.search(text) if odd else None
    if bad:
        # YAML 1.2 reads these as text, YAML 1.1 readers (PyYAML, libyaml) as line
        # breaks: the file means two things.
        line, col = line_col(text, bad.start())
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
        line, col = line_col(text, tab)
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


def plain_bytes(raw: bytes, max_bytes: int = MAX_BYTES) -> bool:
    """Whether :func:`decode` finds nothing wrong with ``raw`` if it is valid UTF-8:
    not over the size limit, not blank, no byte order mark, NUL, control character
    or tab (all searched in the bytes, without decoding them)."""
    return (
        0 < len(raw) <= max_bytes
        and raw[0] < 0x80  # every byte order mark starts with 0x00 or a byte over 0x7F
        and not raw.isspace()
        and b"\x00" not in raw
        and b"\t" not in raw
        and not _may_have_controls(raw)
    )
