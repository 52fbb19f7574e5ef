"""What a plain (unquoted) scalar means: YAML 1.2's core schema, and YAML 1.1's.

:func:`resolve_plain` is the core schema's reading of a plain scalar, the one
newsledger applies; :func:`yaml11_hazard` says when a YAML 1.1 reader (PyYAML,
older tools) would read the same text as something else.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["resolve_plain", "yaml11_hazard"]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

# Plain scalars that YAML 1.1 readers (PyYAML, older tools) read differently.
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")


# Python refuses to convert decimal text of more than 4,300 digits (a guard against
# quadratic conversion); such a "number" is never a valid value, so it is read as
# the float it overflows to (inf) rather than crash the validator.
_MAX_INT_DIGITS = 4000


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def yaml11_hazard(text: str) -> str | None:
    """Why a plain scalar means something else to a YAML 1.1 reader, or None."""
    if _YAML11_BOOL.match(text):
        return f"YAML 1.1 readers take {text} for a boolean"
    if _YAML11_SEXAGESIMAL.match(text):
        return f"YAML 1.1 readers take {text} for a base-60 number"
    if _LEADING_ZERO.match(text):
        return f"{text} is {resolve_plain(text)} in YAML 1.2 but an octal number in YAML 1.1"
    return None

