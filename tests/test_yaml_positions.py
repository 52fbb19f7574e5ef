"""Positions found from the lines of a file are those the event pass gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.validators.yamllocate import Located, Positions, locate

REPO = Path(__file__).resolve().parents[1]
FILES = sorted(
    [*(REPO / "tests" / "fixtures").rglob("*.yaml"), *(REPO / "dataset").rglob("*.yaml"), *(REPO / "tests" / "hostile").glob("*.yaml")]
)


def _compare(text: str) -> int:
    """Ask Positions for every node the event pass placed, and for absent children;
    the answers must agree. How many came from the lines alone."""
    full = locate(text, max_nodes=200_000)
    quick = Positions(text, max_nodes=200_000)
    from_lines = 0
    asked: list[tuple[tuple[str | int, ...], bool]] = [(loc, False) for loc in full.values]
    asked += [(loc, True) for loc in full.keys]
    asked += [((*loc, "no-such-field"), False) for loc in full.values] + [((*loc, 10_000), False) for loc in full.values]
    for loc, key in asked:
        got = quick._from_lines(loc, key)
        if got is not None:
            from_lines += 1
            assert got == full.position(loc, key=key), (loc, key)
    return from_lines


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_positions_from_lines_are_the_event_pass_positions(path: Path) -> None:
    _compare(path.read_text(encoding="utf-8", errors="replace"))


def test_the_lines_answer_for_an_entry() -> None:
    seed = sorted((REPO / "dataset" / "articles").glob("*/*.yaml"))[0].read_text(encoding="utf-8")
    assert _compare(seed) > 400  # all but those in flow mappings


def test_generated_entries() -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    rng = random.Random(7)
    dumped = [generate.dump_yaml({"a": [{"b": rng.randint(0, 9), "c": {"d": "x y", "e": [1, 2]}}], "f": "text: quoted"}) for _ in range(3)]
    for text in dumped:
        _compare(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:\n- b: 1\n  c: [1, 2]\n- d\n",
        "a:\n  - b: 1\n\n    # comment\n    c: |\n      x\n      - y: z\n    e: 2\n",
        "'q': 1\nb: 2\n",
        "a: &x 1\nb: *x\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne:\n",
        "- - a\n  - b\n- c\n",
        "a: 1\na: 2\n",
        "a: {b: 1}\nc:\n  ? d\n  : 1\n",
        "a:   x   # c\nb:\n# c\n  - 1\n  -   2\n",
    ],
)
def test_shapes(text: str) -> None:
    _compare(text)


def test_value_without_a_full_pass_is_not_run() -> None:
    seed = sorted((REPO / "dataset" / "articles").glob("*/*.yaml"))[0].read_text(encoding="utf-8")
    quick = Positions(seed)
    quick.position(("events", 1))
    quick.position(("article", "headline"), key=True)
    assert quick._full is None
    assert isinstance(quick.full, Located)


# --- any block-style document ------------------------------------------------------------

_KEYS = ["a", "ab", "a_b", "a:b", "quotes", "quotes_x", "true", "12", "k-1"]
_LINES = ["a: b", "quotes: x", "- item", "k:x", "plain text", "ab:", "  quotes: 1"]


def _block(data: object, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(data, dict):
        for key, value in data.items():
            _entry(f"{pad}{key}:", value, indent, out)
    else:
        assert isinstance(data, list)
        for value in data:
            _entry(f"{pad}-", value, indent, out)


def _entry(head: str, value: object, indent: int, out: list[str]) -> None:
    if isinstance(value, (dict, list)) and value:
        out.append(head + "\n")
        _block(value, indent + 2, out)
    elif isinstance(value, str) and "\n" in value:
        out.append(head + " |\n" + "".join(f"{' ' * (indent + 2)}{line}\n" for line in value.split("\n")))
    else:
        import json

        out.append(f"{head} {json.dumps(value)}\n")


_values = st.recursive(
    st.one_of(st.sampled_from(["x", "a: b", "k:x", "- y"]), st.integers(0, 9),
              st.lists(st.sampled_from(_LINES), min_size=2, max_size=4).map("\n".join)),
    lambda inner: st.one_of(st.lists(inner, min_size=1, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, min_size=1, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _values, min_size=1, max_size=5))
def test_any_block_document(data: dict[str, object]) -> None:
    """Keys that are prefixes of others, keys YAML does not read as text (true, 12),
    and block scalars whose lines look like keys or items at every indentation:
    what the lines say is what the event pass says."""
    out: list[str] = []
    _block(data, 0, out)
    _compare("".join(out))
