"""The cache fingerprint covers all the code validation results depend on.

A result computed by other code must not be reused: in an editable install, an
edit to text folding (newsledger/text.py) or any module validation imports must
invalidate the cache, not leave a stale "All checks passed".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import newsledger
from newsledger.validators.cache import _fingerprint, _sources

PACKAGE = Path(newsledger.__file__).parent
FIXTURES = Path(__file__).parent / "fixtures"


def _copy_package(tmp_path: Path) -> Path:
    copy = tmp_path / "newsledger"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(path: Path) -> None:
    """Change a file's content without changing its size, and give it a new mtime."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:-1] + ("\n" if text[-1] != "\n" else " "), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_editing_text_folding_changes_the_fingerprint(tmp_path: Path) -> None:
    copy = _copy_package(tmp_path)
    before = _fingerprint(copy)
    assert _fingerprint(copy) == before  # stable when nothing changed
    _edit(copy / "text.py")
    assert _fingerprint(copy) != before


def test_editing_any_module_changes_the_fingerprint(tmp_path: Path) -> None:
    copy = _copy_package(tmp_path)
    for rel in ("load.py", "schema/codes.py", "validators/rules/dataset.py", "release/build.py"):
        before = _fingerprint(copy)
        _edit(copy / rel)
        assert _fingerprint(copy) != before, rel


def test_bytecode_caches_do_not_count(tmp_path: Path) -> None:
    copy = _copy_package(tmp_path)
    before = _fingerprint(copy)
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "text.cpython-311.pyc").write_bytes(b"x")
    assert _fingerprint(copy) == before


def test_every_module_a_validation_imports_is_fingerprinted(tmp_path: Path) -> None:
    """Run a validation that reaches every rule (errors included), then compare the
    newsledger modules it imported with the files the fingerprint covers."""
    root = tmp_path / "dataset"
    (root / "articles" / "2024").mkdir(parents=True)
    (root / "entities").mkdir()
    shutil.copy(FIXTURES / "entities.yaml", root / "entities" / "fixtures.yaml")
    for fixture in [*(FIXTURES / "valid").glob("*.yaml"), *(FIXTURES / "invalid").glob("NL4*.yaml")]:
        shutil.copy(fixture, root / "articles" / "2024" / fixture.name)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from newsledger.validators.engine import check_dataset\n"
        f"check_dataset(Path({str(root)!r}), jobs=1, use_cache=True, want_records=True)\n"
        "for name, mod in sorted(sys.modules.items()):\n"
        "    if name.split('.')[0] == 'newsledger' and getattr(mod, '__file__', None):\n"
        "        print(mod.__file__)\n"
    )
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    imported = {Path(line).resolve().relative_to(PACKAGE.resolve()).as_posix() for line in out.split()}
    assert "text.py" in imported
    covered = {rel for rel, _, _ in _sources(os.fspath(PACKAGE))}
    assert imported <= covered, sorted(imported - covered)
