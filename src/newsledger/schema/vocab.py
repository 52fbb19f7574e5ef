"""Controlled vocabularies of schema 1.0.

Every vocabulary is a :class:`StrEnum` whose members carry a one-line meaning;
the codebook and the published JSON Schema take their descriptions from here.
Event types are newsledger's own list, each mapped onto PLOVER (the open event
ontology behind POLECAT) as a type and, where one applies, a mode.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class _Documented(StrEnum):
    """A string enum whose members have a human description."""

    @classmethod
    def describe(cls) -> dict[str, str]:
        return {m.value: _MEANINGS[cls.__name__][m.value] for m in cls}


_MEANINGS: dict[str, dict[str, str]] = {}


def _vocab(name: str, meanings: dict[str, str]) -> type[_Documented]:
    _MEANINGS[name] = meanings
    enum = _Documented(name, {k.upper(): k for k in meanings})  # type: ignore[call-overload]
    enum.__doc__ = "; ".join(f"`{k}`: {v}" for k, v in meanings.items())
    return enum  # type: ignore[no-any-return]


Genre = _vocab(
    "Genre",
    {
        "news": "Straight news report of recent events.",
        "analysis": "Explanatory or analytical piece that interprets events.",
        "opinion": "Opinion, editorial or column arguing a view.",
        "interview": "Interview published as questions and answers or a profile built on one.",
        "press_release": "Statement issued by the organisation it concerns.",
        "transcript": "Verbatim record of speech (briefing, hearing, broadcast).",
    },
)

TextRights = _vocab(
    "TextRights",
    {
        "withheld": "The body may not be redistributed: releases ship it as null with its sha256 and length.",
        "redistributable": "The body may be redistributed in releases (licence in `rights.license`).",
    },
)

CitationKind = _vocab(
    "CitationKind",
    {
        "interview": "The source spoke to a journalist (this outlet or another).",
        "report": "Another outlet's reporting.",
        "statement": "A public statement, speech or briefing by the source.",
        "press_release": "A written release issued by the source.",
        "social_media": "A post on a social media account of the source.",
        "document": "A document, filing, study or dataset.",
        "other": "Any other kind of source.",
    },
)

QuoteKind = _vocab(
    "QuoteKind",
    {
        "direct": "Whole quoted sentence(s), reproduced verbatim in the body inside quotation marks.",
        "partial": "A quoted phrase embedded in the reporter's own sentence, verbatim in the body.",
        "paraphrase": "The reporter's rendering of what was said, without quotation marks.",
    },
)

EventStatus = _vocab(
    "EventStatus",
    {
        "occurred": "The report states the event happened.",
        "ongoing": "The report states the event is under way at publication.",
        "planned": "Decided or scheduled by its actors but not yet happened.",
        "expected": "Forecast or promised to happen, without a fixed plan in the report.",
        "announced": "Publicly announced by an actor as going to happen.",
        "reported": "Attributed to other reporting that this report does not confirm.",
        "denied": "Reported as alleged and denied by an actor.",
    },
)

LocationPrecision = _vocab(
    "LocationPrecision",
    {
        "exact": "Coordinates of the event's own spot.",
        "site": "A named facility, base, building or camp.",
        "locality": "A town, city or village.",
        "admin2": "A second-order administrative area (district).",
        "admin1": "A first-order administrative area (province, governorate, state).",
        "border": "Along a border between countries.",
        "country": "Only the country is known.",
        "region": "A region spanning several countries.",
        "international": "International waters or airspace.",
    },
)

EntityKind = _vocab(
    "EntityKind",
    {
        "person": "A human being.",
        "government": "A government, ministry, department or official body.",
        "military": "A state armed force, service branch or unit.",
        "armed_group": "A non-state armed group, militia or insurgency.",
        "coalition": "A coalition or alliance of states or groups.",
        "media": "A news outlet, agency or publisher.",
        "igo": "An intergovernmental organisation.",
        "company": "A business.",
        "ngo": "A non-governmental organisation.",
        "country": "A sovereign state or territory as a whole.",
        "place": "A geographic place: settlement, site, base, region.",
    },
)

ActorRole = _vocab(
    "ActorRole",
    {
        "initiator": "Carries out or starts the event (PLOVER source actor).",
        "target": "The event is directed at it (PLOVER target actor).",
        "participant": "Takes part without a clear direction (talks, joint operations).",
        "mediator": "Brokers or hosts between other actors.",
        "supporter": "Backs the initiator (funds, arms, endorses).",
        "observer": "Witnesses or monitors the event.",
    },
)

CasualtyOutcome = _vocab(
    "CasualtyOutcome",
    {
        "killed": "Died as a result of the event.",
        "wounded": "Injured.",
        "captured": "Taken prisoner by an armed actor.",
        "missing": "Unaccounted for.",
        "abducted": "Kidnapped or taken hostage.",
        "arrested": "Detained by authorities.",
        "displaced": "Forced to leave their homes.",
    },
)


class Plover(NamedTuple):
    """The PLOVER event type (and optional mode) an event type maps to."""

    type: str
    mode: str | None = None


#: PLOVER types and the modes each allows (PLOVER 2021 codebook).
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset({"policy", "disarm", "return", "ceasefire", "withdraw", "release"}),
    "COOPERATE": frozenset(),
    "AID": frozenset({"economic", "military", "humanitarian"}),
    "RETREAT": frozenset({"withdraw", "ceasefire", "release", "return", "disarm"}),
    "REQUEST": frozenset(),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset(),
    "THREATEN": frozenset(),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "obstruct"}),
    "SANCTION": frozenset({"convict", "expel", "break-relations", "economic"}),
    "MOBILIZE": frozenset({"troops", "police", "militia", "alert"}),
    "COERCE": frozenset({"seize", "arrest", "deport", "ban", "censor", "curfew", "cyber"}),
    "ASSAULT": frozenset(
        {
            "beat",
            "firearms",
            "explosives",
            "aerial",
            "drone",
            "heavy-weapons",
            "chem-bio-rad",
            "targeted",
            "abduct",
            "sexual",
        }
    ),
}

_EVENT_TYPES: dict[str, tuple[str, Plover]] = {
    "statement": (
        "Public remarks, an interview or a briefing. PLOVER has no type for a bare "
        "statement; newsledger maps it to CONSULT, the nearest verbal type. Prefer demand, "
        "rejection, accusation or threat when the remarks are one of those.",
        Plover("CONSULT"),
    ),
    "demand": ("A call on another actor to do something.", Plover("REQUEST")),
    "rejection": ("Refusal of a request, proposal or claim.", Plover("REJECT")),
    "accusation": ("Accusing or criticising another actor.", Plover("ACCUSE")),
    "threat": ("Threatening another actor.", Plover("THREATEN")),
    "agreement": ("Signing or reaching an agreement.", Plover("AGREE")),
    "negotiation": ("Talks between actors.", Plover("CONSULT", "multilateral")),
    "meeting": ("A meeting of actors.", Plover("CONSULT")),
    "visit": ("An official visit.", Plover("CONSULT", "visit")),
    "withdrawal_announcement": (
        "An announced or promised future withdrawal or end of a mission "
        "(PLOVER codes an announced withdrawal as CONCEDE, not RETREAT).",
        Plover("CONCEDE", "withdraw"),
    ),
    "troop_withdrawal": ("Removal of troops, happened or planned.", Plover("RETREAT", "withdraw")),
    "ceasefire": ("A ceasefire or truce taking effect.", Plover("RETREAT", "ceasefire")),
    "release": ("Release of prisoners, hostages or detainees.", Plover("RETREAT", "release")),
    "military_aid": ("Weapons, training or funds for an armed force.", Plover("AID", "military")),
    "cooperation": ("Joint action or cooperation between actors.", Plover("COOPERATE")),
    "troop_deployment": ("Sending or massing troops.", Plover("MOBILIZE", "troops")),
    "protest": ("Demonstration or other public protest.", Plover("PROTEST", "demo")),
    "sanction": ("Economic or diplomatic sanctions.", Plover("SANCTION")),
    "arrest": ("Detention of people by authorities.", Plover("COERCE", "arrest")),
    "raid": ("A ground assault on a site.", Plover("ASSAULT")),
    "airstrike": ("Attack by crewed aircraft.", Plover("ASSAULT", "aerial")),
    "drone_strike": ("Attack by an armed or one-way drone.", Plover("ASSAULT", "drone")),
    "rocket_attack": ("Attack by rockets or missiles.", Plover("ASSAULT", "heavy-weapons")),
    "shelling": ("Artillery or mortar fire.", Plover("ASSAULT", "heavy-weapons")),
    "bombing": ("Attack by explosive devices.", Plover("ASSAULT", "explosives")),
    "armed_clash": ("Exchange of fire between armed actors.", Plover("ASSAULT", "firearms")),
    "attack": ("An attack whose means the report does not specify.", Plover("ASSAULT")),
    "assassination": ("Targeted killing of a named person.", Plover("ASSAULT", "targeted")),
    "abduction": ("Kidnapping or hostage taking.", Plover("ASSAULT", "abduct")),
    "policy_change": ("A government adopting or changing a policy.", Plover("CONCEDE", "policy")),
}

EventType = _vocab("EventType", {k: v[0] for k, v in _EVENT_TYPES.items()})

#: Crosswalk from newsledger event type to PLOVER.
PLOVER_CROSSWALK: dict[str, Plover] = {k: v[1] for k, v in _EVENT_TYPES.items()}


def plover_for(event_type: str, mode: str | None = None) -> Plover:
    """The PLOVER type and mode of an event, honouring a curator's mode override."""
    base = PLOVER_CROSSWALK[event_type]
    return Plover(base.type, mode if mode is not None else base.mode)


ALL_VOCABULARIES: tuple[type[_Documented], ...] = (
    Genre,
    TextRights,
    CitationKind,
    QuoteKind,
    EventType,
    EventStatus,
    LocationPrecision,
    EntityKind,
    ActorRole,
    CasualtyOutcome,
)

__all__ = [
    "ALL_VOCABULARIES",
    "PLOVER_CROSSWALK",
    "PLOVER_MODES",
    "ActorRole",
    "CasualtyOutcome",
    "CitationKind",
    "EntityKind",
    "EventStatus",
    "EventType",
    "Genre",
    "LocationPrecision",
    "Plover",
    "QuoteKind",
    "TextRights",
    "plover_for",
]
