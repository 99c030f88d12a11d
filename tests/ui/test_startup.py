"""The real entry point from source: the window first, then the loop, the library and the demo;
and the log file that start-up sets up."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mjdesk import app as mjapp
from mjdesk.core.paths import app_paths

ROOT = Path(__file__).resolve().parents[2]


def test_selftest_from_source_builds_the_window_and_finishes_an_imagine(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "mjdesk.app", "--selftest", "--home", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "selftest ok: imagine" in run.stdout
    log = (tmp_path / "logs" / "mjdesk.log").read_text(encoding="utf-8")
    assert "starting" in log and log.rstrip().endswith("shut down")  # the rotating handler took over


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_file_rotates_once_start_up_is_over(tmp_path: Path, root_logging: None) -> None:
    path = mjapp.setup_logging(app_paths(tmp_path).ensure())
    logging.getLogger("mjdesk.test").info("before the window")
    mjapp.rotating_logs(path)
    line = "x" * 1000
    for _ in range(mjapp.LOG_BYTES // 1000 * 3 // 2):  # about 1.5 files
        logging.getLogger("mjdesk.test").info(line)
    backups = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
    assert backups == ["mjdesk.log.1"]
    assert path.stat().st_size < mjapp.LOG_BYTES
    assert "before the window" in (path.parent / "mjdesk.log.1").read_text(encoding="utf-8")
