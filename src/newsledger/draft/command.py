"""``newsledger new``: draft an entry from an article's plain text, written atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def run_new(ns: argparse.Namespace) -> int:
    from newsledger.draft.article import MAX_BYTES, DraftInputError, decode_text, parse_article
    from newsledger.draft.draft import draft_entry
    from newsledger.draft.emit import render
    from newsledger.draft.names import load_registry
    from newsledger.schema.paths import modeline_for
    from newsledger.yamledit import write_atomic

    source = Path(ns.text)
    if ns.url and not ns.url.startswith(("https://", "http://")):
        return _usage(f"--url {ns.url!r} is not an absolute http(s) URL")
    if ns.published is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(ns.published[:10])
        except ValueError:
            return _usage(f"--published {ns.published!r} is not a date (YYYY-MM-DD)")
    try:
        if source.is_dir():
            raise DraftInputError(f"{source}: is a directory, not a text file")
        with source.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        text = decode_text(raw, str(source))
        article = parse_article(text, str(source))
    except FileNotFoundError:
        return _usage(f"no such file: {source}")
    except DraftInputError as exc:
        print(f"newsledger new: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    root = Path(ns.root) if ns.root else Path("dataset")
    if ns.root and not (root / "entities").is_dir():
        return _usage(f"--root {root}: no entities/ directory there")
    registry = load_registry(root)
    draft = draft_entry(article, url=ns.url, registry=registry, published=ns.published, publisher=ns.publisher)
    if ns.out == "-":
        where = Path.cwd() / "entry.yaml"
        sys.stdout.write(_canonical(render(draft, modeline_for(where), source.name), where))
        _summary(draft, "standard output")
        return EXIT_OK
    out = Path(ns.out) if ns.out else root / "articles" / (draft.year or "undated") / f"{draft.article_id}.yaml"
    if out.exists() and not ns.force:
        print(f"newsledger new: error: {out} exists; pass --force to replace it, or --out PATH", file=sys.stderr)
        return EXIT_FAIL
    text_out = _canonical(render(draft, modeline_for(out), source.name), out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text_out)  # a temporary file in the same folder, fsync, rename
    _summary(draft, str(out))
    return EXIT_OK


def _canonical(text: str, path: Path) -> str:
    """The draft in `newsledger fmt`'s layout (the same data: fmt checks that)."""
    from newsledger.fmt.layout import FormatError, format_text

    try:
        return format_text(text, path)
    except FormatError:  # the draft as rendered is valid YAML too: better that than nothing
        return text


def _summary(draft: object, where: str) -> None:
    from newsledger.draft.draft import Draft

    assert isinstance(draft, Draft)
    entry = draft.entry
    n_events = len(entry.get("events", []))
    print(
        f"newsledger new: wrote {where}: {len(draft.quotes)} candidate quotes, {n_events} candidate events, "
        f"{len(entry['article'].get('cites', []))} cited sources, {len(draft.stubs)} names not in the registry; "
        f"{draft.open_decisions} decisions left (TODO, NL320). Run `newsledger validate` on it.",
        file=sys.stderr,
    )


def _usage(message: str) -> int:
    print(f"newsledger new: error: {message}", file=sys.stderr)
    return EXIT_USAGE
