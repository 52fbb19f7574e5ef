"""Every diagnostic code, proven by a fixture at an exact (code, line, col).

* ``fixtures/invalid/<CODE>-<what>.yaml`` declare what they must produce in a
  leading comment block, one ``# expect: CODE LINE:COL`` per diagnostic. A
  ``# path: entities/x.yaml`` line puts the fixture somewhere other than the
  default ``articles/2024/<article id>.yaml`` (the file-name rule needs that,
  and entity registry fixtures live under ``entities/``).
  A ``# xfail: why`` line marks a fixture that shows a known defect: the test
  is a strict xfail, so it fails as soon as the defect is fixed and the line
  must go.
* ``fixtures/valid/*.yaml`` must produce nothing at all, warnings included.
* Each fixture is copied into a fresh dataset next to ``fixtures/entities.yaml``
  and only the fixture's own diagnostics are compared (as pre-commit would run
  it), so the shared registry may hold entities other fixtures need. ``# retired:``
  lines are written, in order, as the dataset's ``retired.yaml`` (tombstones).
* Inputs a normal file cannot hold (BOM, UTF-16, NUL and control bytes, invalid
  UTF-8, tabs, a huge file, an empty one) are generated here, and so are the
  cross-record cases that need several files.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from newsledger.validators.diagnostics import Diagnostic
from newsledger.validators.engine import check_dataset
from newsledger.validators.rules import all_rules

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
MINIMAL_ID = "example-2024-05-02-border-talks"

Expected = set[tuple[str, int, int]]

_EXPECT = re.compile(r"^#\s*expect:\s*(NL\d{3})\s+(\d+):(\d+)\s*$")
_PATH = re.compile(r"^#\s*path:\s*(\S+)\s*$")
_XFAIL = re.compile(r"^#\s*xfail:\s*(.+?)\s*$")
_RETIRED = re.compile(r"^#\s*retired:\s?(.*)$")
_ARTICLE_ID = re.compile(r"^article:\s*$\n(?:^ .*$\n)*?^  id:\s*[\"']?([^\s\"'#]+)", re.MULTILINE)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


# --- helpers ---------------------------------------------------------------------------


def header(text: str) -> tuple[Expected, str | None, str | None]:
    """The expectations and the ``path:`` and ``xfail:`` directives of a fixture's leading comments."""
    expected: Expected = set()
    path = xfail = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _EXPECT.match(line):
            expected.add((m.group(1), int(m.group(2)), int(m.group(3))))
        elif m := _PATH.match(line):
            path = m.group(1)
        elif m := _XFAIL.match(line):
            xfail = m.group(1)
    return expected, path, xfail


def default_path(text: str, stem: str) -> str:
    m = _ARTICLE_ID.search(text)
    return f"articles/2024/{m.group(1) if m else stem.lower()}.yaml"


#: Just the entities the minimal entry names, for datasets checked as a whole.
MINIMAL_REGISTRY = """\
- {id: example-news, kind: media, name: Example News}
- {id: jane-doe, kind: person, name: Jane Doe}
- {id: amina-haddad, kind: person, name: Amina Haddad}
"""


def make_dataset(root: Path, files: Mapping[str, str | bytes], *, registry: str = "shared") -> Path:
    """A dataset under ``root``: a registry (``shared``, ``minimal`` or ``none``) plus ``files``."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "entities").mkdir(parents=True, exist_ok=True)
    if registry == "shared":
        shutil.copy(FIXTURES / "entities.yaml", root / "entities" / "fixtures.yaml")
    elif registry == "minimal":
        (root / "entities" / "minimal.yaml").write_text(MINIMAL_REGISTRY, encoding="utf-8")
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return root


def found(diagnostics: list[Diagnostic], path: Path | None = None) -> Expected:
    return {(d.code, d.line, d.col) for d in diagnostics if path is None or Path(d.path).resolve() == path.resolve()}


def check_one(root: Path, rel: str, *, version_advice: bool = False) -> list[Diagnostic]:
    """Diagnostics of one file of the dataset, cross-record rules included.

    The fixtures are written in schema 1.0 on purpose: they keep proving that 1.0
    entries are read by 1.0's rules. The advice to migrate them (NL507) is left
    out unless asked for; its own fixture asks."""
    target = root / rel
    diagnostics = check_dataset(root, only=[target], use_cache=False, jobs=1, want_records=False).diagnostics
    return diagnostics if version_advice else [d for d in diagnostics if d.code != "NL507"]


# --- committed fixtures ----------------------------------------------------------------


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture(fixture: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    text = fixture.read_text(encoding="utf-8")
    expected, path, xfail = header(text)
    if xfail:
        request.applymarker(pytest.mark.xfail(reason=xfail, strict=True))
    assert expected, f"{fixture.name} declares no '# expect: CODE LINE:COL'"
    code = fixture.name.split("-", 1)[0]
    assert code in {c for c, _, _ in expected}, f"{fixture.name} is named for {code} but does not expect it"
    rel = path or default_path(text, fixture.stem)
    retired = [m.group(1) for line in text.splitlines() if (m := _RETIRED.match(line))]
    root = make_dataset(tmp_path / "dataset", {rel: text, **({"retired.yaml": "\n".join(retired) + "\n"} if retired else {})})
    diagnostics = check_one(root, rel, version_advice=code == "NL507")
    assert found(diagnostics) == expected, "\n".join(f"{d.code} {d.line}:{d.col} {d.message}" for d in diagnostics)
    assert all(Path(d.path).resolve() == (root / rel).resolve() for d in diagnostics)


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_is_silent(fixture: Path, tmp_path: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    rel = default_path(text, fixture.stem)
    root = make_dataset(tmp_path / "dataset", {rel: text})
    diagnostics = check_one(root, rel)
    assert diagnostics == [], "\n".join(f"{d.code} {d.line}:{d.col} {d.message}" for d in diagnostics)


def test_valid_fixtures_together_with_the_registry_are_silent(tmp_path: Path) -> None:
    """The valid fixtures use every entity of the shared registry, so the whole dataset is clean."""
    files = {}
    for fixture in VALID:
        text = fixture.read_text(encoding="utf-8")
        files[default_path(text, fixture.stem)] = text
    root = make_dataset(tmp_path / "dataset", files)
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    assert [d for d in report.diagnostics if d.code != "NL507"] == []  # fixtures stay at 1.0: see check_one
    assert report.files_checked == len(VALID) + 1


def test_fixture_names_follow_the_convention() -> None:
    codes = set(all_rules())
    for fixture in INVALID:
        code, _, what = fixture.stem.partition("-")
        assert code in codes, f"{fixture.name}: {code} is not a registered code"
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", what), f"{fixture.name}: name it <CODE>-<what>.yaml"


# --- generated single-file cases -------------------------------------------------------


def _replace(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in MINIMAL
        return MINIMAL.replace(old, new, 1).encode("utf-8")

    return make


def _line_col(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _at(needle: str, shift: int = 0) -> tuple[int, int]:
    line, col = _line_col(MINIMAL, needle)
    return line, col + shift


HEADLINE = _at("headline:")
GENERATED: dict[str, tuple[Callable[[], bytes], Expected]] = {
    "NL105-tab-before-comment": (
        _replace("genre: news\n", "genre: news\t# a tab\n"),
        {("NL105", *_at("genre: news", 11))},
    ),
    # One mistake, one diagnostic: the tab, where it is (not also a syntax error)
    "NL105-tab-indentation": (
        _replace("  genre: news\n", "\tgenre: news\n"),
        {("NL105", _at("  genre: news")[0], 1)},
    ),
    "NL106-utf8-bom": (lambda: b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"), {("NL106", 1, 1)}),
    "NL107-utf16-with-bom": (lambda: MINIMAL.encode("utf-16"), {("NL107", 1, 1)}),
    "NL107-utf32-with-bom": (lambda: MINIMAL.encode("utf-32"), {("NL107", 1, 1)}),
    "NL107-utf16-without-bom": (lambda: MINIMAL.encode("utf-16-le"), {("NL107", 1, 2)}),
    "NL107-nul-byte": (_replace("Jordan Says", "Jordan\x00Says"), {("NL107", *_at("Jordan Says", 6))}),
    "NL107-invalid-utf8": (
        lambda: MINIMAL.encode("utf-8").replace(b"Jordan Says", b"Jordan \xff Says", 1),
        {("NL107", *_at("Jordan Says", 7))},
    ),
    "NL107-control-character": (_replace("Jordan Says", "Jordan\x07Says"), {("NL107", *_at("Jordan Says", 6))}),
    # Text to YAML 1.2, a line break to YAML 1.1 readers (and to the reference parser)
    "NL103-line-separator": (_replace("Jordan Says", "Jordan\u2028Says"), {("NL103", *_at("Jordan Says", 6))}),
    "NL103-next-line": (_replace("Jordan Says", "Jordan\x85Says"), {("NL103", *_at("Jordan Says", 6))}),
    "NL103-paragraph-separator-in-a-comment": (
        _replace("genre: news\n", "genre: news # a\u2029b\n"),
        {("NL103", *_at("genre: news", 15))},
    ),
    "NL109-over-two-mebibytes": (
        lambda: MINIMAL.replace("  body: |\n", "  body: |\n" + ("    " + "x" * 76 + "\n") * 28_000, 1).encode("utf-8"),
        {("NL109", 1, 1)},
    ),
    "NL116-zero-bytes": (lambda: b"", {("NL116", 1, 1)}),
    "NL116-only-blank-lines": (lambda: b"\n  \n\n", {("NL116", 1, 1)}),
}


@pytest.mark.parametrize("case", sorted(GENERATED), ids=str)
def test_generated_case(case: str, tmp_path: Path) -> None:
    make, expected = GENERATED[case]
    rel = f"articles/2024/{MINIMAL_ID}.yaml"
    root = make_dataset(tmp_path / "dataset", {rel: make()})
    diagnostics = check_one(root, rel)
    assert found(diagnostics) == expected, "\n".join(f"{d.code} {d.line}:{d.col} {d.message}" for d in diagnostics)


def test_nl100_symlink_out_of_the_dataset(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL, encoding="utf-8")
    root = make_dataset(tmp_path / "dataset", {}, registry="none")
    link = root / "articles" / "2024" / f"{MINIMAL_ID}.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    assert found(report.diagnostics) == {("NL100", 0, 0)}
    assert Path(report.diagnostics[0].path).name == link.name


def test_symlink_inside_the_dataset_is_read(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {f"articles/{MINIMAL_ID}.txt": MINIMAL}, registry="minimal")
    link = root / "articles" / "2024" / f"{MINIMAL_ID}.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(root / "articles" / f"{MINIMAL_ID}.txt")
    assert check_dataset(root, use_cache=False, jobs=1, want_records=False).diagnostics == []


def test_nl100_directory_named_like_an_entry(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {}, registry="none")
    (root / "articles" / "2024" / "not-a-file.yaml").mkdir(parents=True)
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    assert found(report.diagnostics) == {("NL100", 0, 0)}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_nl100_unreadable_file(tmp_path: Path) -> None:
    rel = f"articles/2024/{MINIMAL_ID}.yaml"
    root = make_dataset(tmp_path / "dataset", {rel: MINIMAL}, registry="minimal")
    (root / rel).chmod(0)
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    assert found(report.diagnostics) == {("NL100", 0, 0)}


def test_nl114_yml_extension(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {f"articles/2024/{MINIMAL_ID}.yml": MINIMAL}, registry="none")
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    # The file as a whole: line 1, column 1 (line 0 is not a place editors can go to).
    assert found(report.diagnostics) == {("NL114", 1, 1)}


def test_nl299_any_other_schema_error() -> None:
    """No YAML input is known to reach the catch-all, so map a pydantic error type it does not know."""
    from newsledger.schema.models import Entry
    from newsledger.validators.rules.schema import map_error

    error = {
        "type": "some_future_error",
        "loc": ("article", "headline"),
        "msg": "something else is wrong",
        "input": "x",
    }
    finding = map_error(error, {"article": {"headline": "x"}}, Entry)
    assert (finding.code, finding.loc) == ("NL299", ("article", "headline"))
    assert finding.message == "article.headline: something else is wrong"


# --- cross-record cases ----------------------------------------------------------------

FIRST = f"articles/2024/{MINIMAL_ID}.yaml"
SECOND_ID = "example-2024-05-03-talks-follow-up"
SECOND = f"articles/2024/{SECOND_ID}.yaml"


def second_entry(*, url: str = "https://example.com/2024/05/03/talks-follow-up", event: str = "ref") -> str:
    """Another clean entry; with ``event='ref'`` it refers to the minimal entry's event."""
    text = MINIMAL.replace(MINIMAL_ID, SECOND_ID).replace("https://example.com/2024/05/02/border-talks-resume", url)
    text = text.replace("published: 2024-05-02", "published: 2024-05-03")
    if event == "ref":
        start = text.index("  - id: haddad-2024-05-01-talks-remarks")
        tail = text[text.index("    evidence:", start) :]
        text = text[:start] + "  - ref: haddad-2024-05-01-talks-remarks\n" + tail
        text = text.replace("    event: haddad-2024-05-01-talks-remarks\n", "")
    return text


def whole(root: Path) -> list[Diagnostic]:
    return check_dataset(root, use_cache=False, jobs=1, want_records=False).diagnostics


def test_event_ref_to_another_entry_resolves(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, SECOND: second_entry()}, registry="minimal")
    assert whole(root) == []


def test_nl401_event_defined_in_two_entries(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, SECOND: second_entry(event="id")}, registry="minimal")
    diagnostics = whole(root)
    assert found(diagnostics) == {("NL401", *_at("  - id: haddad-2024-05-01-talks-remarks", 8))}
    (d,) = diagnostics
    assert d.path.endswith(SECOND) and d.related[0].path.endswith(FIRST)


@pytest.mark.parametrize("second", ["event", "url"])
def test_related_place_in_another_file_is_located(second: str, tmp_path: Path) -> None:
    other = (
        second_entry(event="id")
        if second == "event"
        else second_entry(url="https://example.com/2024/05/02/border-talks-resume")
    )
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, SECOND: other}, registry="minimal")
    needle = "  - id: haddad-2024-05-01-talks-remarks" if second == "event" else "url: https"
    (d,) = whole(root)
    assert (d.related[0].line, d.related[0].col) == _at(needle, 8 if second == "event" else 5)


def test_nl401_article_id_in_two_files(tmp_path: Path) -> None:
    other = f"articles/2024/more/{MINIMAL_ID}.yaml"
    copy = MINIMAL.replace("border-talks-resume", "border-talks-copy").replace(
        "haddad-2024-05-01-talks", "copy-2024-05-01-talks"
    )
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, other: copy}, registry="minimal")
    diagnostics = whole(root)
    # The copy is found second (a subdirectory not named for a year is not checked against the date).
    assert found(diagnostics) == {("NL401", *_at(f"id: {MINIMAL_ID}", 4))}
    assert all(d.path.endswith(other) for d in diagnostics)


def test_nl401_entity_defined_twice(tmp_path: Path) -> None:
    extra = "- id: jane-doe\n  kind: person\n  name: Jane Doe (again)\n"
    rel = "entities/more.yaml"
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, rel: extra}, registry="minimal")
    assert found(whole(root)) == {("NL401", 1, 7)}


def test_nl402_unknown_parent_entity(tmp_path: Path) -> None:
    extra = "- id: lost-unit\n  kind: military\n  name: Lost Unit\n  parent: no-such-army\n"
    rel = "entities/more.yaml"
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, rel: extra}, registry="minimal")
    # lost-unit itself is referenced by nothing: NL501 at its id.
    assert found(whole(root)) == {("NL402", 4, 11), ("NL501", 1, 7)}


def test_nl403_ref_without_definition(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "dataset", {SECOND: second_entry()}, registry="minimal")
    line, col = _line_col(second_entry(), "ref: haddad")
    assert found(whole(root)) == {("NL403", line, col + 5)}


def test_nl404_same_report_twice(tmp_path: Path) -> None:
    variant = "https://WWW.example.com/2024/05/02/border-talks-resume/#comments"
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, SECOND: second_entry(url=variant)}, registry="minimal")
    diagnostics = whole(root)
    assert found(diagnostics) == {("NL404", *_at("url: https", 5))}
    (d,) = diagnostics
    assert d.path.endswith(SECOND) and d.related[0].path.endswith(FIRST)


def test_nl408_parent_cycle(tmp_path: Path) -> None:
    cycle = (
        "- id: unit-a\n  kind: military\n  name: Unit A\n  parent: unit-b\n"
        "- id: unit-b\n  kind: military\n  name: Unit B\n  parent: unit-a\n"
    )
    rel = "entities/cycle.yaml"
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, rel: cycle}, registry="minimal")
    assert found(whole(root)) == {("NL408", 4, 11), ("NL408", 8, 11)}


def test_nl501_unreferenced_entity(tmp_path: Path) -> None:
    extra = "- id: nobody\n  kind: person\n  name: Nobody\n- id: atlantis\n  kind: country\n  name: Atlantis\n"
    rel = "entities/more.yaml"
    root = make_dataset(tmp_path / "dataset", {FIRST: MINIMAL, rel: extra}, registry="minimal")
    # countries are exempt
    assert found(whole(root)) == {("NL501", 1, 7)}


def test_only_restricts_reporting_not_checking(tmp_path: Path) -> None:
    """A changed file is checked against the whole dataset, and only its findings are reported."""
    broken_first = MINIMAL.replace("publisher: example-news", "publisher: nobody-news")
    root = make_dataset(tmp_path / "dataset", {FIRST: broken_first, SECOND: second_entry()}, registry="minimal")
    assert found(check_one(root, SECOND)) == set()
    assert found(check_one(root, FIRST)) == {("NL402", *_at("publisher:", 11))}


# --- NL001: a defect is reported, never raised --------------------------------------------


def _boom(entry: object) -> list[object]:
    raise RuntimeError("simulated defect")


def test_nl001_internal_error_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.validators import engine

    monkeypatch.setattr(engine, "ENTRY_CHECKS", (_boom,))
    rel = f"articles/2024/{MINIMAL_ID}.yaml"
    root = make_dataset(tmp_path / "dataset", {rel: MINIMAL})
    report = check_dataset(root, use_cache=False, jobs=1, want_records=False)
    (d,) = report.diagnostics
    assert (d.code, d.line, d.col) == ("NL001", 0, 0)
    assert Path(d.path).resolve() == (root / rel).resolve()
    assert "RuntimeError: simulated defect" in d.message


def test_nl001_validate_exits_1_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsledger.cli import main
    from newsledger.validators import engine

    monkeypatch.setattr(engine, "ENTRY_CHECKS", (_boom,))
    rel = f"articles/2024/{MINIMAL_ID}.yaml"
    root = make_dataset(tmp_path / "dataset", {rel: MINIMAL})
    assert main(["validate", str(root), "--no-cache", "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert "NL001" in out and MINIMAL_ID in out
    assert "Traceback" not in out + err


def _failing_dataset_rule(index: object) -> list[object]:
    raise RuntimeError("simulated defect in a dataset rule")


_failing_dataset_rule.code = "NL402"  # type: ignore[attr-defined]


def test_defect_in_a_dataset_rule_exits_1_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsledger.cli import main
    from newsledger.validators.rules import dataset as dataset_rules

    monkeypatch.setattr(dataset_rules, "DATASET_CHECKS", (_failing_dataset_rule, *dataset_rules.DATASET_CHECKS))
    root = make_dataset(tmp_path / "dataset", {f"articles/2024/{MINIMAL_ID}.yaml": MINIMAL}, registry="minimal")
    assert main(["validate", str(root), "--no-cache", "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert "simulated defect in a dataset rule" in out + err
    assert "Traceback" not in out + err


def test_defect_in_a_dataset_rule_is_nl001_and_other_rules_still_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.validators.rules import dataset as dataset_rules

    monkeypatch.setattr(dataset_rules, "DATASET_CHECKS", (_failing_dataset_rule, *dataset_rules.DATASET_CHECKS))
    rel = f"articles/2024/{MINIMAL_ID}.yaml"
    broken = MINIMAL.replace("publisher: example-news", "publisher: nobody-news")
    root = make_dataset(tmp_path / "dataset", {rel: broken}, registry="minimal")
    diagnostics = check_one(root, rel)  # reporting restricted to one file keeps the defect visible
    assert {d.code for d in diagnostics} == {"NL001", "NL402"}
    (defect,) = [d for d in diagnostics if d.code == "NL001"]
    assert "simulated defect in a dataset rule" in defect.message


# --- coverage --------------------------------------------------------------------------

#: Codes proven by tests in this module rather than by a committed fixture.
TESTED_HERE = {
    "NL001": "test_nl001_*",
    "NL299": "test_nl299_any_other_schema_error",
    "NL100": "test_nl100_*",
    "NL401": "test_nl401_*",
    "NL404": "test_nl404_same_report_twice",
    "NL501": "test_nl501_unreferenced_entity",
    "NL409": "tests/test_validate_cross_records.py::test_nl409_*",
}


def test_every_code_has_a_fixture_or_a_generated_case() -> None:
    covered = {p.name.split("-", 1)[0] for p in INVALID}
    covered |= {name.split("-", 1)[0] for name in GENERATED}
    covered |= set(TESTED_HERE)
    missing = sorted(set(all_rules()) - covered)
    assert not missing, f"no fixture or generated case for: {', '.join(missing)}"
