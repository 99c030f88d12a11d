"""A fresh library on a real SQLite file in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mjdesk.core.library import Library
from mjdesk.core.paths import AppPaths, app_paths


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return app_paths(tmp_path / "home")


@pytest.fixture
def lib(paths: AppPaths) -> Iterator[Library]:
    library = Library.open(paths)
    yield library
    library.close()


PNG = b"\x89PNG\r\n\x1a\n"


def png(tag: str) -> bytes:
    """Distinct small contents that sniff as PNG."""
    return PNG + tag.encode()
