"""Character offsets of a quote in its article body, for the ``quotes`` table.

Matching uses exactly the folding of :mod:`newsledger.text` (NFC, one form for
quotes, dashes and ellipses, single spaces), so a quote the validator accepts as
verbatim also gets offsets here. Offsets index the body as shipped (the string
behind ``body_sha256``), not its folded or normalised form, decomposed bodies
included (:func:`newsledger.text.fold_map`).

A quote found character for character, where NFC cannot join it to the text
around it, is located without folding at all: pasted quotes usually are exact.
"""

from __future__ import annotations

from newsledger.text import ChunkedText, clean_at

__all__ = ["Locator", "locate"]


class Locator:
    """Finds quotes in one body; the body is folded once, on the first quote that
    is not in it character for character (most are: curators paste them)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._folded: ChunkedText | None = None

    def _exact(self, needle: str) -> tuple[int, int] | None:
        # A raw match counts only where NFC cannot join it to the text around it, as
        # in the validator (newsledger.text.occurs): in a decomposed body "cafe" is
        # found inside "cafe" + U+0301, whose folded form is "café". Checking that
        # at the match, not the whole body's normal form, keeps a long body in mixed
        # forms from being normalised for every quote.
        if not needle or needle != needle.strip():
            return None
        at = clean_at(needle, self.body)
        return (at, at + len(needle)) if at >= 0 else None

    def find(self, needle: str) -> tuple[int, int] | None:
        """``(start, end)`` code-point offsets (end exclusive) of ``needle`` in the
        body: its first verbatim occurrence, else its first folded one; ``None``
        when it does not occur."""
        exact = self._exact(needle)
        if exact is not None:
            return exact
        if self._folded is None:
            self._folded = ChunkedText(self.body)
        return self._folded.find(needle)


def locate(needle: str, body: str) -> tuple[int, int] | None:
    """One-off :meth:`Locator.find`."""
    return Locator(body).find(needle)
