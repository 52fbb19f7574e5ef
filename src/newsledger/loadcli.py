"""``newsledger download`` and ``newsledger info``: thin wrappers over the loader.

Both return an exit code (0 ok, 1 failed, 2 usage error such as a malformed
version); NewsledgerError escapes to cli.main, which prints it without a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newsledger.errors import NewsledgerError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def run_download(ns: argparse.Namespace) -> int:
    """Fetch (or find in the cache) a published release, verified; optionally copy it to --to."""
    from newsledger.fetch import check_version, copy_release, fetch_release
    from newsledger.load import Dataset

    try:
        check_version(ns.release_version)
        path = fetch_release(ns.release_version, base_url=ns.base_url, cache_dir=ns.cache_dir)
    except ValueError as exc:
        print(f"newsledger download: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ds = Dataset.open(path, source="cache")
    rows = ", ".join(f"{n} {name}" for name, n in ds.row_counts.items())
    print(f"newsledger {ds.version} (schema {ds.schema_version}): verified; {rows}")
    print(f"cached in {path}")
    if ns.to:
        print(f"copied to {copy_release(path, Path(ns.to))}")
    return EXIT_OK


def _describe(path: Path, source: str) -> dict[str, Any]:
    """What `info` shows about one local release; verification failures are reported, not raised."""
    from newsledger.load import Dataset

    try:
        ds = Dataset.open(path, source=source)
    except NewsledgerError as exc:
        return {"source": source, "path": str(path), "verified": False, "error": str(exc)}
    manifest = ds.manifest
    return {
        "version": ds.version,
        "schema_version": ds.schema_version,
        "source": source,
        "path": str(path),
        "verified": True,
        "created": manifest.get("created"),
        "generator": manifest.get("generator"),
        "tables": ds.row_counts,
    }


def _local_releases(ns: argparse.Namespace) -> list[dict[str, Any]]:
    from newsledger.fetch import cached_releases
    from newsledger.load import checkout_release, embedded_release, find_checkout

    found: list[dict[str, Any]] = []
    embedded = embedded_release()
    if embedded is not None:
        found.append(_describe(embedded, "embedded"))
    elif find_checkout() is not None and ns.release_version is None:
        try:
            found.append(_describe(checkout_release(ns.cache_dir), "checkout"))
        except NewsledgerError as exc:
            found.append({"source": "checkout", "path": str(find_checkout()), "verified": False, "error": str(exc)})
    found += [_describe(path, "cache") for path in cached_releases(ns.cache_dir).values()]
    if ns.release_version is not None:
        name = f"newsledger-{ns.release_version}"
        found = [r for r in found if r.get("version") == ns.release_version or Path(r["path"]).name == name]
    return found


def run_info(ns: argparse.Namespace) -> int:
    """List the releases available without the network: embedded or checkout build, and cached downloads."""
    from newsledger._version import version as package_version
    from newsledger.fetch import cache_root, check_version, releases_url_template

    if ns.release_version is not None:
        try:
            check_version(ns.release_version)
        except ValueError as exc:
            print(f"newsledger info: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        url = releases_url_template(ns.base_url)
    except ValueError as exc:
        url = f"(invalid: {exc})"
    releases = _local_releases(ns)
    report = {
        "package_version": package_version(),
        "releases_url": url,
        "cache_dir": str(cache_root(ns.cache_dir)),
        "releases": releases,
    }
    if ns.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report, ns.release_version)
    if ns.release_version is not None and not releases:
        return EXIT_FAIL
    return EXIT_OK if all(r["verified"] for r in releases) else EXIT_FAIL


def _print_text(report: dict[str, Any], wanted: str | None) -> None:
    print(f"newsledger {report['package_version']}")
    print(f"releases URL: {report['releases_url']}")
    print(f"cache: {report['cache_dir']}")
    if not report["releases"]:
        if wanted is None:
            print("no release available locally; `newsledger download VERSION` fetches one")
        else:
            print(f"release {wanted} is not available locally; `newsledger download {wanted}` fetches it")
        return
    for r in report["releases"]:
        print()
        if not r["verified"]:
            print(f"{r['source']}: FAILED verification: {r['error']}")
            print(f"  {r['path']}")
            continue
        print(f"{r['version']}  {r['source']}  schema {r['schema_version']}  verified")
        print(f"  {r['path']}")
        print("  " + ", ".join(f"{name} {n}" for name, n in r["tables"].items()))
