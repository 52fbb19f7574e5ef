"""The byte-level screens of the validator's fast path agree with the text-level checks."""

from __future__ import annotations

from newsledger.validators.rules.meaning import _ANY, _ANY_UTF8
from newsledger.validators.yamlload import _CONTROL, _CONTROL_UTF8, _leading_zero_value, load_fast


def test_byte_screens_match_text_checks_on_every_code_point() -> None:
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        raw = char.encode()
        assert bool(_ANY.search(char)) == bool(_ANY_UTF8.search(raw)), hex(cp)
        assert bool(_CONTROL.search(char)) == bool(_CONTROL_UTF8.search(raw)), hex(cp)


def test_leading_zero_values_are_found_and_dates_are_not() -> None:
    for text in ("a: 012\n", "a: [1, 012]\n", "- 012\n", "a: -012\n", "a:\n  012\n", "012\n"):
        assert _leading_zero_value(text), text
    for text in ("d: 2024-09-05\n", "t: 10:41:00\n", "x: 10\n", "x: 0\n", "u: https://e.com/2024/09/05\n"):
        assert not _leading_zero_value(text), text


def test_fast_path_declines_what_the_reference_parser_must_judge() -> None:
    for text in (
        "a: &x 1\nb: *x\n",
        "a: !!str x\n",
        "a: 1\n---\nb: 2\n",
        "a: NO\n",
        "a: [yes, 1]\n",
        "a: 12:30\n",
        "a: 012\n",
        "<<: {a: 1}\n",
        "a:\tb\n",
        "%YAML 1.1\n---\na: 1\n",
    ):
        assert load_fast(text) is None, text
    assert load_fast("a: 'x: y'\nb: [1, 2]\nc: 2024-09-17\n") == {"a": "x: y", "b": [1, 2], "c": "2024-09-17"}
    # A hazard word quoted everywhere stays on the fast path (language: "no" is
    # Norwegian); written plain anywhere, in any position, the file is declined.
    assert load_fast("a: 'NO'\n") == {"a": "NO"}
    assert load_fast('language: "no"\nb: [\'no\', "12:30"]\n') == {"language": "no", "b": ["no", "12:30"]}
    for text in (
        "a: 'no'\nb: [no]\n",
        "a: 'no'\nb: {c: no}\n",
        "a: 'no'\nb:\n  no\n",
        "a: 'no'\nb:\n  - no # a comment\n",
        "a: 'no'\nb: [x,no]\n",
        "a: '12:30'\nb: 12:30\n",
    ):
        assert load_fast(text) is None, text


def test_cheap_screens_match_the_byte_patterns_on_every_code_point() -> None:
    from newsledger.validators.rules.meaning import may_hide_controls
    from newsledger.validators.yamlload import _may_have_controls

    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or cp == 0x5C:  # a backslash always counts (escapes)
            continue
        raw = f"a {chr(cp)} b".encode()
        assert may_hide_controls(raw) == bool(_ANY_UTF8.search(raw)), hex(cp)
        assert _may_have_controls(raw) == bool(_CONTROL_UTF8.search(raw)), hex(cp)


def test_canonical_url_fast_path_matches_the_general_one() -> None:
    from newsledger.validators.rules.dataset import canonical_url, canonical_url_general

    for url in (
        "https://news.antiwar.com/2024/09/17/iraqi-pm/",
        "https://WWW.Example.com",
        "https://example.com/",
        "https://example.com/a/b//",
        "https://www.example.com/Path/With/Case",
        "https://example.com:8443/x",
        "https://example.com/x?b=2&a=1#frag",
        "https://user@example.com/x",
    ):
        assert canonical_url(url) == canonical_url_general(url), url
    assert canonical_url("https://WWW.Example.com/a/") == "https://example.com/a"
    assert canonical_url("https://example.com/x?b=2&a=1#top") == "https://example.com/x?a=1&b=2"
