"""Content ids of input files, without re-reading the unchanged ones.

A file's ``doc_id`` is the SHA-256 of its bytes (``task.content_hash``).
Re-running on an archive of thousands of PDFs would read every byte again
just to learn that nothing changed, so the index keeps, per absolute path,
the size and modification time it had when it was last hashed — the test
``make`` and ``rsync`` use — and a file whose ``stat`` still matches keeps its
id unread. ``evalparse parse --force`` hashes everything again.

The index (``.cache/fingerprints.json`` in the output folder) holds only the
paths of the latest run and is replaced atomically; an index that cannot be
read is an empty one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipeline.cache import CACHE_DIR
from pipeline.task import doc_id_of

INDEX_NAME = "fingerprints.json"


class Fingerprints:
    def __init__(self, out_dir: Path, trust_stat: bool = True) -> None:
        self.path = out_dir / CACHE_DIR / INDEX_NAME
        self.known: dict[str, list[int | str]] = self._load() if trust_stat else {}
        self.seen: dict[str, list[int | str]] = {}

    def _load(self) -> dict[str, list[int | str]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def doc_id(self, path: Path) -> str:
        """The file's content id: from the index when size and mtime match, else hashed."""
        key = str(path.resolve())
        stat = path.stat()
        entry = self.known.get(key)
        if entry is None or entry[:2] != [stat.st_size, stat.st_mtime_ns]:
            entry = [stat.st_size, stat.st_mtime_ns, _hash_file(path)]
        self.seen[key] = entry
        return str(entry[2])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{INDEX_NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.seen), encoding="utf-8")
        os.replace(tmp, self.path)


def _hash_file(path: Path) -> str:
    """``content_hash`` of the file, read in chunks (a large PDF is never held whole)."""
    with path.open("rb") as stream:
        return doc_id_of(hashlib.file_digest(stream, "sha256"))
