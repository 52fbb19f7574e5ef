"""Dates a sentence gives, as EDTF, resolved against the publication date.

A date the text gives whole (``August 29, 2024``, ``September 2025``) is taken as
it is. A relative one (``on August 29``, ``in January``, ``earlier this month``,
``last week``, ``over the past year``) is resolved against the publication date and
carries the reason, for the entry's ``inferred``. Without a publication date a
relative date is not resolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates"]

MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}
#: AP style abbreviations (Jan. 3, Sept. 5): each stands for its month.
_ABBREVIATED = {"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
MONTHS.update(_ABBREVIATED)
_MONTH = "(?:" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAYS = {d: i for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}
_PREP = r"(?:[Ii]n|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Tt]hrough|[Ee]arly|[Ll]ate|[Mm]id-|[Ll]ast|[Nn]ext|[Tt]his|[Oo]f|[Bb]efore|[Aa]fter)"
_NUMBERS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str  # as in the sentence
    start: int
    edtf: str
    reason: str | None  # why it is inferred; None when the text gives it whole


def _ym(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _shift_month(d: dt.date, months: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + months
    return dt.date(k // 12, k % 12 + 1, 1)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b(?P<by>[Bb]y\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s+(?P<y>\d{{4}})\b")),
    ("dmy", re.compile(rf"\b(?P<by>[Bb]y\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\s+(?P<y>\d{{4}})\b")),
    ("my", re.compile(rf"\b(?P<by>[Bb]y\s+)?(?:(?:early|late|mid-)\s*)?(?P<mon>{_MONTH})\s+(?P<y>\d{{4}})\b")),
    ("md", re.compile(rf"\b(?P<by>[Bb]y\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})")),
    ("m", re.compile(rf"\b(?P<prep>{_PREP})\s+(?P<mon>{_MONTH})(?!\w)(?!\s+\d)")),
    ("y", re.compile(r"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Tt]hrough|[Bb]efore|[Aa]fter)\s+(?P<y>(?:19|20)\d{2})\b(?!,?\d)")),
    ("rel", re.compile(r"\b(?P<rel>(?:[Ee]arlier |[Ll]ater )?this (?:month|week|year)|[Ll]ast (?:month|week|year)|[Nn]ext (?:month|week|year)|[Yy]esterday|[Ll]ast night|[Tt]oday|[Tt]onight)\b")),
    ("past", re.compile(r"\b(?P<rel>(?:over |in |during )?the (?:past|last) (?:(?P<n>\d+|" + "|".join(_NUMBERS) + r") )?(?P<unit>day|week|month|year)s?)\b")),
    ("wd", re.compile(r"\b(?P<prep>[Oo]n|[Ll]ast)\s+(?P<wd>" + "|".join(_WEEKDAYS) + r")\b")),
]


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> tuple[str, str | None] | None:
    said = m.group(0)
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else None
    mon = MONTHS[g["mon"]] if g.get("mon") else None
    day = int(g["d"]) if g.get("d") else None
    by = bool(g.get("by"))
    if kind in ("iso", "mdy", "dmy"):
        if kind == "iso":
            mon = int(g["m"])
        assert y is not None and mon is not None and day is not None
        if not _valid(y, mon, day):
            return None
        value = f"{y:04d}-{mon:02d}-{day:02d}"
        return (f"../{value}", f"the text says '{said}': on or before that day") if by else (value, None)
    if kind == "my":
        assert y is not None and mon is not None
        value = f"{y:04d}-{mon:02d}"
        return (f"../{value}", f"the text says '{said}': by the end of that month at the latest") if by else (value, None)
    if kind == "y":
        return (g["y"], None) if g["prep"].lower() != "by" else (f"../{g['y']}", f"the text says '{said}': by that year at the latest")
    if pub is None:
        return None
    if kind == "md":
        assert mon is not None and day is not None
        if not _valid(pub.year, mon, day):
            return None
        value = f"{pub.year:04d}-{mon:02d}-{day:02d}"
        reason = f"the text says '{said}'; year taken from the article's publication date"
        return (f"../{value}", reason + "; 'by': on or before that day") if by else (value, reason)
    if kind == "m":
        assert mon is not None
        prep = g["prep"].lower()
        year = pub.year - 1 if prep == "last" and mon >= pub.month else pub.year + 1 if prep == "next" and mon <= pub.month else pub.year
        whose = "the article's publication date" if year == pub.year else f"the publication date ({prep} {g['mon']})"
        value = f"{year:04d}-{mon:02d}"
        reason = f"the text says '{said}'; year taken from {whose}"
        if prep == "by":
            return f"../{value}", reason + "; 'by': by the end of that month at the latest"
        if prep == "since":
            return f"{value}/..", reason
        return value, reason
    if kind == "rel":
        rel = g["rel"].lower()
        reason = f"the text says '{said}'; counted from the article's publication date"
        if rel in ("today", "tonight"):
            return pub.isoformat(), reason
        if rel in ("yesterday", "last night"):
            return (pub - dt.timedelta(days=1)).isoformat(), reason
        if rel.endswith("month"):
            shift = -1 if rel.startswith("last") else 1 if rel.startswith("next") else 0
            value = _ym(_shift_month(pub, shift))
            if rel.startswith("earlier"):
                return f"{value[:7]}-01/{pub.isoformat()}" if pub.day > 1 else pub.isoformat(), reason
            return value, reason
        if rel.endswith("year"):
            shift = -1 if rel.startswith("last") else 1 if rel.startswith("next") else 0
            return f"{pub.year + shift:04d}", reason
        monday = pub - dt.timedelta(days=pub.weekday())
        shift = -7 if rel.startswith("last") else 7 if rel.startswith("next") else 0
        first = monday + dt.timedelta(days=shift)
        last = first + dt.timedelta(days=6)
        if rel.startswith("earlier"):
            last = pub
        return f"{first.isoformat()}/{last.isoformat()}", reason
    if kind == "past":
        n_text = g.get("n")
        n = 1 if not n_text else int(n_text) if n_text.isdigit() else _NUMBERS[n_text]
        unit = g["unit"]
        if unit == "day":
            first = pub - dt.timedelta(days=n)
        elif unit == "week":
            first = pub - dt.timedelta(weeks=n)
        elif unit == "month":
            first = _shift_month(pub, -n).replace(day=min(pub.day, 28))
        else:
            first = pub.replace(year=pub.year - n, day=min(pub.day, 28) if pub.month == 2 else pub.day)
        return f"{first.isoformat()}/{pub.isoformat()}", f"the text says '{said}'; counted back from the article's publication date"
    if kind == "wd":
        back = (pub.weekday() - _WEEKDAYS[g["wd"]]) % 7
        if g["prep"].lower() == "last" and back == 0:
            back = 7
        day_ = pub - dt.timedelta(days=back)
        return day_.isoformat(), f"the text says '{said}'; taken as the last {g['wd']} on or before the publication date"
    return None


def find_dates(sentence: str, published: str | None) -> list[DateMention]:
    """Every date the sentence gives, in order; an overlapping shorter match is dropped."""
    pub = None
    if published:
        try:
            pub = dt.date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            resolved = _resolve(kind, m, pub)
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group(0), m.start(), resolved[0], resolved[1]))
    return sorted(found, key=lambda d: d.start)
