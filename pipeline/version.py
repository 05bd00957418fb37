"""Parser version: changes whenever the code that produces rows changes.

Cached per-file results are keyed by it, so editing any extractor, schema or
the per-file task invalidates old results without anyone remembering to bump
a number.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SOURCES = ("extractors", "schemas", "pipeline/task.py", "pipeline/pdf_source.py")


def _source_digest() -> str:
    digest = hashlib.sha256()
    for entry in _SOURCES:
        path = _ROOT / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(_ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:10]


PARSER_VERSION = f"{version('evalparse')}+{_source_digest()}"
