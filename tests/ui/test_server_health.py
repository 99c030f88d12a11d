"""An outage of the polled server shows in the status bar and on the running tiles, and so does
the recovery (issue 11). The window polls a hostile loopback server (tests/support/hostile.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from mjdesk.core.api import Dialect, ImagineRequest, ServerProfile
from mjdesk.core.imaging import ImagingPool
from mjdesk.core.jobs import PollPolicy
from mjdesk.core.library import Library
from mjdesk.ui import asyncutil
from mjdesk.ui.backend import Backend
from mjdesk.ui.gallery.delegate import GalleryDelegate
from mjdesk.ui.job_texts import state_label
from mjdesk.ui.main_window import MainWindow
from tests.support.hostile import HostileServer, drop, raw
from tests.ui.conftest import until

LIST = "/mj/task/list-by-condition"
INTERVAL = 0.2
POLL = PollPolicy(
    running_interval=INTERVAL, waiting_interval=INTERVAL, error_backoff=1.0, error_backoff_cap=8.0, download_backoff=0.1
)


@pytest.fixture
def backend(library: Library, pool: ImagingPool) -> Backend:
    """The window's backend, polling at a test's pace (overrides tests/ui/conftest.py's)."""
    return Backend(library, pool, poll=POLL)


def running(task_id: str) -> dict[str, object]:
    return {
        "id": task_id,
        "action": "IMAGINE",
        "status": "IN_PROGRESS",
        "progress": "14%",
        "prompt": "p",
        "buttons": [],
        "properties": {},
    }


async def test_an_outage_shows_in_the_status_bar_and_on_the_tile_and_so_does_recovery(
    make_window: Callable[..., MainWindow], backend: Backend, hostile: HostileServer
) -> None:
    hostile.new_task = lambda i, _b: running(i)
    window = make_window(
        ServerProfile(name="h", base_url=hostile.base_url, dialect=Dialect.MIDJOURNEY_PROXY), "sk-health-1"
    )
    try:
        await backend.start()
        await backend.check_connection()
        assert window.connection_label.text() == "● Connected"
        gallery = window.gallery
        delegate = gallery.view.itemDelegate()
        assert isinstance(delegate, GalleryDelegate)
        job = backend.submit(ImagineRequest(prompt="a lighthouse"), "a lighthouse")
        await until(lambda: job.record is not None and job.record.progress == 14, what="running 14 %")
        assert delegate.overlay(job.record) == ("14 %", 14)

        hostile.route("POST", LIST, drop())
        went_down = time.monotonic()
        await until(lambda: "not answering" in window.connection_label.text(), what="the outage shown")
        # Seen within one polling interval (plus the cycle's own request time, generous under load).
        assert time.monotonic() - went_down < INTERVAL + 3.0
        assert "retrying in" in window.connection_label.text()
        assert delegate.overlay(job.record) == ("Waiting for the server…", None)
        assert state_label(job) == "waiting for the server…"  # the job list and the detail

        hostile.route("POST", LIST, raw(200, b"[" * 100_000))
        await until(
            lambda: "unreadable" in window.connection_label.text(), timeout=15, what="the unreadable answer shown"
        )

        del hostile.routes[("POST", LIST)]
        hostile.task("h1", json.dumps({**running("h1"), "progress": "60%"}))
        await until(lambda: window.connection_label.text() == "● Connected", timeout=15, what="recovery shown")
        await until(lambda: job.record is not None and job.record.progress == 60, what="the tile resumes")
        assert delegate.overlay(job.record) == ("60 %", 60)
        assert state_label(job) == "Running 60%"
    finally:
        await asyncutil.cancel_all()
        await backend.aclose()


@pytest.mark.allow_error_logs  # provoked on purpose
async def test_a_task_that_cannot_be_read_is_named_in_the_status_bar(
    make_window: Callable[..., MainWindow], backend: Backend, hostile: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mjdesk.core.api import Task
    from mjdesk.core.jobs import tracker as tracker_module

    real = Task.from_json

    def from_json(obj: object, dialect: object = None) -> Task:
        # Stands in for a parser bug a future server shape might hit (from_json never raises).
        if isinstance(obj, dict) and obj.get("prompt") == "poison":
            raise ValueError("a parser bug")
        return real(obj, dialect)  # type: ignore[arg-type]

    monkeypatch.setattr(tracker_module.Task, "from_json", staticmethod(from_json))
    hostile.new_task = lambda i, _b: running(i)
    window = make_window(
        ServerProfile(name="h", base_url=hostile.base_url, dialect=Dialect.MIDJOURNEY_PROXY), "sk-health-2"
    )
    try:
        await backend.start()
        await backend.check_connection()
        job = backend.submit(ImagineRequest(prompt="a lighthouse"), "a lighthouse")
        await until(lambda: job.record is not None and job.record.progress == 14, what="running 14 %")
        hostile.task("h1", {**running("h1"), "prompt": "poison"})
        await until(lambda: "cannot be read" in window.connection_label.text(), what="the unreadable task named")
        assert window.connection_label.text() == "● Connected — the server sent 1 task(s) that cannot be read"
        hostile.task("h1", hostile.success_task("h1"))
        await until(lambda: window.connection_label.text() == "● Connected", what="the note gone")
    finally:
        await asyncutil.cancel_all()
        await backend.aclose()
