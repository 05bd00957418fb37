"""Session fixtures shared by the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.builder import build_corpus


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated fixture corpus (PDFs + truth JSON), built once per session."""
    out = tmp_path_factory.mktemp("fixture_corpus")
    build_corpus(out)
    return out
