"""YAML 1.2 conformance of the one reading (``newsledger.read_yaml``).

Documents written here after the examples of the YAML 1.2.2 specification
(chapter 2, "Language Overview") and the cases of issue 14. For each: the values
the core schema gives, or the code that refuses it — NL101 for a document that is
not YAML, a restriction's own code (tags NL111, several documents NL112, keys that
are not text NL117, integers too long to read exactly NL118, tabs NL105, merge keys NL113, empty NL116, a YAML 1.1
directive NL103) for one that is YAML but not an entry's YAML. The official test
suite (yaml/yaml-test-suite) is run from outside the repository; see the report
of issue 14 for its counts.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from newsledger import read_yaml
from newsledger.validators.engine import check_file

MINIMAL = (Path(__file__).parent / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, 1 is not 1.0); NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


# --- read as YAML 1.2 says ----------------------------------------------------------------

VALUES: dict[str, tuple[str, Any]] = {
    # Spec 2.1-2.6: collections
    "sequence of scalars": ("- Mark McGwire\n- Sammy Sosa\n- Ken Griffey\n", ["Mark McGwire", "Sammy Sosa", "Ken Griffey"]),
    "mapping scalars to scalars": (
        "hr:  65    # Home runs\navg: 0.278 # Batting average\nrbi: 147   # Runs Batted In\n",
        {"hr": 65, "avg": 0.278, "rbi": 147},
    ),
    "mapping scalars to sequences": (
        "american:\n- Boston Red Sox\n- Detroit Tigers\nnational:\n- New York Mets\n- Chicago Cubs\n",
        {"american": ["Boston Red Sox", "Detroit Tigers"], "national": ["New York Mets", "Chicago Cubs"]},
    ),
    "sequence of mappings": (
        "-\n  name: Mark McGwire\n  hr:   65\n-\n  name: Sammy Sosa\n  hr:   63\n",
        [{"name": "Mark McGwire", "hr": 65}, {"name": "Sammy Sosa", "hr": 63}],
    ),
    "sequence of sequences": (
        "- [name        , hr, avg  ]\n- [Mark McGwire, 65, 0.278]\n",
        [["name", "hr", "avg"], ["Mark McGwire", 65, 0.278]],
    ),
    "mapping of mappings": (
        "Mark McGwire: {hr: 65, avg: 0.278}\nSammy Sosa: {\n    hr: 63,\n    avg: 0.288,\n }\n",
        {"Mark McGwire": {"hr": 65, "avg": 0.278}, "Sammy Sosa": {"hr": 63, "avg": 0.288}},
    ),
    # Spec 2.10: an anchor and an alias (allowed up to 32 aliases)
    "node appears twice": (
        "hr:\n- Mark McGwire\n- &SS Sammy Sosa\nrbi:\n- *SS\n- Ken Griffey\n",
        {"hr": ["Mark McGwire", "Sammy Sosa"], "rbi": ["Sammy Sosa", "Ken Griffey"]},
    ),
    # Spec 2.12: compact nested mapping
    "compact nested mapping": (
        "- item    : Super Hoop\n  quantity: 1\n- item    : Basketball\n  quantity: 4\n",
        [{"item": "Super Hoop", "quantity": 1}, {"item": "Basketball", "quantity": 4}],
    ),
    # Spec 2.13-2.16: block scalars
    "literal block keeps newlines": ("text: |\n  \\//||\\/||\n  // ||  ||__\n", {"text": "\\//||\\/||\n// ||  ||__\n"}),
    "folded block folds newlines": (
        "text: >\n  Mark McGwire's\n  year was crippled\n  by a knee injury.\n",
        {"text": "Mark McGwire's year was crippled by a knee injury.\n"},
    ),
    "more-indented lines are kept": (
        "text: >\n Sammy Sosa completed another\n fine season with great stats.\n\n   63 Home Runs\n   0.288 Batting Average\n\n What a year!\n",
        {"text": "Sammy Sosa completed another fine season with great stats.\n\n  63 Home Runs\n  0.288 Batting Average\n\nWhat a year!\n"},
    ),
    "literal then folded": (
        "name: Mark McGwire\naccomplishment: >\n  Mark set a major league\n  home run record in 1998.\nstats: |\n  65 Home Runs\n  0.278 Batting Average\n",
        {"name": "Mark McGwire", "accomplishment": "Mark set a major league home run record in 1998.\n",
         "stats": "65 Home Runs\n0.278 Batting Average\n"},
    ),
    # Spec 2.17-2.18: quoted and multi-line flow scalars
    "quoted scalars": (
        'unicode: "Sosa did fine.\\u263A"\ncontrol: "\\b1998\\t1999\\t2000\\n"\nsingle: \'"Howdy!" he cried.\'\nquoted: \' # Not a \'\'comment\'\'.\'\n',
        {"unicode": "Sosa did fine.\u263a", "control": "\b1998\t1999\t2000\n", "single": '"Howdy!" he cried.', "quoted": " # Not a 'comment'."},
    ),
    "multi-line flow scalars": (
        'plain:\n  This unquoted scalar\n  spans many lines.\n\nquoted: "So does this\n  quoted scalar.\\n"\n',
        {"plain": "This unquoted scalar spans many lines.", "quoted": "So does this quoted scalar.\n"},
    ),
    # Spec 2.19-2.21 and the core schema (10.3): integers, floats, booleans, null
    "core schema integers": (
        "canonical: 12345\ndecimal: +12345\noctal: 0o14\nhexadecimal: 0xC\n", {"canonical": 12345, "decimal": 12345, "octal": 12, "hexadecimal": 12},
    ),
    "core schema floats": (
        "canonical: 1.23015e+3\nexponential: 12.3015e+02\nfixed: 1230.15\nnegative infinity: -.inf\n",
        {"canonical": 1230.15, "exponential": 1230.15, "fixed": 1230.15, "negative infinity": -math.inf},
    ),
    "core schema misc": ("t: true\nf: False\nn: ~\ne:\ns: 2001-12-14\n", {"t": True, "f": False, "n": None, "e": None, "s": "2001-12-14"}),
    # Spellings that are numbers to some parsers and text to the core schema
    "not core schema numbers": (
        "a: 1_000\nb: 0b101\nc: 0X1F\nd: -0x1F\ne: 0O17\nf: 12:30\ng: yes\nh: 0o\n",
        {"a": "1_000", "b": "0b101", "c": "0X1F", "d": "-0x1F", "e": "0O17", "f": "12:30", "g": "yes", "h": "0o"},
    ),
    # Issue 14: read as YAML 1.2 reads them
    "question mark in flow is text": ("rights: {?text: withheld}\n", {"rights": {"?text": "withheld"}}),
    "anchor name with a colon": ("headline: &h:x Iraqi PM\n", {"headline": "Iraqi PM"}),
    "colon on the line after a flow key": ('{"foo"\n: "bar"}\n', {"foo": "bar"}),
    "colon on the line after a plain flow key": ("rights: {text\n    : withheld}\n", {"rights": {"text": "withheld"}}),
    "value starting with a colon": ("{x: :x}\n", {"x": ":x"}),
    "YAML 1.3 directive": ("%YAML 1.3\n---\na: 1\n", {"a": 1}),
    "unknown directive": ("%FOO bar baz\n---\na: 1\n", {"a": 1}),
    "literal block with a trailing indented blank line": ("foo: |\n  x\n   \n", {"foo": "x\n \n"}),
    "document end marker": ("a: 1\n...\n", {"a": 1}),
    "explicit document start": ("--- \na: 1\n", {"a": 1}),
    "top-level folded scalar": ("--- >\n  folded\n  text\n", "folded text\n"),
}


@pytest.mark.parametrize("name", sorted(VALUES))
def test_read_as_yaml_1_2_says(name: str) -> None:
    text, expected = VALUES[name]
    reading = read_yaml(text.encode())
    assert not [d for d in reading.diagnostics if d.severity.name == "ERROR"], [(d.code, d.message) for d in reading.diagnostics]
    assert same(reading.data, expected), f"{reading.data!r} != {expected!r}"


# --- refused: not YAML (NL101) ------------------------------------------------------------

INVALID: dict[str, str] = {
    "comment without a space before #": 'key: "value"# comment\n',
    "dash alone in flow": "[-]\n",
    "dashes in a flow sequence": "- [-, -]\n",
    "flow sequence continued without indentation": "key: [a,\nb]\n",
    "double-quoted scalar continued without indentation": 'key: "a\nb"\n',
    "colon in a plain value": "headline: Iraqi PM: end date soon\n",
    "unclosed flow mapping": "a: {b: 1\n",
    "unknown escape": 'a: "\\."\n',
    "alias to no anchor": "a: *nothing\n",
    "wrong indentation": "a:\n  b: 1\n c: 2\n",
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_not_yaml_is_refused_with_a_located_nl101(name: str) -> None:
    reading = read_yaml(INVALID[name].encode())
    assert reading.data is None
    assert [d.code for d in reading.diagnostics] == ["NL101"]
    assert all(d.line >= 1 and d.col >= 1 for d in reading.diagnostics)


# --- refused: YAML, but not an entry's YAML (a restriction's own code) ---------------------

RESTRICTED: dict[str, tuple[str, str, int, int]] = {
    # Spec 2.7/2.8: several documents
    "two documents": ("- Mark McGwire\n---\n- Chicago Cubs\n", "NL112", 2, 1),
    "two documents after an end marker": ("a: 1\n...\nb: 2\n", "NL112", 3, 1),
    # Spec 2.23/2.24/2.25: tags
    "explicit str tag": ("not-date: !!str 2002-04-28\n", "NL111", 1, 11),
    "local tag": ("shape: !circle {r: 7}\n", "NL111", 1, 8),
    "set": ("--- !!set\n? Mark McGwire\n? Sammy Sosa\n", "NL111", 1, 5),
    # Keys that are not text (issue 14)
    "true as a key": ("true: x\n", "NL117", 1, 1),
    "null as a key": ("~: x\n", "NL117", 1, 1),
    "hexadecimal as a key": ("a:\n  0x10: x\n", "NL117", 2, 3),
    "float as a key": ("1e3: x\n", "NL117", 1, 1),
    "empty key": ("{: x}\n", "NL117", 1, 2),
    "sequence as a key": ("? [a, b]\n: x\n", "NL117", 1, 3),
    # Spec 2.11: a mapping as a key
    "mapping as a key": ("? {a: 1}\n: x\n", "NL117", 1, 3),
    "tab": ("a:\n\tb: 1\n", "NL105", 2, 1),
    "merge key": ("base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n", "NL113", 3, 3),
    "only comments": ("# nothing yet\n", "NL116", 1, 1),
    "duplicate key": ("a: 1\na: 2\n", "NL102", 2, 1),
    "anchor defined twice": ("a: &x 1\nb: &x 2\n", "NL108", 2, 4),
    "non-specific tag": ("a: ! 12\n", "NL111", 1, 4),
    "non-specific tag alone": ("!\n", "NL111", 1, 1),
    "a document end marker and a comment, no document": ("# c\n...\n", "NL116", 1, 1),
    "integer of 3,901 digits": ("a: 1\nb: " + "7" * 3901 + "\n", "NL118", 2, 4),
    "integer of 5,000 digits (yaml-rs: infinity)": ("a: [1, " + "7" * 5000 + "]\n", "NL118", 1, 8),
}


@pytest.mark.parametrize("name", sorted(RESTRICTED))
def test_restrictions_keep_their_codes(name: str) -> None:
    text, code, line, col = RESTRICTED[name]
    reading = read_yaml(text.encode())
    assert (code, line, col) in [(d.code, d.line, d.col) for d in reading.diagnostics], [(d.code, d.line, d.col) for d in reading.diagnostics]
    assert "NL101" not in [d.code for d in reading.diagnostics]


def test_yaml_1_1_directive_is_a_warning_about_meaning_and_the_file_is_read_as_1_2() -> None:
    reading = read_yaml(b"%YAML 1.1\n---\na: yes\nb: 012\n")
    assert [(d.code, d.line) for d in reading.diagnostics] == [("NL103", 1)]
    assert reading.data == {"a": "yes", "b": 12}


# --- the verdict does not depend on other findings ---------------------------------------


def test_a_finding_elsewhere_changes_nothing(tmp_path: Path) -> None:
    """A file valid YAML 1.2 that libyaml cannot read, with a warning elsewhere (an event
    without a location): the same values, no NL101, the warning at its place."""
    text = MINIMAL.replace("  rights: {text: withheld}\n", "  rights: {text\n    : withheld}\n", 1)
    assert text != MINIMAL
    path = tmp_path / "example-2024-05-02-border-talks.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, path.name, "entry")
    assert not [d for d in result.diagnostics if d.severity.name == "ERROR"], [(d.code, d.message) for d in result.diagnostics]
    assert read_yaml(path).data["article"]["rights"] == {"text": "withheld"}
    assert read_yaml(path).data == read_yaml(text.encode()).data


# --- anchors and tags where the position pass cannot read the file -----------------------

# A flow key whose ':' is on the next line: YAML 1.2, and libyaml stops there.
LIBYAML_STOPS = 'a: {"foo"\n  : "bar"}\n'


@pytest.mark.parametrize(
    "tail",
    ['text: "the *real* story"\n', "text: 'see !this'\n", "text: Tom &Jerry\n", "# see *this* and &that !x\nt: 1\n",
     "t: |\n  body *bold* !x &y\n", "t: [a, 'b *c', \"!d\"]\n", "t: Stop ! now\n"],
)
def test_indicators_inside_text_are_not_properties(tail: str) -> None:
    """Where libyaml cannot read the document, the byte screen no longer decides alone:
    an asterisk, ampersand or exclamation mark inside text or a comment is text."""
    reading = read_yaml((LIBYAML_STOPS + tail).encode())
    assert reading.diagnostics == [], [(d.code, d.line, d.col) for d in reading.diagnostics]
    assert reading.data is not None and reading.data["a"] == {"foo": "bar"}


@pytest.mark.parametrize(
    ("tail", "code", "line", "col"),
    [("b: &x 1\nc: *x\n", "NL108", 3, 4), ("t: [&a yes, *a]\n", "NL108", 3, 5), ("t: !!str yes\n", "NL111", 3, 4), ("t: ! 12\n", "NL111", 3, 4),
     ('t: "*not"\nu: &real 2\n', "NL108", 4, 4)],
)
def test_properties_are_found_where_libyaml_stops(tail: str, code: str, line: int, col: int) -> None:
    reading = read_yaml((LIBYAML_STOPS + tail).encode())
    assert [(d.code, d.line, d.col) for d in reading.diagnostics] == [(code, line, col)]
    assert reading.data is None


# Spellings yaml-rs reads as numbers and the core schema as text (found by an
# independent differential run over ~4,000 tokens), then ones both read alike.
SPELLINGS = (
    "b: 1_000\nc: 0b101\nd: 0X1F\ne: +0x1F\nh: 1_000.5\nj: 1_0e3\nk: 1e1_0\nl: .5_0\nm: [-1_0.0, 2]\n# 4_0\n"
    "r: 0x_1f\ns: 0x1_f\nt: 0xF_\nu: 0o_17\nv: 7._\nw: -7._\nx: _.4\ny: _.4e3\nz: .iNf\naa: -.nAn\n"
    "g: 0x1F\np: 1.5\nq: 012\nab: .inf\nac: 0o17\n"
)


@pytest.mark.parametrize("before", ["", LIBYAML_STOPS], ids=["libyaml reads it", "libyaml stops"])
def test_number_spellings_the_core_schema_reads_as_text(before: str) -> None:
    """Numbers with underscores (integers and floats) and base prefixes the core schema
    does not have are text in YAML 1.2, yaml-rs reads them as numbers: the reading
    gives the text, whether or not the position pass reads the whole file."""
    reading = read_yaml((before + SPELLINGS).encode())
    assert reading.diagnostics == []
    data = reading.data
    assert data is not None
    expected = {"b": "1_000", "c": "0b101", "d": "0X1F", "e": "+0x1F", "h": "1_000.5", "j": "1_0e3", "k": "1e1_0", "l": ".5_0",
                "m": ["-1_0.0", 2], "r": "0x_1f", "s": "0x1_f", "t": "0xF_", "u": "0o_17", "v": "7._", "w": "-7._", "x": "_.4",
                "y": "_.4e3", "z": ".iNf", "aa": "-.nAn", "g": 31, "p": 1.5, "q": 12, "ab": math.inf, "ac": 15}
    assert all(same(data[k], v) for k, v in expected.items()), {k: data[k] for k in expected}
