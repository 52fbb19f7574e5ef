"""``newsledger validate``, ``newsledger rules`` and ``newsledger rule CODE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _usage(message: str) -> int:
    print(f"newsledger validate: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_validate(ns: argparse.Namespace) -> int:
    from newsledger.validators.diagnostics import Severity
    from newsledger.validators.engine import check_dataset, find_root
    from newsledger.validators.reporters import render
    from newsledger.validators.rules import all_rules
    from newsledger.validators.select import is_selected

    known = all_rules()
    for code in [*ns.select, *ns.ignore]:
        if not any(c.startswith(code) for c in known):
            return _usage(f"'{code}' matches no rule code (see 'newsledger rules')")
    paths = [Path(p) for p in ns.paths] or [Path("dataset")]
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        return _usage(f"no such file or directory: {', '.join(missing)}")
    root = Path(ns.root) if ns.root else find_root(paths)
    if root is None or not root.is_dir():
        return _usage(
            f"cannot find the dataset for {', '.join(map(str, paths))}: expected a directory with "
            "articles/ and entities/ (pass --root DIR)"
        )
    deleted: list[Path] = []
    only: list[Path] | None
    if ns.staged:
        staged = _staged(root)
        if isinstance(staged, str):
            return _usage(staged)
        only, deleted = staged
    else:
        whole = any(p.resolve() == root.resolve() for p in paths)
        only = None if whole else _expand(paths)
    if (ns.fix or ns.unsafe_fixes) and not (only is not None and not only):
        from newsledger.fmt.fix import fix_dataset

        fix_dataset(root, only, unsafe=ns.unsafe_fixes)
    if only is not None and not only and not deleted:  # --staged, and no dataset file is
        report = None
    else:
        from newsledger.progress import terminal_progress

        with terminal_progress("validate", quiet=ns.quiet) as progress:
            report = check_dataset(root, only=only, jobs=ns.jobs, use_cache=not ns.no_cache, want_records=False,
                                   deleted=deleted, progress=progress)
    diagnostics = report.diagnostics if report else []
    if ns.select or ns.ignore:
        chosen = {code: is_selected(code, ns.select, ns.ignore) for code in {d.code for d in diagnostics}}
        diagnostics = [d for d in diagnostics if chosen[d.code]]
    checked = 0 if report is None else report.files_checked if only is None else len(only) + len(deleted)
    out = render(ns.format, diagnostics, checked, quiet=ns.quiet, files=report.files if report else [])
    if ns.output:
        _write_atomic(Path(ns.output), out)
        if ns.format != "text":
            from newsledger.validators.reporters import summary_line

            print(summary_line(diagnostics, checked), file=sys.stderr)
    else:
        sys.stdout.write(out)
    if ns.format == "github":
        from newsledger.validators.report_github import write_step_summary

        write_step_summary(diagnostics, checked)
    errors = any(d.severity is Severity.ERROR for d in diagnostics)
    if errors or (ns.strict and diagnostics):
        return EXIT_FAIL
    return EXIT_OK


def _staged(root: Path) -> tuple[list[Path], list[Path]] | str:
    """The dataset files staged in git (added, modified) and those staged for deletion,
    as paths from the working directory; or what went wrong, in words.

    A rename is a deletion and an addition (``--no-renames``): the old path's ids
    are gone. The files are read from the working tree, which pre-commit makes
    equal to what is staged (it stashes unstaged changes while hooks run).
    """
    import os
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
        return done.stdout

    try:
        top = Path(git("rev-parse", "--show-toplevel").strip())
        listing = git("diff", "--cached", "--name-status", "--no-renames", "-z", "--", str(root.resolve()))
    except (OSError, RuntimeError) as exc:
        return f"--staged needs git and a git repository: {exc}"
    fields = listing.split("\0")
    changed: list[Path] = []
    deleted: list[Path] = []
    real_root = root.resolve()
    cwd = Path.cwd()
    for status, name in zip(fields[0::2], fields[1::2], strict=False):
        path = top / name
        if not name.endswith((".yaml", ".yml")) or not path.absolute().is_relative_to(real_root):
            continue
        shown = Path(os.path.relpath(path, cwd)) if path.is_relative_to(cwd) else path
        (deleted if status.startswith("D") else changed).append(shown)
    return changed, deleted


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.name.endswith((".yaml", ".yml")):
            out.extend(sorted(x for x in p.rglob("*") if x.name.endswith((".yaml", ".yml"))))
        else:
            out.append(p)
    return out


def _write_atomic(path: Path, text: str) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a full disk on write: say which file (newsledger.cli, exit 3)
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_rules(ns: argparse.Namespace) -> int:
    from newsledger.validators.rules import all_rules

    rules = all_rules()
    if ns.format == "json":
        doc = [
            {"code": r.code, "name": r.name, "severity": str(r.severity), "family": r.family, "fixable": r.fixable, "summary": r.summary, **{k: v for k, v in r.sections.items()}}
            for r in rules.values()
        ]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    elif ns.format == "markdown":
        from newsledger.validators.rulesdoc import rules_markdown

        sys.stdout.write(rules_markdown())
    else:
        width = max(len(r.name) for r in rules.values())
        for r in rules.values():
            print(f"{r.code}  {r.name:<{width}}  {r.severity!s:<7}  {r.fixable or '':<6}  {r.summary}")
    return EXIT_OK


def run_rule(ns: argparse.Namespace) -> int:
    from newsledger.validators.rules import all_rules

    rules = all_rules()
    rule = rules.get(ns.code)
    if rule is None:
        print(f"newsledger rule: error: no rule {ns.code!r} (see 'newsledger rules')", file=sys.stderr)
        return EXIT_USAGE
    print(f"{rule.code} {rule.name} ({rule.severity}, {rule.family})\n")
    print(rule.summary)
    if rule.fixable:
        how = "--fix" if rule.fixable == "safe" else "--fix --unsafe-fixes (it could change meaning: review the result)"
        print(f"\nFixable ({rule.fixable}): newsledger validate {how}")
    for heading, body in rule.sections.items():
        print(f"\n## {heading}\n{body}")
    return EXIT_OK
