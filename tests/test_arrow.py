"""The Arrow schema of release tables is derived from the models and stays plain."""

from __future__ import annotations

import pyarrow as pa
import pytest
from pydantic import BaseModel

from newsledger.schema import arrow, models

TABLE_MODELS: dict[str, type[BaseModel]] = {
    "articles": models.Article,
    "quotes": models.Quote,
    "events": models.Event,
    "entities": models.Entity,
}

# Struct columns and the model each one must mirror, field for field.
NESTED: list[tuple[str, str, type[BaseModel]]] = [
    ("articles", "rights", models.Rights),
    ("articles", "cites", models.Citation),
    ("events", "location", models.Location),
    ("events", "actors", models.Actor),
    ("events", "casualties", models.Casualty),
]


def _walk(field: pa.Field, path: str = "") -> list[tuple[str, pa.Field]]:
    here = f"{path}{field.name}"
    out = [(here, field)]
    type_ = field.type
    if pa.types.is_list(type_):
        type_ = type_.value_type
    if pa.types.is_struct(type_):
        for i in range(type_.num_fields):
            out += _walk(type_.field(i), here + ".")
    return out


def _all_fields() -> list[tuple[str, str, pa.Field]]:
    return [(t, p, f) for t, s in arrow.table_schemas().items() for top in s for p, f in _walk(top)]


def test_tables_in_release_order() -> None:
    assert tuple(arrow.table_schemas()) == arrow.TABLES == ("articles", "quotes", "events", "entities")


@pytest.mark.parametrize("table", arrow.TABLES)
def test_every_model_field_is_a_column(table: str) -> None:
    names = arrow.table_schema(table).names
    missing = [f for f in TABLE_MODELS[table].model_fields if f not in names]
    assert missing == []


@pytest.mark.parametrize(("table", "column", "model"), NESTED)
def test_struct_columns_mirror_their_model(table: str, column: str, model: type[BaseModel]) -> None:
    type_ = arrow.table_schema(table).field(column).type
    if pa.types.is_list(type_):
        type_ = type_.value_type
    assert [type_.field(i).name for i in range(type_.num_fields)] == list(model.model_fields)


def test_event_refs_survive_in_sources() -> None:
    sources = arrow.table_schema("events").field("sources").type.value_type
    names = [sources.field(i).name for i in range(sources.num_fields)]
    # EventRef.ref becomes the event row's id; evidence and note stay per source.
    assert set(models.EventRef.model_fields) - {"ref"} <= set(names)
    assert names[:2] == ["article_id", "defined"]


def test_computed_columns() -> None:
    s = arrow.table_schemas()
    for table, column in [("quotes", "said"), ("events", "date")]:
        names = s[table].names
        i = names.index(column)
        assert names[i + 1 : i + 4] == [f"{column}_start", f"{column}_end", f"{column}_precision"]
        assert s[table].field(f"{column}_start").type == pa.date32()
    assert s["articles"].field("published_date").type == pa.date32()
    assert not s["articles"].field("published_date").nullable
    assert s["articles"].field("updated_date").nullable
    for name in ["body_sha256", "body_chars", "quote_count", "event_count"]:
        assert not s["articles"].field(name).nullable
    assert s["articles"].field("body").nullable  # withheld bodies ship as null
    assert s["quotes"].names[:3] == ["id", "article_id", "local_id"]
    assert {"start", "end"} <= set(s["quotes"].names)
    assert {"article_id", "plover_type", "plover_mode", "sources"} <= set(s["events"].names)
    # A citation's EDTF date is nested and stays a string.
    cites = s["articles"].field("cites").type.value_type
    assert cites.field("date").type == pa.string()


def test_every_field_has_a_description() -> None:
    undocumented = [f"{t}:{p}" for t, p, f in _all_fields() if not arrow.description(f).strip()]
    assert undocumented == []
    for s in arrow.table_schemas().values():
        assert arrow.description_of(s)


def test_description_falls_back_inside_optional_annotations() -> None:
    location = arrow.table_schema("events").field("location").type
    assert "ISO 3166-1 alpha-3" in arrow.description(location.field("country"))


def _plain(type_: pa.DataType) -> bool:
    if pa.types.is_list(type_):
        return _plain(type_.value_type)
    if pa.types.is_struct(type_):
        return all(_plain(type_.field(i).type) for i in range(type_.num_fields))
    return type_ in (pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32())


def test_only_plain_arrow_types() -> None:
    odd = [f"{t}:{p} {f.type}" for t, p, f in _all_fields() if not _plain(f.type)]
    assert odd == []
    assert not any(isinstance(f.type, pa.ExtensionType) for _, _, f in _all_fields())


def test_inferred_is_a_list_of_records() -> None:
    inferred = arrow.table_schema("quotes").field("inferred").type
    assert pa.types.is_list(inferred)
    assert [inferred.value_type.field(i).name for i in range(2)] == ["field", "reason"]


def test_vocabularies() -> None:
    assert arrow.vocabularies("articles")["genre"][0] == "news"
    assert "raid" in arrow.vocabularies("events")["type"]
    assert "ASSAULT" in arrow.vocabularies("events")["plover_type"]
    assert set(arrow.vocabularies("entities")) == {"kind"}


def test_conform_reshapes_nested_inferred_and_rejects_unknown_keys() -> None:
    cites = arrow.table_schema("articles").field("cites").type
    value = [
        {
            "source": "x",
            "kind": "report",
            "date": None,
            "url": None,
            "note": None,
            "inferred": {"date": "b", "alpha": "a"},
        }
    ]
    shaped = arrow.conform(value, cites)
    assert shaped[0]["inferred"] == [{"field": "alpha", "reason": "a"}, {"field": "date", "reason": "b"}]
    with pytest.raises(KeyError, match="surprise"):
        arrow.conform([{**value[0], "surprise": 1}], cites)
    assert arrow.conform(None, cites) is None
