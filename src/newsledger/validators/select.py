"""Choosing codes with --select and --ignore: the most specific prefix wins.

``--select NL4 --ignore NL402`` keeps every NL4xx code but NL402;
``--ignore NL5 --select NL501`` drops advice except NL501. When a code matches a
select and an ignore prefix of the same length, ignore wins. With no
``--select``, every code is selected.
"""

from __future__ import annotations

from collections.abc import Sequence


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    chosen = _longest(code, select) if select else 0
    dropped = _longest(code, ignore)
    if chosen < 0:
        return False
    return dropped < chosen or (dropped < 0)
