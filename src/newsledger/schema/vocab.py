"""Controlled vocabularies of schema 1.0.

Every vocabulary is a :class:`StrEnum` whose members carry a one-line meaning;
the codebook and the published JSON Schema take their descriptions from here.
Event types are newsledger's own list, each mapped onto PLOVER (the open event
ontology behind POLECAT) as a type and, where one applies, a mode.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple, TypeVar


class _Documented(StrEnum):
    """A string enum whose members have a human description (``describe()``)."""

    @classmethod
    def describe(cls) -> dict[str, str]:
        return {m.value: _MEANINGS[cls.__name__][m.value] for m in cls}


_MEANINGS: dict[str, dict[str, str]] = {}

_E = TypeVar("_E", bound=type[_Documented])


def _meanings(meanings: dict[str, str]) -> Callable[[_E], _E]:
    """Attach the meaning of every value; the docstring lists them (it becomes the
    enum's description in the published JSON Schema)."""

    def attach(cls: _E) -> _E:
        if set(meanings) != {m.value for m in cls}:
            raise ValueError(f"{cls.__name__}: meanings and members differ")
        _MEANINGS[cls.__name__] = meanings
        cls.__doc__ = "; ".join(f"`{k}`: {v}" for k, v in meanings.items())
        return cls

    return attach


@_meanings(
    {
        "news": "Straight news report of recent events.",
        "analysis": "Explanatory or analytical piece that interprets events.",
        "opinion": "Opinion, editorial or column arguing a view.",
        "interview": "Interview published as questions and answers or a profile built on one.",
        "press_release": "Statement issued by the organisation it concerns.",
        "transcript": "Verbatim record of speech (briefing, hearing, broadcast).",
    }
)
class Genre(_Documented):
    NEWS = "news"
    ANALYSIS = "analysis"
    OPINION = "opinion"
    INTERVIEW = "interview"
    PRESS_RELEASE = "press_release"
    TRANSCRIPT = "transcript"

@_meanings(
    {
        "withheld": "The body may not be redistributed: releases ship it as null with its sha256 and length.",
        "redistributable": "The body may be redistributed in releases (licence in `rights.license`).",
    }
)
class TextRights(_Documented):
    WITHHELD = "withheld"
    REDISTRIBUTABLE = "redistributable"

@_meanings(
    {
        "interview": "The source spoke to a journalist (this outlet or another).",
        "report": "Another outlet's reporting.",
        "statement": "A public statement, speech or briefing by the source.",
        "press_release": "A written release issued by the source.",
        "social_media": "A post on a social media account of the source.",
        "document": "A document, filing, study or dataset.",
        "other": "Any other kind of source.",
    }
)
class CitationKind(_Documented):
    INTERVIEW = "interview"
    REPORT = "report"
    STATEMENT = "statement"
    PRESS_RELEASE = "press_release"
    SOCIAL_MEDIA = "social_media"
    DOCUMENT = "document"
    OTHER = "other"

@_meanings(
    {
        "direct": "Whole quoted sentence(s), reproduced verbatim in the body inside quotation marks.",
        "partial": "A quoted phrase embedded in the reporter's own sentence, verbatim in the body.",
        "paraphrase": "The reporter's rendering of what was said, without quotation marks.",
    }
)
class QuoteKind(_Documented):
    DIRECT = "direct"
    PARTIAL = "partial"
    PARAPHRASE = "paraphrase"

@_meanings(
    {
        "occurred": "The report states the event happened.",
        "ongoing": "The report states the event is under way at publication.",
        "planned": "Decided or scheduled by its actors but not yet happened.",
        "expected": "Forecast or promised to happen, without a fixed plan in the report.",
        "announced": "Publicly announced by an actor as going to happen.",
        "reported": "Attributed to other reporting that this report does not confirm.",
        "denied": "Reported as alleged and denied by an actor.",
    }
)
class EventStatus(_Documented):
    OCCURRED = "occurred"
    ONGOING = "ongoing"
    PLANNED = "planned"
    EXPECTED = "expected"
    ANNOUNCED = "announced"
    REPORTED = "reported"
    DENIED = "denied"

@_meanings(
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
    }
)
class LocationPrecision(_Documented):
    EXACT = "exact"
    SITE = "site"
    LOCALITY = "locality"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    BORDER = "border"
    COUNTRY = "country"
    REGION = "region"
    INTERNATIONAL = "international"

@_meanings(
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
    }
)
class EntityKind(_Documented):
    PERSON = "person"
    GOVERNMENT = "government"
    MILITARY = "military"
    ARMED_GROUP = "armed_group"
    COALITION = "coalition"
    MEDIA = "media"
    IGO = "igo"
    COMPANY = "company"
    NGO = "ngo"
    COUNTRY = "country"
    PLACE = "place"

@_meanings(
    {
        "initiator": "Carries out or starts the event (PLOVER source actor).",
        "target": "The event is directed at it (PLOVER target actor).",
        "participant": "Takes part without a clear direction (talks, joint operations).",
        "mediator": "Brokers or hosts between other actors.",
        "supporter": "Backs the initiator (funds, arms, endorses).",
        "observer": "Witnesses or monitors the event.",
    }
)
class ActorRole(_Documented):
    INITIATOR = "initiator"
    TARGET = "target"
    PARTICIPANT = "participant"
    MEDIATOR = "mediator"
    SUPPORTER = "supporter"
    OBSERVER = "observer"

@_meanings(
    {
        "killed": "Died as a result of the event.",
        "wounded": "Injured.",
        "captured": "Taken prisoner by an armed actor.",
        "missing": "Unaccounted for.",
        "abducted": "Kidnapped or taken hostage.",
        "arrested": "Detained by authorities.",
        "displaced": "Forced to leave their homes.",
    }
)
class CasualtyOutcome(_Documented):
    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    MISSING = "missing"
    ABDUCTED = "abducted"
    ARRESTED = "arrested"
    DISPLACED = "displaced"


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

@_meanings({k: v[0] for k, v in _EVENT_TYPES.items()})
class EventType(_Documented):
    STATEMENT = "statement"
    DEMAND = "demand"
    REJECTION = "rejection"
    ACCUSATION = "accusation"
    THREAT = "threat"
    AGREEMENT = "agreement"
    NEGOTIATION = "negotiation"
    MEETING = "meeting"
    VISIT = "visit"
    WITHDRAWAL_ANNOUNCEMENT = "withdrawal_announcement"
    TROOP_WITHDRAWAL = "troop_withdrawal"
    CEASEFIRE = "ceasefire"
    RELEASE = "release"
    MILITARY_AID = "military_aid"
    COOPERATION = "cooperation"
    TROOP_DEPLOYMENT = "troop_deployment"
    PROTEST = "protest"
    SANCTION = "sanction"
    ARREST = "arrest"
    RAID = "raid"
    AIRSTRIKE = "airstrike"
    DRONE_STRIKE = "drone_strike"
    ROCKET_ATTACK = "rocket_attack"
    SHELLING = "shelling"
    BOMBING = "bombing"
    ARMED_CLASH = "armed_clash"
    ATTACK = "attack"
    ASSASSINATION = "assassination"
    ABDUCTION = "abduction"
    POLICY_CHANGE = "policy_change"


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


# --- schema 1.1: PLOVER factuality and participants, derived from curated fields ---

#: PLOVER's factuality markers as release values (the manual marks future,
#: hypothetical and negated events; a report's unconfirmed claims are told apart too).
PLOVER_FACTUALITY: tuple[str, ...] = ("asserted", "future", "unconfirmed", "negated")

_FACTUALITY = {
    "occurred": "asserted",
    "ongoing": "asserted",
    "planned": "future",
    "expected": "future",
    "announced": "future",
    "reported": "unconfirmed",
    "denied": "negated",
}


def plover_factuality(status: str) -> str:
    """The release's ``plover_factuality`` of an event with this ``status``."""
    return _FACTUALITY[status]


#: newsledger actor roles with a PLOVER term: PLOVER names an event's actor and recipient.
_PLOVER_ROLE = {"initiator": "actor", "target": "recipient"}


def plover_role(role: str) -> str | None:
    """``actor`` (initiator), ``recipient`` (target), or None for roles PLOVER does not name."""
    return _PLOVER_ROLE.get(role)
