"""Render the data dictionary (docs/data-dictionary.md) from the Arrow schemas.

Run ``python -m schemas.dictionary > docs/data-dictionary.md``; a test checks
that the committed file is current.
"""

from __future__ import annotations

from schemas.tables import SCHEMA_VERSION, TABLE_DOCS, TABLES

HEADER = """# Data dictionary

Every table is one Parquet file `data/parsed/<table>.parquet` (zstd), written as
one consistent snapshot per run. Money is in yuan (元) with the printed figure in
the matching `*_text` column; ratios are fractions (0.9955 for 99.55%). Boxes
(`x0, top, x1, bottom`) are PDF points from the page's top-left corner, null for
text dumps. Generated from `schemas/tables.py` (schema version {version}).
"""


def render() -> str:
    parts = [HEADER.format(version=SCHEMA_VERSION)]
    for name, schema in TABLES.items():
        parts.append(f"\n## {name} — {TABLE_DOCS[name]}\n")
        parts.append("| column | type | meaning |\n|---|---|---|")
        for field in schema:
            doc = (field.metadata or {}).get(b"doc", b"").decode()
            parts.append(f"| {field.name} | {field.type} | {doc} |")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
