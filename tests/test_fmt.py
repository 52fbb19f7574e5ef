"""``newsledger fmt``: one canonical layout, idempotent, value-preserving, comments kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsledger.cli import main
from newsledger.fmt.layout import FormatError, format_text
from newsledger.readyaml import read_yaml
from newsledger.validators.engine import check_dataset

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_PATH = ROOT / "tests" / "fixtures" / "valid" / "minimal.yaml"
MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
SEED = ROOT / "dataset" / "articles" / "2024" / "antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"


def _data(text: str) -> Any:
    reading = read_yaml(text.encode("utf-8"))
    assert not [d for d in reading.diagnostics if d.code in {"NL101", "NL102", "NL112"}]
    return reading.data


def _messy() -> str:
    """The minimal entry as a curator might leave it: flow style, odd indentation,
    keys out of order, comments, single quotes, a hazard quoted in 1.1 style."""
    data = _data(MINIMAL)
    art = data["article"]
    shuffled = {k: art[k] for k in reversed(list(art))}
    head = "# A curator's comment on the entry\n"
    out = head + "events: " + json.dumps(data["events"], ensure_ascii=False) + "\n"
    out += "quotes:\n" + "".join(
        "    -   " + "\n        ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in q.items()) + "\n" for q in data["quotes"]
    )
    out += "article:   # the report itself\n"
    for k, v in shuffled.items():
        if k == "body":
            out += "    body: " + json.dumps(v, ensure_ascii=False) + "\n"
        elif isinstance(v, str):
            out += f"    {k}: '{v.replace(chr(39), chr(39) * 2)}'\n"
        else:
            out += f"    {k}: {json.dumps(v, ensure_ascii=False)}\n"
    out += f"schema_version: '{data['schema_version']}'   # quoted: it would be a number\n"
    return out


def test_messy_copy_gets_the_canonical_layout(tmp_path: Path) -> None:
    messy = _messy()
    assert _data(messy) == _data(MINIMAL)
    out = format_text(messy, tmp_path / "x.yaml")
    assert _data(out) == _data(messy)  # value-preserving
    assert format_text(out, tmp_path / "x.yaml") == out  # idempotent
    lines = out.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    # the codebook's order: schema_version, article, quotes, events; id first in article
    tops = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))]
    assert tops == ["schema_version", "article", "quotes", "events"]
    art_keys = [line.strip().split(":")[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert art_keys[:3] == ["id", "url", "publisher"]
    assert "# A curator's comment on the entry" in out and "# the report itself" in out
    assert "# quoted: it would be a number" in out
    assert f'schema_version: "{_data(MINIMAL)["schema_version"]}"' in out
    assert "  body: |" in out  # block style for the body
    assert "{" not in out.split("body:")[1].split("quotes:")[0]


def test_hazards_are_quoted_and_dates_stay_plain() -> None:
    text = MINIMAL.replace("  language: en", "  language: 'NO'").replace("published: 2024-05-02", "published: '2024-05-02'")
    out = format_text(text, None)
    assert 'language: "NO"' in out
    assert "published: 2024-05-02\n" in out


def test_long_prose_is_wrapped_at_a_fixed_width_and_reads_back_the_same() -> None:
    long = " ".join(["word"] * 60) + "."
    text = MINIMAL.replace("  headline: Jordan Says Border Talks Will Resume Next Week", f"  headline: {long}")
    out = format_text(text, None)
    assert _data(out)["article"]["headline"] == long
    assert "headline: >-" in out
    assert all(len(line) <= 100 for line in out.splitlines() if "word word" in line)


def test_seed_entry_formats_without_changing_its_data(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    out = format_text(text, SEED)
    assert _data(out) == _data(text)
    assert format_text(out, SEED) == out
    version = _data(text)["schema_version"]
    assert out.splitlines()[0] == f"# yaml-language-server: $schema=../../../schema/{version}/entry.schema.json"


@pytest.mark.parametrize(
    "bad",
    ["article: {id: [unclosed\n", "a: 1\na: 2\n", "- one\n- two\n---\n- three\n", "just a string\n"],
)
def test_unparsable_or_unsafe_file_is_left_alone(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(bad, encoding="utf-8")
    assert main(["fmt", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "cannot format" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == bad
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temporary file left behind


def test_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    ds = tmp_path / "ds"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", ds / "articles" / "2024", ignore=shutil.ignore_patterns("minimal.yaml"))
    (ds / "articles" / "2024" / "example-2024-05-02-border-talks.yaml").write_text(_messy(), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "entities.yaml", ds / "entities.yaml")
    (ds / "entities").mkdir()
    shutil.move(ds / "entities.yaml", ds / "entities" / "fixtures.yaml")
    before = {p: p.read_text(encoding="utf-8") for p in ds.rglob("*.yaml")}
    verdict = sorted((d.path, d.code, d.message) for d in check_dataset(ds, use_cache=False).diagnostics)
    assert main(["fmt", "--check", str(ds)]) == 1
    assert "would reformat" in capsys.readouterr().out
    assert {p: p.read_text(encoding="utf-8") for p in ds.rglob("*.yaml")} == before  # --check writes nothing
    assert main(["fmt", str(ds)]) == 0
    assert main(["fmt", "--check", str(ds)]) == 0
    for p, text in before.items():
        assert _data(p.read_text(encoding="utf-8")) == _data(text)
    # the validator's verdict is the same, message for message (lines move, meanings do not)
    assert sorted((d.path, d.code, d.message) for d in check_dataset(ds, use_cache=False).diagnostics) == verdict


# --- properties ---------------------------------------------------------------------

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u0085\u2028\u2029") | st.sampled_from(list("\n #:'\"-[]{},&*!|>%@`")),
    min_size=1, max_size=140,
)
_SCALAR = st.one_of(_TEXT, st.sampled_from(["NO", "yes", "on", "1.0", "1.10", "12:30", "2024-09-17", "null", "~", "0o17", "0x1F", "-"]),
                    st.integers(-10**6, 10**6))
_KEY = st.sampled_from(["id", "text", "note", "kind", "headline", "body", "zeta", "alpha", "date", "source", "role"])


def _tree(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return _SCALAR
    inner = _tree(depth - 1)
    return st.one_of(_SCALAR, st.lists(inner, min_size=1, max_size=4), st.dictionaries(_KEY, inner, min_size=1, max_size=5))


_ENTRY = st.fixed_dictionaries(
    {"schema_version": st.just("1.0")},
    optional={"article": st.dictionaries(_KEY, _tree(2), min_size=1, max_size=6),
              "quotes": st.lists(st.dictionaries(_KEY, _tree(1), min_size=1, max_size=5), max_size=3),
              "events": st.lists(st.dictionaries(_KEY, _tree(2), min_size=1, max_size=5), max_size=3)},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(entry=_ENTRY, flow=st.sampled_from([None, True, False]), indent=st.sampled_from([2, 4]), width=st.sampled_from([40, 80, 1000]))
def test_fmt_is_idempotent_and_keeps_the_data(entry: dict[str, Any], flow: bool | None, indent: int, width: int) -> None:
    text = yaml.safe_dump(entry, default_flow_style=flow, indent=indent, width=width, allow_unicode=True, sort_keys=False)
    reading = read_yaml(text.encode("utf-8"))
    assume(not reading.diagnostics)  # what a YAML 1.1 writer produces that a 1.2 reader reads otherwise
    try:
        once = format_text(text, None)
    except FormatError as exc:  # pragma: no cover - the property is that this never happens
        raise AssertionError(f"fmt refused a valid file: {exc}\n{text}") from None
    assert read_yaml(once.encode("utf-8")).data == reading.data
    assert format_text(once, None) == once


def test_empty_registry_keeps_its_comments(tmp_path: Path) -> None:
    text = "# Tombstones: none yet.\n# - id: example\n[]\n"
    out = format_text(text, tmp_path / "retired.yaml")
    assert out.endswith(text) and out.splitlines()[0].endswith("retired.schema.json")
    assert format_text(out, tmp_path / "retired.yaml") == out
