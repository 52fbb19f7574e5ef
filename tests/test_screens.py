"""The byte-level screens of the YAML reading agree with the text-level checks they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.validators.rules.meaning import _ANY, _ANY_UTF8
from newsledger.validators.yamldecode import (
    _BREAK_LOOKALIKE,
    _BREAK_LOOKALIKE_UTF8,
    _CONTROL,
    _CONTROL_UTF8,
)
from newsledger.validators.yamlread import _zero_values, read


def test_byte_screens_match_text_checks_on_every_code_point() -> None:
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        raw = char.encode()
        assert bool(_ANY.search(char)) == bool(_ANY_UTF8.search(raw)), hex(cp)
        assert bool(_CONTROL.search(char)) == bool(_CONTROL_UTF8.search(raw)), hex(cp)
        assert bool(_BREAK_LOOKALIKE.search(char)) == bool(_BREAK_LOOKALIKE_UTF8.search(raw)), hex(cp)


def test_zero_valuess_are_found_and_dates_are_not() -> None:
    for text in ("a: 012\n", "a: [1, 012]\n", "- 012\n", "a: -012\n", "a:\n  012\n", "012\n"):
        assert _zero_values(text.encode()), text
    for text in ("d: 2024-09-05\n", "t: 10:41:00\n", "x: 10\n", "x: 0\n", "u: https://e.com/2024/09/05\n", "a: 0x1F\n", "id: ab0b1\n"):
        assert not _zero_values(text.encode()), text


def test_hazard_words_are_short_enough_for_the_length_check_before_the_lookup() -> None:
    from newsledger.validators.yamlcore import _YAML11_BOOL
    from newsledger.validators.yamlread import _HAZARD_WORDS

    assert max(map(len, _HAZARD_WORDS)) < 4
    assert all(_YAML11_BOOL.match(w) for w in _HAZARD_WORDS)


def test_the_source_is_looked_at_where_the_values_cannot_tell() -> None:
    """Anchors, tags, merge keys, unquoted YAML 1.1 words and number spellings are
    looked up in the source (the position pass); a file with none of them is not."""
    for text in (
        "a: &x 1\nb: *x\n",
        "a: NO\n",
        "a: [yes, 1]\n",
        "a: 12:30\n",
        "a: 012\n",
        "a: 1_000\n",
        "a: 0b101\n",
        "<<: {a: 1}\n",
    ):
        assert read(text.encode()).located is not None, text
    plain = read(b"a: 'x: y'\nb: [1, 2]\nc: 2024-09-17\n")
    assert plain.located is None and plain.data == {"a": "x: y", "b": [1, 2], "c": "2024-09-17"}
    # A hazard word quoted everywhere needs no look (language: "no" is Norwegian);
    # written plain anywhere, in any position, it does.
    assert read(b"a: 'NO'\n").located is None
    assert read(b'language: "no"\nb: [\'no\', "12:30"]\n').located is None
    for text in (
        "a: 'no'\nb: [no]\n",
        "a: 'no'\nb: {c: no}\n",
        "a: 'no'\nb:\n  no\n",
        "a: 'no'\nb:\n  - no # a comment\n",
        "a: 'no'\nb: [x,no]\n",
        "a: '12:30'\nb: 12:30\n",
    ):
        assert read(text.encode()).located is not None, text


def test_number_spellings_keep_their_core_schema_reading() -> None:
    """yaml-rs reads these as numbers; the YAML 1.2 core schema as text."""
    for spelling in ("1_000", "0b101", "0X1F", "-0x1f", "+0o17", "0O17"):
        assert read(f"a: {spelling}\nb: [{spelling}]\n".encode()).data == {"a": spelling, "b": [spelling]}, spelling
    assert read(b"a: 0x1F\nb: 0o17\nc: 012\nd: -12\n").data == {"a": 31, "b": 15, "c": 12, "d": -12}


def test_cheap_screens_match_the_byte_patterns_on_every_code_point() -> None:
    from newsledger.validators.rules.meaning import may_hide_controls
    from newsledger.validators.yamldecode import _may_have_controls

    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or cp == 0x5C:  # a backslash always counts (escapes)
            continue
        raw = f"a {chr(cp)} b".encode()
        assert may_hide_controls(raw) == bool(_ANY_UTF8.search(raw)), hex(cp)
        assert _may_have_controls(raw) == bool(_CONTROL_UTF8.search(raw) or _BREAK_LOOKALIKE_UTF8.search(raw)), hex(cp)


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
    # Sorted as (name, value) pairs: "a" before "a-b", though "-" sorts before "=".
    assert canonical_url("https://example.com/x?a-b=1&a=2") == "https://example.com/x?a=2&a-b=1"


_QUERY_PIECES = ["a", "B", "a-b", "a.b", "_", "~", "0", "=", "&", "+", "%20", "é", "?", "/", ""]


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(["https://example.com", "https://WWW.Ex.org", "https://例え.jp", "https://x.com:443", "http://x.com"]),
    st.lists(st.sampled_from(["/", "a", "Б", "/x/", "//", "+"]), max_size=5).map(lambda p: "/" + "".join(p) if p else ""),
    st.one_of(st.just(""), st.lists(st.sampled_from(_QUERY_PIECES), max_size=10).map(lambda q: "?" + "".join(q))),
)
def test_canonical_url_fast_path_matches_the_general_one_on_any_query(origin: str, path: str, query: str) -> None:
    from newsledger.validators.rules.dataset import canonical_url, canonical_url_general

    url = origin + path + query
    assert canonical_url(url) == canonical_url_general(url), url


_URL_PIECES = [*"aZ09-._~/?&=#:@%+!$'()*,;", "utm_source", "fbclid", "ref_src", "é", "е", "記", "ß", "_"]
# A combining mark, a zero-width space, a space, a fullwidth solidus, a fraction slash, a Roman numeral
_URL_PIECES += ["\u0301", "\u200b", " ", "\uff0f", "\u2044", "\u2167"]
_URL_PART = st.lists(st.sampled_from(_URL_PIECES), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "https:/", "https://user:pw@", "HTTPS://"]),
    st.sampled_from(
        ["example.org", "пример.рф", "記事.jp", "a-b.c", "localhost", "ex_ample.org", "xn--e1afmkfd.xn--p1ai", ""]
    ),
    _URL_PART,
)
def test_url_shape_check_accepts_only_what_the_general_check_accepts(scheme: str, host: str, rest: str) -> None:
    from pydantic_core import PydanticCustomError

    from newsledger.schema.checks import _plain_https, https_url_general

    url = scheme + host + rest
    if _plain_https(url):
        try:
            https_url_general(url)
        except PydanticCustomError as exc:
            raise AssertionError(f"{url!r} passes the shape check but not the general one: {exc}") from None


def test_url_shape_check_takes_the_common_non_ascii_urls() -> None:
    from newsledger.schema.checks import _plain_https

    for url in (
        "https://пример.рф/2024/статья-1",
        "https://example.co.jp/記事-3",
        "https://news.example.com/a/1?id=1&lang=ja",
        "https://أخبار.example/story/2/",
    ):
        assert _plain_https(url), url
    for url in (
        "https://example.org/a?utm_source=x",
        "https://example.org/a?UTM_Medium=x&b=1",
        "https://example.org/a?x=1&fbclid=2",
    ):
        assert not _plain_https(url), url


_SCREEN_TEXT = st.text(st.sampled_from([*"&*!?ab:,[]{} \n\t-", "\u3000", "\u00a0", "\x85"]), max_size=30)


@settings(max_examples=1000, deadline=None)
@given(_SCREEN_TEXT)
def test_substring_screens_agree_with_their_regular_expressions(text: str) -> None:
    from newsledger.validators.yamlread import _NODE_PROPERTY, _node_property

    by_regex = any(m.start() == 0 or text[m.start() - 1] in " \n[{," for m in _NODE_PROPERTY.finditer(text))
    # The screens read the UTF-8 bytes; the regular expressions that define them, the text.
    assert _node_property(text.encode()) == by_regex


def test_a_long_registry_is_read_under_its_own_budget() -> None:
    from newsledger.validators.yamldecode import MAX_REGISTRY_NODES

    text = "".join(f"- id: person-{i:05d}\n  kind: person\n  name: \"Person number {i} of the long registry\"\n" for i in range(4000))
    data = read(text.encode(), max_nodes=MAX_REGISTRY_NODES).data
    assert isinstance(data, list) and len(data) == 4000 and data[-1]["id"] == "person-03999"
    assert [p.code for p in read(text.encode()).problems] == ["NL108"]  # over an entry's budget
    flood = "- [" + ", ".join(["1"] * (MAX_REGISTRY_NODES + 10)) + "]\n"
    assert [p.code for p in read(flood.encode(), max_nodes=MAX_REGISTRY_NODES).problems] == ["NL108"]


# --- the reading's screens read bytes; their definitions are about text ----------

_SPELLING_TEXT = st.lists(
    st.sampled_from([*"0123456789_bBxXoOeE +-:,[]{}#.\n?&*!%<aZ/iInNfF", ".inf", ".iNf", ".NaN", ".nAN", "...", "---", "\t", "\r", "\u3000", "\u00a0", "\x85", "é", "😀"]),
    max_size=40,
).map("".join)


def _needs_source_by_definition(text: str) -> bool:
    """What the reading's byte screens decide, written once more over the text with
    regular expressions (the implementation searches the UTF-8 bytes instead)."""
    import re

    from newsledger.validators.yamlread import _NODE_PROPERTY

    def starts_value(i: int) -> bool:
        return i == 0 or text[i - 1] in " \n[{,:"

    def ends_value(i: int) -> bool:
        return i == len(text) or text[i] in " \n]},#."

    # 1_000, _1, 7._, 0x_1f, 1e_5: a whole value of number characters, with an underscore and a digit
    for m in re.finditer(r"[0-9a-fA-FxXoObB_.+-]+", text):
        run = m.group()
        if "_" in run and re.search(r"[0-9]", run) and starts_value(m.start()) and ends_value(m.end()):
            return True
    # .iNf, -.NAn: an infinity or NaN in a case the core schema does not have
    for m in re.finditer(r"\.(?:[iI][nN][fF]|[nN][aA][nN])", text):
        start = m.start() - (1 if m.start() > 0 and text[m.start() - 1] in "+-" else 0)
        if m.group() not in (".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN") and starts_value(start) and ends_value(m.end()):
            return True
    for m in re.finditer(r"[+-]?0[bBXOxo]", text):  # 0b101, 0X1F, -0x1F
        if (m.group()[0] in "+-" or m.group()[-1] in "bBXO") and starts_value(m.start()):
            return True
    for m in re.finditer(r"0[0-9]+ *(?:[,\]}#]|$)", text, re.MULTILINE):  # 012, -07: a whole value
        i = m.start() - 1
        if i >= 0 and text[i] in "+-":
            i -= 1
        if i >= 0 and text[i] not in " [,":
            continue
        while i >= 0 and text[i] == " ":
            i -= 1
        if i < 0 or text[i] in ":-[,\n":
            return True
    return any(m.start() == 0 or text[m.start() - 1] in " \n[{," for m in _NODE_PROPERTY.finditer(text))


@settings(max_examples=3000, deadline=None)
@given(_SPELLING_TEXT)
def test_byte_screens_decide_as_their_definitions_over_the_text(text: str) -> None:
    from newsledger.validators.yamlread import _node_property, _number_spelling, _zero_values

    raw = text.encode()
    assert (_number_spelling(raw) or _zero_values(raw) or _node_property(raw)) == _needs_source_by_definition(text)


_HIDDEN_PIECES = ["a", " ", "é", "—", "😀", "\u200b", "\u200d", "\u202e", "\u2066", "\u2060", "\u00ad", "\ufeff", "\u0085", "\u061c", "\u180e"]
# In a double-quoted scalar: escapes that make hidden characters, and some that do not
_ESCAPE_PIECES = ["\\u202e", "\\u200B", "\\x1b", "\\e", "\\0", "\\N", "\\L", "\\_", "\\x41", "\\\\", '\\"', "\\n", "\\U0001F600", "\\\n  "]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_HIDDEN_PIECES), max_size=8).map("".join), min_size=1, max_size=4),
    st.sampled_from(["block", "single", "double"]),
    st.lists(st.sampled_from(_HIDDEN_PIECES + _ESCAPE_PIECES), max_size=8).map("".join),
)
def test_hidden_characters_lead_to_the_strings_the_full_search_finds(values: list[str], style: str, escaped: str) -> None:
    """Looking in a file's values only for the hidden characters its bytes hold or
    its escapes make finds the same strings as testing every value against every class."""
    from newsledger.validators.rules.meaning import hidden_characters, may_hide_controls, suspicious_strings

    if style == "block":
        text = "".join(f"k{i}: |\n  {v}\n" for i, v in enumerate(values))
    elif style == "single":
        text = "".join(f"k{i}: ['{v}', x]\n" for i, v in enumerate(values))
    else:
        text = "".join(f'k{i}: "{v}"\n' for i, v in enumerate(values)) + f'e: ["{escaped}", 1]\n'
    raw = text.encode()
    if not may_hide_controls(raw):
        return
    chars = hidden_characters(raw)
    assert chars is not None
    data = read(raw).data
    if data is not None:
        assert suspicious_strings(data, chars) == suspicious_strings(data)


def test_hidden_characters_are_those_written_and_those_escapes_make() -> None:
    from newsledger.validators.rules.meaning import hidden_characters

    assert hidden_characters(b'a: "\\u202e \\e"\n') == "\x1b\u202e"
    assert hidden_characters(b'a: "\\"quoted\\" \\\\u202e"\n') == ""  # an escaped backslash, then the letters u202e
    assert hidden_characters(b'a: "\\q"\n') is None  # not an escape YAML knows: anything
    assert hidden_characters(b"a: x\r\n") is None
    assert hidden_characters("a: x\u200by\u202e\n".encode()) == "\u200b\u202e"
    assert hidden_characters(b"a: plain\n") == ""
