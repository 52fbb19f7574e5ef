"""The entry schema as pydantic v2 models: the single source of truth.

The current version is :data:`SCHEMA_VERSION` (1.1). The published JSON Schema
(``schema/<version>/``), the codebook (``docs/codebook.md``) and the Arrow schema
of releases are all generated from these classes. Entries still written in an
older version are read by that version's rules: :func:`entry_model` picks the
model (1.0 differs only in ``schema_version`` and a single PLOVER ``mode``). Writer
models forbid unknown keys; strings, integers and booleans are strict (YAML
``yes`` never becomes a string, ``"7"`` never becomes a number).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from newsledger.schema import checks
from newsledger.schema.vocab import (
    PLOVER_CROSSWALK,
    ActorRole,
    CasualtyOutcome,
    CitationKind,
    EntityKind,
    EventStatus,
    EventType,
    Genre,
    LocationPrecision,
    QuoteKind,
    TextRights,
    plover_modes_allowed,
)

SCHEMA_VERSION = "1.1"
#: Every schema version this package reads, oldest first.
SCHEMA_VERSIONS: tuple[str, ...] = ("1.0", "1.1")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# EDTF syntax of the supported subset; calendar validity (2024-02-30) and
# interval order are checked by the NL301 rule, which JSON Schema cannot express.
_EDTF_ONE = r"(?:[0-9]{2}(?:[0-9]{2}|[0-9]X|XX)(?:-(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?)?[?~%]?)"
EDTF_PATTERN = rf"^(?:{_EDTF_ONE}|(?:{_EDTF_ONE}|\.\.)?/(?:{_EDTF_ONE}|\.\.)?)$"

Text = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=2_000)]
LongText = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=1_000_000)]
Slug = Annotated[str, Strict(), StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=160)]
EntityId = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=160),
    Field(description="Id of an entity in the registry (dataset/entities/)."),
]
Edtf = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=EDTF_PATTERN, max_length=64),
    AfterValidator(checks.edtf),
    Field(json_schema_extra={"format": "edtf"}),
]
Country = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    AfterValidator(checks.country),
    Field(description="ISO 3166-1 alpha-3 country code, upper case (e.g. IRQ)."),
]
Published = Annotated[
    str,
    Strict(),
    StringConstraints(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?$"
    ),
    AfterValidator(checks.published),
]
Count = Annotated[int, Strict(), Field(ge=0, le=100_000_000)]
Degrees = Annotated[float, Strict()]
Inferred = Annotated[
    dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], Text],
    Field(
        description=(
            "Fields whose values the curator inferred rather than read in the report, "
            "each with the reason (e.g. date: year taken from the publication date)."
        )
    ),
]


#: Each record class's field names: what its ``inferred`` may name.
_FIELD_NAMES: dict[type, frozenset[str]] = {}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, use_enum_values=True)

    def _check_inferred(self, inferred: dict[str, str]) -> None:
        if not inferred:
            return
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            names = _FIELD_NAMES[type(self)] = frozenset(type(self).model_fields) | {"inferred"}
        if names.issuperset(inferred):
            return
        unknown = sorted(set(inferred) - names)
        if unknown:
            raise PydanticCustomError(
                "inferred_field",
                "inferred names {unknown}, which {verb} not a field of this record",
                {"unknown": ", ".join(unknown), "verb": "is" if len(unknown) == 1 else "are"},
            )


class Rights(_Record):
    """What newsledger may redistribute of an article."""

    text: TextRights = Field(description="Whether the article body ships in releases.")
    license: Text | None = Field(None, description="Licence of the body when redistributable (SPDX id or URL).")
    note: Text | None = Field(None, description="Free-text note on rights (who granted, where stated).")


class Citation(_Record):
    """A source the report relies on."""

    source: EntityId = Field(description="Entity id of the cited source.")
    kind: CitationKind = Field(description="How the source was used.")
    date: Edtf | None = Field(None, description="EDTF date of the cited material, when the report gives one.")
    url: Annotated[str, Strict(), AfterValidator(checks.https_url)] | None = Field(
        None, description="Link to the cited material.", json_schema_extra={"format": "uri"}
    )
    note: Text | None = Field(None, description="What was taken from the source.")
    inferred: Inferred = Field(default_factory=dict)

    @model_validator(mode="after")
    def _inferred_fields(self) -> Citation:
        if self.inferred:  # rarely given: no call for the rest
            self._check_inferred(self.inferred)
        return self


class Article(_Record):
    """One news report."""

    id: Slug = Field(description="Stable slug; the entry's file name is `<id>.yaml`.")
    url: Annotated[str, Strict(), StringConstraints(max_length=2_000), AfterValidator(checks.https_url)] = Field(
        description="Canonical absolute https URL, without tracking parameters.", json_schema_extra={"format": "uri"}
    )
    publisher: EntityId = Field(description="Entity id of the publishing outlet.")
    authors: list[EntityId] = Field(default_factory=list, description="Entity ids of the bylined authors, in byline order.")
    headline: Text = Field(description="Headline as published.")
    subheadline: Text | None = Field(None, description="Subheadline or standfirst as published.")
    published: Published = Field(
        description="Publication date (YYYY-MM-DD) or datetime with UTC offset.",
    )
    updated: Published | None = Field(
        None, description="Last update as shown by the publisher, same format as `published`."
    )
    language: Annotated[str, Strict(), StringConstraints(max_length=64), AfterValidator(checks.language)] = Field(
        description="BCP 47 language tag of the body (e.g. en)."
    )
    genre: Genre = Field(description="Kind of piece.")
    rights: Rights = Field(description="Redistribution rights of the body.")
    cites: list[Citation] = Field(default_factory=list, description="Sources the report relies on.")
    archive_url: Annotated[str, Strict(), AfterValidator(checks.https_url)] | None = Field(
        None, description="A web archive snapshot of the report.", json_schema_extra={"format": "uri"}
    )
    body: LongText = Field(description="Full text of the report, paragraphs separated by a blank line.")


class Quote(_Record):
    """A statement attributed in the report to a person or organisation."""

    id: Slug = Field(description="Id local to the entry (q1, q2, ...); release id is `<article-id>/<id>`.")
    speaker: EntityId = Field(description="Entity id of who said it: a person or an organisation.")
    speaker_role: Text | None = Field(None, description="The speaker's role at the time, as the report gives it.")
    kind: QuoteKind = Field(description="How the report renders the words.")
    via: EntityId | None = Field(None, description="Entity id of the outlet or channel where it was first said.")
    said: Edtf | None = Field(None, description="EDTF date when it was said.")
    event: Slug | None = Field(None, description="Id of the event (in this entry) in which it was said.")
    text: LongText = Field(description="The words; for direct and partial quotes exactly as in the body, without quotation marks.")
    inferred: Inferred = Field(default_factory=dict)

    @model_validator(mode="after")
    def _inferred_fields(self) -> Quote:
        if self.inferred:  # rarely given: no call for the rest
            self._check_inferred(self.inferred)
        return self


class Location(_Record):
    """Where an event took place, as precisely as the report says."""

    country: Country | None = Field(None, description="ISO 3166-1 alpha-3 code of the country where it happened.")
    place: EntityId | None = Field(None, description="Entity id of a place in the registry.")
    name: Text | None = Field(None, description="The place as the report names it.")
    admin1: Text | None = Field(None, description="First-order administrative area (province, governorate).")
    lat: Degrees | None = Field(None, description="WGS 84 latitude in degrees, with lon.")
    lon: Degrees | None = Field(None, description="WGS 84 longitude in degrees, with lat.")
    precision: LocationPrecision = Field(description="The finest level the report supports.")

    @model_validator(mode="after")
    def _coordinates(self) -> Location:
        if self.lat is not None or self.lon is not None:  # most locations have neither
            checks.lat_lon(self.lat, self.lon)
        return self


class Actor(_Record):
    """An entity taking part in an event."""

    entity: EntityId = Field(description="Entity id of the actor.")
    role: ActorRole = Field(description="Its part in the event.")


class Casualty(_Record):
    """People killed, wounded, captured... in an event. Unknown figures are absent, never 0."""

    outcome: CasualtyOutcome = Field(description="What happened to them.")
    low: Count | None = Field(None, description="Lowest figure the report gives.")
    best: Count | None = Field(None, description="The figure the report gives, or its best estimate.")
    high: Count | None = Field(None, description="Highest figure the report gives.")
    group: EntityId | None = Field(None, description="Entity id of the group they belonged to.")
    description: Text | None = Field(None, description="Who they were, as the report describes them.")

    @model_validator(mode="after")
    def _range(self) -> Casualty:
        checks.ordered_counts(self.low, self.best, self.high)
        return self


Evidence = Annotated[
    list[LongText],
    Field(min_length=1, description="Sentences of this article's body, verbatim, that report the event."),
]


PloverMode = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z-]+$")]


class Event(_Record):
    """Something that happened (or is planned, expected, denied...) as the report tells it."""

    id: Slug = Field(description="Globally unique id; other entries list the same event with `ref`.")
    type: EventType = Field(description="newsledger event type; maps to a PLOVER type and mode.")
    mode: PloverMode | Annotated[list[PloverMode], Field(min_length=1, max_length=16)] | None = Field(
        None,
        description=(
            "PLOVER mode overriding the type's default, or a list of them when the report "
            "names several (\"rocket and drone attacks\"); each must belong to its PLOVER type."
        ),
    )
    status: EventStatus = Field(description="Whether it happened, per the report.")
    date: Edtf | None = Field(None, description="EDTF date; absent when the report gives none.")
    location: Location | None = Field(None, description="Where; absent when the report does not say.")
    actors: list[Actor] = Field(default_factory=list, description="Who took part, with roles.")
    casualties: list[Casualty] = Field(default_factory=list, description="Human toll the report states.")
    summary: Text = Field(description="One neutral sentence on what the report says happened.")
    evidence: Evidence
    inferred: Inferred = Field(default_factory=dict)

    @model_validator(mode="after")
    def _meaning(self) -> Event:
        if self.mode is not None:
            allowed = plover_modes_allowed(str(self.type))
            modes = [self.mode] if isinstance(self.mode, str) else self.mode
            for mode in modes:
                if mode not in allowed:
                    plover = PLOVER_CROSSWALK[str(self.type)].type or "no PLOVER type"
                    raise PydanticCustomError(
                        "plover_mode",
                        "PLOVER mode '{mode}' does not belong to {plover} (type {type}); allowed: {allowed}",
                        {"mode": mode, "plover": plover, "type": str(self.type), "allowed": ", ".join(sorted(allowed)) or "none"},
                    )
            if len(set(modes)) != len(modes):
                raise PydanticCustomError("plover_mode", "a PLOVER mode is listed twice", {})
        if self.inferred:  # rarely given: no call for the rest
            self._check_inferred(self.inferred)
        return self


class EventRef(_Record):
    """An event curated in another entry that this report also reports."""

    ref: Slug = Field(description="Id of an event defined in another entry.")
    evidence: Evidence
    note: Text | None = Field(None, description="What this report adds about the event.")


def _event_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "ref" if "ref" in value else "event"
    return "ref" if isinstance(value, EventRef) else "event"


EventItem = Annotated[
    Annotated[Event, Tag("event")] | Annotated[EventRef, Tag("ref")],
    Discriminator(_event_tag),
]


class Entry(_Record):
    """One YAML file under dataset/articles/: a report with its quotes and events."""

    schema_version: Literal["1.1"] = Field(description="Schema version the entry is written in.")
    article: Article
    quotes: list[Quote] = Field(default_factory=list, description="Quotes the report carries.")
    events: list[EventItem] = Field(default_factory=list, description="Events the report reports.")


# --- schema 1.0: what an entry still written in it may hold ----------------


class Event10(Event):
    """An event as schema 1.0 has it: at most one PLOVER mode."""

    mode: PloverMode | None = Field(
        None, description="PLOVER mode overriding the type's default; must belong to its PLOVER type."
    )


EventItem10 = Annotated[
    Annotated[Event10, Tag("event")] | Annotated[EventRef, Tag("ref")],
    Discriminator(_event_tag),
]


class Entry10(Entry):
    """An entry written in schema 1.0 (``newsledger migrate`` moves it to the current version)."""

    schema_version: Literal["1.0"] = Field(description="Schema version the entry is written in.")  # type: ignore[assignment]
    events: list[EventItem10] = Field(default_factory=list, description="Events the report reports.")  # type: ignore[assignment]


#: Schema version -> the model of an entry written in it.
ENTRY_MODELS: dict[str, type[Entry]] = {"1.0": Entry10, SCHEMA_VERSION: Entry}


def parse_entry(data: Any) -> Entry:
    """Validate entry data by the rules of the schema version it declares."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    return entry_model(version).model_validate(data)


def entry_model(version: object) -> type[Entry]:
    """The model that reads an entry declaring ``schema_version: version``; the current
    one for an unknown version (which then reports the version as not supported)."""
    return ENTRY_MODELS.get(version, Entry) if isinstance(version, str) else Entry


class Entity(_Record):
    """A person, organisation or place that records refer to by id."""

    id: Slug = Field(description="Stable slug used by records to refer to it.")
    kind: EntityKind = Field(description="What sort of entity it is.")
    name: Text = Field(description="Common English name.")
    aliases: list[Text] = Field(default_factory=list, description="Other names and spellings used in reports.")
    wikidata: Annotated[str, Strict(), StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = Field(
        None, description="Wikidata item id (Q...)."
    )
    country: Country | None = Field(None, description="ISO 3166-1 alpha-3 code of the country it belongs to or is in.")
    parent: EntityId | None = Field(None, description="Entity id of the organisation or place it belongs to.")
    description: Text | None = Field(None, description="One line saying who or what it is.")
    lat: Degrees | None = Field(None, description="Latitude of a place (WGS 84).")
    lon: Degrees | None = Field(None, description="Longitude of a place (WGS 84).")
    geonames: Annotated[int, Strict(), Field(ge=1)] | None = Field(None, description="GeoNames id of a place.")

    @model_validator(mode="after")
    def _place_fields(self) -> Entity:
        checks.lat_lon(self.lat, self.lon)
        if self.kind != "place" and (self.lat is not None or self.geonames is not None):
            raise PydanticCustomError("place_fields", "lat, lon and geonames are for entities of kind place", {})
        return self


__all__ = [
    "ENTRY_MODELS",
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "Actor",
    "Article",
    "Casualty",
    "Citation",
    "Entity",
    "Entry",
    "Entry10",
    "Event",
    "Event10",
    "EventRef",
    "Location",
    "Quote",
    "Rights",
    "entry_model",
    "parse_entry",
]
