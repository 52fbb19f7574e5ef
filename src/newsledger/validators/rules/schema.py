"""NL2xx: one record against the schema, and the mapping of every pydantic error.

Each pydantic error becomes a finding at the YAML node its ``loc`` points to (the
key for unknown fields, the parent mapping for missing ones), with the field path
in words and a hint. Errors raised by the models' meaning checks carry a rule
name as their type and map to their NL3xx code (see :mod:`.meaning`).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from newsledger.validators.diagnostics import Finding, Loc, Severity, loc_to_words
from newsledger.validators.rules.meaning import CUSTOM_TYPES
from newsledger.validators.rules.registry import declare

E = Severity.ERROR

declare("NL201", "missing-field", E, """
A required field is missing.

## What it does
Reports the mapping that lacks the field, naming the field.

## Why is this bad?
Required fields are what every user of the dataset relies on being there.

## Example
```yaml
article:
  id: antiwar-2024-09-17-iraqi-pm-coalition-end-date
  # no url
```

## Use instead
Add the field (docs/codebook.md lists what each record needs).
""")

declare("NL202", "unknown-field", E, """
A field that the schema does not define.

## What it does
Reports the key, and suggests the closest defined field name.

## Why is this bad?
A misspelt field (`headine`) is silently ignored by lenient readers, so the value
the curator meant to record is lost.

## Example
```yaml
article:
  headine: Iraqi PM Says ...
```

## Use instead
```yaml
article:
  headline: Iraqi PM Says ...
```
""")

declare("NL203", "wrong-type", E, """
A value has the wrong type (text where a list is expected, a number for text...).

## What it does
Reports the value with the type expected.

## Why is this bad?
Typed columns are the point of a release; one wrong type breaks every reader.

## Example
```yaml
authors: dave-decamp
```

## Use instead
```yaml
authors: [dave-decamp]
```
""")

declare("NL204", "not-in-vocabulary", E, """
A value is not one of the allowed values of its vocabulary.

## What it does
Reports the value and lists the allowed ones.

## Why is this bad?
Controlled vocabularies make records comparable; a free-text value falls out of
every count and filter.

## Example
```yaml
status: happened
```

## Use instead
```yaml
status: occurred
```
""")

declare("NL205", "bad-format", E, """
A text value does not have the required form (id pattern, length).

## What it does
Reports ids that are not lower-case slugs, empty text and over-long values.

## Why is this bad?
Ids end up in file names, URLs and joins; they must be plain ASCII slugs.

## Example
```yaml
id: Antiwar 2024/09/17
```

## Use instead
```yaml
id: antiwar-2024-09-17-iraqi-pm-coalition-end-date
```
""")

declare("NL206", "out-of-range", E, """
A number or list is outside its allowed range.

## What it does
Reports negative counts, empty lists that need an item (evidence), and the like.

## Why is this bad?
A casualty figure of -1 or an event without evidence cannot be right.

## Example
```yaml
evidence: []
```

## Use instead
At least one verbatim sentence from the body.
""")

declare("NL207", "schema-version", E, """
`schema_version` names a version this newsledger does not know.

## What it does
Reports the value and the versions supported.

## Why is this bad?
Fields are read by the rules of their schema version; an unknown version cannot be
checked.

## Example
```yaml
schema_version: 1.0
```

## Use instead
```yaml
schema_version: "1.0"
```
""")

declare("NL299", "schema-error", E, """
Any other schema violation.

## What it does
Reports a pydantic validation error that has no more specific code.

## Why is this bad?
The record does not conform to the published schema.

## Example
Depends on the error.

## Use instead
Follow the message and docs/codebook.md.
""")

_TYPE_CODES = {
    "missing": "NL201",
    "extra_forbidden": "NL202",
    "enum": "NL204",
    "literal_error": "NL204",
    "union_tag_invalid": "NL203",
    "string_pattern_mismatch": "NL205",
    "string_too_short": "NL205",
    "string_too_long": "NL205",
    "greater_than_equal": "NL206",
    "less_than_equal": "NL206",
    "greater_than": "NL206",
    "less_than": "NL206",
    "too_short": "NL206",
    "too_long": "NL206",
}

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def clean_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's union tags and dict-key markers so loc follows the YAML data."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if part in ("event", "ref") and i > 0 and isinstance(loc[i - 1], int) and len(out) >= 2 and out[-2] == "events":
            continue
        if part == "[key]":
            continue
        out.append(part)
    return tuple(out)


def _allowed_fields(model: Any, loc: Loc, data: Any) -> list[str]:
    from pydantic import BaseModel

    try:
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
    except (KeyError, IndexError, TypeError):
        return []
    # walk the model tree along loc
    cls = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(cls, "model_fields", {}).get(part)
        if info is None:
            return []
        cls = _inner_model(info.annotation, parent if isinstance(parent, dict) else None)
        if cls is None:
            return []
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return list(cls.model_fields)
    return []


def _inner_model(annotation: Any, _: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        stack.extend(get_args(ann))
    return None


def map_error(err: dict[str, Any], data: Any, model: Any) -> Finding:
    """Turn one pydantic error into a finding."""
    kind = err["type"]
    loc = clean_loc(tuple(err["loc"]))
    where = loc_to_words(loc)
    msg = err["msg"]
    if kind in CUSTOM_TYPES:
        return Finding(CUSTOM_TYPES[kind], loc, f"{where}: {msg}")
    if kind == "missing":
        field = loc[-1] if loc else "?"
        parent = loc_to_words(loc[:-1]) if len(loc) > 1 else "the entry"
        return Finding("NL201", loc[:-1], f"{parent}: missing required field '{field}'", "see docs/codebook.md for what it holds")
    if kind == "extra_forbidden":
        field = str(loc[-1]) if loc else "?"
        allowed = _allowed_fields(model, loc, data)
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else (f"allowed here: {', '.join(allowed)}" if allowed else None)
        return Finding("NL202", loc, f"{where}: unknown field '{field}'", hint, at_key=True)
    if kind in ("enum", "literal_error"):
        expected = (err.get("ctx") or {}).get("expected", "")
        if loc == ("schema_version",):
            from newsledger.schema.models import SCHEMA_VERSION, SCHEMA_VERSIONS

            supported = ", ".join(SCHEMA_VERSIONS)
            return Finding("NL207", loc, f"schema_version: {err.get('input')!r} is not a supported schema version ({supported})", f'write schema_version: "{SCHEMA_VERSION}" (quoted)')
        return Finding("NL204", loc, f"{where}: {err.get('input')!r} is not allowed; expected {expected}")
    if kind == "string_pattern_mismatch":
        value = err.get("input")
        name = _field_name(loc)
        if name in _PATTERN_CODES:
            code, what, hint = _PATTERN_CODES[name]
            if code == "NL302":
                hint = _datetime_hint(value)
            return Finding(code, loc, f"{where}: {value!r} is not {what}", _bad_char_hint(value) or hint)
        if name in _ID_FIELDS and isinstance(value, str) and any(ord(c) > 127 or not c.isprintable() for c in value):
            bad = next(c for c in value if ord(c) > 127 or not c.isprintable())
            return Finding(
                "NL314", loc,
                f"{where}: id contains the non-ASCII or invisible character U+{ord(bad):04X} ({_char_name(bad)})",
                "ids use a-z, 0-9 and hyphens only; retype it",
            )
        return Finding("NL205", loc, f"{where}: {value!r} does not have the required form ({(err.get('ctx') or {}).get('pattern')})",
                       "ids are lower-case slugs: a-z, 0-9 and single hyphens" if name in _ID_FIELDS else None)
    if kind in _TYPE_NAMES:
        value = err.get("input")
        return Finding(
            "NL203", loc,
            f"{where}: expected {_TYPE_NAMES[kind]}, got {_describe(value)}",
        )
    code = _TYPE_CODES.get(kind, "NL299")
    return Finding(code, loc, f"{where}: {msg}")


#: Patterned fields whose meaning rule, not NL205, explains a value of the wrong form.
_PATTERN_CODES = {
    "date": ("NL301", "an EDTF date (2024-09-17, 2024-09, 2024-09-01/2024-09-17, ../2024-09)", None),
    "said": ("NL301", "an EDTF date (2024-09-17, 2024-09, 2024-09-01/2024-09-17, ../2024-09)", None),
    "published": ("NL302", "a date (2024-09-17) or a datetime with a UTC offset (2024-09-17T14:05:00-04:00)", None),
    "updated": ("NL302", "a date (2024-09-17) or a datetime with a UTC offset (2024-09-17T14:05:00-04:00)", None),
    "country": ("NL308", "an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. IRQ)", None),
}


_LOCAL_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")


def _datetime_hint(value: object) -> str:
    """The fix for a publication date that does not have the required form: an offset
    only where a datetime lacks one (2024-09-17T14:05), else the form itself."""
    if isinstance(value, str) and _LOCAL_DATETIME.fullmatch(value.strip()):
        return "add the UTC offset, e.g. 2024-09-17T14:05:00+00:00 (or write the date alone, 2024-09-17)"
    return "write the date as YYYY-MM-DD, e.g. 2024-09-17 (a time needs its UTC offset: 2024-09-17T14:05:00-04:00)"


def _field_name(loc: Loc) -> str | None:
    """The field a location is in: authors[0] -> authors."""
    return next((p for p in reversed(loc) if isinstance(p, str)), None)


def _bad_char_hint(value: object) -> str | None:
    bad = next((c for c in value if ord(c) > 127 or not c.isprintable()), None) if isinstance(value, str) else None
    return None if bad is None else f"retype it: it contains U+{ord(bad):04X} ({_char_name(bad)})"


_ID_FIELDS = {"id", "ref", "publisher", "authors", "speaker", "via", "entity", "group", "place", "source", "parent", "event"}


def _char_name(c: str) -> str:
    import unicodedata

    return unicodedata.name(c, "unnamed character")


def _describe(value: Any) -> str:
    if value is None:
        return "null (nothing)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {short!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
