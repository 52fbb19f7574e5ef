"""Character offsets of a quote in its article body, for the ``quotes`` table.

Matching uses exactly the folding of :mod:`newsledger.text` (NFC, one form for
quotes, dashes and ellipses, single spaces), so a quote the validator accepts as
verbatim also gets offsets here. Offsets must index the body as shipped (the
string behind ``body_sha256``), not its folded or normalised form; for an NFC
body the two coincide, and for the rare non-NFC body the text is folded one
grapheme cluster (base character + combining marks) at a time to keep a map back
to the original positions.
"""

from __future__ import annotations

import unicodedata

from newsledger.text import find_folded, fold

__all__ = ["locate"]


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


def locate(needle: str, body: str) -> tuple[int, int] | None:
    """``(start, end)`` code-point offsets (end exclusive) of the first folded match
    of ``needle`` in ``body``, or ``None`` when it does not occur."""
    if unicodedata.is_normalized("NFC", body):
        return find_folded(body, needle)
    target = fold(needle)
    if not target:
        return None
    haystack, spans = _folded_clusters(body)
    at = haystack.find(target)
    if at < 0:
        return None
    return spans[at][0], spans[at + len(target) - 1][1]
