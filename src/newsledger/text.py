"""Text folding for verbatim matching of quotes and evidence against a body.

Curators copy quotes from web pages, PDFs and wire copy, where the same words come
with straight or curly quotes, en or em dashes, non-breaking spaces and line
breaks in different places. Folding makes those differences disappear and nothing
else: NFC normalisation, one form for quotes, apostrophes, dashes and ellipses,
and every run of white space as one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["find_folded", "fold", "fold_with_offsets"]

_TABLE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")
_FOLDABLE = re.compile("[" + "".join(chr(c) for c in _TABLE) + "\u2026]")
_REPLACE = {**{chr(k): v for k, v in _TABLE.items()}, "\u2026": "..."}


@lru_cache(maxsize=256)  # the same body is folded once for all its quotes and evidence
def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring)."""
    if not text.isascii():
        text = _FOLDABLE.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and map each folded character back to its index in ``text``.

    ``offsets[i]`` is the index in the NFC form of ``text`` where folded character
    ``i`` came from; ``offsets`` has one extra entry for the end.
    """
    nfc = unicodedata.normalize("NFC", text)
    out: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(nfc):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                offsets.append(i)
            in_space = True
            continue
        in_space = False
        if ch == "\u2026":
            out.extend("...")
            offsets.extend((i, i, i))
            continue
        out.append(ch.translate(_TABLE))
        offsets.append(i)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(nfc))
    return "".join(out), offsets


def find_folded(body: str, needle: str) -> tuple[int, int] | None:
    """Character offsets ``[start, end)`` of ``needle`` in ``body`` after folding both.

    Offsets index the NFC form of ``body`` (the same as ``body`` for NFC text, which
    is what curated entries hold). ``None`` when the needle does not occur.
    """
    folded, offsets = fold_with_offsets(body)
    target = fold(needle)
    if not target:
        return None
    at = folded.find(target)
    if at < 0:
        return None
    end = at + len(target)
    return offsets[at], offsets[end - 1] + 1
