"""The benchmark corpus generator writes valid, deterministic datasets."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml_rs

from newsledger.schema.models import Entity, Entry, parse_entry

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"
ENTRIES = 30


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsledger_bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class body runs
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _run_generate(out: Path, seed: int = 1, hash_seed: str = "0") -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, str(GENERATE), "--entries", str(ENTRIES), "--out", str(out), "--seed", str(seed)],
        check=True, env=env, capture_output=True, text=True,
    )


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    _run_generate(out)
    return out


def _entries(root: Path) -> dict[Path, dict[str, Any]]:
    return {p: yaml_rs.loads(p.read_text(encoding="utf-8"), parse_datetime=False) for p in sorted((root / "articles").rglob("*.yaml"))}


def _entities(root: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in sorted((root / "entities").glob("*.yaml")):
        out.extend(yaml_rs.loads(p.read_text(encoding="utf-8"), parse_datetime=False))
    return out


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_layout_and_model_validation(corpus: Path) -> None:
    entries = _entries(corpus)
    assert len(entries) == ENTRIES
    for path, data in entries.items():
        entry = parse_entry(data)
        assert path.stem == entry.article.id
        assert path.parent.name == entry.article.published[:4]
    entities = _entities(corpus)
    assert 20 <= len(entities) <= 500
    for data in entities:
        Entity.model_validate(data)


def test_cross_record_shape(corpus: Path) -> None:
    entries = [parse_entry(d) for d in _entries(corpus).values()]
    entity_ids = [e["id"] for e in _entities(corpus)]
    assert len(set(entity_ids)) == len(entity_ids)
    urls = [e.article.url for e in entries]
    assert len(set(urls)) == len(urls)
    assert all(u.startswith("https://") and "utm_" not in u for u in urls)

    referenced: set[str] = set()
    defined: dict[str, int] = {}
    refs: list[tuple[int, str]] = []
    for n, entry in enumerate(entries_in_order(entries)):
        body = _fold(entry.article.body)
        referenced.update([entry.article.publisher, *entry.article.authors, *(c.source for c in entry.article.cites)])
        for quote in entry.quotes:
            referenced.update(x for x in (quote.speaker, quote.via) if x)
            assert quote.said is not None
            if quote.kind in ("direct", "partial"):
                assert _fold(quote.text) in body, quote.text
        for event in entry.events:
            for sentence in event.evidence:
                assert _fold(sentence) in body, sentence
            if hasattr(event, "ref"):
                refs.append((n, event.ref))
                continue
            assert event.id not in defined
            defined[event.id] = n
            referenced.update(a.entity for a in event.actors)
            referenced.update(c.group for c in event.casualties if c.group)
            if event.location is not None and event.location.place:
                referenced.add(event.location.place)
            for casualty in event.casualties:
                known = [v for v in (casualty.low, casualty.best, casualty.high) if v is not None]
                assert known == sorted(known)
    assert referenced == set(entity_ids), "every reference resolves and every written entity is referenced"
    for n, ref in refs:
        assert defined[ref] < n, "a ref names an event of an earlier entry"


def entries_in_order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.article.published[:10], e.article.id))


def test_deterministic_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    _run_generate(tmp_path / "a", hash_seed="1")
    _run_generate(tmp_path / "b", hash_seed="2")
    _run_generate(tmp_path / "c", seed=2)
    first = _digest(tmp_path / "a")
    assert first == _digest(tmp_path / "b")
    assert first != _digest(tmp_path / "c")


def test_yaml_writer_quotes_ambiguous_strings() -> None:
    for text in ("yes", "NO", "on", "null", "~", "12:30", "1.10", "010", "2024", "0x1f", "1e5", "", " x",
                 "a: b", "x #y", "-dash", "“curly”", "it’s", "tab\there", "line\nbreak", "[x]", "Harlow & Finch"):
        dumped = generate.dump_yaml({"k": text})
        assert yaml_rs.loads(dumped, parse_datetime=False) == {"k": text}, dumped
    assert generate.dump_yaml({"k": "2024-09-17"}) == "k: 2024-09-17\n"
    assert generate.dump_yaml({"k": "../2024-09"}) == "k: ../2024-09\n"


def _validator_available() -> bool:
    return importlib.util.find_spec("newsledger.validators.command") is not None


@pytest.mark.skipif(not _validator_available(), reason="newsledger validate is not implemented yet")
def test_newsledger_validate_is_clean(corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsledger", "validate", "--no-cache", "--strict", str(corpus)],
        capture_output=True, text=True, cwd=corpus,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_findings_corpus_has_warnings_and_no_errors(tmp_path: Path) -> None:
    """--findings: nearly every entry carries warnings (NL502, NL503), as real entries do, and none an error."""
    import json

    out = tmp_path / "findings"
    subprocess.run([sys.executable, str(GENERATE), "--entries", str(ENTRIES), "--out", str(out), "--findings"],
                   check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-m", "newsledger", "validate", "--no-cache", "--format", "json", str(out)],
        capture_output=True, text=True, cwd=out,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert {d["code"] for d in diagnostics if d["path"].startswith("articles/") or "/articles/" in d["path"]} == {"NL502", "NL503"}
    warned = {d["path"] for d in diagnostics if d["code"] in ("NL502", "NL503")}
    assert len(warned) >= 0.9 * ENTRIES


def test_results_keep_one_current_table_per_corpus_and_one_line_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("newsledger_bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run
    spec.loader.exec_module(run)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "RESULTS.md")

    def section(commit: str, seconds: str) -> str:
        return (f"- newsledger: 0.1.0 at commit {commit} (bytecode compiled first)\n- corpus: x (generate.py --findings): 10 entries\n"
                f"- load average: 1.0 at the start, 2.0 at the end (2 cores)\n\n| measure | value | baseline | ratio | target | result | peak RSS |\n"
                f"|---|---|---|---|---|---|---|\n| validate --no-cache DIR (cold, median of 3) | {seconds} | 2 s | 0.50x | <= 0.4x | FAIL | 1 MB |\n")

    run.record_results("generated with findings, 10 entries", "2026-12-07 10:00 UTC: 10 entries", section("aaa1111", "1.000 s"))
    run.record_results("generated, 10 entries", "2026-12-07 10:05 UTC: 10 entries", section("aaa1111", "0.500 s"))
    run.record_results("generated with findings, 10 entries", "2026-12-07 11:00 UTC: 10 entries", section("bbb2222", "0.900 s"))
    text = (tmp_path / "RESULTS.md").read_text()
    current, history = text.split("## History")
    assert current.count("### ") == 2 and "0.900 s" in current and "1.000 s" not in current
    rows = [line for line in history.splitlines() if line.startswith("| 2026")]
    assert len(rows) == 3 and "bbb2222" in rows[-1] and "0.900 s (0.50x)" in rows[-1] and "1.0 at the start" in rows[-1]
