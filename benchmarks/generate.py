"""Generate a deterministic synthetic newsledger dataset of realistic shape.

    python benchmarks/generate.py --entries 10000 --out benchmarks/corpus-10000 [--seed 1]

Writes ``OUT/articles/YYYY/<article-id>.yaml`` (schema 1.0 entries) and
``OUT/entities/{people,organisations,places}.yaml`` (the registry). Every entry
is meant to validate cleanly:

* bodies of a few thousand characters (paragraphs of varied sentences with
  curly quotes and apostrophes, dashes, numbers);
* about three quotes per article: direct and partial quote texts occur verbatim
  in the body, every quote has a ``said`` date not after publication;
* about three events per article, each with evidence sentences copied verbatim
  from the body, a location with a real ISO 3166-1 alpha-3 code, actors from the
  shared registry, casualties with ``low <= best <= high``; events that occurred
  are dated on or before the publication date; about 10% are ``ref:`` entries to
  events defined in earlier entries;
* unique https URLs without tracking parameters; article id = file name stem;
* every entity of the written registry is referenced by at least one entry.

With ``--findings`` every entry also carries curation warnings, as real entries
do (the seed entry has two NL503): its events have no ``location`` (NL503 for
those that are not statements or talks) and its direct quotes no ``said`` date
(NL502). The entries stay valid: the warnings are advice, not errors.

The same ``--entries`` and ``--seed`` give byte-identical files (no dependence on
hash seeds, the clock or the file system order). Only the standard library is
used; YAML is written directly, quoting any string a YAML 1.1 or 1.2 reader could
take for something other than a string.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

__all__ = ["Corpus", "CorpusStats", "dump_yaml", "generate", "main", "with_findings"]

FIRST_PUBLISHED = date(2015, 1, 1)
LAST_PUBLISHED = date(2026, 11, 24)

# --- YAML writing --------------------------------------------------------------

_PLAIN_TEXT = re.compile(r"[A-Za-z][^:#\"'\[\]{}&*!|>%@`\\\n\t]*")
_PLAIN_FLOW_FORBIDDEN = re.compile(r"[,\[\]{}]")
_EDTF_PART = r"[0-9]{4}(?:-[0-9X]{2}(?:-[0-9X]{2})?)?[?~%]?"
_PLAIN_DATE = re.compile(rf"(?:{_EDTF_PART}|\.\.)?/(?:{_EDTF_PART}|\.\.)?|[0-9]{{4}}-[0-9X]{{2}}(?:-[0-9X]{{2}})?[?~%]?")
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9./_~%-]+")
_RESERVED = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]
)  # compared case-insensitively; YAML 1.1 booleans and 1.2 null/bool


def _plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written unquoted and read back as the same string by YAML 1.1 and 1.2."""
    if not text or text != text.strip() or text.lower() in _RESERVED:
        return False
    if flow and _PLAIN_FLOW_FORBIDDEN.search(text):
        return False
    if _PLAIN_DATE.fullmatch(text) or (not flow and _PLAIN_URL.fullmatch(text)):
        return True
    if _PLAIN_SLUG.fullmatch(text):
        # a slug is a string to every reader unless it is all digits (or hex/exponent-like)
        return text[0].isalpha() or ("-" in text and any(c.isalpha() for c in text))
    return _PLAIN_TEXT.fullmatch(text) is not None


def scalar(value: str | int | float, flow: bool = False) -> str:
    """A YAML scalar: plain when unambiguous, else a double-quoted (JSON-escaped) string."""
    if isinstance(value, bool):
        raise TypeError("booleans are not used in entries")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return value if _plain_ok(value, flow) else json.dumps(value, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float))


def _flow_mapping(mapping: dict[str, Any]) -> str | None:
    """``{k: v, ...}`` for a short mapping of scalars, else ``None``."""
    if not all(_is_scalar(v) for v in mapping.values()):
        return None
    text = "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in mapping.items()) + "}"
    return text if len(text) <= 100 else None


def _flow_sequence(items: list[Any]) -> str | None:
    if not all(isinstance(v, str) and len(v) <= 60 for v in items):
        return None
    return "[" + ", ".join(scalar(v, flow=True) for v in items) + "]"


def _emit_mapping(mapping: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if value is None:
            continue
        if key == "body":
            out.append(f"{pad}{key}: |\n")
            out.extend(f"{pad}  {line}\n" if line else "\n" for line in value.rstrip("\n").split("\n"))
        elif isinstance(value, dict):
            flow = _flow_mapping(value)
            if flow is not None:
                out.append(f"{pad}{key}: {flow}\n")
            else:
                out.append(f"{pad}{key}:\n")
                _emit_mapping(value, indent + 2, out)
        elif isinstance(value, list):
            flow = _flow_sequence(value) if value else "[]"
            if flow is not None:
                out.append(f"{pad}{key}: {flow}\n")
            else:
                out.append(f"{pad}{key}:\n")
                _emit_sequence(value, indent + 2, out)
        else:
            out.append(f"{pad}{key}: {scalar(value)}\n")


def _emit_sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            flow = _flow_mapping(item)
            if flow is not None:
                out.append(f"{pad}- {flow}\n")
                continue
            lines: list[str] = []
            _emit_mapping(item, indent + 2, lines)
            out.append(f"{pad}- {lines[0][indent + 2:]}")
            out.extend(lines[1:])
        else:
            out.append(f"{pad}- {scalar(item)}\n")


def dump_yaml(data: dict[str, Any] | list[Any]) -> str:
    """Block-style YAML in the house style of the seed entry (flow for short records)."""
    out: list[str] = []
    if isinstance(data, dict):
        _emit_mapping(data, 0, out)
    else:
        _emit_sequence(data, 0, out)
    return "".join(out)


# --- word lists ----------------------------------------------------------------

# (alpha-3, name, adjective, wikidata, [(place, admin1, lat, lon)])
COUNTRIES: list[tuple[str, str, str, str, list[tuple[str, str, float, float]]]] = [
    ("IRQ", "Iraq", "Iraqi", "Q796", [("Baghdad", "Baghdad", 33.3152, 44.3661), ("Mosul", "Nineveh", 36.3350, 43.1189), ("Erbil", "Erbil", 36.1911, 44.0092), ("Basra", "Basra", 30.5085, 47.7804), ("Kirkuk", "Kirkuk", 35.4681, 44.3922)]),
    ("SYR", "Syria", "Syrian", "Q858", [("Damascus", "Damascus", 33.5138, 36.2765), ("Aleppo", "Aleppo", 36.2021, 37.1343), ("Idlib", "Idlib", 35.9306, 36.6339), ("Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408)]),
    ("JOR", "Jordan", "Jordanian", "Q810", [("Amman", "Amman", 31.9539, 35.9106), ("Zarqa", "Zarqa", 32.0728, 36.0880)]),
    ("ISR", "Israel", "Israeli", "Q801", [("Tel Aviv", "Tel Aviv", 32.0853, 34.7818), ("Haifa", "Haifa", 32.7940, 34.9896)]),
    ("LBN", "Lebanon", "Lebanese", "Q822", [("Beirut", "Beirut", 33.8938, 35.5018), ("Tyre", "South Governorate", 33.2705, 35.2038), ("Baalbek", "Baalbek-Hermel", 34.0047, 36.2110)]),
    ("IRN", "Iran", "Iranian", "Q794", [("Tehran", "Tehran", 35.6892, 51.3890), ("Isfahan", "Isfahan", 32.6546, 51.6680)]),
    ("YEM", "Yemen", "Yemeni", "Q805", [("Sanaa", "Amanat al-Asimah", 15.3694, 44.1910), ("Aden", "Aden", 12.7855, 45.0187), ("Hodeidah", "Hodeidah", 14.7978, 42.9545)]),
    ("SAU", "Saudi Arabia", "Saudi", "Q851", [("Riyadh", "Riyadh", 24.7136, 46.6753), ("Jeddah", "Makkah", 21.4858, 39.1925)]),
    ("TUR", "Turkey", "Turkish", "Q43", [("Ankara", "Ankara", 39.9334, 32.8597), ("Gaziantep", "Gaziantep", 37.0662, 37.3833)]),
    ("EGY", "Egypt", "Egyptian", "Q79", [("Cairo", "Cairo", 30.0444, 31.2357), ("El Arish", "North Sinai", 31.1313, 33.7984)]),
    ("UKR", "Ukraine", "Ukrainian", "Q212", [("Kyiv", "Kyiv", 50.4501, 30.5234), ("Kharkiv", "Kharkiv", 49.9935, 36.2304), ("Odesa", "Odesa", 46.4825, 30.7233), ("Zaporizhzhia", "Zaporizhzhia", 47.8388, 35.1396)]),
    ("RUS", "Russia", "Russian", "Q159", [("Moscow", "Moscow", 55.7558, 37.6173), ("Belgorod", "Belgorod", 50.5997, 36.5983)]),
    ("AFG", "Afghanistan", "Afghan", "Q889", [("Kabul", "Kabul", 34.5553, 69.2075), ("Kandahar", "Kandahar", 31.6289, 65.7372)]),
    ("PAK", "Pakistan", "Pakistani", "Q843", [("Islamabad", "Islamabad", 33.6844, 73.0479), ("Peshawar", "Khyber Pakhtunkhwa", 34.0151, 71.5249), ("Quetta", "Balochistan", 30.1798, 66.9750)]),
    ("SOM", "Somalia", "Somali", "Q1045", [("Mogadishu", "Banaadir", 2.0469, 45.3182), ("Kismayo", "Lower Juba", -0.3582, 42.5454)]),
    ("SDN", "Sudan", "Sudanese", "Q1049", [("Khartoum", "Khartoum", 15.5007, 32.5599), ("El Fasher", "North Darfur", 13.6279, 25.3494)]),
    ("LBY", "Libya", "Libyan", "Q1016", [("Tripoli", "Tripoli", 32.8872, 13.1913), ("Benghazi", "Benghazi", 32.1194, 20.0868)]),
    ("MLI", "Mali", "Malian", "Q912", [("Bamako", "Bamako", 12.6392, -8.0029), ("Gao", "Gao", 16.2666, -0.0400)]),
    ("NER", "Niger", "Nigerien", "Q1032", [("Niamey", "Niamey", 13.5116, 2.1254), ("Agadez", "Agadez", 16.9742, 7.9865)]),
    ("NGA", "Nigeria", "Nigerian", "Q1033", [("Abuja", "Federal Capital Territory", 9.0765, 7.3986), ("Maiduguri", "Borno", 11.8311, 13.1510)]),
    ("ETH", "Ethiopia", "Ethiopian", "Q115", [("Addis Ababa", "Addis Ababa", 9.0300, 38.7400), ("Mekelle", "Tigray", 13.4967, 39.4753)]),
    ("MMR", "Myanmar", "Myanmar", "Q836", [("Naypyidaw", "Naypyidaw Union Territory", 19.7633, 96.0785), ("Lashio", "Shan", 22.9359, 97.7498)]),
    ("ARM", "Armenia", "Armenian", "Q399", [("Yerevan", "Yerevan", 40.1792, 44.4991)]),
    ("AZE", "Azerbaijan", "Azerbaijani", "Q227", [("Baku", "Baku", 40.4093, 49.8671)]),
    ("COL", "Colombia", "Colombian", "Q739", [("Bogotá", "Bogotá", 4.7110, -74.0721), ("Cúcuta", "Norte de Santander", 7.8939, -72.5078)]),
    ("VEN", "Venezuela", "Venezuelan", "Q717", [("Caracas", "Capital District", 10.4806, -66.9036)]),
    ("MEX", "Mexico", "Mexican", "Q96", [("Culiacán", "Sinaloa", 24.8091, -107.3940), ("Mexico City", "Mexico City", 19.4326, -99.1332)]),
    ("USA", "the United States", "US", "Q30", [("Washington", "District of Columbia", 38.9072, -77.0369)]),
    ("GBR", "the United Kingdom", "British", "Q145", [("London", "England", 51.5074, -0.1278)]),
    ("FRA", "France", "French", "Q142", [("Paris", "Île-de-France", 48.8566, 2.3522)]),
    ("QAT", "Qatar", "Qatari", "Q846", [("Doha", "Doha", 25.2854, 51.5310)]),
    ("CHN", "China", "Chinese", "Q148", [("Beijing", "Beijing", 39.9042, 116.4074)]),
]

FIRST_NAMES = ["Ahmed", "Fatima", "Omar", "Layla", "Yusuf", "Mariam", "Hassan", "Noor", "Ali", "Zainab", "Karim", "Rania", "Samir", "Hala", "Tariq", "Leila", "Olena", "Dmytro", "Iryna", "Taras", "Natalia", "Sergei", "Anna", "Pavel", "Aisha", "Ibrahim", "Amina", "Musa", "Halima", "Abdi", "Carlos", "Lucía", "Diego", "Mariana", "James", "Sarah", "David", "Emily", "Michael", "Rachel", "Thomas", "Claire", "Daniel", "Hannah", "Mehmet", "Elif", "Murat", "Zeynep", "Reza", "Shirin", "Farid", "Nasrin", "Kwame", "Ngozi", "Chinedu", "Amara", "Min", "Aung", "Thida", "Wei", "Lin"]
LAST_NAMES = ["al-Amiri", "Haddad", "Nasser", "Khalil", "Mansour", "al-Rashid", "Saleh", "Barzani", "Darwish", "Aziz", "Qasim", "Hamdan", "Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Petrov", "Volkova", "Sokolov", "Ivanova", "Abdullahi", "Warsame", "Mohamed", "Okafor", "Adeyemi", "Diallo", "Traoré", "Keita", "Haile", "Tesfaye", "García", "Rodríguez", "Morales", "Herrera", "Castillo", "Miller", "Johnson", "O’Brien", "Whitaker", "Hughes", "Brennan", "Fischer", "Dubois", "Moreau", "Yılmaz", "Demir", "Kaya", "Ahmadi", "Karimi", "Hosseini", "Rahimi", "Zhang", "Chen", "Thein", "Naing", "Khan", "Qureshi", "Siddiqui", "Baig"]
OFFICIAL_ROLES = (
    "Prime Minister", "Foreign Minister", "Defence Minister", "Interior Minister", "President",
    "army chief of staff", "government spokesperson", "ambassador to the United Nations",
    "national security adviser", "Speaker of Parliament",
)
MEDIA = (
    "Reuters", "Associated Press", "Agence France-Presse", "Al Jazeera", "BBC News", "Bloomberg",
    "The Guardian", "The New York Times", "Le Monde", "Der Spiegel", "Haaretz", "Al-Monitor",
    "The National", "Kyiv Independent", "Dawn", "The Hindu", "Daily Maverick", "Middle East Eye",
    "Antiwar.com", "Anadolu Agency", "Xinhua", "TASS", "NHK World", "El País", "Folha de S.Paulo",
)
IGOS = (
    ("United Nations", "UN"), ("African Union", "AU"), ("Arab League", None), ("NATO", None),
    ("European Union", "EU"), ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("World Health Organization", "WHO"), ("International Atomic Energy Agency", "IAEA"),
    ("UN Refugee Agency", "UNHCR"), ("World Food Programme", "WFP"),
    ("Economic Community of West African States", "ECOWAS"), ("Gulf Cooperation Council", "GCC"),
)
NGOS = (  # (name, takes "the" in a sentence)
    ("Amnesty International", False), ("Human Rights Watch", False), ("Médecins Sans Frontières", False),
    ("International Committee of the Red Cross", True), ("Norwegian Refugee Council", True), ("Airwars", False),
    ("Save the Children", False), ("International Crisis Group", False), ("Committee to Protect Journalists", True),
    ("Armed Conflict Location & Event Data Project", True),
)
COMPANIES = (
    "Northbridge Defence Systems", "Harlow & Finch Logistics", "Meridian Energy Group",
    "Caspian Oil Company", "Atlas Aerospace", "Sable Security Services", "Orion Telecom",
    "Delta Shipping Lines", "Kestrel Arms", "Baltic Grain Traders",
)
COALITIONS = (
    "US-led anti-ISIS coalition", "Saudi-led coalition", "Sahel Joint Force",
    "Red Sea Maritime Coalition", "Northern Security Alliance", "Coalition for Regional Stability",
)
ARMED_GROUP_PATTERNS = (
    "{place} Liberation Front", "{adj} Resistance Movement", "Army of {place}", "{place} Martyrs Brigade",
    "People’s Defence Units of {place}", "{adj} Islamic Front", "Sons of {place}", "{adj} National Militia",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# event type -> (category, past phrase, infinitive phrase, headline noun); {T} = target
EVENT_TYPES: dict[str, tuple[str, str, str, str]] = {
    "airstrike": ("violent", "carried out airstrikes on positions of {T}", "carry out airstrikes on positions of {T}", "airstrikes"),
    "drone_strike": ("violent", "launched a drone strike on {T}", "launch drone strikes on {T}", "drone strike"),
    "rocket_attack": ("violent", "fired rockets at {T}", "fire rockets at {T}", "rocket attack"),
    "shelling": ("violent", "shelled areas held by {T}", "shell areas held by {T}", "shelling"),
    "bombing": ("violent", "detonated explosives targeting {T}", "detonate explosives targeting {T}", "bombing"),
    "armed_clash": ("violent", "clashed with fighters of {T}", "clash with fighters of {T}", "clashes"),
    "attack": ("violent", "attacked {T}", "attack {T}", "attack"),
    "raid": ("violent", "raided a suspected hideout of {T}", "raid hideouts of {T}", "raid"),
    "assassination": ("violent", "killed a senior commander of {T} in a targeted strike", "kill commanders of {T}", "killing of a commander"),
    "abduction": ("violent", "abducted members of {T}", "abduct members of {T}", "abduction"),
    "statement": ("verbal", "issued a statement addressed to {T}", "issue a statement addressed to {T}", "statement"),
    "demand": ("verbal", "called on {T} to halt military operations", "call on {T} to halt military operations", "demand"),
    "rejection": ("verbal", "rejected a proposal put forward by {T}", "reject a proposal put forward by {T}", "rejection"),
    "accusation": ("verbal", "accused {T} of violating the truce", "accuse {T} of violating the truce", "accusation"),
    "threat": ("verbal", "threatened {T} with retaliation", "threaten {T} with retaliation", "threat"),
    "agreement": ("diplomatic", "signed an agreement with {T} on border security", "sign an agreement with {T} on border security", "agreement"),
    "negotiation": ("diplomatic", "held talks with {T} on a prisoner exchange", "hold talks with {T} on a prisoner exchange", "talks"),
    "meeting": ("diplomatic", "met representatives of {T}", "meet representatives of {T}", "meeting"),
    "visit": ("diplomatic", "paid an official visit to meet {T}", "pay an official visit to meet {T}", "visit"),
    "cooperation": ("diplomatic", "conducted joint patrols with {T}", "conduct joint patrols with {T}", "joint patrols"),
    "withdrawal_announcement": ("movement", "announced the end of its mission alongside {T}", "announce the end of its mission alongside {T}", "withdrawal announcement"),
    "troop_withdrawal": ("movement", "withdrew troops stationed alongside {T}", "withdraw troops stationed alongside {T}", "troop withdrawal"),
    "troop_deployment": ("movement", "deployed additional troops to confront {T}", "deploy additional troops to confront {T}", "troop deployment"),
    "ceasefire": ("movement", "agreed to a ceasefire with {T}", "agree to a ceasefire with {T}", "ceasefire"),
    "release": ("movement", "released detainees belonging to {T}", "release detainees belonging to {T}", "release of detainees"),
    "concession": ("movement", "declared a ceasefire with {T}", "declare a ceasefire with {T}", "ceasefire declaration"),
    "military_aid": ("movement", "approved a package of military aid for {T}", "approve a package of military aid for {T}", "military aid"),
    "protest": ("civil", "organised protests against {T}", "organise protests against {T}", "protests"),
    "sanction": ("civil", "imposed sanctions on {T}", "impose sanctions on {T}", "sanctions"),
    "arrest": ("civil", "arrested people accused of links to {T}", "arrest people accused of links to {T}", "arrests"),
    "policy_change": ("civil", "changed its policy towards {T}", "change its policy towards {T}", "policy change"),
}
#: PLOVER codes an event still to come by its verbal counterpart (rules NL316, NL317):
#: a promised retreat is CONCEDE, promised cooperation AGREE. The sentence stays the type's.
FUTURE_TYPE = {
    "troop_withdrawal": "withdrawal_announcement", "ceasefire": "concession", "release": "concession",
    "military_aid": "agreement", "cooperation": "agreement", "negotiation": "agreement", "meeting": "agreement",
    "visit": "agreement",
}
EVENT_TYPE_WEIGHTS = {"violent": 5, "verbal": 3, "diplomatic": 2, "movement": 1, "civil": 1}
STATUS_WEIGHTS = {
    "violent": (("occurred", 80), ("reported", 10), ("denied", 5), ("ongoing", 5)),
    "verbal": (("occurred", 100),),
    "diplomatic": (("occurred", 60), ("planned", 20), ("expected", 10), ("announced", 10)),
    "movement": (("occurred", 40), ("planned", 25), ("announced", 20), ("expected", 15)),
    "civil": (("occurred", 85), ("ongoing", 10), ("announced", 5)),
}
CASUALTY_OUTCOME = {"abduction": "abducted", "arrest": "arrested", "protest": "wounded"}

ATTRIBUTIONS = (
    "local officials said", "according to a statement from the military", "witnesses told reporters",
    "a security source said on condition of anonymity", "according to local media", "officials said",
    "residents said", "a spokesperson confirmed",
)
DIRECT_QUOTES = (
    "We will not allow {place} to become a launching pad for attacks on our neighbours",
    "Our forces have the right to respond to any aggression",
    "The people of {country} have paid a heavy price for this war",
    "There is no military solution to this conflict",
    "We call on the international community to take responsibility",
    "Every day of delay costs lives",
    "Our position has not changed and it will not change",
    "We are ready to talk, but not under fire",
    "The situation in {place} is catastrophic",
    "Nobody should be surprised by what happened",
    "This is a violation of our sovereignty and of international law",
    "We have asked for guarantees and we have received none",
    "The agreement is fragile, but it is holding",
    "Hospitals in {place} are running out of fuel and medicine",
    "We will not negotiate while our cities are being bombed",
    "Those responsible will be held accountable",
    "The coming weeks will be decisive",
    "We don’t want escalation, but we will defend ourselves",
    "The humanitarian corridor must stay open",
    "Our troops will stay as long as they are needed",
)
PARTIAL_PHRASES = (
    "a dangerous escalation", "unacceptable interference", "a new chapter", "all necessary measures",
    "a red line", "an act of aggression", "constructive and frank", "a humanitarian catastrophe",
    "premature", "a grave mistake", "collective punishment", "a step in the right direction",
)
PARAPHRASES = (
    "the government would not accept foreign troops on its soil",
    "talks would resume once the fighting stopped",
    "aid deliveries had been blocked for weeks",
    "the attack had been planned months in advance",
    "the ceasefire had been violated dozens of times",
    "the country needed more air defence systems",
    "elections would go ahead as planned",
    "the border would remain closed until further notice",
)
FILLERS = (
    "{Country}’s economy has been strained by years of conflict, with inflation above {pct} percent in {year} and youth unemployment higher still.",
    "{org} has repeatedly called for restraint from all sides and for the protection of civilians and civilian infrastructure.",
    "Analysts say the violence reflects a broader struggle for influence in the region, one that outside powers have done little to contain.",
    "More than {thousands},000 people have been displaced in {country} since {year}, according to {ngo}, many of them more than once.",
    "Diplomats from {country} and {country2} are due to meet again later this month, although no agenda has been published.",
    "Residents of {place} described long queues for fuel and bread, and said prices had doubled in a matter of weeks.",
    "The {adj} parliament has yet to approve the budget for the coming year, leaving public-sector salaries in doubt.",
    "{media} could not independently verify the figures, which could not be reconciled with earlier official statements.",
    "Neither side has commented publicly on the reports, and requests for comment sent on {weekday} went unanswered.",
    "The border crossing near {place} remained closed on {weekday}, officials said, stranding hundreds of lorries on both sides.",
    "The fighting has disrupted trade routes that carry about {pct} percent of the country’s imports, according to customs data.",
    "Humanitarian groups have warned that winter will worsen conditions in camps around {place}, where tents offer little protection.",
    "{org} estimates that {thousands},000 people in {country} need food assistance, up sharply from a year earlier.",
    "A previous round of talks collapsed in {month} {year} after a dispute over prisoner lists and the sequencing of a withdrawal.",
    "Power cuts have become routine in {place}, where generators run for only a few hours a day and fuel is rationed.",
    "The {adj} government says it controls most of the territory, a claim its opponents dispute and independent monitors cannot confirm.",
    "Journalists have limited access to the area, making casualty figures difficult to confirm and the sequence of events hard to establish.",
    "In {year}, a similar escalation ended with a truce brokered by {country2}, but it unravelled within months.",
    "Prices of flour and cooking oil in {place} have risen by {pct} percent since {month}, according to traders in the city’s main market.",
    "The latest figures were published by {org} on {weekday} and cover the period up to the end of last month.",
    "Schools in {place} have been closed for {small} weeks, and teachers say many families have left the city altogether.",
    "The {adj} foreign ministry summoned the ambassador of {country2} over the incident, the second such summons this year.",
    "Officials in {country2} have so far declined to comment publicly, though diplomats say private messages have been exchanged.",
    "Some {small},000 foreign troops are stationed in the country under bilateral agreements that parliament has never formally ratified.",
    "The area has changed hands several times since {year} — most recently in {month}, when government forces withdrew after heavy fighting.",
    "Local councils in {place} have appealed for generators, blankets and medical supplies ahead of the cold season.",
    "The incident was the {ordinal} of its kind this year, according to a tally kept by {ngo}.",
    "Opposition lawmakers in {country} demanded an inquiry into the government’s handling of the crisis and the conduct of the security forces.",
    "Negotiators have proposed a phased approach: first a truce, then a prisoner exchange, then a timetable for elections.",
    "Satellite images reviewed by {media} show damage to at least {small} buildings near {place}, including a school and a water station.",
    "{org} said its staff in {place} were safe but had suspended field visits until further notice.",
    "Oil exports from {country} fell to about {barrels},000 barrels a day in {month}, the lowest level in several years.",
    "Critics say the measures do little to address the underlying causes of the unrest, including corruption and the lack of jobs.",
    "The government has promised compensation to families in {place}, though payments have been slow and many claims remain unpaid.",
    "“It’s getting harder every week,” one shopkeeper in {place} told {media}, asking that his name not be published.",
    "A curfew imposed in {place} in {month} was partially lifted on {weekday}, allowing shops to reopen in the afternoon.",
    "The {adj} currency has lost almost half its value against the dollar since {year}, pushing up the price of imported goods.",
    "Aid convoys waited for days at checkpoints outside {place} before being allowed through, according to {ngo}.",
    "The United Nations envoy is expected to brief the Security Council on the situation later this week.",
    "Hospitals in the region report shortages of anaesthetics, antibiotics and blood for transfusions.",
    "A ceasefire agreed in {year} has been repeatedly violated, with each side blaming the other for breaking it first.",
    "The {adj} defence ministry did not respond to questions about the number of troops involved or their mission.",
    "Rights groups have documented arbitrary detentions in {place} and say families are often not told where relatives are held.",
    "Markets in {place} reopened on {weekday} after a week-long closure, though many stalls remained empty.",
    "The {adj} president is due to travel to {country2} next month for talks expected to focus on security and trade.",
    "Unexploded ordnance continues to kill and maim civilians in farmland around {place}, years after the fighting moved on.",
    "Internet and telephone services in parts of {country} were cut for several hours on {weekday}, monitoring groups said.",
    "An investigation announced in {month} has not yet published any findings, and officials have given no timetable.",
    "The dispute has also strained relations between {country} and {country2}, which had been improving since {year}.",
    "Water supplies to {place} have been interrupted since a pumping station was damaged, forcing residents to rely on tankers.",
    "Both sides have reinforced their positions along the front line in recent weeks, according to people in the area.",
    "{media} reported last month that talks on a broader settlement had stalled over the question of security guarantees.",
    "Farmers near {place} say they have been unable to reach their fields since the spring because of the fighting.",
    "The economy ministry forecasts growth of {small} percent next year, a figure most independent economists consider optimistic.",
    "Displaced families interviewed by {ngo} said they had fled with little more than the clothes they were wearing.",
    "The governor of the province called for calm and announced that security would be tightened around government buildings.",
    "Previous efforts at mediation, led by {country2}, produced several short-lived truces but no lasting agreement.",
    "About {pct} percent of the health facilities in the province are only partially functioning, according to {org}.",
    "Lawmakers in {country2} have called for a review of arms sales to the parties to the conflict.",
    "The military said on {weekday} that it had opened an internal review, without saying what it would examine.",
)
ORDINALS = ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twelfth", "fifteenth")
CITATION_KINDS = ("interview", "report", "statement", "press_release", "social_media", "document")
GENRES = (("news", 75), ("analysis", 10), ("opinion", 5), ("interview", 5), ("press_release", 3), ("transcript", 2))


def slugify(text: str) -> str:
    out = []
    for ch in text.lower().replace("’", "").replace("'", ""):
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return re.sub("-+", "-", "".join(out)).strip("-")


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# --- the entity registry ----------------------------------------------------------


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None
    parent: str | None = None
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    role: str | None = None  # speaker role of an official (not written)
    domain: str | None = None  # publisher web site (not written)
    call: str | None = None  # how a sentence names it, e.g. "the Iraqi military" (not written)

    @property
    def said(self) -> str:
        return self.call or self.name

    def record(self, known: set[str]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.aliases:
            data["aliases"] = self.aliases
        for key in ("wikidata", "country"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.parent is not None and self.parent in known:
            data["parent"] = self.parent
        for key in ("description", "lat", "lon", "geonames"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


class Pool:
    """Entities of one role, handed out in a reshuffled cycle so every one gets used."""

    def __init__(self, rng: Random, items: Sequence[Entity]) -> None:
        self._rng = rng
        self._items = list(items)
        self._order: list[Entity] = []

    def __len__(self) -> int:
        return len(self._items)

    def take(self, exclude: Sequence[str] = ()) -> Entity:
        for _ in range(len(self._items) + 1):
            if not self._order:
                self._order = self._items[:]
                self._rng.shuffle(self._order)
            item = self._order.pop()
            if item.id not in exclude:
                return item
        return item


class Registry:
    """All entities, the role pools drawn from, and which entities entries referenced."""

    def __init__(self, rng: Random, scale: float) -> None:
        self.rng = rng
        self.entities: dict[str, Entity] = {}
        self.used: dict[str, None] = {}
        self.countries: list[tuple[Entity, list[Entity], str]] = []  # (country, places, adjective)
        self.display: dict[str, str] = {}  # country id -> name as used in a sentence ("the United States")
        self.government_of: dict[str, Entity] = {}
        self.military_of: dict[str, Entity] = {}
        self._build(scale)

    def _add(self, entity: Entity) -> Entity:
        base, n = entity.id, 2
        while entity.id in self.entities:
            entity.id = f"{base}-{n}"
            n += 1
        self.entities[entity.id] = entity
        return entity

    def _person(self, rng: Random) -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def _build(self, scale: float) -> None:
        rng = self.rng

        def count(n: int) -> int:
            return max(2, round(n * scale))

        for code, name, adj, qid, places in COUNTRIES:
            plain = name.removeprefix("the ")
            country = self._add(Entity(slugify(plain), "country", plain, wikidata=qid, country=code, call=name))
            self.display[country.id] = name
            place_entities = [
                self._add(
                    Entity(
                        slugify(_ascii_fold(p)), "place", p, country=code, parent=country.id,
                        lat=lat, lon=lon, geonames=100_000 + rng.randrange(9_000_000),
                        description=f"City in {admin}, {name}.",
                    )
                )
                for p, admin, lat, lon in places
            ]
            self.countries.append((country, place_entities, adj))
        self.states = Pool(rng, [c for c, _, _ in self.countries])
        self.governments = Pool(rng, self._governments())
        self.militaries = Pool(rng, self._militaries())
        self.officials = Pool(rng, [self._official(rng) for _ in range(count(90))])
        self.journalists = Pool(rng, [self._journalist(rng) for _ in range(count(40))])
        self.media = Pool(rng, [self._media(name) for name in MEDIA[: max(3, count(len(MEDIA)))]])
        self.armed_groups = Pool(rng, [self._armed_group(rng, p) for p in (ARMED_GROUP_PATTERNS * 3)[: count(24)]])
        self.coalitions = Pool(rng, [self._add(Entity(slugify(c), "coalition", c, call=f"the {c}")) for c in COALITIONS[: count(len(COALITIONS))]])
        self.igos = Pool(rng, [self._igo(n, a) for n, a in IGOS[: count(len(IGOS))]])
        self.ngos = Pool(rng, [self._add(Entity(slugify(_ascii_fold(n)), "ngo", n, call=f"the {n}" if the else None))
                                for n, the in NGOS[: count(len(NGOS))]])
        self.companies = Pool(rng, [self._add(Entity(slugify(n), "company", n)) for n in COMPANIES[: count(len(COMPANIES))]])

    def _governments(self) -> list[Entity]:
        out = []
        for country, _, adj in self.countries:
            government = self._add(Entity(
                f"{country.id}-government", "government", f"Government of {self.display[country.id]}",
                aliases=[f"{adj} government"], country=country.country, parent=country.id, call=f"the {adj} government",
            ))
            ministry = self._add(Entity(
                f"{country.id}-foreign-ministry", "government", f"{country.name} Ministry of Foreign Affairs",
                aliases=[f"{adj} foreign ministry"], country=country.country, parent=country.id,
                call=f"the {adj} foreign ministry",
            ))
            self.government_of[country.id] = government
            out += [government, ministry]
        return out

    def _militaries(self) -> list[Entity]:
        out = [
            self._add(Entity(f"{country.id}-armed-forces", "military", f"{adj} Armed Forces",
                             aliases=[f"{adj} military", f"{adj} troops"], country=country.country, parent=country.id,
                             call=f"the {adj} military"))
            for country, _, adj in self.countries
        ]
        self.military_of = {e.parent or "": e for e in out}
        return out

    def _official(self, rng: Random) -> Entity:
        country, _, adj = rng.choice(self.countries)
        role = rng.choice(OFFICIAL_ROLES)
        name = self._person(rng)
        title = f"{role} of {self.display[country.id]}" if role[0].isupper() else f"{adj} {role}"
        entity = Entity(slugify(_ascii_fold(name)), "person", name, aliases=[name.split(" ", 1)[1]],
                        country=country.country, description=f"{title[0].upper()}{title[1:]}.", role=title)
        return self._add(entity)

    def _journalist(self, rng: Random) -> Entity:
        name = self._person(rng)
        return self._add(Entity(slugify(_ascii_fold(name)), "person", name, description="Journalist."))

    def _media(self, name: str) -> Entity:
        slug = slugify(_ascii_fold(name))
        plain = _ascii_fold(name).lower()
        domain = f"news.{plain}" if re.fullmatch(r"[a-z0-9-]+\.[a-z]+", plain) else f"www.{slug.replace('-', '')}.com"
        return self._add(Entity(slug, "media", name, domain=domain))

    def _armed_group(self, rng: Random, pattern: str) -> Entity:
        country, places, adj = rng.choice(self.countries)
        name = pattern.format(place=rng.choice(places).name, adj=adj)
        words = [w for w in re.split(r"[\s’-]+", name) if w[:1].isupper() and w not in ("Of",)]
        aliases = ["".join(w[0] for w in words)] if len(words) >= 3 else []
        return self._add(Entity(slugify(_ascii_fold(name)), "armed_group", name, aliases=aliases, country=country.country,
                                description=f"A non-state armed group active in {self.display[country.id]}.",
                                call=name if name.startswith("Sons") else f"the {name}"))

    def _igo(self, name: str, acronym: str | None) -> Entity:
        return self._add(Entity(slugify(name), "igo", name, aliases=[acronym] if acronym else [],
                                call=name if name == "NATO" else f"the {name}"))

    def use(self, entity: Entity) -> Entity:
        self.used[entity.id] = None
        return entity

    def written(self) -> dict[str, list[dict[str, Any]]]:
        """Registry files: only entities some entry references (so none is unreferenced)."""
        known = set(self.used)
        files: dict[str, list[dict[str, Any]]] = {"people": [], "organisations": [], "places": []}
        for entity in self.entities.values():
            if entity.id not in known:
                continue
            name = "people" if entity.kind == "person" else "places" if entity.kind in ("country", "place") else "organisations"
            files[name].append(entity.record(known))
        return files


# --- dates -------------------------------------------------------------------------


def _month_day(d: date, ref: date) -> str:
    text = f"{MONTHS[d.month - 1]} {d.day}"
    return text if d.year == ref.year else f"{text}, {d.year}"


@dataclass(frozen=True)
class When:
    edtf: str
    phrase: str  # e.g. "on March 4" (used after the main clause)
    year_inferred: bool = False


def past_when(rng: Random, pub: date) -> When:
    """A date on or before ``pub`` with the phrase a reporter would use."""
    d = pub - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 4, 6, 9, 14, 21, 40)))
    form = rng.random()
    if form < 0.55:
        return When(d.isoformat(), f"on {_month_day(d, pub)}", d.year == pub.year)
    if form < 0.65:
        return When(f"{d.isoformat()}~", f"around {_month_day(d, pub)}", d.year == pub.year)
    if form < 0.8:
        start = d - timedelta(days=rng.randint(1, 5))
        return When(f"{start.isoformat()}/{d.isoformat()}",
                    f"between {_month_day(start, pub)} and {_month_day(d, pub)}", d.year == pub.year)
    if form < 0.9 and (d.year, d.month) < (pub.year, pub.month):
        same = d.year == pub.year
        return When(f"{d.year}-{d.month:02d}", f"in {MONTHS[d.month - 1]}" + ("" if same else f" {d.year}"), same)
    return When(f"../{pub.isoformat()}", "in recent days")


def future_when(rng: Random, pub: date) -> When:
    months = rng.randint(1, 18)
    y, m = divmod(pub.month - 1 + months, 12)
    year, month = pub.year + y, m + 1
    if rng.random() < 0.5:
        return When(f"../{year}-{month:02d}", f"by {MONTHS[month - 1]} {year}")
    return When(f"{year}-{month:02d}", f"in {MONTHS[month - 1]} {year}")


def ongoing_when(rng: Random, pub: date) -> When:
    start = pub - timedelta(days=rng.randint(5, 200))
    return When(f"{start.isoformat()}/..", f"since {_month_day(start, pub)}", start.year == pub.year)


# --- one entry -----------------------------------------------------------------------


@dataclass
class DefinedEvent:
    id: str
    noun: str
    country: str
    when: str


@dataclass
class Unit:
    """A piece of body text: one or more sentences kept in one paragraph."""

    text: str
    own_paragraph: bool = False


@dataclass
class Draft:
    """What one entry is being assembled from."""

    pub: date
    country: Entity
    places: list[Entity]
    adj: str
    name: str  # the country as used in a sentence
    units: list[Unit] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    initiators: list[tuple[Entity, str]] = field(default_factory=list)  # (entity, event id)
    fillers: list[int] = field(default_factory=list)  # filler sentences not yet used in this body


SPEAKER_KINDS = frozenset({"person", "government", "military", "armed_group", "coalition", "media", "igo", "ngo", "company"})


def _summary(etype: str, status: str, initiator: Entity, target: Entity) -> str:
    """One neutral sentence on what the report says happened."""
    _, past, inf, _ = EVENT_TYPES[etype]
    past, inf, who = past.format(T=target.said), inf.format(T=target.said), initiator.said
    text = {
        "occurred": f"{who} {past}.",
        "reported": f"According to other reporting, {who} {past}.",
        "denied": f"{who} is alleged to have {past}, which it denies.",
        "ongoing": f"{who} continues to {inf}.",
        "planned": f"{who} plans to {inf}.",
        "expected": f"{who} is expected to {inf}.",
        "announced": f"{who} announced it would {inf}.",
    }[status]
    return text[0].upper() + text[1:]


def _weighted(rng: Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class EntryFactory:
    def __init__(self, rng: Random, registry: Registry) -> None:
        self.rng = rng
        self.reg = registry
        self.article_ids: set[str] = set()
        self.event_seq = 0
        self.defined: list[DefinedEvent] = []
        types_by_cat: dict[str, list[str]] = {}
        for name, spec in EVENT_TYPES.items():
            types_by_cat.setdefault(spec[0], []).append(name)
        self.types_by_cat = types_by_cat

    # -- actors ---------------------------------------------------------------------
    def _pick_actors(self, category: str, draft: Draft) -> tuple[Entity, Entity]:
        reg, rng = self.reg, self.rng
        home = rng.random() < 0.4  # actors of the article's own country
        if category == "violent" and home:
            initiator = reg.military_of[draft.country.id]
            target = reg.armed_groups.take()
        elif category == "violent":
            initiator = (reg.militaries if rng.random() < 0.5 else reg.armed_groups).take()
            target = (reg.armed_groups if initiator.kind == "military" else reg.militaries).take([initiator.id])
        elif home:
            initiator = reg.government_of[draft.country.id]
            target = rng.choice((reg.governments, reg.coalitions, reg.armed_groups, reg.igos, reg.states)).take(
                [initiator.id, draft.country.id]
            )
        elif category in ("verbal", "diplomatic"):
            initiator = rng.choice((reg.officials, reg.governments, reg.igos, reg.ngos)).take()
            target = rng.choice((reg.governments, reg.coalitions, reg.armed_groups, reg.companies)).take([initiator.id])
        elif category == "movement":
            initiator = rng.choice((reg.militaries, reg.governments)).take()
            target = rng.choice((reg.coalitions, reg.militaries, reg.armed_groups)).take([initiator.id])
        else:
            initiator = rng.choice((reg.governments, reg.ngos, reg.igos)).take()
            target = rng.choice((reg.companies, reg.armed_groups, reg.governments)).take([initiator.id])
        return reg.use(initiator), reg.use(target)

    # -- events ---------------------------------------------------------------------
    def _location(self, draft: Draft, category: str) -> tuple[dict[str, Any], str]:
        rng = self.rng
        place = rng.choice(draft.places)
        country_name = draft.name
        form = rng.random() if category != "verbal" else 0.9
        if form < 0.55:
            self.reg.use(place)
            return ({"country": place.country, "place": place.id, "name": place.name, "precision": "locality"},
                    f"in {place.name}")
        if form < 0.7 and place.lat is not None and place.lon is not None:
            self.reg.use(place)
            lat = round(place.lat + rng.uniform(-0.05, 0.05), 4)
            lon = round(place.lon + rng.uniform(-0.05, 0.05), 4)
            return ({"country": place.country, "place": place.id, "name": f"outskirts of {place.name}",
                     "lat": lat, "lon": lon, "precision": "exact"}, f"on the outskirts of {place.name}")
        if form < 0.85:
            admin = (place.description or "").removeprefix("City in ").split(",")[0]
            return ({"country": place.country, "admin1": admin, "precision": "admin1"},
                    f"in {admin} province of {country_name}")
        return {"country": draft.country.country, "precision": "country"}, f"in {country_name}"

    def _casualties(self, etype: str, target: Entity) -> tuple[list[dict[str, Any]], str]:
        rng = self.rng
        outcome = CASUALTY_OUTCOME.get(etype, "killed")
        if (EVENT_TYPES[etype][0] != "violent" and etype not in CASUALTY_OUTCOME) or rng.random() < 0.3:
            return [], ""
        verb = {"killed": "killing", "wounded": "wounding", "abducted": "seizing", "arrested": "detaining"}[outcome]
        n = rng.choice((2, 3, 4, 5, 7, 9, 12, 15, 20, 27, 40, 65))
        form = rng.random()
        people = "people" if outcome != "killed" or rng.random() < 0.5 else "fighters"
        record: dict[str, Any] = {"outcome": outcome}
        if form < 0.5:
            record["best"] = n
            clause = f", {verb} {n} {people}"
        elif form < 0.75:
            record["low"] = n
            clause = f", {verb} at least {n} {people}"
        else:
            record.update(low=n, high=n + rng.randint(2, 15))
            clause = f", {verb} between {n} and {record['high']} {people}"
        if people == "fighters":
            record["group"] = target.id
        else:
            record["description"] = "civilians and fighters, per the report"
        records = [record]
        if outcome == "killed" and rng.random() < 0.4:
            wounded = n + rng.randint(1, 30)
            records.append({"outcome": "wounded", "best": wounded})
            clause += f" and wounding {wounded} others"
        return records, clause

    def _event_sentence(self, etype: str, status: str, initiator: Entity, target: Entity, where: str,
                        when: When, casualty_clause: str) -> str:
        _, past, inf, _ = EVENT_TYPES[etype]
        past, inf = past.format(T=target.said), inf.format(T=target.said)
        who = initiator.said
        attribution = self.rng.choice(ATTRIBUTIONS)
        if status == "occurred":
            text = f"{who} {past} {where} {when.phrase}{casualty_clause}, {attribution}."
        elif status == "reported":
            source = self.reg.use(self.reg.media.take()).said
            text = f"{source} reported that {who} had {past} {where} {when.phrase}{casualty_clause}."
        elif status == "denied":
            text = f"{who} denied reports that it had {past} {where} {when.phrase}."
        elif status == "ongoing":
            text = f"{who} has continued to {inf} {where} {when.phrase}, {attribution}."
        elif status == "planned":
            text = f"{who} plans to {inf} {where} {when.phrase}, {attribution}."
        elif status == "expected":
            text = f"{who} is expected to {inf} {where} {when.phrase}."
        else:
            text = f"{who} announced that it would {inf} {where} {when.phrase}."
        return text[0].upper() + text[1:]

    def _new_event(self, draft: Draft) -> None:
        rng = self.rng
        category = _weighted(rng, list(EVENT_TYPE_WEIGHTS.items()))
        etype = rng.choice(self.types_by_cat[category])
        status = _weighted(rng, STATUS_WEIGHTS[category])
        initiator, target = self._pick_actors(category, draft)
        location, where = self._location(draft, category)
        if status in ("planned", "expected", "announced"):
            when = future_when(rng, draft.pub)
        elif status == "ongoing":
            when = ongoing_when(rng, draft.pub)
        else:
            when = past_when(rng, draft.pub)
        casualties, clause = self._casualties(etype, target) if status in ("occurred", "reported") else ([], "")
        sentence = self._event_sentence(etype, status, initiator, target, where, when, clause)
        self.event_seq += 1
        noun = EVENT_TYPES[etype][3]
        event_id = f"{when.edtf[:7] if when.edtf[0].isdigit() else draft.pub.isoformat()[:7]}-{slugify(noun)}-{initiator.id}"[:120]
        event_id = f"{event_id.rstrip('-')}-{self.event_seq:x}"
        evidence = [sentence]
        units = [Unit(sentence)]
        if rng.random() < 0.3:
            follow = f"The {noun} was the latest in a series of incidents involving {initiator.said} in {draft.name}."
            evidence.append(follow)
            units[0] = Unit(f"{sentence} {follow}")
        actors = [{"entity": initiator.id, "role": "initiator"}, {"entity": target.id, "role": "target"}]
        if rng.random() < 0.15:
            extra = self.reg.use(self.reg.coalitions.take())
            actors.append({"entity": extra.id, "role": "supporter"})
        event: dict[str, Any] = {
            "id": event_id,
            "type": FUTURE_TYPE.get(etype, etype) if status in ("planned", "expected", "announced") else etype,
            "status": status,
            "date": when.edtf,
            "location": location,
            "actors": actors,
            "casualties": casualties or None,
            "summary": _summary(etype, status, initiator, target),
            "evidence": evidence,
        }
        if when.year_inferred and rng.random() < 0.5:
            event["inferred"] = {"date": "the text gives the day and month; year taken from the article's publication date"}
        draft.events.append(event)
        draft.units.extend(units)
        draft.initiators.append((initiator, event_id))
        self.defined.append(DefinedEvent(event_id, noun, draft.name, f"{MONTHS[draft.pub.month - 1]} {draft.pub.year}"))

    def _ref_event(self, draft: Draft, earlier: int) -> None:
        """List an event defined in an earlier entry (one of the last 2,000 defined)."""
        rng = self.rng
        listed = {e.get("ref") for e in draft.events}
        recent = [e for e in self.defined[max(0, earlier - 2000):earlier] if e.id not in listed]
        if not recent:
            self._new_event(draft)
            return
        target = recent[rng.randrange(len(recent))]
        sentence = (f"The {target.noun} in {target.country} reported in {target.when} "
                    f"was cited by officials as part of the background to the latest developments.")
        item: dict[str, Any] = {"ref": target.id, "evidence": [sentence]}
        if rng.random() < 0.3:
            item["note"] = "Mentioned as background; adds no new details."
        draft.events.append(item)
        draft.units.append(Unit(sentence))

    # -- quotes -------------------------------------------------------------------------
    def _speaker(self, draft: Draft) -> tuple[Entity, str | None]:
        candidates = [(e, i) for e, i in draft.initiators if e.kind in SPEAKER_KINDS]
        if candidates and self.rng.random() < 0.5:
            return candidates[self.rng.randrange(len(candidates))]
        pool = self.reg.officials if self.rng.random() < 0.7 else self.rng.choice((self.reg.governments, self.reg.igos, self.reg.ngos))
        return self.reg.use(pool.take()), None

    def _quote_said(self, pub: date) -> str:
        form = self.rng.random()
        if form < 0.5:
            return pub.isoformat()
        if form < 0.7:
            return f"../{pub.isoformat()}"
        return (pub - timedelta(days=self.rng.randint(1, 10))).isoformat()

    def _fill(self, template: str, draft: Draft) -> str:
        rng = self.rng
        place = rng.choice(draft.places).name
        return template.format(place=place, country=draft.name)

    def _new_quote(self, draft: Draft, n: int) -> None:
        rng = self.rng
        speaker, event_id = self._speaker(draft)
        name = speaker.said
        kind = _weighted(rng, (("direct", 50), ("partial", 30), ("paraphrase", 20)))
        if kind == "direct":
            parts = [self._fill(t, draft) for t in rng.sample(DIRECT_QUOTES, rng.randint(1, 3))]
            text = ". ".join(parts)
            form = rng.random()
            if form < 0.5:
                sentence = f"“{text},” {name} said."
            elif form < 0.8:
                sentence = f"{name} said: “{text}.”"
            else:
                sentence = f"“{text},” {name} told reporters {rng.choice(WEEKDAYS)}."
            unit = Unit(sentence[0].upper() + sentence[1:], own_paragraph=rng.random() < 0.6)
        elif kind == "partial":
            text = rng.choice(PARTIAL_PHRASES)
            topic = rng.choice(("latest strikes", "proposal", "talks", "decision", "move", "incident"))
            sentence = f"{name} described the {topic} as “{text}” and urged all sides to show restraint."
            unit = Unit(sentence[0].upper() + sentence[1:])
        else:
            text = rng.choice(PARAPHRASES)
            sentence = f"{name} said {text}."
            unit = Unit(sentence[0].upper() + sentence[1:])
            text = text[0].upper() + text[1:] + "."
        quote: dict[str, Any] = {"id": f"q{n}", "speaker": speaker.id, "speaker_role": speaker.role, "kind": kind}
        if rng.random() < 0.3:
            quote["via"] = self.reg.use(self.reg.media.take()).id
        quote["said"] = self._quote_said(draft.pub)
        if event_id is not None:
            quote["event"] = event_id
        quote["text"] = text
        draft.quotes.append(quote)
        draft.units.append(unit)

    # -- body ---------------------------------------------------------------------------
    def _filler(self, draft: Draft) -> str:
        rng = self.rng
        others = [c for c in self.reg.countries if c[0] is not draft.country]
        if not draft.fillers:
            draft.fillers = list(range(len(FILLERS)))
            rng.shuffle(draft.fillers)
        org = rng.choice((self.reg.igos, self.reg.ngos)).take()
        ngo = self.reg.ngos.take()
        media = self.reg.media.take()
        values = {
            "Country": draft.name[0].upper() + draft.name[1:], "country": draft.name,
            "country2": self.reg.display[rng.choice(others)[0].id], "adj": draft.adj, "place": rng.choice(draft.places).name,
            "org": org.said, "ngo": ngo.said, "media": media.said, "barrels": rng.randint(2, 30) * 100,
            "pct": rng.randint(3, 60), "thousands": rng.randint(2, 900), "small": rng.randint(2, 30),
            "year": draft.pub.year - rng.randint(1, 8), "month": rng.choice(MONTHS),
            "weekday": rng.choice(WEEKDAYS), "ordinal": rng.choice(ORDINALS),
        }
        text = FILLERS[draft.fillers.pop()].format(**values)
        return text[0].upper() + text[1:]

    def _body(self, draft: Draft) -> str:
        rng = self.rng
        target = rng.randint(2_000, 5_500)
        units = draft.units[:1] + rng.sample(draft.units[1:], len(draft.units) - 1)
        paragraphs: list[str] = []
        current: list[str] = []
        length = 0
        queue = list(units)
        while queue or length < target:
            if queue and (rng.random() < 0.5 or length >= target):
                unit = queue.pop(0)
                if unit.own_paragraph and current:
                    paragraphs.append(" ".join(current))
                    current = []
                current.append(unit.text)
                if unit.own_paragraph:
                    paragraphs.append(" ".join(current))
                    current = []
                length += len(unit.text) + 1
            else:
                text = self._filler(draft)
                current.append(text)
                length += len(text) + 1
            if len(current) >= rng.randint(2, 4):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs) + "\n"

    # -- article --------------------------------------------------------------------------
    def _article_id(self, publisher: Entity, pub: date, headline: str) -> str:
        words = slugify(_ascii_fold(headline)).split("-")[:8]
        base = f"{publisher.id}-{pub.isoformat()}-{'-'.join(words)}"[:140].strip("-")
        article_id, n = base, 2
        while article_id in self.article_ids:
            article_id = f"{base}-{n}"
            n += 1
        self.article_ids.add(article_id)
        return article_id

    def _headline(self, draft: Draft) -> str:
        first = draft.events[0]
        if "ref" in first:
            return f"Tensions Rise in {draft.name.removeprefix('the ').title()} as Officials Trade Blame"
        initiator = self.reg.entities[first["actors"][0]["entity"]]
        noun = EVENT_TYPES[first["type"]][3].title()
        place = first["location"].get("place")
        where = self.reg.entities[place].name if place else draft.name.removeprefix("the ")
        verbs = {"occurred": "Reported in", "planned": "Planned in", "expected": "Expected in", "announced": "Announced for",
                 "ongoing": "Continues in", "reported": "Reported in", "denied": "Denied in"}
        return f"{initiator.name}: {noun} {verbs[first['status']]} {where}"

    def _published(self, pub: date) -> str:
        if self.rng.random() < 0.7:
            return pub.isoformat()
        hh, mm = self.rng.randint(0, 23), self.rng.randint(0, 59)
        offset = self.rng.choice(("Z", "+00:00", "+03:00", "-05:00", "+01:00", "+02:00"))
        return f"{pub.isoformat()}T{hh:02d}:{mm:02d}:00{offset}"

    def _cites(self, pub: date) -> list[dict[str, Any]]:
        out = []
        for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3))):
            source = self.reg.use(self.rng.choice((self.reg.media, self.reg.governments, self.reg.ngos)).take())
            cite: dict[str, Any] = {"source": source.id, "kind": self.rng.choice(CITATION_KINDS)}
            if self.rng.random() < 0.4:
                d = pub - timedelta(days=self.rng.randint(0, 30))
                cite["date"] = f"{d.year}-{d.month:02d}"
            if self.rng.random() < 0.2:
                cite["note"] = f"Used for the figures attributed to {source.said}."
            out.append(cite)
        return out

    def make(self, pub: date) -> tuple[str, dict[str, Any], int, int]:
        """(article id, entry, quotes, event items) for one article published on ``pub``."""
        rng, reg = self.rng, self.reg
        country, places, adj = rng.choice(reg.countries)
        draft = Draft(pub, country, places, adj, reg.display[country.id])
        earlier = len(self.defined)
        for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 3, 4, 4, 5))):
            if earlier and rng.random() < 0.1:
                self._ref_event(draft, earlier)
            else:
                self._new_event(draft)
        for n in range(1, rng.choice((1, 2, 3, 3, 3, 4, 5)) + 1):
            self._new_quote(draft, n)
        publisher = reg.use(reg.media.take())
        authors = [reg.use(reg.journalists.take()).id for _ in range(rng.choice((0, 1, 1, 1, 2)))]
        headline = self._headline(draft)
        article_id = self._article_id(publisher, pub, headline)
        slug = article_id.removeprefix(f"{publisher.id}-{pub.isoformat()}-")
        redistributable = rng.random() < 0.2
        article: dict[str, Any] = {
            "id": article_id,
            "url": f"https://{publisher.domain}/{pub.year}/{pub.month:02d}/{pub.day:02d}/{slug}",
            "publisher": publisher.id,
            "authors": list(dict.fromkeys(authors)),
            "headline": headline,
            "subheadline": f"The {adj} government faces growing pressure at home and abroad" if rng.random() < 0.4 else None,
            "published": self._published(pub),
            "language": "en",
            "genre": _weighted(rng, GENRES),
            "rights": {"text": "redistributable", "license": "CC-BY-4.0"} if redistributable else {"text": "withheld"},
            "cites": self._cites(pub) or None,
            "archive_url": f"https://web.archive.org/web/{pub.strftime('%Y%m%d')}000000/https://{publisher.domain}/{slug}"
            if rng.random() < 0.15 else None,
            "body": self._body(draft),
        }
        if not article["authors"]:
            del article["authors"]
        entry = {"schema_version": "1.1", "article": article, "quotes": draft.quotes or None, "events": draft.events or None}
        return article_id, entry, len(draft.quotes), len(draft.events)


# --- the corpus ---------------------------------------------------------------------


@dataclass
class CorpusStats:
    entries: int = 0
    quotes: int = 0
    events: int = 0
    entities: int = 0
    bytes: int = 0

    @property
    def records(self) -> int:
        return self.entries + self.quotes + self.events

    def as_dict(self) -> dict[str, int]:
        return {"entries": self.entries, "quotes": self.quotes, "events": self.events,
                "records": self.records, "entities": self.entities, "bytes": self.bytes}


@dataclass
class Corpus:
    """Generated files (relative path -> text) and their statistics."""

    files: dict[str, str]
    stats: CorpusStats


def _publication_dates(n: int) -> Iterator[date]:
    span = (LAST_PUBLISHED - FIRST_PUBLISHED).days
    for i in range(n):
        yield FIRST_PUBLISHED + timedelta(days=(i * span) // max(n, 1))


def with_findings(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` as a curator who has not finished it leaves it: no event locations
    (NL503 warnings) and no dates on direct quotes (NL502 warnings)."""
    for event in entry.get("events", []):
        event.pop("location", None)
    for quote in entry.get("quotes", []):
        if quote.get("kind") == "direct":
            quote.pop("said", None)
    return entry


def generate(entries: int, seed: int = 1, findings: bool = False) -> Corpus:
    """Build a corpus in memory (deterministic for a given ``entries`` and ``seed``);
    with ``findings``, entries carry warnings (:func:`with_findings`)."""
    rng = Random(f"newsledger-bench:{seed}")
    registry = Registry(rng, scale=min(1.0, max(0.1, entries / 150)))
    factory = EntryFactory(rng, registry)
    files: dict[str, str] = {}
    stats = CorpusStats()
    for pub in _publication_dates(entries):
        article_id, entry, quotes, events = factory.make(pub)
        text = dump_yaml(with_findings(entry) if findings else entry)
        files[f"articles/{pub.year}/{article_id}.yaml"] = text
        stats.entries += 1
        stats.quotes += quotes
        stats.events += events
    for name, records in registry.written().items():
        if records:
            files[f"entities/{name}.yaml"] = dump_yaml(records)
            stats.entities += len(records)
    stats.bytes = sum(len(t.encode()) for t in files.values())
    return Corpus(files, stats)


def write(corpus: Corpus, out: Path, force: bool = False) -> None:
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"generate.py: {out} exists and is not empty (use --force to replace it)")
        for sub in ("articles", "entities"):
            shutil.rmtree(out / sub, ignore_errors=True)
    made: set[Path] = set()
    for rel, text in corpus.files.items():
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, required=True, help="number of article entries")
    parser.add_argument("--out", type=Path, required=True, help="dataset directory to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--force", action="store_true", help="replace articles/ and entities/ of an existing OUT")
    parser.add_argument("--findings", action="store_true", help="entries carry warnings (NL502, NL503), as real entries do")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries must be at least 1")
    started = time.perf_counter()
    corpus = generate(args.entries, args.seed, args.findings)
    write(corpus, args.out, args.force)
    summary = {**corpus.stats.as_dict(), "seed": args.seed, "findings": args.findings, "seconds": round(time.perf_counter() - started, 2),
               "out": str(args.out)}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
