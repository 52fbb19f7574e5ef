"""Quotation-marked spans as candidate quotes, and who said them.

A span is ``direct`` when it is whole sentences of speech: it starts a sentence (or
follows an attribution's comma or colon) with a capital letter and ends with
sentence punctuation, or with a comma that hands over to the attribution
(``“...,” al-Sudani said.``). Anything else is ``partial``.

The speaker is found from attribution cues (said, told, according to, ...) in the
quote's sentence, outside the quotation marks; when that sentence has none, from
the previous sentence. The name next to the cue is resolved against the registry;
``he``/``she``/``they`` take the previous sentence's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.draft.article import CLOSING
from newsledger.draft.names import Mention, Registry, unknown_names
from newsledger.draft.sentences import Sentence

__all__ = ["Attribution", "CandidateQuote", "attribution", "find_quotes"]

_CUES = (
    "said|says|say|told|tells|stated|states|added|adds|noted|notes|wrote|writes|explained|explains|warned|warns|argued|"
    "argues|claimed|claims|insisted|insists|announced|announces|declared|declares|remarked|continued|recalled|"
    "reiterated|stressed|acknowledged|replied|responded|urged|asked|asks|confirmed|confirms|denied|denies|"
    "admitted|alleged|described|called|posted|tweeted"
)
_CUE = re.compile(rf"\b(?:{_CUES})\b|\b[Aa]ccording to\b")
_PRONOUN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
#: Words allowed between a name and its cue: "al-Sudani has repeatedly said", "the ministry also said".
_GAP = re.compile(r"^[\s,]*(?:(?:has|have|had|also|later|then|again|repeatedly|previously|earlier|once|publicly|would|will|was|were|is|had|been|in\s+a\s+statement)\s+)*$")
_APPOSITIVE = re.compile(r"^,\s[^,“”\"]{1,80},\s*(?:has\s+|had\s+|also\s+|later\s+)*$")
_TITLE = re.compile(
    r"(?:(?:[A-Z][a-z]+\s+)*(?:Minister|President|Secretary|Spokesman|Spokeswoman|Spokesperson|General|Gen\.|Colonel|"
    r"Col\.|Governor|Mayor|Senator|Sen\.|Rep\.|Representative|Ambassador|Chief|Director|Commander|Chairman|Chair|Leader|"
    r"Officer|Envoy|King|Queen|Prince|Judge|Dr\.|Mr\.|Mrs\.|Ms\.)\s+)+$"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None  # registry id, or a proposed id for a name the registry lacks
    name: str | None  # the name as the text gives it
    known: bool  # the speaker is in the registry
    cue: str  # the cue word
    role: str | None = None  # a title before the name ("Foreign Minister")


@dataclass(frozen=True, slots=True)
class CandidateQuote:
    text: str
    kind: str  # direct | partial
    sentence: Sentence
    attribution: Attribution | None
    from_previous: bool  # the speaker was found in the previous sentence


def _outside(sentence: Sentence) -> str:
    """The sentence with its quotations blanked out (same length, so offsets hold)."""
    chars = list(sentence.text)
    for a, b in sentence.quotes:
        for k in range(a - sentence.start, b - sentence.start):
            chars[k] = " "
    return "".join(chars)


def _near(mentions: list[Mention], outside: str, cue: re.Match[str], *, after: bool) -> Mention | None:
    if after:
        best = [m for m in mentions if m.start >= cue.end() and re.fullmatch(r"[\s,]*(?:the\s+)?", outside[cue.end() : m.start])]
        return min(best, key=lambda m: m.start) if best else None
    best = [m for m in mentions if m.end <= cue.start() and _GAP.match(outside[m.end : cue.start()])]
    if not best:  # "Tomas Brel, who was on duty that night, said": a name, then a clause between commas
        best = [m for m in mentions if m.end <= cue.start() and _APPOSITIVE.match(outside[m.end : cue.start()])]
    return max(best, key=lambda m: m.end) if best else None


def attribution(sentence: Sentence, registry: Registry, previous: Attribution | None, near: int | None = None) -> Attribution | None:
    """Who the sentence attributes speech to; ``near``: the offset (in the sentence) of the quote to attribute."""
    outside = _outside(sentence)
    known = registry.find(outside)
    names = known + unknown_names(outside, known, [0])
    pronouns = [Mention(m.start(), m.end(), m.group(0), None) for m in _PRONOUN.finditer(outside)]
    cues = list(_CUE.finditer(outside))
    if near is not None:
        cues.sort(key=lambda c: min(abs(c.start() - near), abs(c.end() - near)))
    for cue in cues:
        word = cue.group(0).lower()
        listener_after = word in ("told", "tells", "asked", "asks", "urged", "called")
        first = _near(names, outside, cue, after=True) if word == "according to" else None
        if first is None:
            first = _near(names + pronouns, outside, cue, after=False)
        if first is None and not listener_after and word != "according to":
            first = _near(names, outside, cue, after=True)  # "..., said al-Sudani"
        if first is None:
            continue
        if first.entity is None and _PRONOUN.fullmatch(first.text):
            if previous is None:
                continue
            return Attribution(previous.speaker, previous.name, previous.known, word, previous.role)
        title = _TITLE.search(outside[: first.start])
        role = title.group(0).strip() if title and title.end() == first.start else None
        if first.entity is not None:
            return Attribution(first.entity, first.text, True, word, role)
        from newsledger.draft.names import slugify

        return Attribution(slugify(first.text) or None, first.text, False, word, role)
    return None


def _kind(para: str, a: int, b: int, inner: str, sentence: Sentence) -> str:
    before = para[sentence.start : a].rstrip()
    starts = before == "" or (before.endswith((":", ",")) and _CUE.search(before) is not None)
    ends = inner.rstrip().endswith((".", "?", "!")) or (inner.rstrip().endswith(",") and _CUE.search(para[b : b + 60]) is not None)
    first = inner.lstrip()[:1]
    return "direct" if starts and ends and (first.isupper() or first.isdigit()) else "partial"


def find_quotes(paragraphs: tuple[str, ...], sentences: list[list[Sentence]], registry: Registry) -> list[CandidateQuote]:
    out: list[CandidateQuote] = []
    previous: Attribution | None = None  # the last attribution: a quotation-only paragraph continues its speaker
    for para, sents in zip(paragraphs, sentences, strict=True):
        for sentence in sents:
            own = attribution(sentence, registry, previous)
            for a, b in sentence.quotes:
                inner = para[a + 1 : b - 1] if para[b - 1] in CLOSING else para[a + 1 : b]  # an open end has no mark
                text = inner.strip().removesuffix(",").strip()
                if not text:
                    continue
                who = attribution(sentence, registry, previous, near=a - sentence.start) if own else None
                out.append(CandidateQuote(text, _kind(para, a, b, inner, sentence), sentence, who or previous, who is None and previous is not None))
            if own is not None:
                previous = own
    return out
