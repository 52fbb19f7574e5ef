"""NL4xx (across records) and NL5xx (curation advice).

Entry-scope checks see one validated entry (a ``model_dump`` dict); dataset-scope
checks see the :class:`Index`, a small summary of every file that a cache can
keep, so that re-checking one changed file does not re-read the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from newsledger.text import occurs
from newsledger.validators.diagnostics import Finding, Loc, Severity
from newsledger.validators.rules.index import ANY_ID
from newsledger.validators.rules.index import EntityIndex as EntityIndex
from newsledger.validators.rules.index import EntryIndex as EntryIndex
from newsledger.validators.rules.index import Index as Index
from newsledger.validators.rules.index import canonical_url as canonical_url
from newsledger.validators.rules.index import canonical_url_general as canonical_url_general
from newsledger.validators.rules.index import index_entities as index_entities
from newsledger.validators.rules.index import index_entry as index_entry
from newsledger.validators.rules.registry import rule

E, W = Severity.ERROR, Severity.WARNING

ORGANISATIONS = frozenset({"government", "military", "armed_group", "coalition", "media", "igo", "company", "ngo"})
SPEAKER_KINDS = ORGANISATIONS | {"person"}
# Verbal and policy events often have no place worth recording; NL503 skips them.
VERBAL_TYPES = frozenset(
    {"statement", "demand", "rejection", "accusation", "threat", "agreement", "negotiation",
     "withdrawal_announcement", "policy_change", "sanction", "support", "concession"}
)
PLACE_KINDS = frozenset({"place", "country"})
AUTHOR_KINDS = frozenset({"person", "media"})


# --- entry scope -------------------------------------------------------------------


def in_body(text: str, body: str) -> bool:
    """Whether ``text`` occurs in ``body`` verbatim after folding (NL405, NL406):
    :func:`newsledger.text.occurs`, which remembers each body's NFC test (one body
    is tested for every quote and evidence sentence of its entry)."""
    return occurs(text, body)


@rule("NL405", "quote-not-verbatim", E)
def quote_not_verbatim(entry: dict[str, Any]) -> Iterator[Finding]:
    """A direct or partial quote does not appear verbatim in the article body.

    ## What it does
    Looks for each `direct` and `partial` quote's `text` in the body after folding
    both (NFC; curly and straight quotes, dashes and ellipses unified; white space
    runs as one space). Paraphrases are not checked.

    ## Why is this bad?
    A quote is evidence of what someone said; words that are not in the report are
    misquotes, however close.

    ## Example
    ```yaml
    text: We will announce the end of the coalition's mission
    ```

    ## Use instead
    Copy the words exactly from the body, without the surrounding quotation marks.
    """
    raw_body = entry["article"]["body"]
    for i, quote in enumerate(entry.get("quotes", [])):
        if quote["kind"] in ("direct", "partial") and not in_body(quote["text"], raw_body):
            yield Finding(
                "NL405", ("quotes", i, "text"),
                f"quotes[{i}].text: the {quote['kind']} quote does not appear verbatim in article.body",
                "copy it exactly from the body, or use kind: paraphrase",
            )


@rule("NL406", "evidence-not-verbatim", E)
def evidence_not_verbatim(entry: dict[str, Any]) -> Iterator[Finding]:
    """An evidence sentence does not appear verbatim in the article body.

    ## What it does
    Looks for each event's (and event reference's) evidence strings in the body,
    folded as for NL405.

    ## Why is this bad?
    Evidence ties every event to the words of the report, so anyone can check the
    coding; a sentence that is not there proves nothing.

    ## Example
    ```yaml
    evidence: [Seven US soldiers were hurt in a raid.]
    ```

    ## Use instead
    ```yaml
    evidence: [Seven US troops were wounded in a raid against a suspected ISIS hideout on August 29.]
    ```
    """
    raw_body = entry["article"]["body"]
    for i, event in enumerate(entry.get("events", [])):
        for j, sentence in enumerate(event.get("evidence", [])):
            if not in_body(sentence, raw_body):
                yield Finding(
                    "NL406", ("events", i, "evidence", j),
                    f"events[{i}].evidence[{j}]: sentence does not appear verbatim in article.body",
                    "copy the sentence exactly from the body",
                )


@rule("NL407", "local-reference", E)
def local_reference(entry: dict[str, Any]) -> Iterator[Finding]:
    """Ids inside one entry clash, or a quote names an event the entry does not have.

    ## What it does
    Checks that quote ids are unique in the entry, that no event id or `ref` is
    listed twice, and that each quote's `event` is an event (or ref) of the entry.

    ## Why is this bad?
    Release ids are built from them (`<article-id>/<quote-id>`); a clash loses a
    record, and a dangling `event` link points nowhere.

    ## Example
    ```yaml
    quotes:
      - {id: q1, ...}
      - {id: q1, ...}
    ```

    ## Use instead
    Number quotes q1, q2, ...
    """
    seen: dict[str, int] = {}
    for i, quote in enumerate(entry.get("quotes", [])):
        if quote["id"] in seen:
            yield Finding("NL407", ("quotes", i, "id"), f"quotes[{i}].id: '{quote['id']}' is already used by quotes[{seen[quote['id']]}]")
        seen.setdefault(quote["id"], i)
    events: dict[str, int] = {}
    for i, event in enumerate(entry.get("events", [])):
        key = event.get("id") or event.get("ref")
        field_name = "id" if "id" in event else "ref"
        if key in events:
            yield Finding("NL407", ("events", i, field_name), f"events[{i}].{field_name}: '{key}' is already listed as events[{events[key]}]")
        events.setdefault(key, i)
    for i, quote in enumerate(entry.get("quotes", [])):
        if quote.get("event") and quote["event"] not in events:
            yield Finding(
                "NL407", ("quotes", i, "event"),
                f"quotes[{i}].event: '{quote['event']}' is not an event of this entry",
                "link to an event listed under events: (by id or ref)",
            )


@rule("NL502", "direct-quote-undated", W)
def direct_quote_undated(entry: dict[str, Any]) -> Iterator[Finding]:
    """A direct quote has no `said` date.

    ## What it does
    Warns on `direct` quotes without `said`.

    ## Why is this bad?
    Quotes are studied over time; undated ones drop out. When the report gives no
    date, `../<publication date>` with an `inferred` note is still true.

    ## Example
    ```yaml
    - {id: q1, kind: direct, text: ...}
    ```

    ## Use instead
    ```yaml
    - {id: q1, kind: direct, said: ../2024-09-17, inferred: {said: on or before publication}, text: ...}
    ```
    """
    for i, quote in enumerate(entry.get("quotes", [])):
        if quote["kind"] == "direct" and quote.get("said") is None:
            yield Finding("NL502", ("quotes", i), f"quotes[{i}]: direct quote has no 'said' date", "add said: (EDTF); ../<published> when only that is known")


@rule("NL503", "event-without-location", W)
def event_without_location(entry: dict[str, Any]) -> Iterator[Finding]:
    """A physical event that occurred has no location.

    ## What it does
    Warns on `occurred`/`ongoing` events without `location`, except verbal and
    policy events (statements, demands, talks, agreements...).

    ## Why is this bad?
    Maps and country counts skip such events. Leave it absent when the report truly
    does not say; otherwise record at least the country.

    ## Example
    An airstrike with no `location`.

    ## Use instead
    ```yaml
    location: {country: IRQ, precision: country}
    ```
    """
    for i, event in enumerate(entry.get("events", [])):
        if (
            "ref" not in event
            and event["status"] in ("occurred", "ongoing")
            and event["type"] not in VERBAL_TYPES
            and event.get("location") is None
        ):
            yield Finding("NL503", ("events", i), f"events[{i}]: {event['status']} event '{event['id']}' has no location", "add location: when the report gives one")


@rule("NL504", "event-without-date", W)
def event_without_date(entry: dict[str, Any]) -> Iterator[Finding]:
    """An event that occurred has no date.

    ## What it does
    Warns on `occurred`/`ongoing` events without `date`.

    ## Why is this bad?
    Timelines skip undated events. An open interval such as `../2024-09-17` (on or
    before publication) is usually still true.

    ## Example
    An attack with no `date`.

    ## Use instead
    ```yaml
    date: ../2024-09-17
    inferred: {date: before the article's publication}
    ```
    """
    for i, event in enumerate(entry.get("events", [])):
        if "ref" not in event and event["status"] in ("occurred", "ongoing") and event.get("date") is None:
            yield Finding("NL504", ("events", i), f"events[{i}]: {event['status']} event '{event['id']}' has no date", "add date: (EDTF), open-ended if need be")


@rule("NL506", "event-without-actors", W)
def event_without_actors(entry: dict[str, Any]) -> Iterator[Finding]:
    """An event names no actors.

    ## What it does
    Warns on events with an empty `actors` list.

    ## Why is this bad?
    Dyadic analyses (who did what to whom) cannot use it.

    ## Example
    An event with `actors: []`.

    ## Use instead
    Add the actors the report names, with their roles.
    """
    for i, event in enumerate(entry.get("events", [])):
        if "ref" not in event and not event.get("actors"):
            yield Finding("NL506", ("events", i), f"events[{i}]: event '{event['id']}' names no actors")


ENTRY_CHECKS = (quote_not_verbatim, evidence_not_verbatim, local_reference, direct_quote_undated, event_without_location, event_without_date, event_without_actors)


# --- dataset scope ----------------------------------------------------------------

Located = tuple[str, Loc, str, str | None]  # path, loc, message, hint


@rule("NL401", "duplicate-id", E)
def duplicate_id(index: Index) -> Iterator[tuple[str, Finding]]:
    """An article, event or entity id is used more than once in the dataset.

    ## What it does
    Checks article ids, event ids (defined with `id:`) and entity ids for
    uniqueness across all files, pointing at every repeat and the first use.

    ## Why is this bad?
    Ids are primary keys: users join, cite and diff by them. A repeat silently
    merges or drops records.

    ## Example
    Two entries defining `id: 2024-08-29-us-raid-suspected-isis-hideout-iraq`.

    ## Use instead
    Define the event once; list it elsewhere with `ref:`.
    """
    # One pass per kind of id, in discovery order, without building the
    # (path, loc, value) triples: a pre-commit run pays this for every entry.
    first: dict[str, tuple[str, Loc]] = {}
    for e in index.entries:
        here = (e.path, _ARTICLE_ID)
        there = first.setdefault(e.article_id, here)
        if there is not here:
            yield _duplicate("article id", e.path, _ARTICLE_ID, e.article_id, there)
    first = {}
    for e in index.entries:
        for loc, ev in e.event_ids:
            here = (e.path, loc)
            there = first.setdefault(ev, here)
            if there is not here:
                yield _duplicate("event id", e.path, loc, ev, there)
    first = {}
    for x in index.entities:
        here = (x.path, (*x.loc, "id"))
        there = first.setdefault(x.id, here)
        if there is not here:
            yield _duplicate("entity id", x.path, here[1], x.id, there)


_ARTICLE_ID: Loc = ("article", "id")


def _duplicate(label: str, path: str, loc: Loc, value: str, first: tuple[str, Loc]) -> tuple[str, Finding]:
    fpath, floc = first
    return path, Finding(
        "NL401", loc, f"{label} '{value}' is already defined in {fpath}",
        "ids must be unique across the dataset" + ("; list a shared event with ref:" if label == "event id" else ""),
        related=((fpath, floc, f"first definition of '{value}'"),),
    )


class _Closest:
    """"Did you mean" suggestions, for a bounded number of unknown ids.

    Each suggestion compares the id with every candidate (difflib), so a file of
    thousands of unknown ids against a large registry would take minutes; after
    ``limit`` suggestions the hint is left out.
    """

    def __init__(self, candidates: set[str], limit: int = 100) -> None:
        self.candidates = candidates
        self.limit = limit
        self.cache: dict[str, list[str]] = {}

    def __call__(self, word: str) -> list[str]:
        if word not in self.cache:
            if len(self.cache) >= self.limit:
                return []
            import difflib

            self.cache[word] = difflib.get_close_matches(word, self.candidates, n=1)
        return self.cache[word]


@rule("NL402", "unknown-entity", E)
def unknown_entity(index: Index) -> Iterator[tuple[str, Finding]]:
    """A record names an entity id that is not in the registry.

    ## What it does
    Resolves every entity id (publisher, authors, cited sources, speakers, `via`,
    actors, casualty groups, places, entity parents) against `dataset/entities/`.

    Ids that an entity file which failed validation may define are not reported:
    the error is in that file (valid entities of a file with an invalid one still
    count as defined).

    ## Why is this bad?
    An unresolved id has no name, kind or country: the record cannot be joined or
    displayed.

    ## Example
    ```yaml
    speaker: mohammed-al-sudani   # registry has mohammed-shia-al-sudani
    ```

    ## Use instead
    Use the registry's id, or add the entity to `dataset/entities/`.
    """
    known = {x.id for x in index.entities}
    if ANY_ID in index.maybe_entities:
        return  # an entity file could not be read: any id may be defined there
    known |= index.maybe_entities
    closest = _Closest({x.id for x in index.entities})
    for e in index.entries:
        if not index.wanted(e.path):
            continue
        for loc, ident, role in e.entity_refs:
            if ident not in known:
                close = closest(ident)
                yield e.path, Finding(
                    "NL402", loc, f"{role} '{ident}' is not in the entity registry",
                    f"did you mean '{close[0]}'?" if close else "add it to dataset/entities/",
                )
    for x in index.entities:
        if x.parent and x.parent not in known:
            yield x.path, Finding("NL402", (*x.loc, "parent"), f"parent '{x.parent}' of '{x.id}' is not in the entity registry")


@rule("NL403", "unknown-event-ref", E)
def unknown_event_ref(index: Index) -> Iterator[tuple[str, Finding]]:
    """An event `ref:` names an event that no entry defines.

    ## What it does
    Resolves every `ref:` against the event ids defined anywhere in the dataset.
    Ids that an entry which failed validation may define are not reported: the
    error is in that entry.

    ## Why is this bad?
    The reference adds this report as a source of an event; if the event does not
    exist, the evidence is attached to nothing.

    ## Example
    ```yaml
    - ref: 2024-01-28-tower-22-drone-attack   # defined nowhere
    ```

    ## Use instead
    Use the id of the event as defined, or define the event here with `id:`.
    """
    if ANY_ID in index.maybe_events:
        return  # an entry could not be read: any event may be defined there
    defined = {ev for e in index.entries for _, ev in e.event_ids}
    if index.all_event_ids is not None:
        defined |= index.all_event_ids
    closest = _Closest(defined)
    for e in index.entries:
        if not index.wanted(e.path):
            continue
        for loc, ref in e.event_refs:
            if ref not in defined and ref not in index.maybe_events:
                close = closest(ref)
                yield e.path, Finding("NL403", loc, f"ref '{ref}' names no event defined in the dataset", f"did you mean '{close[0]}'?" if close else None)


@rule("NL409", "ref-dated-after-article", E)
def ref_dated_after_article(index: Index) -> Iterator[tuple[str, Finding]]:
    """An entry lists with `ref:` an event that started after the entry's article was published.

    ## What it does
    NL303 across entries: for each `ref:`, compares the earliest day of the
    referenced event's `date` (when its status is `occurred` or `ongoing`) with the
    publication day of the article that refers to it. As for NL303, a `published`
    datetime counts as the latest calendar day anywhere at that instant (UTC+14).

    ## Why is this bad?
    A report cannot be a source for something that happened after it was
    published: either the reference names the wrong event, or the event's date
    (or this article's publication date) is wrong.

    ## Example
    An article published on 2024-01-10 that lists
    ```yaml
    events:
      - ref: 2024-01-28-tower-22-drone-attack   # occurred on 2024-01-28
    ```

    ## Use instead
    Refer to the event the report is about (often an earlier one), or fix the
    event's date.
    """
    import datetime

    from newsledger.validators.rules.meaning import latest_publication_day, published_words

    wanted = [e for e in index.entries if e.event_refs and index.wanted(e.path)]
    refs = {ref for e in wanted for _, ref in e.event_refs}
    if not refs:
        return
    # The first definition of each referenced event is the one a ref names. Only
    # referenced ids are kept: this loop visits every event of the dataset.
    first: dict[str, tuple[int, str, Loc]] = {}
    for e in index.entries:
        for (loc, ev), start in zip(e.event_ids, e.event_starts, strict=False):
            if ev in refs and ev not in first:
                first[ev] = (start, e.path, loc)
    for e in wanted:
        # The latest day anywhere is never before the day printed (no offset is east
        # of UTC+14), so most refs are settled without parsing the datetime.
        printed = datetime.date.fromisoformat(e.published[:10]).toordinal()
        published = None
        for loc, ref in e.event_refs:
            start, path, where = first.get(ref, (0, "", ()))
            if start <= printed:
                continue
            if published is None:
                published = latest_publication_day(e.published)
            if start > published.toordinal():
                day = datetime.date.fromordinal(start)
                yield e.path, Finding(
                    "NL409", loc,
                    f"ref '{ref}': the event started on {day}, after this article was published ({published_words(e.published, published)})",
                    "refer to the event the report tells of, or fix the event's date",
                    related=((path, (*where[:-1], "date"), f"'{ref}' is dated here"),),
                )


@rule("NL404", "duplicate-url", E)
def duplicate_url(index: Index) -> Iterator[tuple[str, Finding]]:
    """Two entries describe the same report (same canonical URL).

    ## What it does
    Compares article URLs after canonicalisation: host case, `www.`, fragment,
    trailing slash and query order do not count.

    ## Why is this bad?
    One report curated twice double-counts its events and quotes.

    ## Example
    `https://www.example.com/story/` and `https://example.com/story#top`.

    ## Use instead
    Keep one entry; merge what the other adds.
    """
    first: dict[str, EntryIndex] = {}
    for e in index.entries:
        if e.url in first:
            f = first[e.url]
            yield e.path, Finding(
                "NL404", ("article", "url"), f"article.url is the same report as '{f.article_id}' ({f.path})",
                "one report, one entry", related=((f.path, ("article", "url"), "the other entry"),),
            )
        else:
            first[e.url] = e


@rule("NL408", "entity-kind", E)
def entity_kind(index: Index) -> Iterator[tuple[str, Finding]]:
    """An entity is used in a role its kind cannot play.

    ## What it does
    Speakers must be people or organisations (not places or countries); authors
    people or media; `location.place` a place or country; parents must not form a
    cycle.

    ## Why is this bad?
    "Iraq said" hides who spoke; a person as a location is a slip of the id.

    ## Example
    ```yaml
    speaker: iraq
    ```

    ## Use instead
    ```yaml
    speaker: mohammed-shia-al-sudani
    ```
    """
    kinds = {x.id: x.kind for x in index.entities}
    wanted = {"speaker": SPEAKER_KINDS, "author": AUTHOR_KINDS, "place": PLACE_KINDS}
    # Per role, the ids that cannot play it: one lookup per reference (there are
    # hundreds of thousands), and none for the roles no kind is wrong for.
    misfits = {role: {ident for ident, kind in kinds.items() if kind not in allowed} for role, allowed in wanted.items()}
    for e in index.entries:
        if not index.wanted(e.path):
            continue
        for loc, ident, role in e.entity_refs:
            if role in misfits and ident in misfits[role]:
                kind, allowed = kinds[ident], wanted[role]
                yield e.path, Finding(
                    "NL408", loc, f"{role} '{ident}' is a {kind}; a {role} must be one of: {', '.join(sorted(allowed))}",
                )
    parents = {x.id: x.parent for x in index.entities}
    for x in index.entities:
        seen = {x.id}
        cur = x.parent
        while cur is not None and cur in parents:
            if cur in seen:
                yield x.path, Finding("NL408", (*x.loc, "parent"), f"parent chain of '{x.id}' forms a cycle through '{cur}'")
                break
            seen.add(cur)
            cur = parents[cur]


@rule("NL501", "unreferenced-entity", W)
def unreferenced_entity(index: Index) -> Iterator[tuple[str, Finding]]:
    """An entity in the registry is not used by any record.

    ## What it does
    Warns on entities that no entry names and that are no other entity's parent.
    Countries are exempt: the registry lists them for reference. Skipped while any
    file fails validation, since that file may be the one using the entity.

    ## Why is this bad?
    Unused entities are often misspelt duplicates of used ones.

    ## Example
    `bloomberg-news` in the registry while entries use `bloomberg`.

    ## Use instead
    Remove it, or use it where it belongs.
    """
    if not index.complete:
        return  # an entry that failed validation may be the one using the entity
    if not any(index.wanted(x.path) for x in index.entities):
        return
    if index.all_event_ids is not None:  # loud, not silent: an engine defect
        raise RuntimeError("NL501 needs every entry's references")
    used = {ident for e in index.entries for _, ident, _ in e.entity_refs}
    used |= {x.parent for x in index.entities if x.parent}
    for x in index.entities:
        if x.id not in used and x.kind != "country":
            yield x.path, Finding("NL501", (*x.loc, "id"), f"entity '{x.id}' is not referenced by any record")


# --- tombstones (dataset/retired.yaml) ---------------------------------------------


def _live_ids(index: Index) -> dict[str, dict[str, tuple[str, Loc]]]:
    """Table -> id -> where the first live record with that id is defined."""
    live: dict[str, dict[str, tuple[str, Loc]]] = {"articles": {}, "events": {}, "entities": {}}
    for e in index.entries:
        live["articles"].setdefault(e.article_id, (e.path, _ARTICLE_ID))
        for loc, ev in e.event_ids:
            live["events"].setdefault(ev, (e.path, loc))
    for x in index.entities:
        live["entities"].setdefault(x.id, (x.path, (*x.loc, "id")))
    return live


@rule("NL410", "retired-id-reused", E)
def retired_id_reused(index: Index) -> Iterator[tuple[str, Finding]]:
    """A record uses an id that `retired.yaml` retired.

    ## What it does
    Checks every article, event and entity id against the tombstones in
    `dataset/retired.yaml`: an id that left the dataset (a duplicate, a merge,
    a rename, a withdrawn report) can never name a record again. The finding
    is at the record; the tombstone is named as the related place. (`build`
    checks quote ids, which are only known once entries are encoded.)

    ## Why is this bad?
    Users cite and join by id across releases. An id given to another record
    silently changes what every citation of it means: the duplicate event ids
    of ICEWS are the failure this prevents.

    ## Example
    `retired.yaml` has `- {id: 2024-08-29-us-raid, table: events, reason:
    duplicate_of, successor: 2024-08-29-us-raid-suspected-isis-hideout-iraq,
    retired_in: 0.2.0}` and an entry defines `id: 2024-08-29-us-raid` again.

    ## Use instead
    Give the new record an id of its own (or, if it is the same record come
    back, use the successor's id). Tombstones are never deleted.
    """
    if not index.retired:
        return
    live = _live_ids(index)
    for tomb in index.retired:
        found = live.get(tomb.table, {}).get(tomb.id)
        if found is None or not index.wanted(found[0]):
            continue
        path, loc = found
        where = f"retired.yaml item {int(tomb.loc[0]) + 1}"
        yield path, Finding(
            "NL410", loc,
            f"{tomb.table[:-1] if tomb.table != 'entities' else 'entity'} id '{tomb.id}' is retired ({where}) and cannot be used again",
            f"use the successor '{tomb.successor}'" if tomb.successor else "give this record a new id",
            related=((tomb.path, (*tomb.loc, "id"), f"tombstone of '{tomb.id}'"),),
        )


@rule("NL411", "tombstone-invalid", E)
def tombstone_invalid(index: Index) -> Iterator[tuple[str, Finding]]:
    """A tombstone in `retired.yaml` does not hold together.

    ## What it does
    Checks each tombstone: the same id retired twice in one table; a
    `successor` that is missing where the reason needs one (`duplicate_of`,
    `merged_into`, `renamed`), given for `withdrawn`, equal to the id itself,
    or naming no live record of the same table (a retired successor included:
    point at the record that lives on).

    ## Why is this bad?
    A tombstone tells users where a record they cited went. A successor that
    does not exist sends them nowhere.

    ## Example
    `- {id: old-event, table: events, reason: merged_into, successor: no-such-event, retired_in: 0.2.0}`

    ## Use instead
    Name the id of the live record that replaced it, or make the reason
    `withdrawn` (without a successor) when nothing did.
    """
    if not index.retired or not index.wanted(index.retired[0].path):
        return
    live = _live_ids(index)
    seen: dict[tuple[str, str], Loc] = {}
    complete = index.complete and index.all_event_ids is None
    for tomb in index.retired:
        key = (tomb.table, tomb.id)
        if key in seen:
            yield tomb.path, Finding(
                "NL411", (*tomb.loc, "id"), f"'{tomb.id}' ({tomb.table}) is retired twice", "keep one tombstone per id",
                related=((tomb.path, (*seen[key], "id"), "first tombstone"),),
            )
            continue
        seen[key] = tomb.loc
        if tomb.successor is None or tomb.table == "quotes" or not complete:
            continue
        if tomb.successor not in live[tomb.table] and tomb.successor not in (
            index.maybe_events if tomb.table == "events" else index.maybe_entities if tomb.table == "entities" else ()
        ):
            yield tomb.path, Finding(
                "NL411", (*tomb.loc, "successor"),
                f"successor '{tomb.successor}' of '{tomb.id}' is not a live record of {tomb.table}",
                "name the record that replaced it, or use reason: withdrawn without a successor",
            )


DATASET_CHECKS = (duplicate_id, unknown_entity, unknown_event_ref, ref_dated_after_article, duplicate_url, entity_kind, unreferenced_entity,
                  retired_id_reused, tombstone_invalid)


#: The "file" of a finding about the dataset as a whole (an internal error in a dataset-wide rule).
WHOLE_DATASET = ""


def run_dataset_checks(index: Index) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for check in DATASET_CHECKS:
        try:
            found = list(check(index))
        except Exception as exc:  # noqa: BLE001 - a defect in one rule must not hide the others' findings
            found = [(WHOLE_DATASET, Finding(
                "NL001", (), f"internal error in rule {getattr(check, 'code', check.__name__)}: {type(exc).__name__}: {exc}",
                "this is a bug in newsledger; please report it",
            ))]
        for path, finding in found:
            out[path].append(finding)
    return out
