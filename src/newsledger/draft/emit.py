"""Writing a draft as YAML: block style, the body as a literal block, comments kept short.

Text is written plain when a YAML 1.2 reader and a YAML 1.1 reader both read it
back as the same text, else double-quoted (JSON string syntax, which YAML reads).
"""

from __future__ import annotations

import json
import re
from typing import Any

from newsledger.draft.draft import Draft, Note

__all__ = ["render", "scalar"]

_SAFE = re.compile(r"[A-Za-z0-9(“‘][^\n\t#]*")


def scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    from newsledger.validators.yamlcore import resolve_plain, yaml11_hazard

    if not _SAFE.fullmatch(text) or text != text.strip() or ": " in text or text.endswith(":"):
        return False
    if any(c in text for c in "{}[],&*!|>'\"%@`") and not text[0].isalnum():
        return False
    if re.search(r"[{}\[\]]", text) or text[:2] == " -":
        return False
    return resolve_plain(text) == text and yaml11_hazard(text) is None


def _comment(note: str) -> str:
    return "  # " + " ".join(note.split())


def _write(value: Any, indent: int, out: list[str], prefix: str) -> None:
    pad = " " * indent
    comment = ""
    if isinstance(value, Note):
        value, comment = value.value, _comment(value.comment)
    if prefix == "-" and isinstance(value, dict) and value:
        _item(value, indent, out)
        return
    if isinstance(value, dict):
        if not value:
            out.append(f"{pad}{prefix} {{}}{comment}")
            return
        out.append(f"{pad}{prefix}{comment}")
        for k, v in value.items():
            _write(v, indent + 2, out, f"{k}:")
        return
    if isinstance(value, list):
        if not value:
            out.append(f"{pad}{prefix} []{comment}")
            return
        out.append(f"{pad}{prefix}{comment}")
        for item in value:
            _write(item, indent + 2, out, "-")
        return
    if isinstance(value, str) and "\n" in value:
        out.append(f"{pad}{prefix} |{comment}")
        out.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        return
    out.append(f"{pad}{prefix} {scalar(value)}{comment}")


def _item(value: dict[str, Any], indent: int, out: list[str]) -> None:
    start = len(out)
    for k, v in value.items():
        _write(v, indent + 2, out, f"{k}:")
    out[start] = " " * indent + "- " + out[start][indent + 2 :]


def render(draft: Draft, modeline: str, source: str) -> str:
    """The draft as the text of an entry file, ``modeline`` (the editor's) first."""
    out = [
        modeline,
        f"# Drafted by `newsledger new` from {source}. Every value starting with TODO: is a",
        "# decision left to the curator (`newsledger validate` reports each as NL320); check",
        "# every drafted value against the report, and remove candidates that are not records.",
    ]
    for k, v in draft.entry.items():
        _write(v, 0, out, f"{k}:")
    if draft.stubs:
        out += [
            "",
            "# Names in the text that are not in the entity registry. Add those that are",
            "# entities to dataset/entities/ (kind: person, government, military, armed_group,",
            "# coalition, media, igo, company, ngo, country or place), then use their ids above.",
        ]
        for s in draft.stubs:
            kind = s["kind"] if s["kind"] != "TODO" else "TODO"
            out += [f"# - id: {s['id']}", f"#   kind: {kind}", f"#   name: {scalar(s['name'])}"]
    return "\n".join(out) + "\n"
