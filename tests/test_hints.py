"""Every hint fits what triggered it.

A hint tells the curator what to change; a hint that speaks of something the
file does not have (an offset for a date written in words, quoting for a tab)
sends them the wrong way. Each fixture of every rule is checked, and so are the
generated inputs of ``test_validate_fixtures``: whatever a hint claims about the
text it points at must be true of that text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.validators.diagnostics import Diagnostic

from .test_validate_fixtures import (
    GENERATED,
    INVALID,
    MINIMAL,
    MINIMAL_ID,
    check_one,
    default_path,
    header,
    make_dataset,
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


Check = Callable[[str, str, Diagnostic, re.Match[str]], bool]
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")

#: (what a hint says, what must then be true: of the line it points at, of the file)
CLAIMS: list[tuple[re.Pattern[str], Check]] = [
    # quote it: "X" — X is written there, unquoted
    (re.compile(r'^quote it: "(.+)"$'), lambda line, text, d, m: m.group(1) in line and f'"{m.group(1)}"' not in line and f"'{m.group(1)}'" not in line),
    # an offset is missing only from a date that has a time
    (re.compile(r"^add the UTC offset"), lambda line, text, d, m: bool(_TIME.search(line))),
    (re.compile(r"^write the date as YYYY-MM-DD"), lambda line, text, d, m: not re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}", line)),
    (re.compile(r"with spaces|not tabs"), lambda line, text, d, m: "\t" in line),
    (re.compile(r"a character YAML reserves"), lambda line, text, d, m: line[d.col - 1 : d.col] in "@`%|>!&*"),
    (re.compile(r"a value containing ': ' must be quoted"), lambda line, text, d, m: ": " in line[d.col - 2 :] or line.count(": ") > 1),
    (re.compile(r"U\+([0-9A-F]{4,6})"), lambda line, text, d, m: chr(int(m.group(1), 16)) in line),
    (re.compile(r"^rename the file to (\S+)\.yaml$"), lambda line, text, d, m: m.group(1) in line and not d.path.endswith(f"/{m.group(1)}.yaml")),
    (re.compile(r"^move it to articles/([0-9]{4})/$"), lambda line, text, d, m: m.group(1) in line and f"/{m.group(1)}/" not in d.path),
    (re.compile(r"remove the %YAML line"), lambda line, text, d, m: line.startswith("%YAML")),
    (re.compile(r"remove the '---' separator"), lambda line, text, d, m: line.startswith("---")),
    (re.compile(r"remove the tag"), lambda line, text, d, m: "!" in line),
    (re.compile(r"remove anchors and aliases"), lambda line, text, d, m: "&" in text or "*" in text),
    (re.compile(r"write the keys out in full"), lambda line, text, d, m: "<<" in line),
    (re.compile(r"^write schema_version: \"1.0\" \(quoted\)$"), lambda line, text, d, m: line.startswith("schema_version:") and '"' not in line),
    (re.compile(r"^start with schema_version"), lambda line, text, d, m: not text.lstrip().startswith("schema_version")),
]


def _hint_fits(diagnostic: Diagnostic, text: str) -> list[str]:
    """What a hint of ``diagnostic`` claims that is not so in ``text``; the claims checked."""
    if not diagnostic.hint or diagnostic.line < 1:
        return []
    lines = text.split("\n")
    line = lines[diagnostic.line - 1] if diagnostic.line <= len(lines) else ""
    return [
        f"{diagnostic.code} {diagnostic.line}:{diagnostic.col} hint {diagnostic.hint!r} does not fit line {line!r}"
        for pattern, fits in CLAIMS
        if (m := pattern.search(diagnostic.hint)) and not fits(line, text, diagnostic, m)
    ]


def _claims(diagnostic: Diagnostic) -> int:
    return sum(bool(diagnostic.hint and pattern.search(diagnostic.hint)) for pattern, _ in CLAIMS)


def _run(tmp_path: Path, rel: str, content: str | bytes) -> list[Diagnostic]:
    root = make_dataset(tmp_path / "dataset", {rel: content})
    return check_one(root, rel)


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_hints_of_every_fixture_fit(fixture: Path, tmp_path: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    _, path, _ = header(text)
    diagnostics = _run(tmp_path, path or default_path(text, fixture.stem), text)
    assert not [problem for d in diagnostics for problem in _hint_fits(d, text)]


@pytest.mark.parametrize("case", sorted(GENERATED), ids=str)
def test_hints_of_generated_inputs_fit(case: str, tmp_path: Path) -> None:
    content = GENERATED[case][0]()
    diagnostics = _run(tmp_path, f"articles/2024/{MINIMAL_ID}.yaml", content)
    text = content.decode("utf-8", "replace")
    assert not [problem for d in diagnostics for problem in _hint_fits(d, text)]


def test_the_claims_are_checked_on_the_fixtures(tmp_path: Path) -> None:
    """Most hints make a claim these checks test: the test is not empty."""
    checked = 0
    for i, fixture in enumerate(INVALID):
        text = fixture.read_text(encoding="utf-8")
        _, path, _ = header(text)
        checked += sum(_claims(d) for d in _run(tmp_path / str(i), path or default_path(text, fixture.stem), text))
    assert checked >= 15


@pytest.mark.parametrize(
    ("published", "offset"),
    [("17 Sept 2024", False), ("Sept. 17, 2024", False), ("2024/05/02", False), ("2024-05-02T14:05", True), ("2024-05-02 14:05:00", True)],
)
def test_a_date_gets_the_hint_for_what_it_lacks(published: str, offset: bool, tmp_path: Path) -> None:
    content = MINIMAL.replace("published: 2024-05-02", f'published: "{published}"', 1)
    assert content != MINIMAL
    diagnostics = [d for d in _run(tmp_path, f"articles/2024/{MINIMAL_ID}.yaml", content) if d.code == "NL302"]
    assert len(diagnostics) == 1 and diagnostics[0].hint is not None
    assert ("UTC offset, e.g." in diagnostics[0].hint.split("(")[0]) == offset, diagnostics[0].hint
    assert not _hint_fits(diagnostics[0], content)


@pytest.mark.parametrize("where", ["\tgenre: news\n", "  genre:\tnews\n", "  genre: news\t\n", "  \tgenre: news\n"])
def test_a_tab_gives_one_diagnostic_at_the_tab(where: str, tmp_path: Path) -> None:
    content = MINIMAL.replace("  genre: news\n", where, 1)
    diagnostics = _run(tmp_path, f"articles/2024/{MINIMAL_ID}.yaml", content)
    line = content.split("\n").index(where.rstrip("\n")) + 1
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("NL105", line, where.index("\t") + 1)]
