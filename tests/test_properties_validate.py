"""Properties of ``newsledger validate`` on arbitrary input (hypothesis).

* Arbitrary bytes and arbitrary YAML-ish text given to ``check_file`` never
  raise, never produce an internal error (NL001), and every diagnostic has a
  registered code and a line and column.
* The reading that decides (``yamlread.read``, yaml-rs) and the position pass
  (``yamllocate.locate``, libyaml events) agree on every document both read:
  same values and types, a position for every node, and no YAML 1.1 hazard
  written unquoted goes unseen by the reading. ``newsledger.read_yaml`` gives
  what the reading gives.
* Mutations of the seed entry (fields dropped, retyped, perturbed, duplicated,
  reordered) never make validation raise, and whenever the result is invalid
  there is at least one located error.

Examples are derandomized (the same on every run) and bounded so the module runs
in well under a minute. Inputs that are known to break a property are listed in
``KNOWN_*`` below and checked as strict xfails (see tests/hostile/EXPECTED.yaml,
``bugs:``); when a fix lands, the xfail fails and the entry must be moved back.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from newsledger import read_yaml
from newsledger.validators.diagnostics import Severity
from newsledger.validators.engine import check_dataset, check_file
from newsledger.validators.rules import all_rules
from newsledger.validators.yamlcore import resolve_plain, yaml11_hazard
from newsledger.validators.yamllocate import locate
from newsledger.validators.yamlread import read

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "dataset" / "articles").glob("*/*.yaml"))
ENTITIES = REPO / "dataset" / "entities"
RULES = set(all_rules())


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.fixture(scope="module", autouse=True)
def _workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A scratch directory for the module, and the validation cache kept inside it."""
    root = tmp_path_factory.mktemp("properties")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSLEDGER_CACHE_DIR", str(root / "cache"))
        global WORK
        WORK = root
        yield root


WORK: Path = Path(tempfile.gettempdir())


def _check(raw: bytes, name: str = "2024/arbitrary-entry.yaml", kind: str = "entry") -> list[Any]:
    """check_file on a real file holding ``raw``; the universal properties of its result."""
    path = WORK / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    result = check_file(path, f"articles/{name}", kind)  # documented never to raise
    for d in result.diagnostics:
        assert d.code != "NL001", f"internal error: {d.message}"
        assert d.code in RULES, f"unregistered code {d.code}"
        assert d.line >= 1 and d.col >= 1, f"{d.code} not located: {d.line}:{d.col} {d.message}"
        assert d.severity is all_rules()[d.code].severity
    return result.diagnostics


# --- arbitrary bytes and YAML-ish text ------------------------------------------------------

MINIMAL_ENTRY = """\
schema_version: "1.0"
article:
  id: arbitrary-entry
  url: https://example.org/news/arbitrary-entry
  publisher: example-news
  authors: [jane-doe]
  headline: A headline
  published: 2024-11-17
  language: en
  genre: news
  rights: {text: withheld}
  body: |
    Jane Doe wrote this report.
"""


@st.composite
def spliced_bytes(draw: st.DrawFn) -> bytes:
    """A valid entry with random bytes written over or into it."""
    data = bytearray(MINIMAL_ENTRY.encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if draw(st.booleans()):
            data[at : at + len(chunk)] = chunk
        else:
            data[at:at] = chunk
    return bytes(data)


@_settings(150)
@given(st.one_of(st.binary(max_size=600), spliced_bytes()))
@example(b"")
@example(b"\xff\xfe\x00\x00")
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"- " * 300)
def test_arbitrary_bytes_never_break_validation(raw: bytes) -> None:
    _check(raw)


TOKENS = [
    # keys of the schema, and words
    "schema_version",
    "article",
    "quotes",
    "events",
    "id",
    "url",
    "body",
    "text",
    "date",
    "best",
    "location",
    "lat",
    "inferred",
    "jane-doe",
    "x",
    # indicators and structure
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "'",
    '"',
    "? ",
    "|",
    "|-",
    ">",
    ">+",
    "#",
    " # c",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!tag ",
    "!!str ",
    "!!python/object/apply:os.system ",
    "! ",
    "<<: ",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:x,2002:",
    "@",
    "`",
    "%",
    "\\",
    "\\u202e",
    "\\x00",
    # white space and line breaks
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "\t",
    "\r\n",
    "\r",
    # scalars YAML readers disagree about
    "012",
    "1.10",
    "yes",
    "no",
    "NO",
    "on",
    "12:30",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "true",
    "'true'",
    "2024-09-17",
    "2024-02-30",
    "1e999999",
    "-0",
    "1_000",
    "0b101",
    "https://example.org/x",
    "javascript:alert(1)",
    "https://u:p@example.org/",
    # characters
    "\u202e",
    "\u2066",
    "\u200b",
    "\u00ad",
    "\u0430",
    "\u0085",
    "\u2028",
    "\ufeff",
    "\U0001f600",
    "\u00e9",
]


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=50))
    text = "".join(parts)
    if draw(st.booleans()):  # grow it inside an otherwise valid entry, where the rules run
        lines = MINIMAL_ENTRY.split("\n")
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, text)
        text = "\n".join(lines)
    return text


@_settings(250)
@given(yamlish())
@example("? [a, b]\n: 1\n")
@example("a: &x [*x]\n")
@example("- " * 200 + "x")
@example("{" * 70 + "}" * 70)
@example("%YAML 1.1\n---\nx: yes\n")
def test_yamlish_text_never_breaks_validation(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@_settings(40)
@given(yamlish())
def test_yamlish_entity_registries_never_break_validation(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"), name="../entities/arbitrary.yaml", kind="entities")


# --- the reading and the position pass agree --------------------------------------------------------

# Plain scalars whose meaning differs between readers (YAML 1.1 vs 1.2, sexagesimal,
# octal, special floats, dates...). Both parsers must read each the same way.
PLAIN_SCALARS = [
    "012",
    "0012",
    "1.10",
    "1.0",
    "3.14",
    ".5",
    "1.",
    "-1",
    "+1",
    "0",
    "-0",
    "+0",
    "00",
    "1e3",
    "1E3",
    "1e+3",
    "1e-3",
    "12e03",
    "1e999999",
    "-1e999999",
    "99999999999999999999999",
    "0x1F",
    "0xff",
    "0o17",
    ".inf",
    "-.inf",
    "+.inf",
    ".Inf",
    ".INF",
    ".nan",
    ".NaN",
    ".NAN",
    "inf",
    "nan",
    "NaN",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "y",
    "n",
    "Y",
    "N",
    "on",
    "On",
    "off",
    "OFF",
    "12:30",
    "1:2:3",
    "190:20:30",
    "12:30:45.5",
    "2024-09-17",
    "2024-09",
    "2024",
    "2024-09-17T10:00:00Z",
    "2001-12-14 21:59:43.10 -5",
    "jane-doe",
    "hello world",
    "a:b",
    "a#b",
    "-a",
    "?a",
    "Iraq's PM",
    "https://example.org/a?b=c&d=e",
    "0.0",
    "-0.0",
    "1,000",
    "$1",
    "1/2",
    "..",
    ".",
    "e3",
    "1e",
    "0x",
    "0o",
]
# Spellings yaml-rs reads as numbers and the YAML 1.2 core schema as text (bug H4, fixed).
KNOWN_DIVERGENT_SCALARS = ["1_000", "0b101", "-0x1F", "+0x1F", "0X1F", "0O17", "-0o17", "_1", "1__0"]
# In flow context libyaml takes "?" as a key indicator even without a space after it;
# yaml-rs (as YAML 1.2 says) reads a plain scalar.
KNOWN_DIVERGENT_FLOW = ["[?a]", "{k: ?a}"]
# Keys that are not text (bug H3): NL117 at the key, never converted to text.
KNOWN_DIVERGENT_KEYS = ["null", "~", "1", "true", "1.5"]

_WORD = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)
_NON_TEXT_KEYS = {"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"}
# Characters for quoted text: printable, plus line-break look-alikes YAML 1.1 and 1.2
# treat differently (NEL, LS, PS), bidi and invisible characters.
_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Co", "Cn"),
    exclude_characters="\ufeff\ufffe\uffff",
) | st.sampled_from(["\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\u00a0", " ", "'", '"', "\\", "#", ":"])


def _double_quoted(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif not c.isprintable() or c in "\u0085\u2028\u2029":
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def scalar_node(draw: st.DrawFn, *, flow: bool) -> tuple[Any, ...]:
    style = draw(
        st.sampled_from(["plain", "plain", "word", "single", "double", "quoted token"] + ([] if flow else ["literal", "folded"]))
    )
    if style == "quoted token":  # 'no', "12:30": text to both parsers, next to the same tokens written plain
        token = draw(st.sampled_from(PLAIN_SCALARS))
        return ("scalar", draw(st.sampled_from([_single_quoted, _double_quoted]))(token))
    if style == "plain":
        token = draw(st.sampled_from([s for s in PLAIN_SCALARS if not (flow and re.search(r"[,\[\]{}]|^\?", s))]))
        return ("scalar", token)
    if style == "word":
        return ("scalar", draw(_WORD))
    if style in ("literal", "folded"):
        lines = draw(
            st.lists(
                st.from_regex(r"[A-Za-z][A-Za-z0-9 .,:'#-]{0,20}", fullmatch=True) | st.just(""), min_size=1, max_size=4
            )
        )
        if not lines[0]:
            lines[0] = "x"
        lines = [line.rstrip() for line in lines]
        chomp = draw(st.sampled_from(["", "-", "+"]))
        return ("block", ("|" if style == "literal" else ">") + chomp, tuple(lines))
    text = draw(st.text(_CHARS, max_size=12))
    if style == "single" and not any(c in text for c in "\u0085\u2028\u2029"):
        return ("scalar", _single_quoted(text.replace("\n", " ")))
    return ("scalar", _double_quoted(text))


@st.composite
def key_text(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return _double_quoted(draw(st.text(_CHARS, max_size=6)))
    if choice == 1:
        return _single_quoted(draw(st.text(_CHARS.filter(lambda c: c not in "\u0085\u2028\u2029\n"), max_size=6)))
    word = draw(_WORD)
    assume(word not in _NON_TEXT_KEYS)
    return word


def tree(flow: bool = False) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalar_node(flow=flow),
        lambda children: st.one_of(
            st.tuples(st.just("seq"), st.lists(children, max_size=4)),
            st.tuples(
                st.just("map"), st.lists(st.tuples(key_text(), children), max_size=4, unique_by=lambda kv: kv[0])
            ),
            st.tuples(st.just("flowseq"), st.lists(flow_tree, max_size=3)),
            st.tuples(
                st.just("flowmap"), st.lists(st.tuples(key_text(), flow_tree), max_size=3, unique_by=lambda kv: kv[0])
            ),
        ),
        max_leaves=12,
    )


flow_tree: st.SearchStrategy[Any] = st.deferred(
    lambda: st.recursive(
        scalar_node(flow=True),
        lambda children: st.one_of(
            st.tuples(st.just("flowseq"), st.lists(children, max_size=3)),
            st.tuples(
                st.just("flowmap"), st.lists(st.tuples(key_text(), children), max_size=3, unique_by=lambda kv: kv[0])
            ),
        ),
        max_leaves=6,
    )
)


def render_flow(node: Any) -> str:
    kind = node[0]
    if kind == "scalar":
        return str(node[1])
    if kind == "block":  # block scalars cannot appear in flow context
        return _double_quoted("\n".join(node[2]))
    if kind in ("seq", "flowseq"):
        return "[" + ", ".join(render_flow(c) for c in node[1]) + "]"
    return "{" + ", ".join(f"{k}: {render_flow(v)}" for k, v in node[1]) + "}"


def render_value(node: Any, indent: int) -> str:
    """The text after 'key:' or '-': a scalar on the line, or a nested block."""
    kind = node[0]
    if kind == "scalar":
        return f" {node[1]}\n"
    if kind == "block":
        pad = " " * (indent + 2)
        return f" {node[1]}\n" + "".join((pad + line if line else "") + "\n" for line in node[2])
    if kind in ("flowseq", "flowmap") or not node[1]:
        return " " + render_flow(node) + "\n"
    return "\n" + render_block(node, indent + 2)


def render_block(node: Any, indent: int) -> str:
    pad = " " * indent
    if node[0] == "seq" and node[1]:
        return "".join(pad + "-" + render_value(child, indent) for child in node[1])
    if node[0] == "map" and node[1]:
        return "".join(pad + k + ":" + render_value(v, indent) for k, v in node[1])
    return pad + render_flow(node) + "\n"


@st.composite
def documents(draw: st.DrawFn) -> str:
    root = draw(
        st.one_of(
            st.tuples(
                st.just("map"),
                st.lists(st.tuples(key_text(), tree()), min_size=1, max_size=5, unique_by=lambda kv: kv[0]),
            ),
            st.tuples(st.just("seq"), st.lists(tree(), min_size=1, max_size=4)),
            flow_tree,
        )
    )
    return render_block(root, 0)


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, 1 is not 1.0); NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if sorted(map(repr, a)) != sorted(map(repr, b)):  # keys equal in value and in type
            return False
        return all(same(v, b[k]) for k, v in a.items())
    return bool(a == b)


def assert_reading_and_positions_agree(text: str) -> bool:
    """Check the reading and the position pass on ``text``; whether both read it."""
    raw = text.encode()
    reading = read(raw)
    public = read_yaml(raw)
    assert same(public.data, reading.data if reading.readable else None)
    assert [(d.code, d.line, d.col) for d in public.diagnostics] == [(p.code, p.line, p.col) for p in reading.problems]
    if not reading.readable:
        return False
    located = locate(text)
    if located.problems:
        return False  # libyaml (YAML 1.1) cannot read it all, or a restriction: positions fall back
    assert same(reading.data, located.data), f"reading {reading.data!r} != position pass {located.data!r}"
    for loc in _paths(reading.data):
        assert loc == () or loc in located.values, f"no position for {loc}"
    hazards = {loc: src for loc, src in located.plain.items() if yaml11_hazard(src)}
    assert not hazards or reading.located is not None, f"the reading did not look at the unquoted YAML 1.1 words {hazards}"
    return True


@_settings(300)
@given(documents())
@example("x: 012\n")
@example("x: [12:30, no]\n")
@example("x: 'no'\ny: [\"no\", no]\n")
@example("x: 'no'\ny:\n  no\n")
@example("x: \"1:30\"\ny: {a: 1:30}\n")
@example("x: |\n  a\n\n  b\n")
@example('x: "\\N"\n')
@example("x: 'a\u2028b'\n")
def test_reading_agrees_with_position_pass(text: str) -> None:
    event(f"both read it: {assert_reading_and_positions_agree(text)}")


@pytest.mark.parametrize("text", [pytest.param(f"x: {s}\n", id=f"scalar {s}") for s in KNOWN_DIVERGENT_SCALARS])
def test_number_spellings_are_read_as_the_core_schema_says(text: str) -> None:
    assert assert_reading_and_positions_agree(text)
    assert isinstance(read(text.encode()).data["x"], str)


@pytest.mark.parametrize("text", [pytest.param(f"x: {f}\n", id=f"flow {f}") for f in KNOWN_DIVERGENT_FLOW])
def test_question_mark_in_flow_is_text(text: str) -> None:
    """YAML 1.2 reads "?a" in flow context as text; libyaml as a key indicator. The reading
    decides (text); the position pass only places nodes."""
    data = read(text.encode()).data
    assert "?a" in repr(data)


@pytest.mark.parametrize("text", [pytest.param(f"{k}: x\nother: z\n", id=f"key {k}") for k in KNOWN_DIVERGENT_KEYS])
def test_keys_that_are_not_text_are_reported_at_the_key(text: str) -> None:
    reading = read(text.encode())
    assert reading.data is None and [(p.code, p.line, p.col) for p in reading.problems] == [("NL117", 1, 1)]


def test_reading_agrees_on_the_seed_entries() -> None:
    for seed in SEEDS:
        assert assert_reading_and_positions_agree(seed.read_text(encoding="utf-8"))


# --- mutations of the seed entry -----------------------------------------------------------------------


def _seed() -> tuple[Path, dict[str, Any]]:
    seed = SEEDS[0]
    reading = read_yaml(seed)
    assert not reading.diagnostics and isinstance(reading.data, dict)
    return seed, reading.data


def _paths(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*loc, i))


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


PERTURBED: dict[str, list[Any]] = {
    "date": ["2024-02-30", "2024-13", "2025-01-01", "", "../..", "2024-09-17T25:00", "2024-09/2024-01", "X"],
    "id": ["Upper-Case", "with space", "\u0430rticle", "zero\u200bwidth", "", "a--b", "x" * 161, "bidi\u202eid"],
    "enum": ["happened", "", "NEWS", "news ", "direct\u200b"],
    "number": [-1, 10**9, float("nan"), float("inf"), 1.5, True, "7"],
    "url": [
        "javascript:alert(1)",
        "http://example.org/x",
        "https://u:p@example.org/x",
        "https://example.org/x?utm_source=a",
        "https://exa mple.org",
        "",
        "https://",
        "file:///etc/passwd",
        "data:text/html,x",
    ],
    "text": ["", " ", "bidi \u202e text", "zero\u200bwidth", "x" * 2001, "NO", "line\nbreak", "\x1b[2J"],
}
_KIND_OF_KEY = {
    "date": "date",
    "said": "date",
    "published": "date",
    "updated": "date",
    "id": "id",
    "publisher": "id",
    "speaker": "id",
    "via": "id",
    "entity": "id",
    "ref": "id",
    "source": "id",
    "event": "id",
    "group": "id",
    "place": "id",
    "kind": "enum",
    "type": "enum",
    "status": "enum",
    "genre": "enum",
    "role": "enum",
    "outcome": "enum",
    "precision": "enum",
    "mode": "enum",
    "language": "enum",
    "country": "enum",
    "best": "number",
    "low": "number",
    "high": "number",
    "lat": "number",
    "lon": "number",
    "url": "url",
    "archive_url": "url",
}


@st.composite
def mutated_seed(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    import copy

    _, data = _seed()
    data = copy.deepcopy(data)
    text_mutations: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        locs = [loc for loc in _paths(data) if loc]
        loc = draw(st.sampled_from(locs))
        parent, last = _get(data, loc[:-1]), loc[-1]
        action = draw(st.sampled_from(["drop", "retype", "perturb", "perturb", "duplicate", "reorder", "unknown"]))
        if action == "drop":
            del parent[last]
        elif action == "retype":
            parent[last] = draw(
                st.sampled_from([0, 7, -3, 2.5, True, None, [], ["x"], {}, {"a": 1}, "text", "2024-09-17"])
            )
        elif action == "perturb":
            key = next((p for p in reversed(loc) if isinstance(p, str)), "text")
            kind = _KIND_OF_KEY.get(key, "text")
            parent[last] = draw(st.sampled_from(PERTURBED[kind]))
        elif action == "duplicate":
            text_mutations.append(key_of(loc))
        elif action == "reorder" and isinstance(parent, dict):
            items = list(parent.items())
            order = draw(st.permutations(range(len(items))))
            parent.clear()
            parent.update(items[i] for i in order)
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(_WORD)] = "surprise"
    return data, text_mutations


def key_of(loc: tuple[Any, ...]) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "id")


def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return ".nan"
        return (".inf" if v > 0 else "-.inf") if math.isinf(v) else repr(v)
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 .,'()/-]*[A-Za-z0-9.)]|[A-Za-z]", v)
    if plain and resolve_plain(v) == v and not yaml11_hazard(v):
        return str(v)
    return _double_quoted(str(v))


def _inline(v: Any) -> str:
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return _scalar(v)


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block YAML that reads back as ``value`` (a non-empty dict or list)."""
    pad = " " * indent
    out = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for k, v in items:
        nested = isinstance(v, (dict, list)) and bool(v)
        if k is not None:
            out.append(
                f"{pad}{_scalar(k)}:\n" + to_yaml(v, indent + 2) if nested else f"{pad}{_scalar(k)}: {_inline(v)}\n"
            )
        elif nested:  # compact form: the first line of the nested block follows "- "
            out.append(f"{pad}- " + to_yaml(v, indent + 2)[indent + 2 :])
        else:
            out.append(f"{pad}- {_inline(v)}\n")
    return "".join(out)


def duplicate_key(text: str, key: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(rf"^(\s*)(?:- )?{re.escape(key)}:", line)
        if m:
            dup = " " * len(line[: len(line) - len(line.lstrip(" -"))]) + line.lstrip(" -")
            lines.insert(i + 1, dup)
            break
    return "\n".join(lines)


def _entry_is_invalid(text: str) -> bool:
    from pydantic import ValidationError

    from newsledger.schema.models import parse_entry

    reading = read_yaml(text.encode())
    if not reading.ok or not isinstance(reading.data, dict):
        return True
    try:
        parse_entry(reading.data)
    except ValidationError:
        return True
    return False


@_settings(120)
@given(mutated_seed())
def test_mutated_seed_entries_are_reported_with_locations(mutation: tuple[dict[str, Any], list[str]]) -> None:
    data, duplicates = mutation
    text = to_yaml(data)
    for key in duplicates:
        text = duplicate_key(text, key)
    seed, _ = _seed()
    diagnostics = _check(text.encode(), name=f"{seed.parent.name}/{seed.name}")
    invalid = _entry_is_invalid(text)
    event(f"mutated entry {'invalid' if invalid else 'valid'}")
    if invalid:
        errors = [d for d in diagnostics if d.severity is Severity.ERROR and d.line >= 1]
        assert errors, f"an invalid entry got no located error: {[(d.code, d.message) for d in diagnostics]}"


def test_the_emitter_round_trips_the_seed() -> None:
    seed, data = _seed()
    text = to_yaml(data)
    assert same(read_yaml(text.encode()).data, data)
    assert not [
        d for d in _check(text.encode(), name=f"{seed.parent.name}/{seed.name}") if d.severity is Severity.ERROR
    ]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mutated-dataset")
    shutil.copytree(ENTITIES, root / "entities")
    for seed in SEEDS:
        (root / "articles" / seed.parent.name).mkdir(parents=True, exist_ok=True)
    return root


@_settings(25)
@given(mutated_seed())
def test_mutated_seed_in_a_dataset_with_cache(dataset: Path, mutation: tuple[dict[str, Any], list[str]]) -> None:
    """The whole pipeline (cross-record rules, cache write and cache read) on mutated entries."""
    data, duplicates = mutation
    text = to_yaml(data)
    for key in duplicates:
        text = duplicate_key(text, key)
    seed = SEEDS[0]
    target = dataset / "articles" / seed.parent.name / seed.name
    target.write_text(text, encoding="utf-8")
    os.utime(target, ns=(1, _bump()))  # a new mtime: the cache must notice the change
    first = check_dataset(dataset, use_cache=True, want_records=False)
    again = check_dataset(dataset, use_cache=True, want_records=False)
    assert [d.to_dict() for d in first.diagnostics] == [d.to_dict() for d in again.diagnostics]
    for d in first.diagnostics:
        assert d.code != "NL001", d.message
        assert d.code in RULES
        if d.path.endswith(seed.name):
            assert d.line >= 1 and d.col >= 1, (d.code, d.message)
    if _entry_is_invalid(text):
        assert first.errors, "an invalid entry passed"


_MTIME = [10**18]


def _bump() -> int:
    _MTIME[0] += 10**9
    return _MTIME[0]


def test_text_report_is_free_of_raw_controls_for_the_seed() -> None:
    """Guard for the generators above: the seed itself has no control characters."""
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert not [c for c in text if c != "\n" and unicodedata.category(c) == "Cc"]
