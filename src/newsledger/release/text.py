"""Locating a quote in its article body despite typographic differences.

Curators copy quotes from web pages whose quotation marks, dashes and spaces
vary (a body with “curly” quotes, a quote typed with "straight" ones; a
non-breaking space; a decomposed é). Both texts are folded the same way before
searching: NFC, every quotation mark to ``'`` or ``"``, every dash to ``-``, every
run of white space to one space. Offsets are then mapped back to the original,
unfolded body, so ``body[start:end]`` is the quote as the body prints it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "locate"]

_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_FOLD = {
    **{ord(c): "'" for c in _SINGLE},
    **{ord(c): '"' for c in _DOUBLE},
    **{ord(c): "-" for c in _DASHES},
}


def _folded(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Fold ``text``; also return, per folded character, its span in ``text``.

    NFC can only merge a base character with the combining marks that follow it,
    so normalising cluster by cluster keeps a position map that whole-string
    normalisation would lose.
    """
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]).translate(_FOLD):
            if ch.isspace():
                if chars and chars[-1] == " ":
                    spans[-1] = (spans[-1][0], j)
                    continue
                ch = " "
            chars.append(ch)
            spans.append((i, j))
        i = j
    return "".join(chars), spans


def fold(text: str) -> str:
    """The folded form used for matching (NFC, plain quotes and dashes, single spaces)."""
    return _folded(text)[0].strip(" ")


def locate(needle: str, body: str) -> tuple[int, int] | None:
    """``(start, end)`` code-point offsets of the first folded match of ``needle`` in
    ``body`` (end exclusive), or ``None`` when it does not occur."""
    target = fold(needle)
    if not target:
        return None
    haystack, spans = _folded(body)
    at = haystack.find(target)
    if at < 0:
        return None
    return spans[at][0], spans[at + len(target) - 1][1]
