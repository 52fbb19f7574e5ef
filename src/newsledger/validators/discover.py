"""Finding a dataset's files: every file under articles/ and entities/, and what cannot be one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from newsledger.validators.diagnostics import Diagnostic, Severity

__all__ = ["discover", "find_root"]


def find_root(paths: Iterable[Path]) -> Path | None:
    """The dataset directory containing ``paths``: the nearest ancestor with articles/ or entities/."""
    for p in paths:
        cur = p.resolve() if p.exists() else p.absolute()
        for cand in (cur, *cur.parents):
            if cand.is_dir() and ((cand / "articles").is_dir() or (cand / "entities").is_dir()):
                return cand
    return None


def discover(root: Path, skipped: list[tuple[str, str, bool]] | None = None) -> tuple[list[tuple[str, str, str]], list[Diagnostic]]:
    """Every dataset file as (path, display path, kind), and diagnostics for what cannot be one.

    ``skipped``, when given, receives (path, kind, readable) of each would-be dataset
    file that is reported rather than checked: what it may define is not in the index.
    ``readable``: a ``.yml`` file, which may be read for that; not a link out of the dataset.

    Uses ``os.scandir`` so that file types come from the directory listing: a
    pre-commit run on a large dataset should not pay several system calls a file.
    """
    files: list[tuple[str, str, str]] = []
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    cwd = os.getcwd()
    for sub, kind in (("articles", "entry"), ("entities", "entities")):
        base = root / sub
        if base.is_dir():
            _walk(str(base), kind, real_root, cwd, files, problems, skipped)
    return files, problems


def _walk(
    folder: str, kind: str, real_root: Path, cwd: str, files: list[tuple[str, str, str]], problems: list[Diagnostic],
    skipped: list[tuple[str, str, bool]] | None = None,
) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Diagnostic(_display(folder, cwd), 0, 0, "NL100", Severity.ERROR, f"cannot list the directory: {exc.strerror or exc}"))
        if skipped is not None:
            skipped.append((folder, kind, False))
        return
    # _display() of each path, worked out once for the folder (entry.path is folder/name).
    base = cwd.rstrip(os.sep) + os.sep
    cut = len(base) if os.path.isabs(folder) and (folder + os.sep).startswith(base) else 0
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        is_yaml = name.endswith((".yaml", ".yml"))
        if entry.is_dir(follow_symlinks=False) and not is_yaml:
            _walk(entry.path, kind, real_root, cwd, files, problems, skipped)
            continue
        if not is_yaml:
            continue
        display = entry.path[cut:]
        if name.endswith(".yml"):
            # Line 1, column 1: the file as a whole, as for other file-level problems it can be read for (NL109, NL116).
            problems.append(Diagnostic(display, 1, 1, "NL114", Severity.ERROR, "dataset files end in .yaml, not .yml", f"rename it to {name[:-4]}.yaml"))
            if skipped is not None:
                skipped.append((entry.path, kind, _unreadable(entry, real_root) is None))
            continue
        problem = _unreadable(entry, real_root)
        if problem:
            problems.append(Diagnostic(display, 0, 0, "NL100", Severity.ERROR, problem))
            if skipped is not None and problem != _A_DIRECTORY:  # a folder named x.yaml defines nothing
                skipped.append((entry.path, kind, False))
            continue
        files.append((entry.path, display, kind))


_A_DIRECTORY = "is a directory, not a file"


def _unreadable(entry: os.DirEntry[str], real_root: Path) -> str | None:
    if entry.is_symlink():
        try:
            target = Path(entry.path).resolve()
        except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13)
            return f"symbolic link cannot be resolved (a loop?): {os.readlink(entry.path)}"
        if not target.is_relative_to(real_root):
            return f"symbolic link points outside the dataset ({os.readlink(entry.path)})"
    if entry.is_dir():
        return _A_DIRECTORY
    if not entry.is_file():
        return "is not a regular file"
    return None  # permissions are found out by reading: NL100 from check_file


def _display(path: Path | str, cwd: str | None = None) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    base = (cwd if cwd is not None else os.getcwd()).rstrip(os.sep) + os.sep
    return text[len(base):] if text.startswith(base) else text
