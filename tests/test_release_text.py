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


# --- properties: the locator and the validator's matcher agree with the reference ---
#
# The reference is `fold(needle) in fold(body)`. The alphabet is chosen to break
# shortcuts: combining marks, Hangul syllables and conjoining jamo (class 0, yet
# they compose), Bengali two-part vowels, singleton decompositions (Ω, Å signs),
# typographic quotes, dashes, ellipses and assorted white space.

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsledger.text import fold, fold_map, occurs  # noqa: E402

_ALPHABET = (
    "ab e"
    "\u0301\u0308\u0323"  # combining acute, diaeresis, dot below
    "é\u00c5\u212b\u2126"  # precomposed é and Å, ANGSTROM SIGN, OHM SIGN
    "\uac00\u1100\u1161\u11a8"  # 가, jamo ᄀ ᅡ ᆨ
    "\u0995\u09c7\u09be\u09d7"  # ক, ে, া, ৗ
    "“”‘’\"'—–-…"
    " \n\t\u00a0\u2009\u3000\x1c\x85"
)
_text = st.text(st.sampled_from(_ALPHABET), max_size=40)


def _forms(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, *(unicodedata.normalize(f, text) for f in ("NFC", "NFD"))])


@st.composite
def _body_and_needle(draw: st.DrawFn) -> tuple[str, str]:
    body = draw(_forms(draw(_text)))
    if body and draw(st.booleans()):  # a slice of the body, maybe renormalised
        i = draw(st.integers(0, len(body) - 1))
        j = draw(st.integers(i + 1, len(body)))
        return body, draw(_forms(body[i:j]))
    return body, draw(_forms(draw(_text)))


@given(_text.flatmap(_forms))
def test_every_text_can_be_mapped(body: str) -> None:
    mapped = fold_map(body)
    assert mapped is not None and mapped.folded == fold(body)


@given(_body_and_needle())
def test_locate_agrees_with_folded_matching(case: tuple[str, str]) -> None:
    body, needle = case
    expected = bool(fold(needle)) and fold(needle) in fold(body)
    span = locate(needle, body)
    assert (span is not None) == expected
    if span is not None:
        start, end = span
        assert 0 <= start < end <= len(body)
        assert fold(needle) in fold(body[start:end])  # the span covers the quote


@given(_body_and_needle(), st.integers(1, 8))
def test_locate_agrees_across_chunk_boundaries(case: tuple[str, str], chunk: int) -> None:
    """Long bodies are mapped chunk by chunk; tiny chunks put every match across cuts."""
    from unittest import mock

    import newsledger.text

    body, needle = case
    with mock.patch.object(newsledger.text, "CHUNK", chunk):
        span = locate(needle, body)
    expected = bool(fold(needle)) and fold(needle) in fold(body)
    assert (span is not None) == expected
    if span is not None:
        assert fold(needle) in fold(body[span[0] : span[1]])
        assert span == locate(needle, body)  # the same span as one chunk gives


@given(_body_and_needle())
def test_validator_matcher_agrees_with_folded_matching(case: tuple[str, str]) -> None:
    body, needle = case
    if fold(needle):
        assert occurs(needle, body) == (fold(needle) in fold(body))


# Only characters that compose with their neighbours, so that a match whose end
# composes with what follows it (L + V | T, ক + ে | া) is common, not one in thousands.
_COMPOSING = st.lists(
    st.sampled_from(["\u1100\u1161\u11a8", "\u1100\u1161", "\u0995\u09c7\u09be", "\u0995\u09c7", "e\u0301", "a", " "]),
    min_size=1, max_size=6,
).map("".join)


@given(_COMPOSING, st.data())
def test_a_raw_match_is_trusted_only_where_nfc_cannot_join_it_to_its_neighbours(body: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(body) - 1))
    j = data.draw(st.integers(i + 1, len(body)))
    needle = body[i:j]
    if fold(needle):
        assert occurs(needle, body) == (fold(needle) in fold(body))


def test_a_syllable_cut_short_is_not_found_in_its_decomposed_word() -> None:
    word = unicodedata.normalize("NFD", "한국어")
    assert not occurs(word[:2], word)  # 하 is not in 한국어
    assert occurs(word[:3], word)
    vowel = "\u0995\u09c7\u09be"  # ক + ে + া: কো once composed
    assert not occurs(vowel[:2], vowel)


@pytest.mark.parametrize(
    ("quote", "body"),
    [
        ("서울은 안전하다", "대변인은 “서울은 안전하다”라고 말했다."),  # Hangul
        ("কোথায়", "x «কোথায়» y"),  # Bengali two-part vowel
    ],
)
def test_decomposed_bodies_in_scripts_that_compose_without_marks(quote: str, body: str) -> None:
    nfd = unicodedata.normalize("NFD", body)
    span = locate(quote, nfd)
    assert span is not None
    assert unicodedata.normalize("NFC", nfd[span[0] : span[1]]) == quote


def test_a_dropped_accent_is_not_found_in_a_decomposed_body() -> None:
    body = unicodedata.normalize("NFD", "The minister said “we will go to the café” today.")
    assert not occurs("we will go to the cafe", body)
    assert locate("we will go to the cafe", body) is None
    assert occurs("we will go to the café", body)


@given(_text.flatmap(_forms), st.integers(1, 8))
def test_chunked_fold_is_the_validators_fold(body: str, chunk: int) -> None:
    from unittest import mock

    import newsledger.text

    with mock.patch.object(newsledger.text, "CHUNK", chunk):
        assert newsledger.text.ChunkedText(body).folded == fold(body)


def test_nfc_never_joins_text_across_the_characters_windows_are_cut_before() -> None:
    """text._boundary_before is a claim about the Unicode database: each such
    character is a starter, and so is the first character of its decomposition,
    which is never the second half of a canonical composition."""
    import sys

    from newsledger.text import _boundary_before

    seconds = set()
    for cp in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    seconds.update(chr(cp) for cp in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)))  # Hangul V and T jamo
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or not _boundary_before(ch):
            continue
        first = unicodedata.normalize("NFD", ch)[0]
        assert unicodedata.combining(ch) == 0 and unicodedata.combining(first) == 0, hex(cp)
        assert first not in seconds, hex(cp)


_FILLER_WORDS = ["word ", "words ", "mot\u0301 ", "\u1100\u1161 ", "\u0995\u09c7\u09be ", "—", "\n\n", "ab"]
_FILLER = st.lists(st.sampled_from(_FILLER_WORDS), max_size=30).map("".join)


@given(_FILLER, _body_and_needle(), _FILLER, st.integers(0, 3), st.integers(0, 8), st.data())
def test_windowed_matching_agrees_with_folded_matching(
    before: str, case: tuple[str, str], after: str, scale: int, margin: int, data: st.DataObject
) -> None:
    """Windows of every size down to none, cut anywhere in decomposed or composing text,
    around a needle from the body, a near miss of one, or not: the matcher answers as
    folding the whole body."""
    from unittest import mock

    import newsledger.text

    middle, needle = case
    body = before + middle + after
    if data.draw(st.booleans()):  # a slice of the whole body, maybe with one character dropped
        i = data.draw(st.integers(0, len(body)))
        needle = body[i : data.draw(st.integers(i, len(body)))]
        if needle and data.draw(st.booleans()):
            k = data.draw(st.integers(0, len(needle) - 1))
            needle = needle[:k] + needle[k + 1 :]
        needle = data.draw(_forms(needle))
    with (
        mock.patch.object(newsledger.text, "_WINDOW_MIN_BODY", 0),
        mock.patch.object(newsledger.text, "_WINDOW_SCALE", scale),
        mock.patch.object(newsledger.text, "_WINDOW_MARGIN", margin),
    ):
        if fold(needle):
            assert occurs(needle, body) == (fold(needle) in fold(body))


def test_a_quote_in_a_long_mixed_body_is_found_without_folding_the_body() -> None:
    from unittest import mock

    import newsledger.text

    body = ("Le maire a parlé longuement du budget municipal. " * 40) + unicodedata.normalize(
        "NFD", "« Nous irons à Zürich », a déclaré la ministre."
    ) + (" Fin de séance." * 40)
    assert not unicodedata.is_normalized("NFC", body) and not unicodedata.is_normalized("NFD", body)
    real_fold = newsledger.text.fold
    folded: list[int] = []

    def counting_fold(text: str) -> str:
        folded.append(len(text))
        return real_fold(text)

    with mock.patch.object(newsledger.text, "fold", counting_fold):
        counting_fold.__wrapped__ = real_fold.__wrapped__  # type: ignore[attr-defined]
        assert occurs("«\u00a0Nous irons à Zürich\u00a0», a déclaré la ministre", body)
        assert max(folded) < len(body)  # found in a window; the body was never folded whole
        folded.clear()
        assert not occurs("Nous irons à Zurich", body)  # a dropped accent: no window says yes
        assert len(body) in folded  # and only the whole body can say no
        folded.clear()
        assert not occurs("a déclaré la ministre de Zürich", body)  # "ministre" is there, the quote is not
        assert len(body) in folded


def test_windows_are_never_cut_inside_a_composing_cluster() -> None:
    from unittest import mock

    import newsledger.text

    pad = " zzz" * 300
    cases = [
        ("abc", pad + " abc\u0301 def" + pad),  # a cut after "c" would drop the accent that joins it
        ("\u0301def", pad + " abc\u0301def" + pad),  # a cut before the accent would orphan it
        ("\u11a8xyz", pad + " \u1100\u1161\u11a8xyz" + pad),  # ᆨ is a starter, but joins ᄀ ᅡ into 각
    ]
    for scale, margin in ((0, 0), (1, 0), (1, 1)):
        with (
            mock.patch.object(newsledger.text, "_WINDOW_SCALE", scale),
            mock.patch.object(newsledger.text, "_WINDOW_MARGIN", margin),
        ):
            for needle, body in cases:
                assert not occurs(needle, body), (needle, scale, margin)
                assert fold(needle) not in fold(body)


def test_a_verbatim_occurrence_wins_in_a_body_of_mixed_normal_forms() -> None:
    """The rule for offsets is the first verbatim occurrence, else the first folded
    one, whatever the normal form of the rest of the body (a decomposed word
    elsewhere made the locator skip straight to folding)."""
    body = "Intro " + unicodedata.normalize("NFD", "Café") + " says – Đà Nẵng, then — Đà Nẵng at the end."
    assert not unicodedata.is_normalized("NFC", body)
    quote = "— Đà Nẵng"
    start, end = locate(quote, body)  # type: ignore[misc]
    assert body[start:end] == quote and start == body.index("—")
    # Folded, the en dash matches too, and comes first: it is the answer only without a verbatim one.
    start, end = locate("- Đà Nẵng", body)  # type: ignore[misc]
    assert body[start:end] == "– Đà Nẵng"
    # And a verbatim match NFC would join to its neighbour is not one: "Cafe" is not in "Café".
    assert locate("Cafe", body) is None
