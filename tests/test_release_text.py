"""Quote offsets index the body as shipped, whatever the typography of the quote."""

from __future__ import annotations

import unicodedata

import pytest

from newsledger.release.text import Locator, locate
from newsledger.text import find_folded


@pytest.mark.parametrize(
    ("quote", "body", "expected"),
    [
        ("We will go", "He said “We will go” today.", "We will go"),
        ('"We will - go now..."', "x “We will — go  now…” y", "“We will — go  now…”"),
        ("line break", "a line\n  break here", "line\n  break"),
        ("café", "un cafe\u0301 noir", "cafe\u0301"),  # a decomposed body: offsets into it, not its NFC form
    ],
)
def test_span_is_the_quote_as_printed(quote: str, body: str, expected: str) -> None:
    span = locate(quote, body)
    assert span is not None
    assert body[span[0] : span[1]] == expected


def test_not_found_and_empty() -> None:
    assert locate("absent", "a body") is None
    assert locate("   ", "a body") is None


def test_verbatim_occurrence_wins_then_first_folded() -> None:
    body = '“Yes,” he said. "Yes," she said.'
    assert locate('"Yes,"', body) == (16, 22)  # the exact copy, though a folded match comes first
    assert locate("“Yes,”", body) == (0, 6)


def test_agrees_with_the_validators_matcher_on_nfc_bodies() -> None:
    body = "Al-Sudani said: “The justification for the coalition’s presence — no longer exists…”"
    assert unicodedata.is_normalized("NFC", body)
    for quote in ["The justification for the coalition's presence - no longer exists...", "coalition’s presence"]:
        assert locate(quote, body) == find_folded(body, quote)


def test_locator_folds_the_body_once() -> None:
    locator = Locator("a “b” c")
    assert locator.find('"b"') == (2, 5)
    folded = locator._folded
    assert locator.find("c") == (6, 7)
    assert locator._folded is folded
