#!/usr/bin/env python3
"""A benchmark corpus of copies of a real entry, each made unique, findings kept.

    python benchmarks/copies.py OUTDIR N [--entry FILE]
    python benchmarks/run.py --dataset OUTDIR --only start-up,cold,warm

The seed entry (default) carries two NL503 warnings, as real entries do; copies
of it are how issue 14 measured the slow path. Each copy gets its own article id
(and file name), URL and event ids (and the quotes' links to them), so that no
cross-record rule fires on the copies: what remains are the entry's own findings,
in every file. The entity registry is the dataset's own.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATASET = HERE.parent / "dataset"
SEED = DATASET / "articles" / "2024" / "antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"


def make(out: Path, n: int, entry: Path) -> None:
    text = entry.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    article_id = data["article"]["id"]
    url = data["article"]["url"]
    year = data["article"]["published"][:4] if isinstance(data["article"]["published"], str) else str(data["article"]["published"].year)
    event_ids = [e["id"] for e in data.get("events", []) if "id" in e]
    # Longest first, so that an id that is a prefix of another is not replaced inside it.
    names = sorted({article_id, *event_ids}, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9-])" for name in names))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(DATASET / "entities", out / "entities")
    folder = out / "articles" / year
    folder.mkdir(parents=True)
    for i in range(n):
        tag = f"-c{i:06d}"
        copy = text.replace(url, url + tag)
        copy = pattern.sub(lambda m, tag=tag: m.group() + tag, copy)
        (folder / f"{article_id}{tag}.yaml").write_text(copy, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--entry", type=Path, default=SEED, help="the entry to copy (default: the seed entry)")
    args = parser.parse_args(argv)
    make(args.out, args.n, args.entry)
    print(f"wrote {args.n} copies of {args.entry.name} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
