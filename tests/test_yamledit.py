"""The round-trip YAML editor: unedited files come back byte for byte, edits keep the rest."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger import read_yaml, yamledit

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "dataset/articles/2024/antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"
REAL = sorted(
    [*ROOT.glob("dataset/**/*.yaml"), *ROOT.glob("tests/fixtures/valid/*.yaml")]
    + [p for p in ROOT.glob("tests/fixtures/invalid/NL[345]*.yaml")]
)


#: ruamel.yaml 0.19 fails to emit an empty flow list at the top after a comment (IndexError
#: in its emitter): such a file is read, and written back unedited, but not edited.
RUAMEL_EMPTY_ROOT = {"dataset/retired.yaml"}


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_files_round_trip_byte_for_byte(path: Path) -> None:
    doc = yamledit.read(path)
    assert doc.dump() == path.read_text(encoding="utf-8")
    if str(path.relative_to(ROOT)) in RUAMEL_EMPTY_ROOT and doc.data == []:
        assert not doc.faithful
        return
    assert doc.faithful
    assert doc._render() == doc.text  # the emitter itself reproduces the file, not a shortcut


def test_values_are_read_as_yaml_1_2_core_like_the_validator() -> None:
    doc = yamledit.read(SEED)
    assert doc.get(("article", "published")) == "2024-09-17"  # a string, not a date
    assert doc.get(("schema_version",)) == "1.1"  # a string, not the number 1.1
    assert doc.get(("article", "nope"), "absent") == "absent"
    assert doc.has(("quotes", 0, "text")) and not doc.has(("quotes", 99))


def _edited(text: str) -> str:
    doc = yamledit.parse(text)
    doc.set(("schema_version",), "1.1")
    for loc, quote in doc.mappings(("quotes",)):
        if "start" in quote:
            doc.rename(loc, "start", "char_start")
    return doc.dump()


SAMPLE = """\
# a comment at the top
schema_version: "1.0"   # the version
article:
  id: x-2024-01-01-a
  tags: [a, 'b c']
  body: |
    Line one.

    Line two.
quotes:
  - id: q1
    start: 3    # where it starts
    end: 12
    text: 'single'
"""


def test_edits_keep_comments_order_and_quoting() -> None:
    out = _edited(SAMPLE)
    assert out == SAMPLE.replace('"1.0"', '"1.1"').replace("start: 3    #", "char_start: 3    #")


def test_edit_is_idempotent() -> None:
    once = _edited(SAMPLE)
    assert _edited(once) == once
    assert not yamledit.parse(once).changed


def test_insert_after_before_and_at_the_end_keeps_comments_in_place() -> None:
    doc = yamledit.parse("a: 1\nb: 2  # bee\n")
    doc.insert((), "c", 3)
    doc.insert((), "a2", 4, after="a")
    doc.insert((), "z", 5, before="a")
    assert doc.dump() == "z: 5\na: 1\na2: 4\nb: 2  # bee\nc: 3\n"
    doc = yamledit.parse("a:\n  x: 1\n\n# about b\nb: 2\n")
    doc.insert(("a",), "y", 2)
    assert doc.dump() == "a:\n  x: 1\n  y: 2\n\n# about b\nb: 2\n"
    with pytest.raises(KeyError):
        doc.insert((), "a", 9)


def test_new_values_that_yaml_1_1_misreads_are_quoted() -> None:
    doc = yamledit.parse("a: x\n")
    doc.set(("b",), "NO")
    doc.set(("c",), "12:30")
    doc.set(("d",), "2024-09-17")  # a string in YAML 1.2 core, plain like the entries write dates
    doc.set(("e",), yamledit.flow(["air", "ground"]))
    doc.set(("f",), [{"entity": "x", "role": "initiator"}])
    assert doc.dump() == 'a: x\nb: "NO"\nc: "12:30"\nd: 2024-09-17\ne: [air, ground]\nf:\n  - entity: x\n    role: initiator\n'


def test_set_keeps_the_old_quoting_and_an_equal_value_is_no_edit() -> None:
    doc = yamledit.parse("v: 'one'\nw: \"two\"\n")
    doc.set(("v",), "one")
    assert not doc.changed
    doc.set(("v",), "uno")
    doc.set(("w",), "dos")
    assert doc.dump() == "v: 'uno'\nw: \"dos\"\n"


def test_delete_and_rename_errors_name_the_place() -> None:
    doc = yamledit.parse("a:\n  b: 1  # keep\n  c: 2\nl: [1, 2]\n")
    doc.delete(("a", "c"))
    doc.delete(("l", 0))
    assert doc.dump() == "a:\n  b: 1  # keep\nl: [2]\n"
    doc = yamledit.parse("a:\n  b: 1\n  c: 2  # gone\n\n# about d\nd: 3\n")
    doc.delete(("a", "c"))
    assert doc.dump() == "a:\n  b: 1\n\n# about d\nd: 3\n"
    with pytest.raises(KeyError, match="a"):
        doc.rename(("a",), "nope", "x")
    with pytest.raises(KeyError):
        doc.delete(("l", 5))


def test_escapes_in_double_quotes_are_kept() -> None:
    text = 'role: "Foreign\\u200bMinister"\nid: "h\\u0430ddad"\n'
    doc = yamledit.parse(text)
    assert doc.get(("role",)) == "Foreign\u200bMinister"
    assert not doc.changed
    doc.set(("x",), 1)
    assert doc.dump() == text + "x: 1\n"


def test_a_layout_ruamel_cannot_keep_is_flagged() -> None:
    for text in ("%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "a: ~\n", "# none yet\n[]\n"):
        assert not yamledit.parse(text).faithful, text
    assert yamledit.parse("a: 1\n").faithful


def test_not_yaml_is_a_located_error() -> None:
    with pytest.raises(yamledit.YamlEditError) as info:
        yamledit.parse("a: 1\nb: [1, 2\n", path="f.yaml")
    assert info.value.path == "f.yaml" and info.value.line >= 2
    with pytest.raises(yamledit.YamlEditError, match="duplicate"):
        yamledit.parse("a: 1\na: 2\n")


def test_write_is_atomic_keeps_the_mode_and_skips_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    path.chmod(0o640)
    doc = yamledit.read(path)
    assert doc.write() is False  # nothing changed, nothing written
    doc.set(("schema_version",), "1.1")
    assert doc.write() is True
    assert path.read_text(encoding="utf-8") == SAMPLE.replace('"1.0"', '"1.1"')
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["e.yaml"]  # no temporary file left


def test_text_that_would_not_read_back_is_never_written(tmp_path: Path) -> None:
    # a local tag: ruamel keeps it, the validator's reader sees other data; refuse
    path = tmp_path / "tag.yaml"
    original = "a: !genre news\n"
    path.write_text(original, encoding="utf-8")
    doc = yamledit.read(path)
    doc.set(("b",), 1)
    with pytest.raises(yamledit.YamlEditError, match="refusing to write"):
        doc.write()
    assert path.read_text(encoding="utf-8") == original
    assert sorted(os.listdir(tmp_path)) == ["tag.yaml"]


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("old: 1\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        yamledit.write_atomic(path, "new: 2\n")
    assert path.read_text(encoding="utf-8") == "old: 1\n"
    assert sorted(os.listdir(tmp_path)) == ["f.yaml"]


# -- properties ---------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_key = _word.filter(lambda w: w not in {"null", "true", "false"})  # entry keys are text
_plain = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_prose = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20)
_comment = st.one_of(st.just(""), _plain.map(lambda c: f"  # {c}"))


def _scalar() -> st.SearchStrategy[str]:
    return st.one_of(
        _plain,
        st.integers(-1000, 10**6).map(str),
        _prose.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
        _prose.map(lambda s: "'" + s.replace("'", "''") + "'"),
        st.lists(_word, min_size=1, max_size=4).map(lambda ws: "[" + ", ".join(ws) + "]"),
    )


@st.composite
def _entry(draw: st.DrawFn) -> str:
    """An entry-shaped document in the house style: 2-space mappings, lists of
    mappings indented 2 more with the dash, block literal bodies, comments."""
    keys = draw(st.lists(_word, min_size=1, max_size=5, unique=True))
    lines = ['schema_version: "1.0"' + draw(_comment)]
    if draw(st.booleans()):
        lines.insert(0, "# " + draw(_plain))
    for key in keys:
        kind = draw(st.sampled_from(["scalar", "map", "list", "body"]))
        if kind == "scalar":
            lines.append(f"k{key}: {draw(_scalar())}{draw(_comment)}")
        elif kind == "body":
            lines.append(f"k{key}: |")
            for para in draw(st.lists(_plain, min_size=1, max_size=3)):
                lines.append("  " + para)
        elif kind == "map":
            lines.append(f"k{key}:{draw(_comment)}")
            for sub in draw(st.lists(_key, min_size=1, max_size=4, unique=True)):
                lines.append(f"  {sub}: {draw(_scalar())}{draw(_comment)}")
        else:
            lines.append(f"k{key}:")
            for _ in range(draw(st.integers(1, 3))):
                subs = draw(st.lists(_key, min_size=1, max_size=3, unique=True))
                for i, sub in enumerate(subs):
                    lead = "  - " if i == 0 else "    "
                    lines.append(f"{lead}{sub}: {draw(_scalar())}{draw(_comment)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entry())
def test_generated_entries_round_trip_byte_for_byte(text: str) -> None:
    doc = yamledit.parse(text)
    assert doc.faithful and doc._render() == text
    assert doc.dump() == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entry(), _prose, st.integers(0, 10**6))
def test_edits_read_back_as_the_edited_data_and_are_idempotent(text: str, value: str, number: int) -> None:
    doc = yamledit.parse(text)
    doc.set(("schema_version",), "1.1")
    doc.insert((), "added", value, after="schema_version")
    doc.set(("number",), number)
    out = doc.dump()
    data = read_yaml(out.encode()).data
    assert data["schema_version"] == "1.1" and data["added"] == value and data["number"] == number
    assert list(data)[:2] == ["schema_version", "added"]
    again = yamledit.parse(out)
    again.set(("schema_version",), "1.1")
    again.set(("added",), value)
    again.set(("number",), number)
    assert not again.changed and again.dump() == out
