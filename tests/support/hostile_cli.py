"""``mjdesk-cli`` as a real subprocess against the hostile server (tests/support/hostile.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.hostile import HostileServer

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float


@dataclass
class HostileCli:
    server: HostileServer
    home: Path

    def env(self, key: str | None = "sk-x", **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MJDESK_")}
        env.update(MJDESK_BASE_URL=self.server.base_url, MJDESK_DIALECT="midjourney-proxy", MJDESK_HOME=str(self.home))
        if key is not None:
            env["MJDESK_API_KEY"] = key
        env.update(extra)
        return env

    def run(self, *argv: str | bytes, key: str | None = "sk-x", timeout: float = 60, **extra: str) -> Run:
        started = time.monotonic()
        # Bytes, not text: a server's stray surrogate must show up as a failure of the CLI, not of
        # this harness's decoding.
        proc = subprocess.run(
            [sys.executable, "-m", "mjdesk.cli", *argv],
            capture_output=True,
            cwd=ROOT,
            env=self.env(key, **extra),
            timeout=timeout,
        )
        return Run(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
            time.monotonic() - started,
        )


@pytest.fixture
def hcli(hostile: HostileServer, tmp_path: Path) -> Iterator[HostileCli]:
    home = tmp_path / "home"
    home.mkdir()
    yield HostileCli(hostile, home)


def one_line(run: Run, code: int) -> str:
    """The run failed with ``code`` and exactly one line on stderr, no traceback, no 'internal error'."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code == code, run.stderr
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    return lines[0]
