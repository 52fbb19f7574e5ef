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
    "load_located",
    "locate",
    "resolve_plain",
    "yaml11_hazard",
]


def load_located(text: str, *, max_nodes: int = MAX_EXPANDED_NODES) -> Located:
    """Kept for callers written before the split (the round-trip editor): the values and
    problems of the one reading (:func:`.yamlread.read`), with the positions of
    :func:`locate`. New code calls ``read``/``locate`` (or ``newsledger.read_yaml``)."""
    from newsledger.validators.yamlread import read

    reading = read(text.encode("utf-8"), max_nodes=max_nodes)
    located = locate(text, max_nodes=max_nodes)
    located.data = reading.data if reading.readable else None
    located.problems = list(reading.problems)
    return located
