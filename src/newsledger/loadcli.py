"""``newsledger download`` and ``newsledger info``: thin wrappers over the loader.

Both return an exit code (0 ok, 1 failed, 2 usage error such as a malformed
version); NewsledgerError escapes to cli.main, which prints it without a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

from newsledger.errors import NewsledgerError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

SELF_CONSISTENT = "self-consistent only: this installation pins no manifest for this version"


def run_download(ns: argparse.Namespace) -> int:
    """Find a published release (embedded, cached or downloaded), verified; optionally copy it to --to."""
    from newsledger.fetch import copy_release, release_trust
    from newsledger.load import Dataset, find_release
    from newsledger.progress import terminal_progress

    try:
        with terminal_progress("download", quiet=ns.quiet, unit="bytes") as bar, warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always")
            path, source = find_release(
                ns.release_version, base_url=ns.base_url, cache_dir=ns.cache_dir, timeout=ns.timeout, progress=bar
            )
    except ValueError as exc:
        print(f"newsledger download: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not ns.quiet:
        for note in notes:
            print(f"newsledger download: note: {note.message}", file=sys.stderr)
    ds = Dataset.open(path, source=source)
    pinned = release_trust(path, ds.version)
    copied = copy_release(path, Path(ns.to)) if ns.to else None
    if ns.quiet:
        print(copied or path)
        return EXIT_OK
    rows = ", ".join(f"{n} {name}" for name, n in ds.row_counts.items())
    trust = "verified, pinned" if pinned else f"verified ({SELF_CONSISTENT})"
    print(f"newsledger {ds.version} (schema {ds.schema_version}): {trust}; {rows}")
    print(f"{'embedded in this installation at' if source == 'embedded' else 'cached in'} {path}")
    if copied is not None:
        print(f"copied to {copied}")
    return EXIT_OK


def _describe(path: Path, source: str) -> dict[str, Any]:
    """What `info` shows about one local release; verification failures are reported, not raised."""
    from newsledger.fetch import release_trust
    from newsledger.load import Dataset

    try:
        ds = Dataset.open(path, source=source)
        pinned = release_trust(path, ds.version) if source != "checkout" else False
    except NewsledgerError as exc:
        return {"source": source, "path": str(path), "verified": False, "pinned": False, "error": str(exc)}
    manifest = ds.manifest
    return {
        "version": ds.version,
        "schema_version": ds.schema_version,
        "source": source,
        "path": str(path),
        "verified": True,
        "pinned": pinned,
        "created": manifest.get("created"),
        "generator": manifest.get("generator"),
        "tables": ds.row_counts,
    }


def _local_releases(ns: argparse.Namespace, wanted: str | None) -> list[dict[str, Any]]:
    from newsledger.fetch import cached_releases
    from newsledger.load import checkout_release, embedded_release, find_checkout

    found: list[dict[str, Any]] = []
    embedded = embedded_release()
    if embedded is not None:
        found.append(_describe(embedded, "embedded"))
    elif find_checkout() is not None and wanted is None:
        try:
            found.append(_describe(checkout_release(ns.cache_dir), "checkout"))
        except NewsledgerError as exc:
            found.append({"source": "checkout", "path": str(find_checkout()), "verified": False, "pinned": False, "error": str(exc)})
    found += [_describe(path, "cache") for path in cached_releases(ns.cache_dir).values()]
    if wanted is not None:
        name = f"newsledger-{wanted}"
        found = [r for r in found if r.get("version") == wanted or Path(r["path"]).name == name]
    return found


def _pins() -> dict[str, str]:
    from newsledger.release.pins import embedded_pin, registry

    pins = dict(registry())
    embedded = embedded_pin()
    if embedded is not None:
        pins.setdefault(*embedded)
    return pins


def _remote(ns: argparse.Namespace, pins: dict[str, str], local: list[dict[str, Any]]) -> dict[str, Any]:
    """The releases the host's index lists, each with what this installation knows of it."""
    from newsledger.fetch import fetch_index, index_url

    try:
        url = index_url(ns.base_url)
        listed = fetch_index(ns.base_url, timeout=ns.timeout if ns.timeout is not None else 30.0)
    except (NewsledgerError, ValueError) as exc:
        return {"index_url": ns.base_url or "", "error": str(exc), "releases": []}
    here = {r["version"]: r["source"] for r in local if r.get("verified")}
    releases = []
    for entry in listed:
        version, sha = entry["version"], entry.get("manifest_sha256")
        pin = pins.get(version)
        releases.append(
            {
                "version": version,
                "schema_version": entry.get("schema_version"),
                "manifest_sha256": sha,
                "pinned": pin is not None,
                "matches_pin": None if pin is None else pin == sha,
                "local": here.get(version),
            }
        )
    return {"index_url": url, "releases": releases}


def run_info(ns: argparse.Namespace) -> int:
    """List the releases available without the network (embedded or checkout build, cached
    downloads), which versions this installation pins, and with --remote what the host publishes."""
    from newsledger._version import version as package_version
    from newsledger.fetch import cache_root, normalize_version, releases_url_template

    wanted = None
    if ns.release_version is not None:
        try:
            wanted = normalize_version(ns.release_version)
        except ValueError as exc:
            print(f"newsledger info: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        url = releases_url_template(ns.base_url)
    except ValueError as exc:
        url = f"(invalid: {exc})"
    if wanted == "latest":
        wanted, releases = _latest(ns)
        if wanted is None:
            return EXIT_FAIL
    else:
        releases = _local_releases(ns, wanted)
    pins = _pins()
    report: dict[str, Any] = {
        "package_version": package_version(),
        "releases_url": url,
        "cache_dir": str(cache_root(ns.cache_dir)),
        "pinned": pins,
        "releases": releases,
    }
    if ns.remote:
        report["remote"] = _remote(ns, pins, releases)
    if ns.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report, wanted)
    if wanted is not None and not releases:
        return EXIT_FAIL
    remote_ok = "remote" not in report or (
        "error" not in report["remote"] and all(r["matches_pin"] is not False for r in report["remote"]["releases"])
    )
    return EXIT_OK if remote_ok and all(r["verified"] for r in releases) else EXIT_FAIL


def _latest(ns: argparse.Namespace) -> tuple[str | None, list[dict[str, Any]]]:
    """What ``latest`` names, and its releases here: with --remote, the newest release
    the host publishes; else the newest release available here (embedded, checkout
    build or cached). (None, []) after saying why there is none."""
    from newsledger.release.index import version_key

    if ns.remote:
        from newsledger.fetch import latest_version

        try:
            found = latest_version(ns.base_url, timeout=ns.timeout)
        except (NewsledgerError, ValueError) as exc:
            print(f"newsledger info: error: latest: {exc}", file=sys.stderr)
            return None, []
        print(f"latest published release: {found}", file=sys.stderr)
        return found, _local_releases(ns, found)
    here = [r for r in _local_releases(ns, None) if r.get("verified") and r.get("version")]
    if not here:
        print("newsledger info: no release is available here; `newsledger download latest` fetches the newest published one", file=sys.stderr)
        return None, []
    newest = str(max((r["version"] for r in here), key=version_key))
    print(f"latest release available here: {newest} (with --remote: the newest published)", file=sys.stderr)
    return newest, [r for r in here if r["version"] == newest]


def _print_text(report: dict[str, Any], wanted: str | None) -> None:
    print(f"newsledger {report['package_version']}")
    print(f"releases URL: {report['releases_url']}")
    print(f"cache: {report['cache_dir']}")
    print(f"pinned releases: {', '.join(report['pinned']) or 'none'}")
    if not report["releases"]:
        if wanted is None:
            print("no release available locally; `newsledger download VERSION` fetches one")
        else:
            print(f"release {wanted} is not available locally; `newsledger download {wanted}` fetches it")
    for r in report["releases"]:
        print()
        if not r["verified"]:
            print(f"{r['source']}: FAILED verification: {r['error']}")
            print(f"  {r['path']}")
            continue
        if r["pinned"]:
            trust = "verified, pinned"
        elif r["source"] == "checkout":
            trust = "verified (a build of this checkout's dataset/, not a published release)"
        else:
            trust = f"verified ({SELF_CONSISTENT})"
        print(f"{r['version']}  {r['source']}  schema {r['schema_version']}  {trust}")
        print(f"  {r['path']}")
        print("  " + ", ".join(f"{name} {n}" for name, n in r["tables"].items()))
    if "remote" in report:
        _print_remote(report["remote"])


def _print_remote(remote: dict[str, Any]) -> None:
    print()
    if "error" in remote:
        print(f"published releases: cannot read the releases index: {remote['error']}")
        return
    print(f"published releases ({remote['index_url']}):")
    if not remote["releases"]:
        print("  none")
    for r in remote["releases"]:
        if r["matches_pin"] is False:
            trust = "MANIFEST DIFFERS FROM THE PIN: this host's copy would be refused"
        elif r["pinned"]:
            trust = "pinned"
        else:
            trust = "not pinned (self-consistent only)"
        where = f", {r['local']}" if r["local"] else ""
        print(f"  {r['version']}  schema {r['schema_version']}  {trust}{where}")
