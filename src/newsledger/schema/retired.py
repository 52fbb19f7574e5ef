"""Tombstones: the ids that left the dataset, in ``dataset/retired.yaml``.

A record id, once published, is never used again for another record. When a
record leaves the dataset (a duplicate found, two records merged, an id
renamed, a report withdrawn) its id gets a tombstone here: which table it was
in, why it left, the id that replaces it, and the release that retired it.
Releases ship the tombstones as the ``retired`` table, ``build`` refuses a
release that drops an id of the previous release without one, and rule NL410
refuses a live record whose id is retired.

``retired.yaml`` is a YAML list of :class:`Retired` (an empty file or ``[]``
means none)::

    - id: 2024-08-29-us-raid-isis-hideout
      table: events
      reason: duplicate_of
      successor: 2024-08-29-us-raid-suspected-isis-hideout-iraq
      retired_in: 0.2.0
      note: Curated twice from two reports of the same raid.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from newsledger.schema.vocab import _Documented, _meanings

__all__ = ["RETIRED_FILE", "SUCCESSOR_REASONS", "Retired", "RetiredReason"]

#: The tombstone file, relative to the dataset directory.
RETIRED_FILE = "retired.yaml"

#: A release id: a slug, or ``<article-id>/<quote-id>`` for a quote.
_RECORD_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$"
RecordId = Annotated[str, Strict(), StringConstraints(pattern=_RECORD_ID, min_length=1, max_length=321)]


@_meanings(
    {
        "duplicate_of": "The record repeated another one; `successor` is the one kept.",
        "merged_into": "The record was merged with others into `successor`.",
        "renamed": "The same record lives on under a new id, `successor`.",
        "withdrawn": "The record was removed and nothing replaces it (a retracted report, an error).",
    }
)
class RetiredReason(_Documented):
    DUPLICATE_OF = "duplicate_of"
    MERGED_INTO = "merged_into"
    RENAMED = "renamed"
    WITHDRAWN = "withdrawn"


#: The reasons that name the record taking the retired one's place.
SUCCESSOR_REASONS = frozenset({RetiredReason.DUPLICATE_OF, RetiredReason.MERGED_INTO, RetiredReason.RENAMED})


class Retired(BaseModel):
    """A tombstone: an id that left the dataset and may never be used again."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    id: RecordId = Field(description="The retired id, as releases had it (a quote as `<article-id>/<quote-id>`).")
    table: Literal["articles", "quotes", "events", "entities"] = Field(
        description="The release table the id was in."
    )
    reason: RetiredReason = Field(description="Why it left: duplicate_of, merged_into, renamed or withdrawn.")
    successor: RecordId | None = Field(
        None,
        description="Id (same table) of the record that takes its place; required for duplicate_of, "
        "merged_into and renamed, absent for withdrawn.",
    )
    retired_in: Annotated[
        str, Strict(), StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]+)?$")
    ] = Field(description="Version of the first release without the id (e.g. 0.2.0).")
    note: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=2_000)] | None = Field(
        None, description="Free text: what happened, where it was decided."
    )

    @model_validator(mode="after")
    def _successor(self) -> Retired:
        if self.reason in SUCCESSOR_REASONS and self.successor is None:
            raise PydanticCustomError("successor_missing", "reason {reason} needs a successor id", {"reason": self.reason})
        if self.reason == RetiredReason.WITHDRAWN and self.successor is not None:
            raise PydanticCustomError("successor_unexpected", "a withdrawn record has no successor", {})
        if self.successor == self.id:
            raise PydanticCustomError("successor_self", "an id cannot succeed itself", {})
        return self
