"""Test setup shared by every suite: headless Qt, an isolated home folder, no real keychain."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# error_logs: a test fails on an unexpected ERROR log record; pytester: tests of that rule.
pytest_plugins = ["pytester", "tests.support.error_logs"]

# Qt must never look for a display in tests (CI has none); set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the developer's real library or keychain.
os.environ.pop("MJDESK_API_KEY", None)
os.environ.pop("MJDESK_BASE_URL", None)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("mjdesk-home")
    monkeypatch.setenv("MJDESK_HOME", str(home))
    return home


@pytest.fixture
def hostile():
    """A hostile mj-proxy server on loopback (tests/support/hostile.py); midjourney-proxy dialect."""
    from tests.support.hostile import hostile_server

    with hostile_server() as server:
        yield server
