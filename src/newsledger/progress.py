"""Progress bars for long work on a terminal, and nothing anywhere else.

``validate`` and ``build`` over thousands of files take seconds to minutes; on a
terminal a bar says how far they are. Nothing is printed when standard error is
not a terminal (CI logs, pre-commit, pipes) or with ``--quiet``, so the output
people parse never changes.

The bar is tqdm's: one small pure-Python package with no dependencies of its
own, maintained, that already handles terminal width, rate and ETA, and is
imported only when a bar is shown (``validate`` on the pre-commit path must
start fast). rich would do it too, at several times the import cost and
dependencies for features (markup, tables) newsledger does not use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["Progress", "terminal_progress"]

#: ``progress(done, total)``: ``done`` of ``total`` units finished so far.
Progress = Callable[[int, int], None]

#: A bar appears only for work that lasts longer than this (seconds).
DELAY = 0.5


@contextmanager
def terminal_progress(
    what: str, *, quiet: bool = False, stream: TextIO | None = None, unit: str = "files"
) -> Iterator[Progress | None]:
    """A ``progress(done, total)`` callback drawing a bar on ``stream`` (default
    standard error), or None when it is not a terminal or ``quiet`` is set.

    ``unit`` is ``"files"`` or ``"bytes"`` (shown as kB, MB... with the rate)."""
    stream = sys.stderr if stream is None else stream
    if quiet or not _is_terminal(stream):
        yield None
        return
    from tqdm import tqdm

    bars: list[tqdm[Any]] = []  # made at the first call, when the total is known

    def progress(done: int, total: int) -> None:
        if not bars:
            scale: dict[str, Any] = {"unit": "B", "unit_scale": True, "unit_divisor": 1024} if unit == "bytes" else {"unit": f" {unit}"}
            bars.append(tqdm(desc=what, total=total, file=stream, leave=False, delay=DELAY,
                             mininterval=0.1, dynamic_ncols=True, **scale))
        bar = bars[0]
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if done >= total:  # the work is done: no bar left under what is printed next
            bar.close()

    try:
        yield progress
    finally:
        for bar in bars:
            bar.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False
