"""Placing a character of a text value (NL505): exact where the source shows the
value's characters as they are, the value's own position otherwise."""

from __future__ import annotations

import pytest

from newsledger.validators.yamllocate import locate

Z = "\u200b"


def where(text: str, loc: tuple[str | int, ...], char: str = Z) -> tuple[tuple[int, int], tuple[int, int]]:
    located = locate(text)
    value = located._value(loc)
    assert isinstance(value, str)
    return located.char_position(loc, value.index(char)), located.position(loc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"a:\n  b: x{Z}y\n", (2, 7)),
        (f"a:\n  b: 'x{Z}y'\n", (2, 8)),
        (f'a:\n  b: "x{Z}y"\n', (2, 8)),
        (f"a:\n  b: [p, 'q{Z}']\n", None),  # not a mapping value: see the list case below
        (f"a:\n  b: |\n    one\n\n    tw{Z}o\n", (5, 7)),
        (f"a:\n  b: |-  # comment\n      one\n      tw{Z}o\n", (4, 9)),
        (f"a:\n  b: \U0001F600 x{Z}\n", (2, 9)),  # columns count characters, astral ones as one
    ],
)
def test_exact_positions(text: str, expected: tuple[int, int] | None) -> None:
    if expected is None:
        assert where(text, ("a", "b", 1))[0] == (2, 12)
        return
    assert where(text, ("a", "b"))[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        'a:\n  b: "x\\u200by"\n',  # an escape: the source does not show the character
        f"a:\n  b: >\n    one\n    tw{Z}o\n",  # folded
        f"a:\n  b: |2\n      one\n    tw{Z}o\n",  # an indentation indicator
        f"a:\n  b: first\n    tw{Z}o\n",  # a plain scalar over two lines
        f'a:\n  b: "first\n    tw{Z}o"\n',  # a quoted scalar over two lines
        f"a:\r\n  b: |\r\n    one\r\n    tw{Z}o\r\n",  # CRLF
    ],
)
def test_falls_back_to_the_value(text: str) -> None:
    char_at, value_at = where(text, ("a", "b"))
    assert char_at == value_at
