"""The drafted entry as data: what the text says, and a placeholder for the rest.

Values are plain Python data in the codebook's key order. A value wrapped in
:class:`Note` carries a YAML comment for the curator (where it came from).
Placeholders are text starting with ``TODO:`` (NL320).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsledger.draft.article import Article
from newsledger.draft.dates import DateMention, find_dates
from newsledger.draft.names import Mention, Registry, guess_kind, looks_like_person, slugify, unknown_names
from newsledger.draft.quotes import CandidateQuote, find_quotes
from newsledger.draft.sentences import Sentence, split_sentences
from newsledger.validators.rules.placeholder import PLACEHOLDER

__all__ = ["Draft", "Note", "draft_entry"]


@dataclass(frozen=True, slots=True)
class Note:
    """A value with a comment written after it."""

    value: Any
    comment: str


@dataclass
class Draft:
    entry: dict[str, Any]
    quotes: list[CandidateQuote]
    stubs: list[dict[str, str]]  # proposed entity stubs for names the registry lacks
    open_decisions: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return str(_plain(self.entry["article"]["id"]))

    @property
    def year(self) -> str | None:
        """The publication year, when the draft has a publication date."""
        published = str(_plain(self.entry["article"]["published"]))
        return published[:4] if published[:4].isdigit() else None


def todo(what: str) -> str:
    return f"{PLACEHOLDER} {what}"


_CASUALTY_WORDS = re.compile(
    r"\b(?:killed|killing|kills|dead|died|dies|deaths?|wounded|wounding|injured|injuring|injuries|casualties|"
    r"captured|abducted|kidnapped|hostages?|arrested|detained|missing|displaced|fatalities|bodies)\b", re.I)
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions"
_NUMBER = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\b", re.I)
_COUNTS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_OUTCOMES = {
    "killed": "killed", "killing": "killed", "dead": "killed", "died": "killed",
    "wounded": "wounded", "wounding": "wounded", "injured": "wounded", "injuring": "wounded",
    "captured": "captured", "abducted": "abducted", "kidnapped": "abducted",
    "arrested": "arrested", "detained": "arrested", "missing": "missing", "displaced": "displaced",
}
_COUNT = r"(?P<least>at least\s+)?(?P<n>\d{1,3}(?:,\d{3})*|\d+|" + "|".join(_COUNTS) + r")"
_CASUALTY = [
    # "Seven US troops were wounded", "12 people have been killed"
    re.compile(rf"\b{_COUNT}\s+(?P<who>(?:[\w’'-]+\s+){{0,5}}?[\w’'-]+)\s+(?:(?:were|was|have been|had been|are|got)\s+)?(?P<out>{'|'.join(_OUTCOMES)})\b", re.I),
    # "killing three US Army Reserve soldiers", "wounded 14 civilians"
    re.compile(rf"\b(?P<out>{'|'.join(_OUTCOMES)})\s+{_COUNT}\s+(?P<who>(?:[\w’'-]+\s+){{0,5}}?[\w’'-]+?)(?=[,.;:]|\s+(?:and|in|on|at|who|during|near)\b|$)", re.I),
]


def _count(text: str) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return _COUNTS.get(t)


def casualties(sentence: str) -> list[dict[str, Any]]:
    """Casualty figures the sentence states outright (a number, an outcome, who)."""
    out: list[dict[str, Any]] = []
    for pattern in _CASUALTY:
        for m in pattern.finditer(sentence):
            n = _count(m["n"])
            if n is None or n == 0:
                continue
            item: dict[str, Any] = {"outcome": _OUTCOMES[m["out"].lower()]}
            item["low" if m["least"] else "best"] = n
            who = m["who"].strip()
            if who and who.lower() not in ("people", "persons"):
                item["description"] = who
            out.append(item)
    return out


def _suggest_id(publisher: str | None, host: str, published: str | None, headline: str) -> str:
    stop = {"a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "will", "be", "is", "are", "was", "with", "by", "as", "that", "its", "his", "her"}
    words = [w for w in slugify(headline).split("-") if w and w not in stop][:6]
    outlet = (publisher or "").split("-")[0] or slugify(host.removeprefix("www.").split(".")[-2] if host.count(".") else host)
    return "-".join(x for x in (outlet, published[:10] if published else "", *words) if x)[:120].strip("-")


_ENGLISH = frozenset(["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by", "it", "at", "from", "has", "said", "have", "are", "were"])


def _language(body: str) -> Any:
    words = re.findall(r"[a-z]+", body.lower())
    share = sum(w in _ENGLISH for w in words) / max(len(words), 1)
    if len(words) >= 30 and share >= 0.2:
        return Note("en", f"{share:.0%} of the words are common English words")
    return todo("BCP 47 language tag of the body (e.g. en)")


def draft_entry(
    article: Article, *, url: str, registry: Registry, published: str | None = None, publisher: str | None = None
) -> Draft:
    host = urlsplit(url).hostname or ""
    pub_note = None
    if published is None:
        m = re.search(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/", url)
        if m:
            published, pub_note = "-".join(m.groups()), "from the URL; check against the article page"
    pub_id = publisher or registry.by_host(host)
    sentences: list[list[Sentence]] = [split_sentences(p, i, article.open_end(i)) for i, p in enumerate(article.paragraphs)]
    quotes = find_quotes(article.paragraphs, sentences, registry)
    stubs: dict[str, dict[str, str]] = {}

    def entity_for(name: str, known: str | None, hint: str) -> Any:
        if known:
            return known
        sid = slugify(name)
        kind = hint if hint != "person" or looks_like_person(name) else "TODO"
        stubs.setdefault(sid, {"id": sid, "name": name, "kind": kind})
        return Note(sid, "not in the registry: see the proposed stub at the end")

    authors = [entity_for(a, next((m.entity for m in registry.find(a) if m.text == a), None), "person") for a in article.authors]
    art: dict[str, Any] = {
        "id": Note(_suggest_id(pub_id, host, published, article.headline), "suggested; the file name must match"),
        "url": url,
        "publisher": pub_id if publisher else Note(pub_id, f"the registry's outlet for {host}") if pub_id else todo(f"entity id of the outlet publishing {host}"),
        "authors": authors or todo("entity ids of the bylined authors (the text has no 'Author:' line)"),
        "headline": article.headline,
    }
    if article.subheadline:
        art["subheadline"] = article.subheadline
    art["published"] = Note(published, pub_note) if pub_note else published or todo("publication date (YYYY-MM-DD)")
    art["language"] = _language(article.body)
    art["genre"] = todo("news | analysis | opinion | interview | press_release | transcript")
    art["rights"] = {"text": todo("withheld | redistributable (may releases ship the body?)")}
    cites = _cites(sentences, registry, published, entity_for)
    if cites:
        art["cites"] = cites
    art["body"] = article.body

    from newsledger.schema.models import SCHEMA_VERSION

    entry: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "article": art}
    names = _unknown(article, sentences, registry)
    qs: list[Any] = []
    for k, q in enumerate(quotes, 1):
        item: dict[str, Any] = {"id": f"q{k}"}
        a = q.attribution
        if a is None or a.speaker is None:
            item["speaker"] = todo("entity id of the speaker (no attribution cue found)")
        elif a.known:
            how = f"'{a.cue} {a.name}'" if a.cue == "according to" else f"'{a.name} {a.cue}'"
            how += " in the previous sentence" if q.from_previous else ""
            item["speaker"] = Note(a.speaker, f"from {how}")
        else:
            name = a.name or a.speaker
            name = next((n for n in names if n.endswith(" " + name)), name)  # "Reyes" -> "Jonas Reyes"
            item["speaker"] = entity_for(name, None, "person")
        if a is not None and a.role:
            item["speaker_role"] = a.role
        item["kind"] = q.kind
        dates = find_dates(_without_quotes(q.sentence), published)
        if len(dates) == 1 and a is not None:
            _dated(item, "said", dates[0])
        item["text"] = q.text
        if "inferred" in item:
            item["inferred"] = item.pop("inferred")  # last, in the codebook's order
        qs.append(item)
    if qs:
        entry["quotes"] = qs
    events = _events(sentences, registry, published)
    if events:
        entry["events"] = events
    for name in names:
        sid = slugify(name)
        if sid and sid not in stubs:
            stubs[sid] = {"id": sid, "name": name, "kind": "TODO"}
    draft = Draft(entry, quotes, list(stubs.values()))
    from newsledger.validators.rules.placeholder import placeholders

    draft.open_decisions = sum(1 for _ in placeholders(_plain(entry)))
    return draft


def _plain(value: Any) -> Any:
    if isinstance(value, Note):
        return _plain(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _dated(item: dict[str, Any], key: str, d: DateMention) -> None:
    item[key] = d.edtf
    if d.reason:
        item.setdefault("inferred", {})[key] = d.reason


_CITE_CUES = [
    (re.compile(r"\btold\s+(?:the\s+)?$"), "interview"),
    (re.compile(r"\b(?:in|to)\s+an?\s+interview\s+with\s+(?:the\s+)?$"), "interview"),
    (re.compile(r"(?i)\baccording\s+to\s+(?:the\s+|a\s+report\s+(?:by|from|in)\s+(?:the\s+)?)?$"), "report"),
    (re.compile(r"\b(?:reported\s+by|cited\s+by)\s+(?:the\s+)?$"), "report"),
]
_AFTER_CUES = [
    (re.compile(r"^(?:’s|'s)?\s+(?:has\s+|had\s+|also\s+)*(?:reported|first\s+reported|revealed|published)\b"), "report"),
    (re.compile(r"^(?:,\s[^,“”]{1,80},)?\s+(?:has\s+|had\s+|also\s+)*(?:said|says|stated|announced|declared|confirmed)\b"), "statement"),
]


def _cites(sentences: list[list[Sentence]], registry: Registry, published: str | None, entity_for: Any) -> list[dict[str, Any]]:
    """Sources the text says it relies on: outlets told or reporting, bodies that said.
    A source the registry lacks gets its proposed id (and a stub), as a speaker does."""
    out: dict[str, dict[str, Any]] = {}
    for sents in sentences:
        for s in sents:
            outside = _without_quotes(s)
            known = registry.find(outside)
            mentions = known + [m for m in unknown_names(outside, known, [0]) if " " in m.text]
            for m in mentions:
                if m.entity is None:
                    kind_of = guess_kind(m.text)
                else:
                    kind_of = registry.kind(m.entity)
                before, after = s.text[: m.start], s.text[m.end :]
                kind = next((k for p, k in _CITE_CUES if p.search(before)), None)
                if kind is None:
                    kind = next((k for p, k in _AFTER_CUES if p.match(after)), None)
                    if kind == "statement" and kind_of in ("person", "country", "place", ""):
                        kind = None  # a person's words are quotes; only bodies and outlets are cited
                source = m.entity or slugify(m.text)
                if kind is None or not source or source in out:
                    continue
                if kind == "report" and kind_of not in ("media", ""):  # an unknown outlet stays a report
                    kind = "statement"  # "according to the ministry": a body's own word
                if kind_of == "person":
                    continue  # a person's words are quotes, not a cited source
                cite: dict[str, Any] = {
                    "source": source if m.entity else entity_for(m.text, None, "TODO"),
                    "kind": Note(kind, f"from '{_clip(s.text, m.start, m.end)}'"),
                }
                dates = find_dates(s.text, published)
                # the source's own date: just before it ("In August, the State Department said")
                # or just after its verb ("Reuters reported on Monday")
                close = [d for d in dates if 0 <= m.start - (d.start + len(d.text)) <= 25 or 0 <= d.start - m.end <= 12]
                if len(close) == 1:
                    _dated(cite, "date", close[0])
                out[source] = cite
    return list(out.values())


def _clip(text: str, a: int, b: int) -> str:
    start = max(0, text.rfind(" ", 0, max(0, a - 12)) + 1)
    end = text.find(" ", min(len(text), b + 12))
    return text[start : end if end > 0 else len(text)].strip(" ,.")


def _events(sentences: list[list[Sentence]], registry: Registry, published: str | None) -> list[dict[str, Any]]:
    """A candidate event for each sentence with a date, a number or a casualty word."""
    out: list[dict[str, Any]] = []
    for sents in sentences:
        for s in sents:
            dates = find_dates(s.text, published)
            outside = _without_quotes(s)
            if not dates and not _CASUALTY_WORDS.search(outside) and not _NUMBER.search(outside):
                continue
            named = sorted({m.entity for m in registry.find(s.text) if m.entity})
            ev: dict[str, Any] = {
                "id": todo("event id (a slug, unique in the dataset)"),
                "type": todo("event type (docs/codebook.md lists them)"),
                "status": todo("occurred | ongoing | planned | expected | announced | reported | denied"),
            }
            if len(dates) == 1:
                _dated(ev, "date", dates[0])
            elif dates:
                ev["date"] = todo("which date? the text gives " + "; ".join(f"'{d.text}' = {d.edtf}" for d in dates))
            if named:
                ev["actors"] = todo("entities with roles; the sentence names " + ", ".join(named))
            found = casualties(outside)
            if found:
                ev["casualties"] = found
            ev["summary"] = todo("one neutral sentence on what the report says happened")
            ev["evidence"] = [s.text]
            if "inferred" in ev:
                ev["inferred"] = ev.pop("inferred")
            out.append(ev)
    return out


def _without_quotes(s: Sentence) -> str:
    chars = list(s.text)
    for a, b in s.quotes:
        for k in range(a - s.start, b - s.start):
            chars[k] = " "
    return "".join(chars)


def _unknown(article: Article, sentences: list[list[Sentence]], registry: Registry) -> list[str]:
    seen: dict[str, None] = {}
    for sents in sentences:
        for s in sents:
            known: list[Mention] = registry.find(s.text)
            starts = [0, *(a - s.start + 1 for a, _ in s.quotes)]
            for m in unknown_names(s.text, known, starts):
                seen.setdefault(m.text, None)
    names = list(seen)
    # "Reyes" after "Jonas Reyes": the same person, named once
    return [n for n in names if " " in n or not any(o.endswith(" " + n) for o in names)]
