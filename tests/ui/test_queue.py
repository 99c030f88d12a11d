"""The Queue window, driven in the real window against the simulator over loopback HTTP: jobs
wait while the server is at the cap the user set, and the user reorders, holds, cancels, pauses."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mjdesk.core.api import ImagineRequest
from mjdesk.sim import Simulator
from mjdesk.ui.dialogs.queue import QueueDialog
from mjdesk.ui.job_model import JobState
from mjdesk.ui.main_window import MainWindow
from tests.ui.conftest import until


def _sent(sim: Simulator) -> list[str]:
    return [json.loads(r.body)["prompt"] for r in sim.requests if r.path.endswith("/submit/imagine")]


def _rows(dialog: QueueDialog) -> list[str]:
    return [dialog.list.item(r).text() for r in range(dialog.list.count())]


def _prompt(row: str) -> str:
    return row.split("·")[-1].split("  —")[0].strip()


def _select(dialog: QueueDialog, *rows: int) -> None:
    dialog.list.clearSelection()
    for r in rows:
        dialog.list.item(r).setSelected(True)


@pytest.mark.parametrize("sim", ["midjourney-proxy"], indirect=True)
async def test_the_queue_window_reorders_holds_cancels_and_pauses(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show()
    backend = window.backend
    name = backend.profile.name
    await backend.set_max_running(name, 1)
    await backend.service.pause_queue(name)
    for prompt in ("north", "east", "south", "west"):
        window.backend.submit(ImagineRequest(prompt), prompt)
    await until(lambda: sum(j.state is JobState.IN_QUEUE for j in backend.jobs) == 4, what="four queued jobs")

    window.jobs_label.click()  # the status bar's job count opens the queue
    dialog = window.queue_dialog
    assert isinstance(dialog, QueueDialog)
    await until(lambda: dialog.list.count() == 4, what="the queue's rows")
    # Sent from four coroutines at once: the queue holds them in the order the library took them.
    first, second, third, fourth = order = [_prompt(r) for r in _rows(dialog)]
    assert sorted(order) == ["east", "north", "south", "west"]
    assert dialog.at_once.value() == 1 and dialog.pause_button.text() == "Resume queue"
    assert "Paused" in dialog.summary.text() and "4 jobs wait" in dialog.summary.text()

    _select(dialog, 3)
    dialog.buttons["top"].click()  # the fourth goes first
    _select(dialog, 1)
    dialog.buttons["hold"].click()  # the first now waits until released
    await until(lambda: "on hold" in _rows(dialog)[1], what="the hold")
    _select(dialog, 3)
    dialog.list.setFocus()
    QtBot.keyClick(dialog.list, Qt.Key.Key_Delete)  # the third is cancelled before it was ever sent
    await until(lambda: dialog.list.count() == 3, what="the cancel")
    assert [_prompt(r) for r in _rows(dialog)] == [fourth, first, second]

    dialog.pause_button.click()
    await until(lambda: len(_sent(sim)) == 2, timeout=20, what="west and east sent")
    assert _sent(sim) == [fourth, second]  # one at a time, in the user's order, the held one waits
    await until(lambda: dialog.list.count() == 1, what="only the held job left")
    _select(dialog, 0)
    dialog.buttons["release"].click()
    await until(lambda: dialog.empty.isVisible(), timeout=20, what="the empty queue")
    await until(lambda: len(_sent(sim)) == 3, timeout=20, what="the released job sent")
    assert _sent(sim) == [fourth, second, first] and third not in _sent(sim)  # cancelled: never sent
    assert sum(j.state is JobState.WITHDRAWN for j in backend.jobs) == 1
