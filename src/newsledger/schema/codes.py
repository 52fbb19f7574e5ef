"""Checks of external code lists: ISO 3166-1 alpha-3 countries and BCP 47 tags.

Both use maintained libraries (pycountry for ISO 3166, langcodes for BCP 47,
backed by the IANA subtag registry) rather than a list kept by hand. Results are
cached: a dataset names few distinct codes, and these checks sit on the hot path.
"""

from __future__ import annotations

from functools import cache, lru_cache

__all__ = ["country_name", "is_country", "is_language", "remember_languages"]


@cache
def _countries() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-3 code (upper case), e.g. ``IRQ``."""
    return code in _countries()


def country_name(code: str) -> str | None:
    return _countries().get(code)


#: Tags already found valid by this version of newsledger (the validation cache
#: hands them over), so that a run checking one entry need not import langcodes.
_KNOWN_LANGUAGES: set[str] = set()


def remember_languages(tags: set[str]) -> None:
    """Take ``tags`` as valid without asking langcodes (they passed :func:`is_language`)."""
    _KNOWN_LANGUAGES.update(tags)


@lru_cache(maxsize=4096)
def is_language(tag: str) -> bool:
    """True for a well-formed, valid BCP 47 tag whose subtags are registered."""
    if tag in _KNOWN_LANGUAGES:
        return True
    import langcodes

    if not tag or tag.strip() != tag or "_" in tag:
        return False
    try:
        return bool(langcodes.tag_is_valid(tag)) and langcodes.Language.get(tag).is_valid()
    except (ValueError, LookupError):
        return False
