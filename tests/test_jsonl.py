"""JSON Lines encoding of release rows: one row is one line for every reader."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newsledger.release.build import jsonl_bytes

# Every code point but surrogates, with the line breaks JSON leaves unescaped
# (U+2028, U+2029, U+0085) drawn often.
text = st.text(st.one_of(st.sampled_from("\u2028\u2029\x85\n\r\"\\\x00\x1f\x7f’—"), st.characters(exclude_categories=["Cs"])))
rows = st.lists(
    st.fixed_dictionaries(
        {
            "id": text,
            "n": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
            "x": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
            "day": st.one_of(st.none(), st.dates()),
            "tags": st.lists(text, max_size=3),
            "nested": st.one_of(st.none(), st.fixed_dictionaries({"a": text, "b": st.booleans()})),
        }
    ),
    max_size=5,
)


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


@given(rows)
def test_each_row_is_one_line_that_decodes_to_the_row(values: list[dict[str, Any]]) -> None:
    data = jsonl_bytes(values)
    text_ = data.decode("utf-8")
    lines = text_.splitlines()  # splits on U+2028, U+2029 and U+0085 too
    assert len(lines) == len(values)
    assert data == b"" or data.endswith(b"\n")
    decoded = [json.loads(line) for line in lines]
    assert decoded == [_iso(v) for v in values]
    assert all(list(d) == list(v) for d, v in zip(decoded, values, strict=True))  # key order kept


def test_encoding_matches_the_standard_library() -> None:
    """The bytes are what json.dumps(ensure_ascii=False, compact) writes, line breaks escaped."""
    row = {"s": "a\u2028b\x85c’\"\\\x01", "d": date(2024, 9, 17), "f": 33.3128, "l": [1, None]}
    expected = json.dumps({**row, "d": "2024-09-17"}, ensure_ascii=False, separators=(",", ":"))
    expected = expected.replace("\u2028", "\\u2028").replace("\x85", "\\u0085")
    assert jsonl_bytes([row]) == (expected + "\n").encode("utf-8")
