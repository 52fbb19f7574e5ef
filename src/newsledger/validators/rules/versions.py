"""NL507: an entry written in an older schema version (read by that version's rules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsledger.validators.diagnostics import Finding, Severity
from newsledger.validators.rules.registry import rule

W = Severity.WARNING


@rule("NL507", "older-schema-version", W)
def older_schema_version(entry: dict[str, Any]) -> Iterator[Finding]:
    """The entry is written in an older schema version than the current one.

    ## What it does
    Warns when `schema_version` names a supported version older than the current
    one (1.0 while 1.1 is current). The entry is still checked, by the rules of
    the version it declares: a 1.0 entry may give one PLOVER `mode`, not a list.

    ## Why is this bad?
    Older versions are read for a while, not written: new fields and forms (a list
    of PLOVER modes) need the current version, and support for old versions ends
    at the next major version. `newsledger migrate` moves an entry forward without
    touching its comments or formatting.

    ## Example
    ```yaml
    schema_version: "1.0"
    ```

    ## Use instead
    Run `newsledger migrate PATH`, which writes:
    ```yaml
    schema_version: "1.1"
    ```
    """
    from newsledger.schema.models import SCHEMA_VERSION

    version = entry.get("schema_version")
    if isinstance(version, str) and version != SCHEMA_VERSION:
        yield Finding(
            "NL507",
            ("schema_version",),
            f"schema_version: this entry is written in schema {version}; the current version is {SCHEMA_VERSION}",
            f"run 'newsledger migrate PATH --to {SCHEMA_VERSION}' (comments and formatting are kept)",
        )


ENTRY_CHECKS = (older_schema_version,)
