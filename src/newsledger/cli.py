"""Command line: parse arguments, call the library, choose the exit code.

Exit codes: 0 success (validation may have printed warnings), 1 errors found or
the operation failed, 2 usage error, 3 environment error (an ``OSError`` such as
ENOSPC, EACCES, EROFS, EMFILE: one line naming the path and the cause; what was
being written is removed, never left half-written). Commands import their
implementation lazily so that ``newsledger --version`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3

FORMATS = ("text", "json", "github", "sarif", "junit")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return seconds


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (importlib.metadata
    costs tens of milliseconds, a large share of a pre-commit run)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help or "show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option_string: str | None = None) -> None:
        from newsledger._version import version

        sys.stdout.write(f"newsledger {version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="newsledger",
        description="Validate, build and load the newsledger dataset of news articles, quotes and events.",
    )
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = sub.add_parser("validate", help="check dataset files and report diagnostics")
    v.add_argument("paths", nargs="*", help="files or directories (default: dataset/)")
    v.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    v.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    v.add_argument("--select", type=_codes, default=[], metavar="CODES", help="only these codes or prefixes (NL4,NL501)")
    v.add_argument("--ignore", type=_codes, default=[], metavar="CODES", help="skip these codes or prefixes")
    v.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    v.add_argument("--root", metavar="DIR", help="dataset root for cross-record rules (default: found from the paths)")
    v.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: automatic)")
    v.add_argument("--no-cache", action="store_true", help="do not read or write the validation cache")
    v.add_argument("--quiet", "-q", action="store_true", help="text format: no summary line")
    v.add_argument("--staged", action="store_true",
                   help="check the dataset files staged in git, deletions included, and what they break elsewhere (pre-commit)")
    v.add_argument("--fix", action="store_true", help="apply the safe fixes first, then report what remains")
    v.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that could change meaning (implies --fix)")
    v.set_defaults(handler="newsledger.validators.command:run_validate")

    r = sub.add_parser("rules", help="list every diagnostic code")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="text (one line a code; default), json or markdown (docs/rules.md)")
    r.set_defaults(handler="newsledger.validators.command:run_rules")
    r1 = sub.add_parser("rule", help="explain one diagnostic code")
    r1.add_argument("code", type=str.upper, metavar="CODE", help="a diagnostic code, e.g. NL405")
    r1.set_defaults(handler="newsledger.validators.command:run_rule")

    s = sub.add_parser("schema", help="published JSON Schema and codebook")
    s_sub = s.add_subparsers(dest="schema_command", metavar="ACTION", parser_class=_Parser, required=True)
    se = s_sub.add_parser("export", help="write schema/<version>/*.schema.json, docs/codebook.md and docs/rules.md")
    se.add_argument("--root", default=".", metavar="DIR", help="repository root (default: .)")
    se.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed files are stale")
    se.set_defaults(handler="newsledger.schema.command:run_export")
    sd = s_sub.add_parser("diff", help="changes between two schema versions, judged for writers and readers")
    sd.add_argument("old", metavar="OLD", help="a schema version (1.0) or a folder of published schemas (or a release)")
    sd.add_argument("new", metavar="NEW", help="as OLD, or 'models' for the installed models")
    sd.add_argument("--format", choices=("text", "json"), default="text",
                    help="text (one change a line, for CI logs) or json (required_bump, changes)")
    sd.add_argument("--root", default=".", metavar="DIR", help="repository root holding schema/ and dataset/ (default: .)")
    sd.add_argument("--dataset", metavar="DIR", help="entries to check against NEW (default: ROOT/dataset when present)")
    sd.add_argument("--no-data", action="store_true", help="compare the schemas only, not the dataset's entries")
    sd.set_defaults(handler="newsledger.schema.command:run_diff")
    sc = s_sub.add_parser("check", help="the models against the latest published schema; published versions unchanged")
    sc.add_argument("--root", default=".", metavar="DIR", help="repository root (default: .)")
    sc.set_defaults(handler="newsledger.schema.command:run_check")

    m = sub.add_parser("migrate", help="rewrite entries to a newer schema version (comments and formatting kept)")
    m.add_argument("paths", nargs="*", metavar="PATH", help="entry files or folders (default: dataset)")
    m.add_argument("--to", metavar="VERSION", help="target schema version (default: the latest)")
    m.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    m.set_defaults(handler="newsledger.schema.migrate:run_migrate")

    sp = s_sub.add_parser("path", help="print the path of the installed JSON Schema (for editors)")
    sp.add_argument("--version", dest="schema_version", metavar="V", help="schema version (default: the current one)")
    sp.add_argument("--entities", action="store_true", help="the entity registry's schema instead of the entry's")
    sp.set_defaults(handler="newsledger.schema.paths:run_path")

    n = sub.add_parser("new", help="draft an entry from the plain text of an article")
    n.add_argument("--text", required=True, metavar="FILE", help="the article: headline, subheadline, paragraphs, 'Author:' line")
    n.add_argument("--url", required=True, metavar="URL", help="the article's canonical URL")
    n.add_argument("--published", metavar="DATE", help="publication date YYYY-MM-DD (default: from the URL, if it has one)")
    n.add_argument("--publisher", metavar="ID", help="entity id of the outlet (default: the registry's outlet for the URL's host)")
    n.add_argument("--out", metavar="PATH", help="where to write (default: <root>/articles/<year>/<id>.yaml; '-' for stdout)")
    n.add_argument("--root", metavar="DIR", help="dataset root with entities/ (default: dataset/)")
    n.add_argument("--force", action="store_true", help="replace an existing file")
    n.set_defaults(handler="newsledger.draft.command:run_new")

    f = sub.add_parser("fmt", help="write entries and registry files in the canonical layout (comments kept)")
    f.add_argument("paths", nargs="*", help="files or directories (default: dataset/)")
    f.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    f.set_defaults(handler="newsledger.fmt.command:run_fmt")

    b = sub.add_parser("build", help="validate, then write a release (Parquet, JSON Lines, metadata)")
    b.add_argument("--dataset", default="dataset", metavar="DIR", help="curated dataset (default: dataset/)")
    b.add_argument("--out", default="release", metavar="DIR", help="parent directory of the release (default: release/)")
    b.add_argument("--version", dest="release_version", metavar="V", help="release version (default: package version)")
    b.add_argument("--force", action="store_true", help="replace an existing release of the same version")
    b.add_argument("--no-cache", action="store_true",
                   help="do not read or write the cache of validation results and encoded rows (same release)")
    b.add_argument("--previous", default="auto", metavar="DIR|VERSION",
                   help="the release whose ids must all survive (or be retired in retired.yaml): a release "
                   "directory, a published version or 'latest' (as load(version=...) finds it), 'none', or "
                   "'auto' (default: the release embedded in this installation, else the newest downloaded "
                   "one; no network)")
    b.add_argument("--quiet", "-q", action="store_true", help="print only errors and warnings")
    b.set_defaults(handler="newsledger.release.command:run_build")

    d = sub.add_parser("diff", help="compare two release directories, record by record")
    d.add_argument("old", metavar="OLD", help="the earlier release directory (newsledger-<version>/)")
    d.add_argument("new", metavar="NEW", help="the later release directory")
    d.add_argument("--format", choices=("markdown", "text", "json"), default="markdown",
                   help="markdown (release notes; default), text (a terminal) or json")
    d.add_argument("--output", "-o", metavar="FILE", help="write the diff to FILE instead of stdout")
    d.set_defaults(handler="newsledger.release.command:run_diff")

    a = sub.add_parser("assets", help="copy a verified release as flat files, for hosts without folders")
    a.add_argument("release", metavar="RELEASE_DIR", help="a built release, newsledger-<version>/")
    a.add_argument("--out", required=True, metavar="DIR", help="new directory for the flat files to upload")
    a.set_defaults(handler="newsledger.release.command:run_assets")

    dl = sub.add_parser(
        "download",
        help="fetch a published release, verified, into the cache (or --to DIR)",
        description="Fetch published release VERSION, check every file's sha256 against its manifest and the "
        "manifest against the hash this installation pins, and keep it in the cache. The release embedded in "
        "this installation is used as is, with no network.",
    )
    dl.add_argument("release_version", metavar="VERSION", help="a release version (0.2.0, v0.2.0) or 'latest'")
    dl.add_argument("--to", metavar="DIR", help="also copy the verified release into DIR/newsledger-VERSION/")
    dl.add_argument("--base-url", metavar="URL",
                    help="release URL template containing {version} (default: $NEWSLEDGER_RELEASES_URL, then GitHub releases)")
    dl.add_argument("--cache-dir", metavar="DIR", help="download cache (default: $NEWSLEDGER_CACHE_DIR, then the user cache directory)")
    dl.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                    help="give up after SECONDS without data; each file must also arrive within SECONDS plus its "
                    "size at 64 KiB/s (default: 30)")
    dl.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no notes; print only the release's path")
    dl.set_defaults(handler="newsledger.loadcli:run_download")

    i = sub.add_parser(
        "info",
        help="releases installed or cached, which are pinned, and with --remote what the host publishes",
        description="List the releases available without the network (embedded in this installation, or built "
        "from this checkout, and cached downloads), verify each, and say which are pinned by this installation "
        "and which are only self-consistent. Exit 1 when one fails verification.",
    )
    i.add_argument("release_version", nargs="?", metavar="VERSION", help="only this release (0.2.0 or v0.2.0; latest: the newest here, with --remote the newest published)")
    i.add_argument("--base-url", metavar="URL", help="release URL template containing {version}, as for download")
    i.add_argument("--cache-dir", metavar="DIR", help="download cache, as for download")
    i.add_argument("--remote", action="store_true",
                   help="also list the releases the host publishes (reads its releases index; needs the network)")
    i.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="for --remote: give up after SECONDS without data (default: 30)")
    i.add_argument("--json", action="store_true", help="machine-readable output")
    i.set_defaults(handler="newsledger.loadcli:run_info")

    c = sub.add_parser("completion", help="print a shell completion script (bash, zsh or fish)",
                       description="Print a completion script for SHELL on stdout. For example: "
                       "newsledger completion bash > ~/.local/share/bash-completion/completions/newsledger; "
                       'newsledger completion zsh > "${fpath[1]}/_newsledger"; '
                       "newsledger completion fish > ~/.config/fish/completions/newsledger.fish")
    c.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="SHELL", help="bash, zsh or fish")
    c.set_defaults(handler="newsledger.cli:run_completion")
    return p


def run_completion(ns: argparse.Namespace) -> int:
    from newsledger.completion import script

    sys.stdout.write(script(ns.shell, build_parser()))
    return EXIT_OK


def _resolve(spec: str) -> Callable[[argparse.Namespace], int]:
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def environment_error(exc: OSError) -> str:
    """One line: the path (when known), the cause in words, and its errno name."""
    import errno
    import os

    cause = exc.strerror or str(exc) or type(exc).__name__
    name = errno.errorcode.get(exc.errno) if isinstance(exc.errno, int) else None
    if name:
        cause = f"{cause} ({name})"
    paths = [os.fsdecode(p) for p in (exc.filename, exc.filename2) if p is not None]
    text = f"{' -> '.join(paths)}: {cause}" if paths else cause
    return " ".join(text.split())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    handler = getattr(ns, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from newsledger.errors import NewsledgerError

    try:
        return _resolve(handler)(ns)
    except NewsledgerError as exc:
        print(f"newsledger: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("newsledger: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_FAIL
    except OSError as exc:  # the machine, not the data and not a bug: a full disk, a read-only folder...
        print(f"newsledger: error: {environment_error(exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
        print(
            f"newsledger: internal error in '{ns.command}': {type(exc).__name__}: {exc}\n"
            "This is a bug in newsledger; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
