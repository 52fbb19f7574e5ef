"""Generated valid datasets survive a release: entries -> release -> records loses nothing.

Hypothesis builds entries and entities that the models accept (every value goes
through ``model_validate``), ``write_release`` publishes them, and the records
are rebuilt from both the Parquet and the JSON Lines files. The only intended
differences are documented ones: withheld bodies ship as null (their digest and
length must match), and records come back sorted by id.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.release.build import write_release
from newsledger.schema import models, vocab
from newsledger.text import fold

Record = dict[str, Any]

SLUG = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}\Z")
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=24)
EDTF = st.sampled_from(
    [
        "2024",
        "2024-09",
        "2024-09-17",
        "2024?",
        "2024-09~",
        "20XX",
        "201X",
        "2024-XX",
        "2024-09-01/2024-09-17",
        "../2025-09",
        "2023/..",
        "/2024-01",
        "2024-01/",
    ]
)
# Body sentences, quoted and cited as evidence: something must remain after folding.
SENTENCE = TEXT.filter(lambda s: bool(fold(s)))
PUBLISHED = st.sampled_from(["2024-09-17", "1999-12-31", "2024-02-29T23:59:00+03:00", "2024-09-17T08:00Z"])
COUNTRY = st.sampled_from(["IRQ", "USA", "JOR", "SYR", "ISR"])
NUMBER = st.integers(min_value=0, max_value=1000)


def _inferred(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(fields), TEXT, max_size=2)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def entities(draw: st.DrawFn) -> list[Record]:
    ids = draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))
    out = []
    for i, eid in enumerate(ids):
        kind = draw(st.sampled_from([m.value for m in vocab.EntityKind]))
        place = kind == "place" and draw(st.booleans())
        raw = {
            "id": eid,
            "kind": kind,
            "name": draw(TEXT),
            "aliases": draw(st.lists(TEXT, max_size=2)),
            "wikidata": draw(_optional(st.integers(1, 10**8).map(lambda n: f"Q{n}"))),
            "country": draw(_optional(COUNTRY)),
            "parent": draw(_optional(st.sampled_from(ids[:i]))) if i else None,
            "description": draw(_optional(TEXT)),
            "lat": draw(st.floats(-90, 90)) if place else None,
            "lon": draw(st.floats(-180, 180)) if place else None,
            "geonames": draw(_optional(st.integers(1, 10**7))) if place else None,
        }
        out.append(models.Entity.model_validate(raw).model_dump())
    return out


def _location(draw: st.DrawFn, entity_ids: list[str]) -> Record | None:
    if draw(st.booleans()):
        return None
    coords = draw(st.booleans())
    return {
        "country": draw(_optional(COUNTRY)),
        "place": draw(_optional(st.sampled_from(entity_ids))),
        "name": draw(_optional(TEXT)),
        "admin1": draw(_optional(TEXT)),
        "lat": draw(st.floats(-90, 90)) if coords else None,
        "lon": draw(st.floats(-180, 180)) if coords else None,
        "precision": draw(st.sampled_from([m.value for m in vocab.LocationPrecision])),
    }


def _casualty(draw: st.DrawFn, entity_ids: list[str]) -> Record:
    figures = sorted(draw(st.lists(NUMBER, min_size=3, max_size=3)))
    keep = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
    low, best, high = (f if k else None for f, k in zip(figures, keep, strict=True))
    return {
        "outcome": draw(st.sampled_from([m.value for m in vocab.CasualtyOutcome])),
        "low": low,
        "best": best,
        "high": high,
        "group": draw(_optional(st.sampled_from(entity_ids))),
        "description": draw(_optional(TEXT)),
    }


def _event(draw: st.DrawFn, event_id: str, sentences: list[str], entity_ids: list[str]) -> Record:
    type_ = draw(st.sampled_from([m.value for m in vocab.EventType]))
    modes = sorted(vocab.plover_modes_allowed(type_))
    return {
        "id": event_id,
        "type": type_,
        "mode": draw(_optional(st.sampled_from(modes))) if modes else None,
        "status": draw(st.sampled_from([m.value for m in vocab.EventStatus])),
        "date": draw(_optional(EDTF)),
        "location": _location(draw, entity_ids),
        "actors": draw(
            st.lists(
                st.builds(
                    lambda e, r: {"entity": e, "role": r},
                    st.sampled_from(entity_ids),
                    st.sampled_from([m.value for m in vocab.ActorRole]),
                ),
                max_size=3,
            )
        ),
        "casualties": [_casualty(draw, entity_ids) for _ in range(draw(st.integers(0, 2)))],
        "summary": draw(TEXT),
        "evidence": draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=2)),
        "inferred": draw(_inferred(["date", "location", "actors", "summary"])),
    }


@st.composite
def datasets(draw: st.DrawFn) -> tuple[list[Record], list[Record]]:
    registry = draw(entities())
    entity_ids = [e["id"] for e in registry]
    article_ids = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    event_ids = draw(st.lists(SLUG, max_size=6, unique=True))
    owner = {eid: draw(st.sampled_from(article_ids)) for eid in event_ids}
    entries = []
    for aid in article_ids:
        sentences = draw(st.lists(SENTENCE, min_size=1, max_size=4))
        body = " ".join(sentences)
        own = [e for e in event_ids if owner[e] == aid]
        others = [e for e in event_ids if owner[e] != aid]
        quotes = []
        for n in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["direct", "partial", "paraphrase"]))
            text = draw(st.sampled_from(sentences)) if kind != "paraphrase" else draw(TEXT)
            quotes.append(
                {
                    "id": f"q{n + 1}",
                    "speaker": draw(st.sampled_from(entity_ids)),
                    "speaker_role": draw(_optional(TEXT)),
                    "kind": kind,
                    "via": draw(_optional(st.sampled_from(entity_ids))),
                    "said": draw(_optional(EDTF)),
                    "event": draw(_optional(st.sampled_from(event_ids))) if event_ids else None,
                    "text": text,
                    "inferred": draw(_inferred(["said", "speaker", "via"])),
                }
            )
        events = [_event(draw, e, sentences, entity_ids) for e in own]
        referenced = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        events += [
            {
                "ref": e,
                "evidence": draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=2)),
                "note": draw(_optional(TEXT)),
            }
            for e in referenced
        ]
        raw = {
            "schema_version": "1.0",
            "article": {
                "id": aid,
                "url": f"https://example.org/news/{aid}",
                "publisher": draw(st.sampled_from(entity_ids)),
                "authors": draw(st.lists(st.sampled_from(entity_ids), max_size=2)),
                "headline": draw(TEXT),
                "subheadline": draw(_optional(TEXT)),
                "published": draw(PUBLISHED),
                "updated": draw(_optional(PUBLISHED)),
                "language": draw(st.sampled_from(["en", "ar", "fr", "pt-BR"])),
                "genre": draw(st.sampled_from([m.value for m in vocab.Genre])),
                "rights": {
                    "text": draw(st.sampled_from(["withheld", "redistributable"])),
                    "license": draw(_optional(st.just("CC-BY-4.0"))),
                    "note": draw(_optional(TEXT)),
                },
                "cites": [
                    {
                        "source": draw(st.sampled_from(entity_ids)),
                        "kind": draw(st.sampled_from([m.value for m in vocab.CitationKind])),
                        "date": draw(_optional(EDTF)),
                        "url": draw(_optional(st.just(f"https://example.org/src/{aid}"))),
                        "note": draw(_optional(TEXT)),
                        "inferred": draw(_inferred(["date", "source"])),
                    }
                    for _ in range(draw(st.integers(0, 2)))
                ],
                "archive_url": draw(_optional(st.just(f"https://web.archive.org/web/2024/{aid}"))),
                "body": body,
            },
            "quotes": quotes,
            "events": events,
        }
        entries.append(models.parse_entry(raw).model_dump())
    return entries, registry


# --- from release records back to model dumps ----------------------------------


def _mapping(pairs: list[Record]) -> dict[str, str]:
    return {p["field"]: p["reason"] for p in pairs}


def _pick(model: type[models.BaseModel], row: Record) -> Record:
    out = {k: row[k] for k in model.model_fields}
    if "inferred" in out:
        out["inferred"] = _mapping(out["inferred"])
    return out


def _rebuild(rows: dict[str, list[Record]]) -> tuple[list[Record], list[Record]]:
    entries: dict[str, Record] = {}
    for row in rows["articles"]:
        article = _pick(models.Article, row)
        article["cites"] = [{**c, "inferred": _mapping(c["inferred"])} for c in article["cites"]]
        entries[row["id"]] = {"schema_version": "1.0", "article": article, "quotes": [], "events": []}
    for row in rows["quotes"]:
        quote = _pick(models.Quote, {**row, "id": row["local_id"]})
        entries[row["article_id"]]["quotes"].append(quote)
    for row in rows["events"]:
        entries[row["article_id"]]["events"].append(_pick(models.Event, row))
        for source in row["sources"][1:]:
            assert not source["defined"]
            entries[source["article_id"]]["events"].append(
                {"ref": row["id"], "evidence": source["evidence"], "note": source["note"]}
            )
    for entry in entries.values():
        entry["events"].sort(key=lambda e: e.get("id") or e["ref"])
    return list(entries.values()), [dict(r) for r in rows["entities"]]


def _expected(entries: list[Record], registry: list[Record]) -> tuple[list[Record], list[Record]]:
    out = []
    for entry in sorted(entries, key=lambda e: e["article"]["id"]):
        entry = json.loads(json.dumps(entry))
        if entry["article"]["rights"]["text"] == "withheld":
            entry["article"]["body"] = None
        entry["quotes"].sort(key=lambda q: q["id"])
        entry["events"].sort(key=lambda e: e.get("id") or e["ref"])
        out.append(entry)
    return out, sorted(registry, key=lambda e: e["id"])


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


@settings(max_examples=30)
@given(datasets())
def test_release_round_trip_loses_nothing(data: tuple[list[Record], list[Record]]) -> None:
    entries, registry = data
    with tempfile.TemporaryDirectory() as tmp:
        release = write_release(entries, registry, Path(tmp), "0.0.1")
        manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        parquet = {t: pq.read_table(release / f"{t}.parquet").to_pylist() for t in manifest["tables"]}
        jsonl = {
            t: [json.loads(line) for line in (release / f"{t}.jsonl").read_text(encoding="utf-8").splitlines()]
            for t in manifest["tables"]
        }
    assert {t: len(r) for t, r in parquet.items()} == {t: v["rows"] for t, v in manifest["tables"].items()}
    assert _iso(parquet) == jsonl
    expected = _expected(entries, registry)
    assert _rebuild(jsonl) == expected
    assert _rebuild(parquet) == expected

    bodies = {e["article"]["id"]: e["article"]["body"] for e in entries}
    for row in jsonl["articles"]:
        body = bodies[row["id"]]
        assert row["body_sha256"] == hashlib.sha256(body.encode("utf-8")).hexdigest()
        assert row["body_chars"] == len(body)
    for row in jsonl["quotes"]:
        if row["start"] is not None:
            assert fold(row["text"]) in fold(bodies[row["article_id"]][row["start"] : row["end"]])
        elif row["kind"] != "paraphrase":
            # direct and partial quotes here are body sentences, so they are always found
            raise AssertionError(f"quote {row['id']} not located")
