"""The names other modules imported from here before the YAML layer was split.

Reading a file is three steps, each in its own module: :mod:`.yamldecode` (bytes
to text, byte screens), :mod:`.yamlread` (the one reading that decides values and
problems) and :mod:`.yamllocate` (line and column); :mod:`.yamlcore` says what a
plain scalar means. New code imports from those.
"""

from __future__ import annotations

from newsledger.validators.yamlcore import resolve_plain, yaml11_hazard
from newsledger.validators.yamldecode import (
    LINE_AND_PARAGRAPH_SEPARATORS,
    MAX_BYTES,
    MAX_EXPANDED_NODES,
    MAX_REGISTRY_NODES,
    FileProblem,
    beyond_plain_ascii,
    decode,
    general_punctuation,
)
from newsledger.validators.yamllocate import Located, locate

__all__ = [
    "LINE_AND_PARAGRAPH_SEPARATORS",
    "MAX_BYTES",
    "MAX_EXPANDED_NODES",
    "MAX_REGISTRY_NODES",
    "FileProblem",
    "Located",
    "beyond_plain_ascii",
    "decode",
    "general_punctuation",
    "locate",
    "resolve_plain",
    "yaml11_hazard",
]
