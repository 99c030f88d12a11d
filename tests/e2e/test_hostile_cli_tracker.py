"""``mjdesk-cli imagine --wait`` against a server whose poll answers break for a while (issue 10/11)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.hostile import HostileServer, drop, raw

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-hostile-cli-9b1c"
LIST = "/mj/task/list-by-condition"


def run_cli(server: HostileServer, home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        MJDESK_BASE_URL=server.base_url,
        MJDESK_API_KEY=KEY,
        MJDESK_DIALECT="midjourney-proxy",
        MJDESK_HOME=str(home),
    )
    return subprocess.run(
        [sys.executable, "-m", "mjdesk.cli", *argv], capture_output=True, text=True, cwd=ROOT, env=env, timeout=90
    )


def heal_after(server: HostileServer, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: server.routes.pop(("POST", LIST), None))
    timer.start()
    return timer


def test_wait_survives_an_unreadable_answer_and_says_so_once(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.route("POST", LIST, raw(200, b"[" * 100_000))
    timer = heal_after(hostile, 3.0)
    try:
        run = run_cli(
            hostile,
            tmp_path / "home",
            "imagine",
            "a cat",
            "--wait",
            "--interval",
            "0.2",
            "--timeout",
            "60",
            "--download",
            str(tmp_path / "out"),
        )
    finally:
        timer.cancel()
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("server sent an unreadable answer, retrying") == 1
    assert "Task exception was never retrieved" not in run.stderr
    assert "Traceback" not in run.stderr and KEY not in run.stderr
    assert list((tmp_path / "out").iterdir())


def test_wait_says_once_that_the_server_is_not_answering(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.route("POST", LIST, drop())
    timer = heal_after(hostile, 3.0)
    try:
        run = run_cli(hostile, tmp_path / "home", "imagine", "a cat", "--wait", "--interval", "0.2", "--timeout", "60")
    finally:
        timer.cancel()
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("server not answering, retrying") == 1
    assert "server answering again" in run.stderr
    assert "Task exception was never retrieved" not in run.stderr and KEY not in run.stderr
