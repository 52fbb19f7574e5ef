"""Names in the text: entities of the registry (by name or alias), and names it lacks.

Registry names match case-sensitively on word boundaries, except that a name
written lower-case first (``al-Sudani``) also matches capitalised at a sentence's
start (``Al-Sudani``); ``US`` never matches the pronoun ``us``. Longest names win.
Names that are not in the registry are runs of capitalised words, less the words
that start sentences, months, days and adjectives of nationality before a noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Mention", "Registry", "load_registry", "slugify", "unknown_names"]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str | None  # registry id; None for a name the registry lacks


@dataclass(frozen=True, slots=True)
class RegistryEntity:
    id: str
    kind: str
    name: str


class Registry:
    """The entity registry's names and aliases, ready to find in text."""

    def __init__(self, entities: Iterable[dict[str, Any]]) -> None:
        self.entities: dict[str, RegistryEntity] = {}
        forms: dict[str, str] = {}
        for e in entities:
            if not isinstance(e, dict) or not isinstance(e.get("id"), str) or not isinstance(e.get("name"), str):
                continue
            self.entities[e["id"]] = RegistryEntity(e["id"], str(e.get("kind", "")), e["name"])
            names = [e["name"], *(a for a in e.get("aliases") or [] if isinstance(a, str))]
            for n in names:
                for form in {n, n[:1].upper() + n[1:]}:
                    forms.setdefault(form, e["id"])
        self._forms = forms
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if forms else None

    def find(self, text: str) -> list[Mention]:
        if self._pattern is None:
            return []
        return [Mention(m.start(), m.end(), m.group(0), self._forms[m.group(0)]) for m in self._pattern.finditer(text)]

    def kind(self, entity: str) -> str:
        e = self.entities.get(entity)
        return e.kind if e else ""

    def by_host(self, host: str) -> str | None:
        """The media entity whose name is the URL's host (``news.antiwar.com`` -> Antiwar.com)."""
        host = host.lower().removeprefix("www.")
        for e in self.entities.values():
            name = e.name.lower()
            if e.kind == "media" and "." in name and (host == name or host.endswith("." + name)):
                return e.id
        return None


def load_registry(root: Path) -> Registry:
    """The registry under ``root/entities``; empty when there is none (every name is then unknown)."""
    from newsledger.readyaml import read_yaml

    entities: list[dict[str, Any]] = []
    folder = root / "entities"
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            data = read_yaml(path, registry=True).data  # as validate reads it; None when unreadable
            if isinstance(data, list):
                entities.extend(x for x in data if isinstance(x, dict))
    return Registry(entities)


def slugify(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


_NOT_NAMES = frozenset(
    ["A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "However", "While", "When", "Where", "After", "Before", "Earlier", "Later", "In", "On", "At", "By", "For", "From", "With", "Without", "As", "If", "But", "And", "Or", "Yet", "So", "Since", "Until", "During", "Meanwhile", "Also", "Still", "There", "Here", "What", "Who", "Why", "How", "Some", "Many", "Most", "Several", "Both", "Each", "Every", "All", "No", "Not", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Hundreds", "Thousands", "Dozens", "Last", "Next", "Mr", "Mrs", "Ms", "Dr", "Author", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Such", "Although", "Though", "Despite", "Over", "Under", "Among", "Between", "Into", "Then", "Now", "Today", "Yesterday", "Tomorrow", "According", "Asked"]
)
_CAP = r"(?:[A-Z][\w’'.-]*|\d+)"
#: Name particles: "Mohammed Shia al-Sudani", "Ursula von der Leyen".
_PARTICLE = r"(?:(?:al|el)-[A-Z]?[\w’'-]+|(?:bin|ibn|de|da|del|der|van|von|la|le|di|du)\s+(?:der\s+)?[A-Z][\w’'-]*)"
_NAME = re.compile(rf"(?<![\w-])[A-Z][\w’'.-]*(?:\s+{_CAP}|\s+{_PARTICLE})*")
_DEMONYM = re.compile(r"(?:i|ian|an|ese|ish|ic)$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles before a name: not part of it ("Gen. Piet Vosk" is Piet Vosk; the title is a role).
TITLES = _words(
    """Gen. Gen Lt. Col. Maj. Capt. Sgt. Adm. Gov. Sen. Rep. Dr. Mr. Mrs. Ms. Prof. Rev. President Vice Prime
    Minister Secretary General Colonel Major Captain Admiral Governor Mayor Senator Representative Ambassador Judge
    King Queen Prince Princess Sheikh Chief Commander Spokesman Spokeswoman Spokesperson Chairman Chairwoman Director
    Deputy Foreign Defense Defence Interior Finance Health Justice Opposition Councillor Pope Cardinal
    Bishop Imam Rabbi Lord Lady Sir Dame"""
)
#: Words that make a name an organisation or a place rather than a person.
ORGANISATION_WORDS = _words(
    """Embassy Ministry Agency Department Council Office Army Navy Police Forces Force Group Party Company Inc Ltd
    Bank University Herald Times News Post Press Journal Gazette Tribune Courier Radio TV Television Agency Authority
    Committee Commission Court Parliament Assembly Government Administration Trust Foundation Institute Association
    Union Federation Brigade Battalion Corps Guard Front Movement Organisation Organization Network Service Services
    Hospital School Airport Port Station Street Square City Town Province Region District County State Republic
    Kingdom Islands Island River Valley Mountains Sea Ocean Base Camp"""
)


MEDIA_WORDS = _words("Herald Times News Post Press Journal Gazette Tribune Courier Radio TV Television Network Wire")


def guess_kind(name: str) -> str:
    """For a name the registry lacks: "person", "media", "organisation" or "" (cannot tell)."""
    words = {w.strip(".’'") for w in name.split()}
    if words & MEDIA_WORDS:
        return "media"
    if words & ORGANISATION_WORDS:
        return "organisation"
    return "person" if looks_like_person(name) else ""


def looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and not any(w.strip(".’'") in ORGANISATION_WORDS for w in words) and not any(
        w.isupper() and len(w) > 1 for w in words)


def unknown_names(text: str, known: list[Mention], sentence_starts: Iterable[int] = ()) -> list[Mention]:
    """Runs of capitalised words in ``text`` that are not registry names."""
    taken = [(m.start, m.end) for m in known]
    starts = set(sentence_starts)
    out: list[Mention] = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        start = m.start()
        # drop leading words that are not names (The, However, month names...)
        while words and (words[0].strip("’'.") in _NOT_NAMES or (words[0] in TITLES and len(words) > 1)):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        while words and words[-1].strip("’'.") in _NOT_NAMES:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words).rstrip(".’'").removesuffix("’s").removesuffix("'s")
        end = start + len(name)
        if any(a < end and start < b for a, b in taken):
            continue
        if name.isdigit():
            continue
        if len(words) == 1:
            following = text[end:].lstrip()
            if start in starts and not following[:1].isupper():
                continue  # a capitalised first word of a sentence
            if _DEMONYM.search(name) and following[:1].islower():
                continue  # Iraqi forces, Syrian border: an adjective
        out.append(Mention(start, end, name, None))
    return out
