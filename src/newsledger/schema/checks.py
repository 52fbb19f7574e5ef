"""Value-level meaning checks (the NL3xx family) that the models run.

Each check raises :class:`pydantic_core.PydanticCustomError` whose *type* is a
stable rule name; the validator maps that name to its NL3xx code, so a check
lives in exactly one place and is used both by the models (anyone constructing
records in Python) and by ``newsledger validate``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlsplit

from pydantic_core import PydanticCustomError

from newsledger.schema.codes import is_country, is_language
from newsledger.schema.edtf import EdtfDate, EdtfError, parse_edtf, parse_published

# Query parameters that identify a click or campaign, never the document.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|"
    r"yclid|_hsenc|_hsmi|mkt_tok|ref_src|ref_url|cmpid|ocid|smid|sr_share|taid|"
    r"ito|at_medium|at_campaign|__twitter_impression|s_cid|icid)$",
    re.IGNORECASE,
)

#: Characters that change how text is displayed without being seen.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]")


def edtf(value: str) -> str:
    try:
        parse_edtf(value)
    except EdtfError as exc:
        raise PydanticCustomError("edtf", "invalid EDTF date: {reason}", {"reason": str(exc)}) from None
    return value


def edtf_of(value: str | None) -> EdtfDate | None:
    return None if value is None else parse_edtf(value)


def published(value: str) -> str:
    try:
        parse_published(value)
    except EdtfError as exc:
        raise PydanticCustomError("published_date", "invalid publication date: {reason}", {"reason": str(exc)}) from None
    return value


def country(value: str) -> str:
    if not is_country(value):
        raise PydanticCustomError(
            "country_code",
            "'{value}' is not an ISO 3166-1 alpha-3 country code (e.g. IRQ, USA, JOR)",
            {"value": value},
        )
    return value


def language(value: str) -> str:
    if not is_language(value):
        raise PydanticCustomError(
            "language_tag",
            "'{value}' is not a valid BCP 47 language tag (e.g. en, ar, pt-BR)",
            {"value": value},
        )
    return value


# The common case, checked without parsing: https, a plain host name, a path of
# visible ASCII, no user info, no query. Anything else takes the full check.
_PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[!$&'()*+,;=:@%/A-Za-z0-9._~-]*)?(?:#[!-~]*)?")


# The same shape with letters and digits of any script in the host and the path, and
# a query without percent-escapes or "+" (so its keys read as written). \w has no
# white space, control or format characters, and no letter or digit normalises
# (NFKC, as urlsplit checks a non-ASCII host) to a URL delimiter.
_WIDE_HTTPS = re.compile(
    r"https://(?:[^\W_]|-)+(?:\.(?:[^\W_]|-)+)+(?:/[!$&'()*+,;=:@%/\w.~-]*)?(?:\?([!$&'()*,;=:@/?\w.~-]*))?(?:#[!-~]*)?"
)


def _plain_https(value: str) -> bool:
    """Whether ``value`` is plainly an acceptable URL: a shape check that spares the
    general parse for nearly every URL. A URL that fails it is judged in full."""
    if value.isascii() and _PLAIN_HTTPS.fullmatch(value):
        return True
    m = _WIDE_HTTPS.fullmatch(value)
    if m is None:
        return False
    query = m.group(1)
    return not query or not any(TRACKING_PARAMS.match(part.partition("=")[0]) for part in query.split("&"))


def https_url(value: str) -> str:
    """An absolute https URL with a host, no credentials and no tracking parameters."""
    return value if _plain_https(value) else https_url_general(value)


def https_url_general(value: str) -> str:
    """:func:`https_url` without the shape check that spares parsing most URLs."""
    if INVISIBLE.search(value) or any(unicodedata.category(c) in ("Cc", "Zs") for c in value):
        raise PydanticCustomError("url", "the URL contains spaces, control or invisible characters", {})
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise PydanticCustomError("url", "the URL cannot be parsed: {reason}", {"reason": str(exc)}) from None
    if parts.scheme != "https":
        raise PydanticCustomError(
            "url", "the URL scheme is '{scheme}'; use an absolute https:// URL", {"scheme": parts.scheme or "(none)"}
        )
    if not parts.hostname or "." not in parts.hostname:
        raise PydanticCustomError("url", "the URL has no valid host name", {})
    if parts.username is not None or parts.password is not None:
        raise PydanticCustomError("url", "the URL carries credentials (user:password@); remove them", {})
    tracking = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING_PARAMS.match(k)})
    if tracking:
        raise PydanticCustomError(
            "url_tracking",
            "the URL carries tracking parameters ({params}); remove them",
            {"params": ", ".join(tracking)},
        )
    return value


def ordered_counts(low: int | None, best: int | None, high: int | None) -> None:
    if low is None and high is None and best is not None:  # one figure, the common case
        return
    if low is None and best is None and high is None:
        raise PydanticCustomError(
            "casualty_range", "a casualty figure needs at least one of low, best, high (omit it when unknown)", {}
        )
    known = [v for v in (low, best, high) if v is not None]
    if known != sorted(known):
        raise PydanticCustomError(
            "casualty_range", "casualty figures must satisfy low <= best <= high (got {got})",
            {"got": ", ".join(f"{n}={v}" for n, v in (("low", low), ("best", best), ("high", high)) if v is not None)},
        )


def lat_lon(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise PydanticCustomError("lat_lon", "lat and lon go together: give both or neither", {})
    if lat is not None and not -90.0 <= lat <= 90.0:
        raise PydanticCustomError("lat_lon", "lat {lat} is outside -90..90", {"lat": lat})
    if lon is not None and not -180.0 <= lon <= 180.0:
        raise PydanticCustomError("lat_lon", "lon {lon} is outside -180..180", {"lon": lon})
