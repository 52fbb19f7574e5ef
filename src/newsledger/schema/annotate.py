"""Annotations for editors in the exported JSON Schemas: ``examples`` and one
description per enum value (``enumDescriptions``, which yaml-language-server and
VS Code show next to each completion).

They change no verdict: ``examples`` and ``enumDescriptions`` are annotations, and
every example is checked against its own field's schema by the tests. Examples come
from the seed entry and its registry (real values), or show a field's forms
(EDTF dates). An example is added only where its record and field exist, so the
function serves every schema version.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXAMPLES", "annotate"]

#: (record, field) -> example values.
EXAMPLES: dict[tuple[str, str], list[Any]] = {
    ("Article", "id"): ["antiwar-2024-09-17-iraqi-pm-coalition-end-date"],
    ("Article", "url"): ["https://news.antiwar.com/2024/09/17/iraqi-pm-says-end-date-for-us-led-anti-isis-coalition-will-be-announced-soon"],
    ("Article", "publisher"): ["antiwar-com"],
    ("Article", "authors"): [["dave-decamp"]],
    ("Article", "headline"): ["Iraqi PM Says End Date for US-Led Anti-ISIS Coalition Will Be Announced Soon"],
    ("Article", "subheadline"): ["The US is looking to keep troops in Iraq under a new arrangement"],
    ("Article", "published"): ["2024-09-17", "2024-09-17T14:05:00-04:00"],
    ("Article", "updated"): ["2024-09-18T09:30:00+00:00"],
    ("Article", "language"): ["en", "ar", "pt-BR"],
    ("Citation", "source"): ["reuters"],
    ("Citation", "date"): ["2024-09", "2024-08-29"],
    ("Citation", "note"): ["Withdrawal-plan report."],
    ("Quote", "id"): ["q1"],
    ("Quote", "speaker"): ["mohammed-shia-al-sudani"],
    ("Quote", "speaker_role"): ["Prime Minister of Iraq"],
    ("Quote", "via"): ["bloomberg"],
    ("Quote", "said"): ["2024-09-17", "2024-09", "../2024-09-17"],
    ("Quote", "text"): ["The justification for the coalition’s presence no longer exists."],
    ("Event", "id"): ["2024-08-29-us-raid-suspected-isis-hideout"],
    ("Event", "date"): ["2024-08-29", "2024-09", "2024-09-01/2024-09-17", "../2025-09", "2024-01?"],
    ("Event", "summary"): ["Seven US troops were wounded in a raid against a suspected ISIS hideout on August 29."],
    ("Event", "evidence"): [["Seven US troops were wounded in a raid against a suspected ISIS hideout on August 29."]],
    ("EventRef", "ref"): ["2024-01-tower-22-drone-strike"],
    ("Location", "country"): ["IRQ", "JOR"],
    ("Location", "place"): ["tower-22"],
    ("Location", "name"): ["Tower 22"],
    ("Actor", "entity"): ["us-armed-forces"],
    ("Casualty", "best"): [7],
    ("Casualty", "group"): ["us-army-reserve"],
    ("Casualty", "description"): ["US Army Reserve soldiers"],
    ("Entity", "id"): ["mohammed-shia-al-sudani"],
    ("Entity", "name"): ["Mohammed Shia al-Sudani"],
    ("Entity", "aliases"): [["al-Sudani"]],
    ("Entity", "wikidata"): ["Q796"],
    ("Entity", "country"): ["IRQ"],
    ("Entity", "parent"): ["united-states"],
}


def annotate(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with examples on the fields above and ``enumDescriptions`` on vocabularies."""
    from newsledger.schema.vocab import _MEANINGS

    defs = doc.get("$defs", {})
    for name, sub in defs.items():
        meanings = _MEANINGS.get(name)
        if meanings and isinstance(sub.get("enum"), list) and all(v in meanings for v in sub["enum"]):
            sub["enumDescriptions"] = [meanings[v] for v in sub["enum"]]
        props = sub.get("properties", {})
        for field, prop in props.items():
            examples = EXAMPLES.get((name, field))
            if examples is not None:
                prop["examples"] = examples
    return doc
