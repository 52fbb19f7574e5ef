"""Splitting a paragraph into sentences, never inside a quotation.

A sentence ends at ``.``, ``?`` or ``!`` (and any closing quotation mark after it)
followed by a space and a capital letter, digit or opening mark, except after a
known abbreviation or an initial. A quotation that holds several sentences stays
whole: its speaker is found around it, not inside it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from newsledger.draft.article import quote_pairs

__all__ = ["Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Gov", "Sen", "Rep", "Rev", "St", "Jr", "Sr", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "E.U", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "e.g", "i.e", "Ft", "Mt"]
)
_NEXT = re.compile(r"[”\"»’)]*\s+(?=[A-Z0-9“\"«„‘(])")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    paragraph: int
    start: int  # offset in the paragraph
    quotes: tuple[tuple[int, int], ...]  # spans in the paragraph, marks included


def _abbreviation(para: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", para[:dot])
    if word is None:
        return False
    w = word.group(1)
    return w in _ABBREVIATIONS or (len(w) == 1 and w.isupper()) or bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", w))


def split_sentences(paragraph: str, index: int = 0, open_end: bool = False) -> list[Sentence]:
    spans = quote_pairs(paragraph, open_end)
    inside = [False] * len(paragraph)
    for a, b in spans:
        for k in range(a + 1, b - 1):
            inside[k] = True
    cuts = [0]
    for m in re.finditer(r"[.?!]", paragraph):
        i = m.start()
        if inside[i] and not (i + 1 < len(paragraph) and any(b - 1 == i + 1 for _, b in spans)):
            continue  # inside a quotation, and not its last character before the closing mark
        nxt = _NEXT.match(paragraph, i + 1)
        if nxt is None:
            continue
        if paragraph[i] == "." and _abbreviation(paragraph, i):
            continue
        end = i + 1 + len(paragraph[i + 1 : nxt.end()].rstrip())  # closing marks stay in the sentence
        if any(a < end < b for a, b in spans):
            continue
        cuts.append(end)
    out: list[Sentence] = []
    bounds = [*cuts, len(paragraph)]
    for a, b in itertools.pairwise(bounds):
        raw = paragraph[a:b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not text:
            continue
        start = a + lead
        out.append(Sentence(text, index, start, tuple((x, y) for x, y in spans if start <= x and y <= start + len(text))))
    return out
