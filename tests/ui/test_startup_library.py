"""Start-up with an unusable library or home folder: a clear message, not the excepthook dialog and
not a silently replaced library (issue 10, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from mjdesk import app as mjapp

ROOT = Path(__file__).resolve().parents[2]


def _start(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "mjdesk.app", "--selftest", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_an_empty_library_stops_start_up_with_a_message_and_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "data" / "library.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    run = _start("--home", str(tmp_path))
    assert run.returncode == mjapp.EXIT_STARTUP, run.stdout + run.stderr
    assert f"mjdesk: {db} is empty (0 bytes)" in run.stderr
    assert "unexpected error" not in run.stderr and "Traceback" not in run.stderr
    assert db.stat().st_size == 0


def test_a_home_that_is_a_file_stops_start_up_with_a_message(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("x")
    run = _start("--home", str(home))
    assert run.returncode == mjapp.EXIT_STARTUP, run.stdout + run.stderr
    assert f"{home} is a file, not a folder" in run.stderr and "Traceback" not in run.stderr


def test_the_problem_is_shown_in_a_message_box(qtbot: QtBot) -> None:
    seen: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.windowTitle(), box.text()))
        box.accept()

    QTimer.singleShot(0, answer)
    code = mjapp.startup_problem("/x/library.sqlite3 is damaged; restore it", interactive=True)
    assert code == mjapp.EXIT_STARTUP
    assert seen == [("mjdesk cannot start", "/x/library.sqlite3 is damaged; restore it")]
