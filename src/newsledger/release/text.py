"""Character offsets of a quote in its article body, for the ``quotes`` table.

Matching uses exactly the folding of :mod:`newsledger.text` (NFC, one form for
quotes, dashes and ellipses, single spaces), so a quote the validator accepts as
verbatim also gets offsets here. Offsets must index the body as shipped (the
string behind ``body_sha256``), not its folded or normalised form; for an NFC
body the two coincide, and for the rare non-NFC body the text is folded one
grapheme cluster (base character + combining marks) at a time to keep a map back
to the original positions.

A quote found character for character is located without folding at all:
folding a long body costs far more than searching it, and pasted quotes are
usually exact.
"""

from __future__ import annotations

import unicodedata

from newsledger.text import fold, fold_with_offsets

__all__ = ["Locator", "locate"]


def _folded_clusters(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Fold ``text``; per folded character, the span of ``text`` it came from."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster[0].isspace():
            if chars and chars[-1] == " ":
                spans[-1] = (spans[-1][0], j)
            else:
                chars.append(" ")
                spans.append((i, j))
        else:
            for ch in fold(cluster):
                chars.append(ch)
                spans.append((i, j))
        i = j
    return "".join(chars), spans


class Locator:
    """Finds quotes in one body; the body is folded once, on the first quote that
    is not in it character for character (most are: curators paste them)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._folded: tuple[str, list[tuple[int, int]]] | None = None

    def _fold_body(self) -> tuple[str, list[tuple[int, int]]]:
        if self._folded is None:
            if unicodedata.is_normalized("NFC", self.body):
                text, offsets = fold_with_offsets(self.body)
                self._folded = text, [(o, o + 1) for o in offsets[:-1]]
            else:
                self._folded = _folded_clusters(self.body)
        return self._folded

    def find(self, needle: str) -> tuple[int, int] | None:
        """``(start, end)`` code-point offsets (end exclusive) of ``needle`` in the
        body: its first verbatim occurrence, else its first folded one; ``None``
        when it does not occur."""
        if needle and needle == needle.strip():
            at = self.body.find(needle)
            if at >= 0:
                return at, at + len(needle)
        target = fold(needle)
        if not target:
            return None
        haystack, spans = self._fold_body()
        at = haystack.find(target)
        if at < 0:
            return None
        return spans[at][0], spans[at + len(target) - 1][1]


def locate(needle: str, body: str) -> tuple[int, int] | None:
    """One-off :meth:`Locator.find`."""
    return Locator(body).find(needle)
