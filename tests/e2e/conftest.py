"""End-to-end fixtures: the simulator on a thread, and ``mjdesk-cli`` run as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mjdesk.sim import SimConfig, Simulator
from mjdesk.sim.thread import running_simulator

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-e2e-secret-7f3a"


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str


@dataclass
class CliHarness:
    sim: Simulator
    dialect: str
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            MJDESK_BASE_URL=self.sim.base_url,
            MJDESK_API_KEY=KEY,
            MJDESK_DIALECT=self.dialect,
            MJDESK_HOME=str(self.home),
        )
        env.update(extra)
        return env

    def run(self, *argv: str, timeout: float = 60, **env: str) -> CliRun:
        proc = subprocess.run(
            [sys.executable, "-m", "mjdesk.cli", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env(**env),
            timeout=timeout,
        )
        return CliRun(proc.returncode, proc.stdout, proc.stderr)

    def submits(self, endpoint: str) -> int:
        suffix = f"/submit/{endpoint}"
        return sum(1 for r in self.sim.requests if r.server == "api" and r.path.endswith(suffix))


@pytest.fixture(scope="module", params=["new-api", "midjourney-proxy", "trueai"])
def cli(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliHarness]:
    with running_simulator(SimConfig(dialect=request.param, api_key=KEY, speed=0.3)) as sim:
        yield CliHarness(sim=sim, dialect=request.param, home=tmp_path_factory.mktemp("cli-home"))


from tests.support.hostile_cli import hcli  # noqa: E402,F401 - the fixture, for every e2e module
