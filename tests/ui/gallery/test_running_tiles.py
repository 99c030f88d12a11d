"""What a running tile says (issue 12): its progress, its place in the server's queue, and a speed
other than the usual fast mode; a tile of a finished job has no overlay."""

from __future__ import annotations

import dataclasses
import json

from mjdesk.core.library import Library, SubmitState
from mjdesk.ui.main_window import MainWindow

from ..conftest import fake_profile


async def test_progress_queue_position_and_speed_on_the_tile(make_window, library: Library) -> None:
    window: MainWindow = make_window(fake_profile())
    delegate = window.gallery.delegate
    base = library.add_job(profile="t", action="IMAGINE", prompt="a slow boat")
    base = dataclasses.replace(base, submit_state=SubmitState.ACCEPTED, remote_id="r1")

    queued = dataclasses.replace(base, status="NOT_START", queued_position=3)
    assert delegate.overlay(queued) == ("Queued · 3 ahead", None)

    relaxed = dataclasses.replace(
        base, status="IN_PROGRESS", progress=42, raw_json=json.dumps({"status": "IN_PROGRESS", "mode": "RELAX"})
    )
    assert delegate.overlay(relaxed) == ("42 %\nRelax mode", 42)
    fast = dataclasses.replace(relaxed, raw_json=json.dumps({"status": "IN_PROGRESS", "mode": "FAST"}))
    assert delegate.overlay(fast) == ("42 %", 42)  # the usual speed goes without saying

    done = dataclasses.replace(fast, status="SUCCESS", progress=100, finished_at=1)
    assert delegate.overlay(done) is None
