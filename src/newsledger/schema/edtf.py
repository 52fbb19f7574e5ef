"""Extended Date/Time Format (EDTF, ISO 8601-2) dates, the subset newsledger uses.

Supported forms (EDTF level 0 and the common level-1 features)::

    2024            a year              2024?   uncertain
    2024-09         a month             2024~   approximate
    2024-09-17      a day               2024%   both
    201X, 20XX      unspecified digits  2024-XX, 2024-09-XX
    2024-09-01/2024-09-17   interval    ../2025-09  open start   2023/..  open end
    /2024-01        unknown start       2024-01/    unknown end

Every value resolves to the earliest and latest calendar day it can mean, so
dates of different precision can be compared and ordered.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

__all__ = ["EdtfDate", "EdtfError", "parse_edtf", "parse_published"]


class EdtfError(ValueError):
    """A string that is not a valid EDTF date of the supported subset."""


_DATE_RE = re.compile(
    r"(?P<year>[0-9]{2}(?:[0-9]{2}|[0-9]X|XX))"
    r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?"
    r"(?P<qual>[?~%])?"
)

PRECISIONS = ("day", "month", "year", "decade", "century", "interval")


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """A parsed EDTF value.

    ``start``/``end`` are the earliest and latest day the value can mean; either
    is ``None`` for an open (``..``) or unknown (empty) interval end.
    """

    text: str
    start: date | None
    end: date | None
    precision: str
    uncertain: bool = False
    approximate: bool = False

    @property
    def is_interval(self) -> bool:
        return "/" in self.text


def _single(text: str) -> tuple[date, date, str, bool, bool]:
    m = _DATE_RE.fullmatch(text)
    if m is None:
        raise EdtfError(
            f"{text!r} is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ?, ~ or %)"
        )
    ys, ms, ds, qual = m["year"], m["month"], m["day"], m["qual"]
    uncertain = qual in ("?", "%")
    approximate = qual in ("~", "%")
    if "X" in ys:
        if ms is not None:
            raise EdtfError(f"{text!r}: a year with unspecified digits cannot have a month")
        width = 10 ** ys.count("X")
        lo = int(ys.replace("X", "0"))
        if lo == 0:
            raise EdtfError(f"{text!r}: year 0 is outside the supported range 1-9999")
        return date(lo, 1, 1), date(lo + width - 1, 12, 31), ("decade" if width == 10 else "century"), uncertain, approximate
    year = int(ys)
    if year == 0:
        raise EdtfError(f"{text!r}: year 0 is outside the supported range 1-9999")
    if ms is None:
        return date(year, 1, 1), date(year, 12, 31), "year", uncertain, approximate
    if ms == "XX":
        if ds is not None and ds != "XX":
            raise EdtfError(f"{text!r}: a day needs a known month")
        return date(year, 1, 1), date(year, 12, 31), "year", uncertain, approximate
    month = int(ms)
    if not 1 <= month <= 12:
        raise EdtfError(f"{text!r}: month {ms} does not exist (01-12)")
    last = calendar.monthrange(year, month)[1]
    if ds is None or ds == "XX":
        return date(year, month, 1), date(year, month, last), "month", uncertain, approximate
    day = int(ds)
    if not 1 <= day <= last:
        raise EdtfError(f"{text!r}: day {ds} does not exist in {year}-{ms} (01-{last:02d})")
    d = date(year, month, day)
    return d, d, "day", uncertain, approximate


@lru_cache(maxsize=1 << 16)  # a dataset repeats the same dates (a few thousand, or tens of thousands over decades)
def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF string; raise :class:`EdtfError` with the reason if invalid."""
    if not isinstance(text, str):
        raise EdtfError(f"an EDTF date must be a string, not {type(text).__name__}")
    if text != text.strip() or not text:
        raise EdtfError(f"{text!r}: an EDTF date has no surrounding spaces and is not empty")
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii() and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit():
        try:  # a plain day, the most common date: C validates it (else the general path says why not)
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return EdtfDate(text, day, day, "day")
    if "/" not in text:
        first, last, precision, unc, approx = _single(text)
        return EdtfDate(text, first, last, precision, unc, approx)
    left, _, right = text.partition("/")
    if "/" in right:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    if left in ("", "..") and right in ("", ".."):
        raise EdtfError(f"{text!r}: an interval needs at least one known end")
    start: date | None = None
    end: date | None = None
    unc = approx = False
    if left not in ("", ".."):
        start, _, _, u, a = _single(left)
        unc, approx = unc or u, approx or a
    if right not in ("", ".."):
        _, end, _, u, a = _single(right)
        unc, approx = unc or u, approx or a
    if start is not None and end is not None and start > end:
        raise EdtfError(f"{text!r}: the interval starts after it ends")
    return EdtfDate(text, start, end, "interval", unc, approx)


_PUBLISHED_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?"
)


def parse_published(text: str) -> tuple[date, datetime | None]:
    """Parse an ISO 8601 date or a datetime with an offset.

    Returns the calendar day as printed and the aware datetime (or ``None`` for a
    bare date). A datetime without a UTC offset is ambiguous and rejected.
    """
    if not isinstance(text, str) or _PUBLISHED_RE.fullmatch(text) is None:
        raise EdtfError(
            f"{text!r} is not an ISO 8601 date (YYYY-MM-DD) or datetime with offset "
            "(YYYY-MM-DDTHH:MM[:SS]±HH:MM or Z)"
        )
    try:
        if "T" not in text:
            return date.fromisoformat(text), None
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise EdtfError(f"{text!r}: {exc}") from None
    return dt.date(), dt
