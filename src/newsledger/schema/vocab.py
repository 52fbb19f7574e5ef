"""Controlled vocabularies of schema 1.0.

Every vocabulary is a :class:`StrEnum` whose members carry a one-line meaning;
the codebook and the published JSON Schema take their descriptions from here.
Event types are newsledger's own list, each mapped onto PLOVER (the open event
ontology behind POLECAT) as a type and, where one fits every use, default modes;
PLOVER's own tables are read from its manual, whose commit is recorded below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
        "initiator": "Carries out or starts the event (PLOVER's actor).",
        "target": "The event is directed at it (PLOVER's recipient).",
        "participant": "Takes part without a clear direction (talks, joint operations); one of PLOVER's actors, as every party of a reciprocal event is.",
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


# --- PLOVER ----------------------------------------------------------------------------
#
# PLOVER is the event ontology behind POLECAT. Everything below about PLOVER itself
# (its types, each type's modes, its quad categories) is read from the manual, not
# from memory or from another crosswalk:

#: Where PLOVER's tables come from: the manual in the openeventdata/PLOVER repository.
PLOVER_MANUAL = "openeventdata/PLOVER, PLOVER_MANUAL.tex"
#: The commit of the manual read (2024-02-04, "replace incorrect DEMAND refs with REQUEST").
PLOVER_MANUAL_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"

#: PLOVER's sixteen event types and the modes each allows, as the manual's chapter
#: "Event Categories" lists them under each type's "Supplementary fields" (its
#: mode table, or "None"). Modes the manual comments out of a table are not modes:
#: RETREAT `return`; ASSAULT `execute`, `cleansing`, `massacre` and `sideAB`.
#: AID has none although the summary table at the end of the manual ticks "Modes"
#: for it: its own section says "Supplementary fields: None" and the score table
#: gives it no mode.
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold", "misinformation", "cyber"}
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}

#: Each PLOVER type's quad category, from the "Quad category" line of its section.
#: (The manual's own "Quad categories" table puts SANCTION under verbal conflict;
#: its section and the summary of event categories say material conflict.)
PLOVER_QUADS: dict[str, str] = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}

#: PLOVER types whose events have material consequences (the two material quads).
PLOVER_MATERIAL: frozenset[str] = frozenset(t for t, q in PLOVER_QUADS.items() if q.startswith("material"))


class Plover(NamedTuple):
    """The PLOVER event type and modes an event is coded with.

    ``type`` is None for an event type PLOVER has no type for (a bare statement):
    such events are published with a null PLOVER type and no modes.
    """

    type: str | None
    modes: tuple[str, ...] = ()

    @property
    def mode(self) -> str | None:
        """The first mode, or None: what the single-mode `plover_mode` column shows."""
        return self.modes[0] if self.modes else None


def _p(type_: str | None, *modes: str) -> Plover:
    return Plover(type_, modes)


# newsledger event type -> (meaning, PLOVER coding). A type's PLOVER type is fixed, so
# its meaning must fit that type in every use; a default mode is given only where
# the mode fits every event of the type. The curator's `mode` replaces the default.
_EVENT_TYPES: dict[str, tuple[str, Plover]] = {
    "statement": (
        "Public remarks, an interview or a briefing that is none of the other types. PLOVER "
        "has no type for a bare statement (it dropped CAMEO's MAKE PUBLIC STATEMENT), so it is "
        "published with no PLOVER type; the outlet the remarks were made to is the channel "
        "(a quote's `via`), not a participant. Use demand, rejection, accusation, threat, "
        "agreement, support or concession when the remarks are one of those.",
        _p(None),
    ),
    "demand": (
        "A request, call, demand or order addressed to another actor (PLOVER REQUEST; "
        "mode by what is asked: assist, change, yield, meet).",
        _p("REQUEST"),
    ),
    "rejection": (
        "Refusal or rejection of a request, proposal, claim or actor (PLOVER REJECT; "
        "mode by what is refused: assist, change, yield, meet).",
        _p("REJECT"),
    ),
    "accusation": (
        "Accusing, criticising or condemning another actor, suing, or investigating "
        "(PLOVER ACCUSE; modes disapprove, allege, investigate).",
        _p("ACCUSE"),
    ),
    "threat": ("Threatening another actor (PLOVER THREATEN; the mode is the content of the threat).", _p("THREATEN")),
    "agreement": (
        "Agreeing to, offering or promising cooperation: reaching an agreement, a promise to "
        "sign one, a meeting or visit agreed for the future (PLOVER AGREE). Signing or "
        "ratifying an agreement is `support`.",
        _p("AGREE"),
    ),
    "support": (
        "Diplomatic, non-material support: backing, commending or approving an actor, policy "
        "or action; recognising a state or government; signing, ratifying or finalising an "
        "agreement (PLOVER SUPPORT).",
        _p("SUPPORT"),
    ),
    "negotiation": (
        "Talks or negotiations between actors (PLOVER CONSULT; give the mode when the report "
        "says how they met: visit, third-party, multilateral, phone).",
        _p("CONSULT"),
    ),
    "meeting": ("A meeting or consultation between actors, in person or remote (PLOVER CONSULT).", _p("CONSULT")),
    "visit": (
        "An official visit: the visitor is the initiator, the host the target (PLOVER CONSULT visit).",
        _p("CONSULT", "visit"),
    ),
    "withdrawal_announcement": (
        "A withdrawal of troops or the end of a mission declared, announced, promised or "
        "planned but not carried out (PLOVER CONCEDE: announcements of future retreats are "
        "coded CONCEDE, which has no modes).",
        _p("CONCEDE"),
    ),
    "concession": (
        "A verbal concession with no immediate material consequence: easing restrictions or "
        "lifting a curfew, a pardon or amnesty, a declared ceasefire not yet in effect, "
        "suspending a protest, withdrawing a demand, an expression of regret (PLOVER CONCEDE). "
        "An announced withdrawal is `withdrawal_announcement`.",
        _p("CONCEDE"),
    ),
    "troop_withdrawal": (
        "Troops withdrawn from an area, or a retreat from territory, that has happened or is "
        "under way (PLOVER RETREAT withdraw: immediate, not promised, material consequences). "
        "A withdrawal planned, announced, expected or reported as to come is "
        "`withdrawal_announcement`.",
        _p("RETREAT", "withdraw"),
    ),
    "ceasefire": (
        "A ceasefire or truce implemented: in effect or observed (PLOVER RETREAT ceasefire). "
        "A ceasefire declared but not yet in effect is `concession`.",
        _p("RETREAT", "ceasefire"),
    ),
    "release": (
        "Prisoners, hostages or detainees released or exchanged (PLOVER RETREAT release). "
        "A pardon or amnesty is `concession`; a rescue is `aid`.",
        _p("RETREAT", "release"),
    ),
    "aid": (
        "Material aid whose benefits go mainly to the recipient: money, credit, debt relief, "
        "humanitarian aid, asylum, a hostage rescue (PLOVER AID, which has no modes). Aid to "
        "armed or police forces is `military_aid`.",
        _p("AID"),
    ),
    "military_aid": (
        "Weapons, training, funds or personnel for another actor's armed or police forces "
        "(PLOVER AID, which has no modes).",
        _p("AID"),
    ),
    "cooperation": (
        "Mutual material cooperation or exchange: joint military exercises, economic exchange, "
        "intelligence sharing, judicial cooperation (PLOVER COOPERATE).",
        _p("COOPERATE"),
    ),
    "troop_deployment": (
        "Moving, massing or readying troops short of the use of force (PLOVER MOBILIZE troops). "
        "Troops sent to assist another government are `military_aid`.",
        _p("MOBILIZE", "troops"),
    ),
    "protest": (
        "Demonstration or other public protest (PLOVER PROTEST; mode by its form: demo, riot, "
        "strike, hunger, boycott, obstruct, vandalize).",
        _p("PROTEST"),
    ),
    "sanction": (
        "Economic or diplomatic sanctions (PLOVER SANCTION discontinue, the mode PLOVER gives "
        "international sanctions; add expel, withdraw or convict where they apply).",
        _p("SANCTION", "discontinue"),
    ),
    "arrest": ("Arrest or detention of people by authorities (PLOVER COERCE arrest).", _p("COERCE", "arrest")),
    "coercion": (
        "Repression or coercion short of violence: searches and seizures, restrictions on "
        "movement or political activity, censorship, curfews, martial law, deportations, "
        "cutting off services, cyber attacks (PLOVER COERCE; give the mode). An arrest is `arrest`.",
        _p("COERCE"),
    ),
    "raid": (
        "An armed ground assault on a site (PLOVER ASSAULT; give the weapons as modes when the "
        "report names them). A search or seizure by authorities is `coercion`.",
        _p("ASSAULT"),
    ),
    "airstrike": ("Attack by crewed aircraft (PLOVER ASSAULT aerial).", _p("ASSAULT", "aerial")),
    "drone_strike": ("Attack by an armed or one-way drone (PLOVER ASSAULT drone).", _p("ASSAULT", "drone")),
    "rocket_attack": (
        "Attack by rockets or missiles fired from the ground (PLOVER ASSAULT heavy-weapons: "
        "rocket launchers). Fired from aircraft or drones: `airstrike`, `drone_strike`.",
        _p("ASSAULT", "heavy-weapons"),
    ),
    "shelling": ("Artillery, mortar or tank fire (PLOVER ASSAULT heavy-weapons).", _p("ASSAULT", "heavy-weapons")),
    "bombing": (
        "Attack with explosives not fired from a weapon: IEDs, car bombs, mines, planted or "
        "thrown bombs (PLOVER ASSAULT explosives). Bombs dropped from aircraft are `airstrike`.",
        _p("ASSAULT", "explosives"),
    ),
    "armed_clash": (
        "Fighting between armed actors (PLOVER ASSAULT; give the weapons as modes when the report names them).",
        _p("ASSAULT"),
    ),
    "attack": (
        "An attack whose means the report does not give, or gives several of: list those as "
        "modes, e.g. [heavy-weapons, drone] for rocket and drone attacks (PLOVER ASSAULT).",
        _p("ASSAULT"),
    ),
    "assassination": (
        "Targeted killing, or attempted killing, of a named person (PLOVER ASSAULT targeted).",
        _p("ASSAULT", "targeted"),
    ),
    "abduction": (
        "Kidnapping, hostage taking or hijacking, or the capture of combatants (PLOVER ASSAULT abduct).",
        _p("ASSAULT", "abduct"),
    ),
    "policy_change": (
        "A government adopting or changing a policy. PLOVER has no type for a policy change as "
        "such, so it is published with no PLOVER type: use concession, coercion or sanction "
        "when the change is one of those.",
        _p(None),
    ),
}


@_meanings({k: v[0] for k, v in _EVENT_TYPES.items()})
class EventType(_Documented):
    STATEMENT = "statement"
    DEMAND = "demand"
    REJECTION = "rejection"
    ACCUSATION = "accusation"
    THREAT = "threat"
    AGREEMENT = "agreement"
    SUPPORT = "support"
    NEGOTIATION = "negotiation"
    MEETING = "meeting"
    VISIT = "visit"
    WITHDRAWAL_ANNOUNCEMENT = "withdrawal_announcement"
    CONCESSION = "concession"
    TROOP_WITHDRAWAL = "troop_withdrawal"
    CEASEFIRE = "ceasefire"
    RELEASE = "release"
    AID = "aid"
    MILITARY_AID = "military_aid"
    COOPERATION = "cooperation"
    TROOP_DEPLOYMENT = "troop_deployment"
    PROTEST = "protest"
    SANCTION = "sanction"
    ARREST = "arrest"
    COERCION = "coercion"
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


#: Crosswalk from newsledger event type to PLOVER: type (None: no PLOVER type) and default modes.
PLOVER_CROSSWALK: dict[str, Plover] = {k: v[1] for k, v in _EVENT_TYPES.items()}


def plover_modes_allowed(event_type: str) -> frozenset[str]:
    """The modes an event of ``event_type`` may carry: those of its PLOVER type (none without one)."""
    plover = PLOVER_CROSSWALK[event_type].type
    return PLOVER_MODES[plover] if plover is not None else frozenset()


#: Schema 1.0's PLOVER type for the event types PLOVER has none for. Not PLOVER codings:
#: only what the deprecated, never-null `plover_type` column keeps showing through 1.x.
PLOVER_TYPE_1_0: dict[str, str] = {"statement": "CONSULT", "policy_change": "CONCEDE"}


def plover_type_1_0(event_type: str) -> str:
    """The deprecated ``plover_type`` column: the PLOVER type, else schema 1.0's stand-in."""
    return PLOVER_CROSSWALK[event_type].type or PLOVER_TYPE_1_0[event_type]


def plover_for(event_type: str, mode: str | Sequence[str] | None = None) -> Plover:
    """The PLOVER coding of an event: its type's, with the curator's ``mode`` (one
    mode or a list) replacing the default modes when given."""
    base = PLOVER_CROSSWALK[event_type]
    if mode is None:
        return base
    return Plover(base.type, (mode,) if isinstance(mode, str) else tuple(mode))


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
    "PLOVER_MANUAL",
    "PLOVER_MANUAL_COMMIT",
    "PLOVER_MATERIAL",
    "PLOVER_MODES",
    "PLOVER_QUADS",
    "PLOVER_TYPE_1_0",
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
    "plover_modes_allowed",
    "plover_type_1_0",
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
#: Every party of a reciprocal event (talks with no host, two-sided fighting) is an actor:
#: "all of the entities are considered as the actor and no recipient is included" (manual,
#: "Compound and Reciprocal Actors"), so a participant is an actor too.
_PLOVER_ROLE = {"initiator": "actor", "participant": "actor", "target": "recipient"}


def plover_role(role: str) -> str | None:
    """``actor`` (initiator, participant), ``recipient`` (target), or None for roles PLOVER does not name."""
    return _PLOVER_ROLE.get(role)
