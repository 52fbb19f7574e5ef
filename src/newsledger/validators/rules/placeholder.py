"""NL320: a decision a draft left open (a ``TODO:`` placeholder).

``newsledger new`` drafts an entry from an article's text; what the text does not
decide (an event's type, a quote's speaker when no cue names one) it writes as a
text value starting with ``TODO:``. Each such value is one NL320 error, and the
schema errors it would also raise (a placeholder is not a slug, an EDTF date or a
vocabulary value) are not reported on top: a draft never passes, and says once
what is left to decide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsledger.validators.diagnostics import Finding, Loc, Severity
from newsledger.validators.rules.registry import declare

__all__ = ["MARK", "PLACEHOLDER", "placeholder_findings", "placeholders", "under"]

#: A value starting with this is a decision left to the curator.
PLACEHOLDER = "TODO:"
#: The bytes a file holding a placeholder contains (a quick screen before the walk).
MARK = PLACEHOLDER.encode()

declare("NL320", "draft-placeholder", Severity.ERROR, """
A value is a placeholder (`TODO: ...`) that a draft left for the curator to decide.

## What it does
Reports every text value starting with `TODO:`, with what it asks for. Written by
`newsledger new` where the article's text does not decide a value (an event's type
and status, a quote's speaker when no attribution names one). Schema errors the
placeholder itself causes (it is not an id, a date or a vocabulary value) are not
reported on top of it.

## Why is this bad?
A drafted entry is not curated until someone has read the report and decided each
open value; the placeholder makes sure a draft never passes validation as finished.

## Example
```yaml
events:
  - id: "TODO: event id (a slug)"
    type: "TODO: an event type (docs/codebook.md)"
```

## Use instead
```yaml
events:
  - id: 2024-08-29-us-raid-suspected-isis-hideout
    type: raid
```
""")


def placeholders(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(loc, text) of every placeholder in parsed data, keys excepted."""
    if isinstance(value, str):
        if value.startswith(PLACEHOLDER):
            yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from placeholders(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from placeholders(v, (*loc, i))


def placeholder_findings(found: list[tuple[Loc, str]]) -> list[Finding]:
    from newsledger.validators.diagnostics import loc_to_words

    return [
        Finding("NL320", loc, f"{loc_to_words(loc)}: left for the curator: {text[len(PLACEHOLDER):].strip()}",
                "replace the placeholder with the value the report supports (or remove an optional field)")
        for loc, text in found
    ]


def under(loc: Loc, found: list[tuple[Loc, str]]) -> bool:
    """Whether ``loc`` is a placeholder's location or inside one."""
    return any(loc[: len(p)] == p for p, _ in found)
