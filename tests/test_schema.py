"""Schema 1.0: models, vocabularies, EDTF, the published JSON Schema and codebook."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsledger import read_yaml
from newsledger.cli import main
from newsledger.schema import models, vocab
from newsledger.schema.edtf import EdtfError, parse_edtf, parse_published
from newsledger.schema.export import schema_documents

from .conftest import DATASET, REPO, SEED

SCHEMA_DIR = REPO / "schema" / models.SCHEMA_VERSION


def _yaml(path: Path) -> object:
    reading = read_yaml(path, registry=path.parent.name == "entities")
    assert not reading.diagnostics
    return reading.data


def _validator(name: str, version: str = models.SCHEMA_VERSION) -> jsonschema.Draft202012Validator:
    doc = json.loads((REPO / "schema" / version / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(doc, format_checker=jsonschema.FormatChecker())


# --- published JSON Schema ---------------------------------------------------------


@pytest.mark.parametrize("name", ["entry.schema.json", "entities.schema.json", "retired.schema.json"])
def test_published_schema_is_valid_2020_12(name: str) -> None:
    doc = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"].endswith(f"/{models.SCHEMA_VERSION}/{name}")
    assert doc["title"] and doc["description"]
    jsonschema.Draft202012Validator.check_schema(doc)


def test_every_model_field_has_a_description() -> None:
    def walk(schema: dict) -> None:
        for name, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop, f"{name} has no description"

    for doc in schema_documents().values():
        for sub in doc.get("$defs", {}).values():
            walk(sub)


def test_seed_dataset_passes_the_published_schema() -> None:
    entities = _validator("entities.schema.json")
    entries = sorted((DATASET / "articles").rglob("*.yaml"))
    assert SEED in entries
    for path in entries:
        data = _yaml(path)  # an entry is checked against the schema of the version it declares
        errors = list(_validator("entry.schema.json", data["schema_version"]).iter_errors(data))
        assert not errors, f"{path}: {errors[0].message}"
    for path in sorted((DATASET / "entities").glob("*.yaml")):
        assert not list(entities.iter_errors(_yaml(path))), path
    assert not list(_validator("retired.schema.json").iter_errors(_yaml(DATASET / "retired.yaml")))


def test_retired_schema_and_model_agree() -> None:
    """The published schema and the model accept and refuse the same tombstones."""
    from pydantic import ValidationError

    from newsledger.schema.retired import Retired

    v = _validator("retired.schema.json")
    good = {"id": "a-b/q1", "table": "quotes", "reason": "withdrawn", "retired_in": "0.2.0"}
    cases = [
        good,
        {**good, "reason": "renamed", "successor": "a-b/q2"},
        {**good, "reason": "gone"},
        {**good, "table": "people"},
        {**good, "id": "A B"},
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "retired_in"},
    ]
    for case in cases:
        try:
            Retired.model_validate(case)
            model_ok = True
        except ValidationError:
            model_ok = False
        assert model_ok == (not list(v.iter_errors([case]))), case


def test_fixtures_against_published_schema() -> None:
    fixtures = REPO / "tests" / "fixtures"
    valid = sorted((fixtures / "valid").glob("*.yaml"))
    invalid = sorted((fixtures / "invalid").glob("NL2*.yaml"))
    if not valid or not invalid:
        pytest.skip("fixtures not present")
    for path in valid:
        data = _yaml(path)
        assert not list(_validator("entry.schema.json", data["schema_version"]).iter_errors(data)), path
    for path in invalid:
        data = read_yaml(path).data
        version = data.get("schema_version") if isinstance(data, dict) else None
        v = _validator("entry.schema.json", version if version in models.SCHEMA_VERSIONS else models.SCHEMA_VERSION)
        assert list(v.iter_errors(data)), f"{path.name} should fail the published schema"


def test_schema_export_check_passes_on_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "export", "--check", "--root", str(REPO)]) == 0


def test_schema_export_check_detects_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["schema", "export", "--root", str(tmp_path)]) == 0
    assert main(["schema", "export", "--check", "--root", str(tmp_path)]) == 0
    # A changed field description must make the committed copies stale.
    info = models.Article.model_fields["headline"]
    monkeypatch.setattr(info, "description", "Changed description")
    models.Article.model_rebuild(force=True)
    models.Entry.model_rebuild(force=True)
    try:
        assert main(["schema", "export", "--check", "--root", str(tmp_path)]) == 1
    finally:
        monkeypatch.undo()
        models.Article.model_rebuild(force=True)
        models.Entry.model_rebuild(force=True)


def test_export_is_byte_stable(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    main(["schema", "export", "--root", str(a)])
    main(["schema", "export", "--root", str(b)])
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes()


# --- models ------------------------------------------------------------------------


def _seed() -> dict:
    data = _yaml(SEED)
    assert isinstance(data, dict)
    return data


def test_seed_validates_as_entry() -> None:
    entry = models.parse_entry(_seed())
    assert entry.article.id == SEED.stem


def test_unknown_keys_are_rejected() -> None:
    data = _seed()
    data["article"]["headine"] = "typo"
    with pytest.raises(ValidationError) as exc:
        models.parse_entry(data)
    assert exc.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize(
    ("path", "value"),
    [(("article", "headline"), 2024), (("article", "authors"), "dave-decamp"), (("schema_version",), 1.0)],
)
def test_types_are_strict(path: tuple[str, ...], value: object) -> None:
    data = _seed()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        models.parse_entry(data)


def test_casualty_counts_are_not_coerced_from_text() -> None:
    with pytest.raises(ValidationError):
        models.Casualty.model_validate({"outcome": "killed", "best": "3"})
    with pytest.raises(ValidationError):
        models.Casualty.model_validate({"outcome": "killed"})  # unknown is absent: no record at all


def test_event_ref_and_event_are_told_apart() -> None:
    data = _seed()
    data["events"].append({"ref": "2024-01-tower-22-drone-strike", "evidence": ["x"]})
    entry = models.parse_entry(data)
    assert isinstance(entry.events[-1], models.EventRef)
    assert isinstance(entry.events[0], models.Event)


# --- vocabularies ------------------------------------------------------------------


def test_every_event_type_maps_to_plover() -> None:
    assert set(vocab.PLOVER_CROSSWALK) == {t.value for t in vocab.EventType}
    for name, plover in vocab.PLOVER_CROSSWALK.items():
        if plover.type is None:  # PLOVER has no type for it (statement, policy_change)
            assert plover.modes == (), name
            continue
        assert plover.type in vocab.PLOVER_MODES, name
        assert set(plover.modes) <= vocab.PLOVER_MODES[plover.type], name


def test_announced_withdrawal_is_concede_not_retreat() -> None:
    assert vocab.PLOVER_CROSSWALK["withdrawal_announcement"].type == "CONCEDE"
    assert vocab.PLOVER_CROSSWALK["troop_withdrawal"].type == "RETREAT"


def test_every_vocabulary_value_has_a_meaning() -> None:
    for enum in vocab.ALL_VOCABULARIES:
        meanings = enum.describe()
        assert set(meanings) == {m.value for m in enum}
        assert all(len(text) >= 6 for text in meanings.values()), enum.__name__


def test_plover_mode_must_belong_to_type() -> None:
    base = {"id": "e", "type": "airstrike", "status": "occurred", "summary": "s", "evidence": ["x"]}
    models.Event.model_validate({**base, "mode": "drone"})
    with pytest.raises(ValidationError) as exc:
        models.Event.model_validate({**base, "mode": "withdraw"})
    assert exc.value.errors()[0]["type"] == "plover_mode"


@pytest.mark.parametrize(("code", "ok"), [("IRQ", True), ("USA", True), ("IRK", False), ("irq", False), ("IQ", False)])
def test_country_codes(code: str, ok: bool) -> None:
    loc = {"country": code, "precision": "country"}
    if ok:
        models.Location.model_validate(loc)
    else:
        with pytest.raises(ValidationError):
            models.Location.model_validate(loc)


@pytest.mark.parametrize(("tag", "ok"), [("en", True), ("ar-IQ", True), ("zh-Hant", True), ("english", False), ("en_US", False), ("xx", False)])
def test_language_tags(tag: str, ok: bool) -> None:
    data = _seed()
    data["article"]["language"] = tag
    if ok:
        models.parse_entry(data)
    else:
        with pytest.raises(ValidationError):
            models.parse_entry(data)


# --- EDTF --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("2024-08-29", date(2024, 8, 29), date(2024, 8, 29), "day"),
        ("2024-01?", date(2024, 1, 1), date(2024, 1, 31), "month"),
        ("2024~", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("201X", date(2010, 1, 1), date(2019, 12, 31), "decade"),
        ("2024-09-01/2024-09-17", date(2024, 9, 1), date(2024, 9, 17), "interval"),
        ("../2025-09", None, date(2025, 9, 30), "interval"),
        ("2023/..", date(2023, 1, 1), None, "interval"),
        ("/2024-01", None, date(2024, 1, 31), "interval"),
    ],
)
def test_edtf_bounds(text: str, start: date | None, end: date | None, precision: str) -> None:
    parsed = parse_edtf(text)
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)


def test_edtf_qualifiers() -> None:
    assert parse_edtf("2024-01?").uncertain and not parse_edtf("2024-01?").approximate
    assert parse_edtf("2024~").approximate
    both = parse_edtf("2024%")
    assert both.uncertain and both.approximate


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2024-13", "2024-00", "2023-02-29", "2024-09/2024-01", "../..", "", " 2024", "24", "2024-9", "0000", "2024/2025/2026", "yesterday"]
)
def test_edtf_rejects(text: str) -> None:
    with pytest.raises(EdtfError):
        parse_edtf(text)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_edtf_day_round_trip(d: date) -> None:
    parsed = parse_edtf(d.isoformat())
    assert parsed.start == parsed.end == d


@given(
    st.one_of(
        st.text("0123456789-X?~%", max_size=12),
        st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    )
)
def test_edtf_plain_days_read_as_the_general_path_reads_them(text: str) -> None:
    """A plain day takes a shortcut through the C date parser; every other reading,
    and every reason for refusing one, is the general path's."""
    from newsledger.schema.edtf import EdtfDate, _single

    try:
        expected: EdtfDate | str = EdtfDate(text, *_single(text))
    except EdtfError as exc:
        expected = str(exc)
    try:
        got: EdtfDate | str = parse_edtf(text)
    except EdtfError as exc:
        got = str(exc)
    if "/" not in text and text == text.strip() and text:
        assert got == expected


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 1, 1)), st.integers(0, 4000))
def test_edtf_interval_contains_its_ends(d: date, days: int) -> None:
    other = d + timedelta(days=days)
    parsed = parse_edtf(f"{d.isoformat()}/{other.isoformat()}")
    assert parsed.start == d and parsed.end == other


@pytest.mark.parametrize("text", ["2024-09-17", "2024-09-17T14:05:00-04:00", "2024-09-17T14:05Z"])
def test_published_accepts(text: str) -> None:
    parse_published(text)


@pytest.mark.parametrize("text", ["2024-09-17T14:05", "2024-09-31", "17/09/2024", "2024-09"])
def test_published_rejects(text: str) -> None:
    with pytest.raises(EdtfError):
        parse_published(text)


# --- the CLI's version -------------------------------------------------------------


def test_version_comes_from_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsledger {version('newsledger')}"
