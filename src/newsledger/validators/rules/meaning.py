"""NL3xx: one record's meaning — dates, ranges, codes, URLs, PLOVER modes and types.

Value-level checks run inside the models (:mod:`newsledger.schema.checks`) and
surface as pydantic errors whose type is mapped to a code by ``CUSTOM_TYPES``.
Checks that compare fields across one entry are the functions below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from newsledger.validators.diagnostics import Finding, Severity
from newsledger.validators.rules.registry import declare, rule
from newsledger.validators.yamlload import LINE_AND_PARAGRAPH_SEPARATORS, beyond_plain_ascii, general_punctuation

E, W = Severity.ERROR, Severity.WARNING

#: pydantic custom error type (raised by newsledger.schema.checks) -> code
CUSTOM_TYPES = {
    "edtf": "NL301",
    "published_date": "NL302",
    "casualty_range": "NL304",
    "lat_lon": "NL305",
    "url": "NL306",
    "url_tracking": "NL307",
    "country_code": "NL308",
    "language_tag": "NL309",
    "plover_mode": "NL310",
    "inferred_field": "NL311",
    "place_fields": "NL312",
}

declare("NL301", "edtf-date", E, """
A date is not a valid EDTF date, or an interval ends before it starts.

## What it does
Parses every EDTF value (`date`, `said`, citation `date`) and checks the calendar:
2024-02-30 and month 13 do not exist; `2024-09/2024-01` runs backwards.

## Why is this bad?
Releases turn each date into its earliest and latest day; an impossible date has
neither.

## Example
```yaml
date: 2024-02-30
```

## Use instead
```yaml
date: 2024-02-29
```
""")

declare("NL302", "published-date", E, """
`published`/`updated` is not an ISO date or a datetime with a UTC offset.

## What it does
Accepts `2024-09-17` and `2024-09-17T14:05:00-04:00`; rejects other forms and
datetimes without an offset.

## Why is this bad?
A local time without an offset names a different instant in every time zone.

## Example
```yaml
published: 2024-09-17T14:05
```

## Use instead
```yaml
published: 2024-09-17T14:05:00-04:00
```
""")

declare("NL304", "casualty-range", E, """
Casualty figures are not ordered low <= best <= high, or none is given.

## What it does
Checks each casualty record's `low`, `best` and `high`.

## Why is this bad?
A range whose low is above its high is a typo that distorts every total.
A record with no figure should be left out: unknown is absent, never 0.

## Example
```yaml
casualties: [{outcome: killed, low: 5, best: 3}]
```

## Use instead
```yaml
casualties: [{outcome: killed, low: 3, best: 5}]
```
""")

declare("NL305", "coordinates", E, """
`lat`/`lon` are not paired or out of range.

## What it does
Requires both or neither, latitude in -90..90 and longitude in -180..180.

## Why is this bad?
A lone coordinate or a swapped pair puts an event in the wrong hemisphere.

## Example
```yaml
location: {lat: 33.3, precision: exact}
```

## Use instead
```yaml
location: {lat: 33.3, lon: 44.4, precision: exact}
```
""")

declare("NL306", "url", E, """
A URL is not an absolute https URL with a host, or carries credentials.

## What it does
Rejects `http:`, `javascript:`, `data:`, `file:` and relative URLs, URLs with
`user:password@`, spaces, control or invisible characters.

## Why is this bad?
Links in a published dataset are followed by readers and tools; only plain https
links to the report are safe and durable.

## Example
```yaml
url: http://news.antiwar.com/2024/09/17/...
```

## Use instead
```yaml
url: https://news.antiwar.com/2024/09/17/...
```
""")

declare("NL307", "url-tracking", E, """
A URL carries tracking parameters (`utm_*`, `fbclid`, `gclid`, ...).

## What it does
Lists the tracking parameters found in the query string.

## Why is this bad?
They identify a click, not the document: the same report gets many URLs and
duplicates slip past NL404.

## Example
```yaml
url: https://example.com/story?utm_source=twitter
```

## Use instead
```yaml
url: https://example.com/story
```
""")

declare("NL308", "country-code", E, """
A country code is not an assigned ISO 3166-1 alpha-3 code.

## What it does
Checks `country` against the ISO 3166-1 list maintained by pycountry.

## Why is this bad?
Joins with other event data (ACLED, UCDP, GDELT) go through country codes.

## Example
```yaml
country: IRK
```

## Use instead
```yaml
country: IRQ
```
""")

declare("NL309", "language-tag", E, """
`language` is not a valid BCP 47 tag.

## What it does
Checks the tag against the IANA subtag registry (via langcodes).

## Why is this bad?
Language filters and text tools key on the tag.

## Example
```yaml
language: english
```

## Use instead
```yaml
language: en
```
""")

declare("NL310", "plover-mode", E, """
An event's `mode` does not belong to the PLOVER type of its event type.

## What it does
Checks `mode` against the modes PLOVER defines for the type the event type maps to.

## Why is this bad?
The PLOVER crosswalk is how the data joins POLECAT-coded data; an impossible
type/mode pair cannot be mapped.

## Example
```yaml
type: airstrike      # ASSAULT
mode: withdraw       # a RETREAT mode
```

## Use instead
```yaml
type: airstrike
mode: aerial
```
""")

declare("NL311", "inferred-field", E, """
`inferred` names a field the record does not have.

## What it does
Checks the keys of `inferred` against the record's fields.

## Why is this bad?
The inference note is how users tell read values from inferred ones; a misspelt
key marks nothing.

## Example
```yaml
inferred: {dates: year from publication}
```

## Use instead
```yaml
inferred: {date: year from publication}
```
""")

declare("NL312", "place-fields", E, """
`lat`, `lon` or `geonames` is given for an entity that is not a place.

## What it does
Allows coordinates only on entities of kind `place`.

## Why is this bad?
An organisation has no single coordinate; maps would place it wrongly.

## Example
```yaml
- {id: reuters, kind: media, name: Reuters, lat: 51.5, lon: -0.1}
```

## Use instead
Drop the coordinates, or describe the place as its own entity.
""")

declare("NL314", "id-characters", E, """
An id contains a non-ASCII, look-alike or invisible character.

## What it does
Names the offending character (for example U+0430 CYRILLIC SMALL LETTER A, which
looks like a Latin a, or U+200B ZERO WIDTH SPACE).

## Why is this bad?
Two ids that look the same but differ in one invisible or look-alike character
break references and can be used to impersonate a record.

## Example
An id typed with a Cyrillic `а`.

## Use instead
Retype the id with a-z, 0-9 and hyphens.
""")


def latest_publication_day(published: str) -> Any:
    """The latest calendar day anywhere on Earth when the article was published.

    A bare date is taken as printed. A datetime names an instant, which falls on
    two calendar days somewhere in the world: an event dated by its local day (in
    Tokyo, say) may be a day "after" the publisher's own date and still precede
    the report. The latest day is the one in the easternmost time zone, UTC+14.
    """
    utc, ahead, _, parse_published = _dates()
    day, instant = parse_published(published)
    if instant is None:
        return day
    return (instant.astimezone(utc) + ahead).date()


@cache
def _dates() -> tuple[Any, Any, Any, Any]:
    """UTC, 14 hours, parse_edtf and parse_published: imported on first use (a run
    that checks no entry need not import them), then at the cost of a call, not of
    an import statement (a microsecond, for every entry)."""
    from datetime import UTC, timedelta

    from newsledger.schema.edtf import parse_edtf, parse_published

    return UTC, timedelta(hours=14), parse_edtf, parse_published


def published_words(published: str, day: Any) -> str:
    """How a finding names the publication date: as written, and the day it was compared with."""
    return published if published == day.isoformat() else f"{published}, {day} in UTC+14"


def _published_day(entry: dict[str, Any]) -> Any:
    return latest_publication_day(entry["article"]["published"])


@rule("NL303", "dated-after-article", E)
def dated_after_article(entry: dict[str, Any]) -> Iterator[Finding]:
    """An event that occurred (or is ongoing), or a quote, is dated after its article.

    ## What it does
    Compares the earliest day of each `occurred`/`ongoing` event's `date`, and of
    each quote's `said`, with the article's publication day. When `published` is
    a datetime with an offset, that day is the latest calendar day anywhere at that
    instant (in UTC+14): dates are often local, and a report published on the
    evening of 31 December in New York can tell of the morning of 1 January in Tokyo.

    ## Why is this bad?
    A report cannot tell of something that happened after it was published: the
    date (often a year inferred from the publication date) is wrong.

    ## Example
    ```yaml
    published: 2024-09-17
    events:
      - {status: occurred, date: 2024-10-02, ...}
    ```

    ## Use instead
    Fix the date, or use a status such as `planned` or `expected` for what is to come.
    """
    parse_edtf = _dates()[2]

    day = _published_day(entry)
    for i, event in enumerate(entry.get("events", [])):
        if "ref" in event or event.get("date") is None or event.get("status") not in ("occurred", "ongoing"):
            continue
        start = parse_edtf(event["date"]).start
        if start is not None and start > day:
            yield Finding(
                "NL303", ("events", i, "date"),
                f"events[{i}].date: event {event['status']} on {event['date']}, after the article was published ({published_words(entry['article']['published'], day)})",
                "check the date, or use status planned/expected",
            )
    for i, quote in enumerate(entry.get("quotes", [])):
        if quote.get("said") is None:
            continue
        start = parse_edtf(quote["said"]).start
        if start is not None and start > day:
            yield Finding("NL303", ("quotes", i, "said"), f"quotes[{i}].said: {quote['said']} is after the article was published ({published_words(entry['article']['published'], day)})")


#: Statuses of an event that is still to come.
_TO_COME = frozenset({"planned", "expected", "announced"})


def _to_come(event: dict[str, Any], day: Any) -> bool:
    """Whether the report tells of the event as still to come: planned, expected or
    announced, or reported (by others, unconfirmed) with a date after the article's
    publication: one that starts after it, or one with an open start that ends after
    it (a reported plan: "would withdraw by September 2025", ``../2025-09``)."""
    status = event.get("status")
    if status in _TO_COME:
        return True
    if status != "reported" or event.get("date") is None:
        return False
    when = _dates()[2](event["date"])
    if when.start is not None:
        return bool(when.start > day)
    return when.end is not None and when.end > day


def _future_recoded(entry: dict[str, Any], code: str, plover_types: frozenset[str], instead: str) -> Iterator[Finding]:
    from newsledger.schema.vocab import PLOVER_CROSSWALK

    day = None
    for i, event in enumerate(entry.get("events", [])):
        if "ref" in event:
            continue
        plover = PLOVER_CROSSWALK[event["type"]].type
        if plover not in plover_types:
            continue
        if day is None:
            day = _published_day(entry)
        if _to_come(event, day):
            why = event["status"] if event["status"] in _TO_COME else f"reported, dated {event['date']}"
            yield Finding(
                code, ("events", i, "type"),
                f"events[{i}].type: {event['type']} is PLOVER {plover}, but the event has not happened ({why}); "
                f"PLOVER codes it {instead}",
                _INSTEAD_HINT[code],
            )


_INSTEAD_HINT = {
    "NL316": "use withdrawal_announcement (a withdrawal) or concession (a ceasefire, a release): PLOVER CONCEDE",
    "NL317": "use agreement (PLOVER AGREE), or a status that says it happened if it did",
}


@rule("NL316", "future-retreat", E)
def future_retreat(entry: dict[str, Any]) -> Iterator[Finding]:
    """An event that has not happened is coded PLOVER RETREAT; PLOVER codes it CONCEDE.

    ## What it does
    Reports an event whose type maps to RETREAT (`troop_withdrawal`, `ceasefire`,
    `release`) when the report tells of it as still to come: its status is
    `planned`, `expected` or `announced`, or it is `reported` (other reporting,
    unconfirmed) with a date after the article's publication: starting after it,
    or with an open start (`../2025-09`, "by September 2025") and ending after it.

    ## Why is this bad?
    PLOVER's RETREAT is for events with "immediate (not simply promised) material
    consequences": troops gone, prisoners free, a ceasefire observed. Its manual
    says "Announcements of future retreats should be coded as CONCEDE" and CONCEDE
    covers "declarations (but not implementations) of ceasefires and withdrawals"
    (PLOVER_MANUAL.tex, openeventdata/PLOVER). A RETREAT row for a withdrawal that
    has not happened is counted as one by everyone who reads the PLOVER columns.
    Other events that did not happen (an expected strike, a denied raid) keep their
    PLOVER type: the release marks them with `plover_factuality` (`future`,
    `unconfirmed`, `negated`), PLOVER's auxiliary modes; NL317 covers cooperation.

    ## Example
    ```yaml
    - id: us-remove-troops-iraq-by-2025-09
      type: troop_withdrawal      # PLOVER RETREAT
      status: planned
      date: ../2025-09
    ```

    ## Use instead
    ```yaml
    - id: us-remove-troops-iraq-by-2025-09
      type: withdrawal_announcement   # PLOVER CONCEDE
      status: planned
      date: ../2025-09
    ```
    """
    return _future_recoded(entry, "NL316", frozenset({"RETREAT"}), "CONCEDE")


@rule("NL317", "future-cooperation", E)
def future_cooperation(entry: dict[str, Any]) -> Iterator[Finding]:
    """An event that has not happened is coded CONSULT, SUPPORT, COOPERATE or AID; PLOVER codes it AGREE.

    ## What it does
    Reports an event whose type maps to CONSULT, SUPPORT, COOPERATE or AID (talks,
    meetings, visits, support, cooperation, aid) when the report tells of it as
    still to come: its status is `planned`, `expected` or `announced`, or it is
    `reported` with a date after the article's publication (as for NL316).

    ## Why is this bad?
    PLOVER's AGREE covers promises and intentions: "Cooperative actions of types
    CONSULT, SUPPORT, COOPERATE, and AID reported in future tense are also taken to
    imply intentions and should be coded as AGREE", and "References to future
    meetings, summits, state visits [...] should be coded as AGREE" (PLOVER_MANUAL.tex,
    openeventdata/PLOVER). Coded as the cooperation itself, a promise of aid reads
    as aid delivered.

    ## Example
    ```yaml
    - id: aid-package-2024-10
      type: aid          # PLOVER AID
      status: announced
    ```

    ## Use instead
    ```yaml
    - id: aid-package-2024-10
      type: agreement    # PLOVER AGREE
      status: announced
    ```
    """
    return _future_recoded(entry, "NL317", frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"}), "AGREE")


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# C0 and C1 controls other than tab and line feed: a file cannot hold them raw
# (NL107 from decode), but a double-quoted "\\e", "\\0" or "\\x07" escape puts them in a value
# (may_hide_controls() is true of any file with a backslash).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY = re.compile(f"{_BIDI.pattern}|{_INVISIBLE.pattern}")
_SUSPICIOUS = re.compile(f"{_ANY.pattern}|{_CONTROL.pattern}")


# _BIDI and _INVISIBLE as UTF-8 byte sequences, for a quick scan of a file's bytes.
_ANY_UTF8 = re.compile(
    rb"\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0\xa6-\xa9]|\xef\xbb\xbf|\xc2\xad|\xe1\xa0\x8e|\xd8\x9c"
)


# Those of U+2000-U+206F are found by yamlload.general_punctuation() (one scan of a
# file for them and for U+2028/U+2029); the others after their lead byte.
_ANY_UTF8_BY_LEAD = (
    (0xEF, re.compile(rb"\xef\xbb\xbf").search),
    (0xC2, re.compile(rb"\xc2\xad").search),
    (0xE1, re.compile(rb"\xe1\xa0\x8e").search),
    (0xD8, re.compile(rb"\xd8\x9c").search),
)


def may_hide_controls(raw: bytes) -> bool:
    """Cheap test on a file's bytes: can any value hold a bidi or invisible character?

    True when one is present literally, or when the file has a backslash (a
    double-quoted escape such as "\u202e" could produce one).

    Every character _ANY_UTF8 matches is encoded without ASCII bytes, so it is
    searched for in the file's bytes other than printable ASCII, tab and line
    breaks only (deleted in C; a few dozen bytes are left of a typical file). Kept bytes stay in order, so nothing is
    missed; in valid UTF-8 nothing is found that is not there either, since each
    match starts at a lead byte followed by its own continuation bytes.
    """
    if b"\\" in raw:
        return True
    # The bytes left by the control screen (it keeps ASCII controls, which are no
    # part of a match): one deletion pass over the file for both screens.
    rest = beyond_plain_ascii(raw)
    if not rest:
        return False
    # _ANY_UTF8 by literal searches: a regex whose alternatives start with different
    # bytes walks every byte of a non-Latin file; these run at memchr speed.
    # A lead byte first (a memchr), then the sequence: a regex with a literal first
    # byte, which scans at C speed where a substring search of two or three bytes does not.
    # The U+2000-U+206F ones come from the scan the control screen made of this file.
    return bool(general_punctuation(raw) - LINE_AND_PARAGRAPH_SEPARATORS) or any(
        lead in rest and search(rest) is not None for lead, search in _ANY_UTF8_BY_LEAD
    )


Suspicious = list[tuple[tuple[str | int, ...], str]]


def suspicious_strings(value: Any, chars: str | None = None) -> Suspicious:
    """Text values holding a bidi control or invisible character, with their locs, by loc.

    The three rules that read them take the list from the engine, which walks
    each entry once for all three. With ``chars`` (:func:`hidden_characters` of the
    file), only those characters are looked for, and only in values that are not
    ASCII unless one of them is: a substring search each, where the regular
    expression tests every character of a long body against its classes.
    """
    found: Suspicious = []
    if isinstance(value, str):
        return [((), value)] if _SUSPICIOUS.search(value) else []
    # A loc is built for containers and matches only, not for every string.
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    search = _SUSPICIOUS.search
    ascii_too = chars is not None and any(c.isascii() for c in chars)  # a control an escape made
    while stack:
        loc, node = stack.pop()
        items: Any = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in items:
            if isinstance(v, str):
                if (search(v) if chars is None else (ascii_too or not v.isascii()) and any(c in v for c in chars)):
                    found.append(((*loc, k), v))
            elif isinstance(v, (dict, list)):
                stack.append(((*loc, k), v))
    found.sort(key=lambda x: str(x[0]))
    return found


#: The characters of _SUSPICIOUS that a file can hold as they are (decode() refuses
#: the other controls), as UTF-8, besides those general_punctuation() finds: U+0085, U+00AD,
#: U+061C, U+180E and U+FEFF.
_LITERAL_SUSPICIOUS = (b"\xc2\x85", b"\xc2\xad", b"\xd8\x9c", b"\xe1\xa0\x8e", b"\xef\xbb\xbf")


#: What a double-quoted escape of one character makes (YAML 1.2, 5.7); "" for an
#: escaped line break. The x, u and U escapes take 2, 4 and 8 hex digits.
_ESCAPED = {
    **{ord(k): v for k, v in {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r",
                              "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
                              "P": "\u2029"}.items()},
    0x09: "\t", 0x0A: "",
}
_HEX_ESCAPE = {ord("x"): 2, ord("u"): 4, ord("U"): 8}
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


def _escaped_characters(raw: bytes) -> set[str] | None:
    """Every character a backslash escape in ``raw`` can make, or None if one is not
    an escape YAML knows. Escapes pair from the left, as in a double-quoted scalar;
    a backslash elsewhere (plain, single-quoted, block text, a comment) is taken
    for an escape too, which can only add characters."""
    made: set[str] = set()
    i = raw.find(b"\\")
    while i >= 0:
        if i + 1 >= len(raw):
            return None
        kind = raw[i + 1]
        if kind in _ESCAPED:
            made.add(_ESCAPED[kind])
            i = raw.find(b"\\", i + 2)
            continue
        width = _HEX_ESCAPE.get(kind)
        digits = raw[i + 2 : i + 2 + width] if width else b""
        if not width or len(digits) != width or not all(d in _HEX_DIGITS for d in digits) or int(digits, 16) > 0x10FFFF:
            return None
        made.add(chr(int(digits, 16)))
        i = raw.find(b"\\", i + 2 + width)
    return made


def hidden_characters(raw: bytes) -> str | None:
    """The characters of _SUSPICIOUS that values parsed from a file's bytes can hold:
    those the file holds literally (a value's characters are the file's, and line
    breaks; searched in the bytes other than plain ASCII) and those its escapes make.
    None for any of them: an escape YAML does not know, or a carriage return."""
    if b"\r" in raw:
        return None
    made = _escaped_characters(raw) if b"\\" in raw else set()
    if made is None:
        return None
    rest = beyond_plain_ascii(raw)
    found = set(general_punctuation(raw) - LINE_AND_PARAGRAPH_SEPARATORS)
    found.update(encoded for encoded in _LITERAL_SUSPICIOUS if encoded[0] in rest and encoded in rest)
    chars = {encoded.decode() for encoded in found} | {c for c in made if _SUSPICIOUS.match(c)}
    return "".join(sorted(chars))


@rule("NL315", "bidi-control", E)
def bidi_control(entry: dict[str, Any], found: Suspicious | None = None) -> Iterator[Finding]:
    """Text contains Unicode bidirectional control characters.

    ## What it does
    Reports U+202A-U+202E, U+2066-U+2069, U+200E/U+200F and U+061C in any text
    value, naming the character.

    ## Why is this bad?
    They reorder how text is displayed ("Trojan Source"), so a reviewer reads
    something other than what the file says. Real right-to-left text (Arabic,
    Hebrew) needs none of them.

    ## Example
    A headline pasted with an embedded U+202E RIGHT-TO-LEFT OVERRIDE.

    ## Use instead
    Delete the control characters; keep the letters.
    """
    for loc, text in suspicious_strings(entry) if found is None else found:
        match = _BIDI.search(text)
        if match is not None:
            hit = match.group()
            yield Finding(
                "NL315", loc,
                f"{_words(loc)}: contains the bidirectional control U+{ord(hit):04X} ({unicodedata.name(hit, '?')})",
                "delete it; it changes how the text displays",
            )


@rule("NL505", "invisible-characters", W)
def invisible_characters(entry: dict[str, Any], found: Suspicious | None = None) -> Iterator[Finding]:
    """Text contains zero-width or other invisible characters.

    ## What it does
    Reports U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF, soft hyphens,
    U+180E, and U+200C ZERO WIDTH NON-JOINER / U+200D ZERO WIDTH JOINER except
    between two letters, marks or symbols (not both ASCII), where they are
    spelling: Persian (می‌خواهیم), Indic scripts, emoji sequences (👨‍👩‍👧).
    Between two ASCII letters (`head‍line`) a joiner joins nothing and is still
    reported: invisible characters there are how pasted text is watermarked.
    Points at the character where the value's source shows it.

    ## Why is this bad?
    Invisible characters make verbatim matching of quotes fail and hide
    differences between strings that look equal.

    ## Example
    A quote pasted from a web page with a zero-width space inside a word.

    ## Use instead
    Delete the character unless the script needs it.
    """
    for loc, text in suspicious_strings(entry) if found is None else found:
        for match in _INVISIBLE.finditer(text):
            at = match.start()
            hit = match.group()
            if hit in _JOINERS and _joins(text, at):
                continue
            yield Finding(
                "NL505", loc,
                f"{_words(loc)}: contains the invisible character U+{ord(hit):04X} ({unicodedata.name(hit, '?')})",
                "delete it unless the script needs it",
                offset=at,
            )
            break  # one finding per value


_JOINERS = frozenset("\u200c\u200d")


def _joins(text: str, at: int) -> bool:
    """Whether the joiner at ``at`` stands between two characters it can join: letters
    and marks (ZWNJ in Persian, ZWJ in Indic conjuncts) or symbols (emoji sequences;
    the emoji presentation selector U+FE0F before a ZWJ is a mark)."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    if before.isascii() and after.isascii():  # Latin text needs no joiner (see the docs)
        return False
    return _joinable(before) and _joinable(after)


def _joinable(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LM" or category in ("So", "Sk")


def control_characters(entry: dict[str, Any], found: Suspicious | None = None) -> Iterator[Finding]:
    """NL107 (declared in .file) for control characters that escapes put into text values."""
    for loc, text in suspicious_strings(entry) if found is None else found:
        match = _CONTROL.search(text)
        if match is not None:
            yield Finding(
                "NL107", loc,
                f"{_words(loc)}: contains the control character U+{ord(match.group()):04X}",
                "remove it; text values hold no control characters other than line breaks",
            )


def _words(loc: tuple[str | int, ...]) -> str:
    from newsledger.validators.diagnostics import loc_to_words

    return loc_to_words(loc)


ENTRY_CHECKS = (dated_after_article, future_retreat, future_cooperation, bidi_control, invisible_characters, control_characters)
#: checks that only find something when :func:`may_hide_controls` is true of the file
TEXT_GATED = frozenset({bidi_control, invisible_characters, control_characters})
