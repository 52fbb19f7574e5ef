"""The parts of a plain-text article: headline, subheadline, paragraphs, byline.

The expected form (as ``shared/seed-article.txt``)::

    Headline

    Subheadline (optional: one short line)

    Paragraph. Paragraph...

    Author: Name[, Name | and Name]

    (anything after the author line, such as a bio, is not part of the body)

Bad input (not UTF-8, binary, empty, too large, unbalanced quotation marks) raises
:class:`DraftInputError` with the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.errors import NewsledgerError

__all__ = ["CLOSING", "MAX_BYTES", "OPENING", "Article", "DraftInputError", "decode_text", "parse_article", "quote_pairs"]

#: The largest text accepted: the body limit of the schema (1,000,000 characters) with room.
MAX_BYTES = 1_000_000

_AUTHOR = re.compile(r"^(?:Author|Authors|By)\s*:?\s+(?P<names>\S.*)$")
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")

#: Quotation marks: opening -> closing. Straight double quotes pair with themselves.
OPENING = {"“": "”", "«": "»", "„": "“", '"': '"'}
CLOSING = frozenset("”»“\"")


class DraftInputError(NewsledgerError):
    """The article text cannot be drafted from (said to the user, nothing written)."""


@dataclass(frozen=True, slots=True)
class Article:
    headline: str
    subheadline: str | None
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    #: Per paragraph: a quotation left open at its end continues in the next one.
    open_ends: tuple[bool, ...] = ()

    def open_end(self, index: int) -> bool:
        return index < len(self.open_ends) and self.open_ends[index]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def decode_text(raw: bytes, name: str) -> str:
    """The article's text, or a clear error for what is not a plain-text article."""
    if len(raw) > MAX_BYTES:
        raise DraftInputError(f"{name}: {len(raw):,} bytes is too large for one article (limit {MAX_BYTES:,})")
    if b"\x00" in raw:
        raise DraftInputError(f"{name}: this is a binary file (it contains NUL bytes), not the plain text of an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DraftInputError(f"{name}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    bad = next((c for c in text if (ord(c) < 32 and c not in "\n\r\t") or c == "\x7f"), None)
    if bad is not None:
        line = text.count("\n", 0, text.index(bad)) + 1
        raise DraftInputError(f"{name}:{line}: control character U+{ord(bad):04X}; is this a binary file?")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not text.strip():
        raise DraftInputError(f"{name}: the file is empty")
    return text


def _blocks(text: str) -> list[tuple[int, str]]:
    """Blank-line separated blocks as (first line number, text joined on one line)."""
    out: list[tuple[int, str]] = []
    start, lines = 0, list[str]()
    for no, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not lines:
                start = no
            lines.append(" ".join(line.split()))
        elif lines:
            out.append((start, " ".join(lines)))
            lines = []
    if lines:
        out.append((start, " ".join(lines)))
    return out


def quote_pairs(paragraph: str, open_end: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each quotation-marked span, marks included; ValueError when unbalanced.

    ``open_end``: the next paragraph starts with an opening mark, so a quotation left
    open at the end of this one continues there (the convention for a quotation over
    several paragraphs); its span runs to the paragraph's end, without a closing mark.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(paragraph):
        ch = paragraph[i]
        if ch in OPENING:
            close = OPENING[ch]
            j = paragraph.find(close, i + 1)
            if j < 0 and open_end and not any(c in paragraph[i + 1 :] for c in OPENING):
                spans.append((i, len(paragraph)))
                break
            if j < 0:
                raise ValueError(f"the quotation mark {ch} at character {i + 1} of the paragraph is never closed")
            # a closing mark that opens another kind of span first: nested quotes are single
            spans.append((i, j + 1))
            i = j + 1
            continue
        if ch in "”»":
            raise ValueError(f"the closing quotation mark {ch} at character {i + 1} of the paragraph has no opening mark")
        i += 1
    return spans


def parse_article(text: str, name: str = "<text>") -> Article:
    blocks = _blocks(text)
    if not blocks:
        raise DraftInputError(f"{name}: the file is empty")
    author_at = next((k for k, (_, b) in enumerate(blocks) if _AUTHOR.match(b) and len(b) < 200), None)
    authors: tuple[str, ...] = ()
    if author_at is not None:
        m = _AUTHOR.match(blocks[author_at][1])
        assert m is not None
        authors = tuple(n.strip() for n in _NAME_SPLIT.split(m["names"].strip().rstrip(".")) if n.strip())
        blocks = blocks[:author_at]
    if len(blocks) < 2:
        raise DraftInputError(f"{name}: expected a headline line, then the article's paragraphs (separated by blank lines)")
    headline = blocks[0][1]
    rest = blocks[1:]
    sub: str | None = None
    second = rest[0][1]
    if len(rest) > 1 and len(second) <= 300 and not second.endswith((".", "”", '"', ":")):
        sub, rest = second, rest[1:]
    open_ends = tuple(k + 1 < len(rest) and rest[k + 1][1][:1] in OPENING for k in range(len(rest)))
    for k, (line, para) in enumerate(rest):
        try:
            quote_pairs(para, open_ends[k])
        except ValueError as exc:
            raise DraftInputError(f"{name}:{line}: unbalanced quotation marks: {exc} (in the paragraph starting on this line)") from None
    return Article(headline, sub, tuple(p for _, p in rest), authors, open_ends)
