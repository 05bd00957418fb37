"""Per-file results kept between runs, keyed by content hash and parser version.

Each finished file is written at once (temp file + rename), so a run that is
killed half-way keeps every file it finished: the next run picks them up and
parses only the rest. A new parser version lives in a new folder; older ones
are pruned after a successful run.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from pipeline.task import FileResult
from pipeline.version import PARSER_VERSION

CACHE_DIR = ".cache"


class ResultCache:
    def __init__(self, out_dir: Path, version: str = PARSER_VERSION) -> None:
        self.root = out_dir / CACHE_DIR
        self.dir = self.root / version.replace("+", "-")
        self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, doc_id: str) -> Path:
        return self.dir / f"{doc_id}.pkl"

    def get(self, doc_id: str, source_path: str) -> FileResult | None:
        path = self._path(doc_id)
        if not path.exists():
            return None
        try:
            result: FileResult = pickle.loads(path.read_bytes())
        except Exception:  # a cache file we cannot read is simply a miss
            return None
        if result.source_path != source_path:  # same bytes under a new name: keep rows, fix the path
            for row in result.rows.get("documents", []):
                row["source_path"] = source_path
            result.source_path = source_path
        return result

    def put(self, result: FileResult) -> None:
        path = self._path(result.doc_id)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)

    def prune_other_versions(self) -> None:
        """Drop the results of other parser versions (folders; files such as the
        fingerprint index are not versioned)."""
        for entry in self.root.iterdir():
            if entry.is_dir() and entry != self.dir:
                shutil.rmtree(entry, ignore_errors=True)
