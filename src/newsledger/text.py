"""Text folding for verbatim matching of quotes and evidence against a body.

Curators copy quotes from web pages, PDFs and wire copy, where the same words come
with straight or curly quotes, en or em dashes, non-breaking spaces and line
breaks in different places. Folding makes those differences disappear and nothing
else: NFC normalisation, one form for quotes, apostrophes, dashes and ellipses,
and every run of white space as one space.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["ChunkedText", "FoldedText", "clean_at", "find_folded", "fold", "fold_map", "occurs"]

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
_ONE_TO_ONE = re.compile("[" + "".join(chr(c) for c in _TABLE) + "]")


def _one_to_one(match: re.Match[str]) -> str:
    return _REPLACE[match.group()]


@lru_cache(maxsize=256)  # the same body is folded once for all its quotes and evidence
def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring)."""
    if not text.isascii():
        text = _FOLDABLE.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFC", text))
    return " ".join(text.split())


@lru_cache(maxsize=1024)  # one body is tested for every quote and evidence sentence of its entry
def _is_nfc(text: str) -> bool:
    # For a decomposed text this is a full normalisation, not a quick check: a
    # long NFD body tested once per needle was most of checking its file.
    return text.isascii() or unicodedata.is_normalized("NFC", text)


#: How much text before a boundary :func:`_seam` looks at: a starter composes with
#: what the characters before it composed to (Hangul L + V + T is the longest chain).
_SEAM_CONTEXT = 8


def _boundary_before(ch: str) -> bool:
    """Whether NFC never joins ``ch`` to what precedes it, whatever that is: ASCII,
    punctuation, spaces, symbols, digits and controls are starters that are never the
    second half of a composition (checked over the Unicode database in the tests)."""
    return ch.isascii() or unicodedata.category(ch)[0] in "PZSNC"


def _seam(left: str, right: str) -> bool:
    """Whether NFC leaves the boundary between ``left`` (the text before it, up to
    :data:`_SEAM_CONTEXT` characters) and the character ``right`` alone.

    ``right`` must be a starter (combining class 0): a mark after the boundary
    could be reordered or composed across it. A starter composes only with what
    is right before it once that has composed (Hangul jamo and some Indic vowel
    signs are starters that compose), so normalising the context with and
    without ``right`` decides.
    """
    if _boundary_before(right):
        return True
    if unicodedata.combining(right):
        return False
    nfc = unicodedata.normalize
    return nfc("NFC", left + right) == nfc("NFC", left) + nfc("NFC", right)


def _clean_find(needle: str, body: str, nfc_ok: bool = True) -> bool:
    """Whether ``needle`` is a substring of ``body`` at a place NFC cannot join to its
    surroundings (or, with ``nfc_ok``, both strings are NFC): then NFC of the body
    contains NFC of the needle."""
    return clean_at(needle, body, nfc_ok) >= 0


def clean_at(needle: str, body: str, nfc_ok: bool = True) -> int:
    """Where :func:`_clean_find` finds ``needle`` (its first occurrence), or -1."""
    at = body.find(needle) if needle else -1
    if at < 0:
        return -1
    end = at + len(needle)
    clean = (at == 0 or _seam(body[max(0, at - _SEAM_CONTEXT) : at], needle[0])) and (
        end == len(body) or _seam(needle[-_SEAM_CONTEXT:], body[end])
    )
    return at if clean or (nfc_ok and _is_nfc(needle) and _is_nfc(body)) else -1


@lru_cache(maxsize=256)
def _decomposed_fold(text: str) -> str | None:
    """Folding with NFD in place of NFC, for a text that is already NFD (else None):
    no normalisation pass over a long decomposed body."""
    if text.isascii() or not unicodedata.is_normalized("NFD", text):
        return None
    return " ".join(_FOLDABLE.sub(lambda m: _REPLACE[m.group()], text).split())


#: Bodies shorter than this are folded whole: windows would save little.
_WINDOW_MIN_BODY = 1024
#: How far a window reaches, in characters of the body per folded character of the
#: needle, plus a margin: room for decomposed letters and white-space runs.
_WINDOW_SCALE, _WINDOW_MARGIN = 2, 16
#: What separates the pieces a needle is anchored on: white space and the characters
#: folding produces from others (quotes, dashes and the dots of an ellipsis).
_NOT_ANCHOR = re.compile(r"[\s'\".-]+")
_MAX_ANCHOR_HITS = 8
_ANCHOR_CANDIDATES = 6
_MAX_CUT_STEPS = 64


_HAS_FIGURE = re.compile(r"\d").search


def _anchor_rank(piece: str) -> tuple[bool, int]:
    return _HAS_FIGURE(piece) is None, -len(piece)


def _anchors(target: str) -> Iterator[tuple[str, int]]:
    """Pieces of a folded needle that a body holds verbatim wherever it holds the
    needle (no white space, nothing folding rewrites, no character with a
    decomposition), with where each starts in the needle, best first: pieces with
    a figure (a count, a date, an id) before the rest, a body repeating its words
    more often than its numbers, and longer before shorter. Pieces shorter than 3
    characters are no use. Lazily: the first one almost always finds the needle,
    and testing a piece for decompositions is most of the cost."""
    given = 0
    for piece in sorted({p for p in _NOT_ANCHOR.split(target) if len(p) >= 3}, key=_anchor_rank):
        if piece.isascii() or unicodedata.is_normalized("NFD", piece):
            yield piece, target.find(piece)
            given += 1
            if given == _ANCHOR_CANDIDATES:
                return


def _cut(body: str, at: int, step: int) -> int | None:
    """An index near ``at`` (moving by ``step``) where NFC cannot join the body's
    text across the cut, or None if there is none close by: ``at`` itself, else the
    nearest space (white space never composes), else the nearest such character."""
    if at <= 0 or at >= len(body):
        return max(0, min(at, len(body)))
    if _boundary_before(body[at]):
        return at
    space = body.rfind(" ", max(0, at - _MAX_CUT_STEPS), at) if step < 0 else body.find(" ", at, at + _MAX_CUT_STEPS)
    if space >= 0:
        return space
    for _ in range(_MAX_CUT_STEPS):
        if at <= 0 or at >= len(body):
            return max(0, min(at, len(body)))
        if _boundary_before(body[at]):
            return at
        at += step
    return None


def _in_window(target: str, body: str) -> bool:
    """Whether the folded needle ``target`` is in the folded text of a window of the
    body around a verbatim occurrence of one of its anchors (:func:`_anchors`).

    Only a yes is an answer. A window starts and ends where NFC cannot join it to the
    rest (:func:`_boundary_before`), so NFC of the body is NFC of the text before it,
    of it and of the text after it; folding maps character by character and collapses
    white space, so the folded window is part of the folded body. A long mixed body
    (most of it NFC, a few words decomposed) is then never normalised whole.
    """
    fold_window = fold.__wrapped__  # not through fold's cache: windows would push the bodies out
    for anchor, offset in _anchors(target):
        before = _WINDOW_SCALE * offset + _WINDOW_MARGIN
        after = _WINDOW_SCALE * (len(target) - offset) + _WINDOW_MARGIN
        at = body.find(anchor)
        for _ in range(_MAX_ANCHOR_HITS):
            if at < 0:
                break
            start, end = _cut(body, at - before, -1), _cut(body, at + after, 1)
            if start is not None and end is not None and target in fold_window(body[start:end]):
                return True
            at = body.find(anchor, at + 1)
    return False


def occurs(needle: str, body: str) -> bool:
    """Whether ``needle`` occurs in ``body`` after folding both.

    Most quotes are pasted exactly, and a plain substring test spares folding the
    body. It answers only where NFC cannot join the match to its surroundings:
    in a decomposed body ``cafe`` is a substring of ``cafe`` + U+0301, but not of
    its folded form ``café``, and a misquote that drops an accent must not pass.
    With both boundaries of the match clean (:func:`_seam`), NFC of the body
    contains NFC of the match, and the rest of folding (quotes, dashes, white
    space) keeps substrings.

    A decomposed (NFD) body is compared decomposed: the quote is folded with NFD
    instead of NFC and looked for at a clean place, which needs no normalising
    pass over the body (NFC of a quote's NFD form is NFC of the quote).

    Next the folded quote is looked for, at a clean place, in the body as it is;
    then a long body is folded only in windows around a verbatim piece of the
    quote (:func:`_in_window`). Only when all that finds nothing is the whole
    body folded with NFC, to be sure.
    """
    if _clean_find(needle, body):
        return True
    body_nfd = _decomposed_fold(body)
    if body_nfd is not None:
        target = " ".join(_FOLDABLE.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFD", needle)).split())
        if _clean_find(target, body_nfd, nfc_ok=False):
            return True
    target = fold(needle)
    if not target:
        return False
    if target != needle and _clean_find(target, body, nfc_ok=False):
        return True  # pasted with other quotes, dashes, spaces or normal form than the body has here
    if len(body) >= _WINDOW_MIN_BODY and _in_window(target, body):
        return True
    return target in fold(body)


class FoldedText:
    """The folded form of a text, with a map from folded offsets back to the text.

    The map is piecewise: stretches that fold character for character (curly
    quotes and dashes become one straight form, an isolated space stays a space)
    are *copies*; everything else (a white-space run, an ellipsis, a cluster that
    NFC recomposes) is one *replacement* that maps back to its whole span.
    """

    def __init__(self, text: str, folded: str, pieces: list[tuple[int, int, int, bool]]) -> None:
        self.text = text
        self.folded = folded
        self._starts = [p[0] for p in pieces]
        self._pieces = pieces

    def _span(self, index: int) -> tuple[int, int]:
        fold_start, start, end, copy = self._pieces[bisect.bisect_right(self._starts, index) - 1]
        if copy:
            at = start + index - fold_start
            return at, at + 1
        return start, end

    def find(self, needle: str) -> tuple[int, int] | None:
        """``[start, end)`` in the original text of the first folded occurrence of ``needle``."""
        target = fold(needle)
        at = self.folded.find(target) if target else -1
        if at < 0:
            return None
        return self._span(at)[0], self._span(at + len(target) - 1)[1]


_CHANGED = re.compile(r"\s{2,}|[^\S ]|\u2026")  # white space other than one space; an ellipsis
_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")
# A word (a run without white space) with at least one non-ASCII character.
_NON_ASCII_WORD = re.compile(r"[!-~]*[^\s\x00-\x7f]\S*")


def _fold_piece(text: str) -> str:
    return _FOLDABLE.sub(lambda m: _REPLACE[m.group()], text)


def _clusters(token: str) -> Iterator[tuple[int, int]]:
    """Spans of ``token`` that NFC normalises independently of each other.

    A new span starts at a character of combining class 0 that does not compose
    with what precedes it. The class alone is not enough: Hangul jamo and the
    second half of Bengali or Tamil two-part vowels have class 0 and compose.
    """
    start = 0
    for i in range(1, len(token)):
        ch = token[i]
        if unicodedata.combining(ch):
            continue
        head = token[start:i]
        nfc = unicodedata.normalize
        if nfc("NFC", head + ch) == nfc("NFC", head) + nfc("NFC", ch):
            yield start, i
            start = i
    yield start, len(token)


@lru_cache(maxsize=1 << 16)  # words recur (Zipf): most are seen before
def _word_replacements(word: str) -> tuple[tuple[int, int, str], ...]:
    """The replacements inside one word without white space (offsets within it)."""
    if _is_nfc(word):
        return tuple((at, at + 1, "...") for at, ch in enumerate(word) if ch == "\u2026") if "\u2026" in word else ()
    out = []
    for c, d in _clusters(word):
        cluster = word[c:d]
        nfc = unicodedata.normalize("NFC", cluster)
        if nfc != cluster or "\u2026" in cluster:
            out.append((c, d, _fold_piece(nfc)))
    return tuple(out)


def _replacements(text: str, strip: bool) -> list[tuple[int, int, str]]:
    """``(start, end, folded)``, in order, for every span that does not fold
    character for character. With ``strip``, white space at either end folds to
    nothing (as in :func:`fold`); without, to one space like any other run."""
    length = len(text)

    def space(a: int, b: int) -> tuple[int, int, str]:
        return a, b, "" if strip and (a == 0 or b == length) else " "

    nfc = _is_nfc(text)
    out = [
        (a, b, "...") if m.group() == "\u2026" else space(a, b)
        for m in (_CHANGED if nfc else _CHANGED_SPACE).finditer(text)
        for a, b in [m.span()]
    ]
    if strip and text[:1] == " " and (not out or out[0][0] != 0):  # a lone space, dropped at either end
        out.insert(0, (0, 1, ""))
    if strip and text[-1:] == " " and (not out or out[-1][1] != length):
        out.append((length - 1, length, ""))
    if nfc:
        return out
    # The words that are not pure ASCII (an ASCII word never changes under NFC
    # and holds no ellipsis), cluster by cluster where they need NFC (no cluster
    # crosses white space: it never composes).
    for m in _NON_ASCII_WORD.finditer(text):
        inner = _word_replacements(m.group())
        if inner:
            a = m.start()
            out.extend((a + c, a + d, folded) for c, d, folded in inner)
    out.sort()
    return out


def _pieces(text: str, strip: bool) -> tuple[str, list[tuple[int, int, int, bool]]]:
    parts: list[str] = []
    pieces: list[tuple[int, int, int, bool]] = []
    # Quotes and dashes fold one character to one, so fold them in the whole text
    # once and copy slices of that.
    one_to_one = _ONE_TO_ONE.sub(_one_to_one, text)
    pos = length = 0
    for start, end, folded in _replacements(text, strip):
        if start > pos:
            pieces.append((length, pos, start, True))
            parts.append(one_to_one[pos:start])
            length += start - pos
        if folded:
            pieces.append((length, start, end, False))
            parts.append(folded)
            length += len(folded)
        pos = end
    if pos < len(text):
        pieces.append((length, pos, len(text), True))
        parts.append(one_to_one[pos:])
    return "".join(parts), pieces


def fold_map(text: str) -> FoldedText | None:
    """``text`` folded, with offsets back into it; ``None`` if it cannot be mapped.

    The folded form is checked against :func:`fold`, the validator's, so a quote
    the validator accepts is found here too; should they ever differ, no offsets
    are given rather than wrong ones.
    """
    folded, pieces = _pieces(text, strip=True)
    return FoldedText(text, folded, pieces) if folded == fold(text) else None


def find_folded(body: str, needle: str) -> tuple[int, int] | None:
    """Character offsets ``[start, end)`` of ``needle`` in ``body`` after folding both.

    Offsets index ``body`` itself, decomposed or not. ``None`` when the needle does
    not occur (or the body cannot be mapped; see :func:`fold_map`).
    """
    mapped = fold_map(body)
    return None if mapped is None else mapped.find(needle)


#: Characters per chunk of :class:`ChunkedText`, roughly (a chunk ends where white space starts).
CHUNK = 512
_RUN_START = re.compile(r"(?<=\S)\s")


def _unstripped_fold(text: str) -> str:
    """:func:`fold` without dropping white space at the ends (each run is one space)."""
    if not text.isascii():
        text = _fold_piece(unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text)


class ChunkedText:
    """Finds folded needles in a long text and maps only what it finds back.

    The text is cut where a run of white space starts, every :data:`CHUNK`
    characters or so. Nothing folds across such a cut (NFC never composes across
    white space, and a run is never split), so each chunk's folded length can be
    had with a few calls into C, and only the chunks that hold the two ends of a
    match are mapped piece by piece (:func:`fold_map`'s method).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = [0]
        at = CHUNK
        while at < len(text) and (m := _RUN_START.search(text, at)) is not None:
            cuts.append(m.start())
            at = m.start() + CHUNK
        cuts.append(len(text))
        self._cuts = cuts
        folds = [_unstripped_fold(text[a:b]) for a, b in itertools.pairwise(cuts)]
        self._starts = [0, *itertools.accumulate(map(len, folds))]  # where each chunk's fold starts
        # fold(text), from the pieces: fold() only also drops a space at either end.
        self.folded = "".join(folds).strip(" ")
        self._lead = 1 if text[:1].isspace() else 0
        self._maps: dict[int, FoldedText] = {}

    def _chunk(self, index: int) -> tuple[int, FoldedText]:
        c = min(bisect.bisect_right(self._starts, index), len(self._cuts) - 1) - 1
        if c not in self._maps:
            a, b = self._cuts[c], self._cuts[c + 1]
            folded, pieces = _pieces(self.text[a:b], strip=False)
            self._maps[c] = FoldedText(self.text[a:b], folded, pieces)
        return c, self._maps[c]

    def _span(self, index: int) -> tuple[int, int]:
        c, mapped = self._chunk(index)
        start, end = mapped._span(index - self._starts[c])
        return self._cuts[c] + start, self._cuts[c] + end

    def find(self, needle: str) -> tuple[int, int] | None:
        """``[start, end)`` in the text of the first folded occurrence of ``needle``."""
        target = fold(needle)
        at = self.folded.find(target) if target else -1
        if at < 0:
            return None
        first, last = at + self._lead, at + self._lead + len(target) - 1
        start, end = self._span(first)[0], self._span(last)[1]
        # The map is exact by construction; should it ever not be, give no offsets.
        return (start, end) if target in fold(self.text[start:end]) else None
