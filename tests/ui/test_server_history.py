"""The Server history window, Cancel / Stop tracking and the quota in the status bar, driven in
the real window against the simulator over loopback HTTP."""

from __future__ import annotations

import asyncio

import pytest

from mjdesk.core.api import ImagineRequest
from mjdesk.sim import Simulator
from mjdesk.ui.dialogs.server_history import PAGE_SIZE, ServerHistoryDialog
from mjdesk.ui.main_window import MainWindow
from tests.ui.conftest import until


async def _finished(window: MainWindow, prompts: list[str]) -> list[int]:
    service = window.backend.service
    # One after the other (not through the queue, which sends them together): the server's
    # history is then in this order.
    jobs = [await service.submit(window.backend.profile.name, ImagineRequest(p), queued=False) for p in prompts]
    for job in jobs:
        await service.wait(job.id, timeout=30)
    return [j.id for j in jobs]


@pytest.mark.parametrize("sim", ["midjourney-proxy"], indirect=True)
async def test_history_pages_and_import_adds_each_task_once(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    await _finished(window, ["a moth", "a lamp"])
    # tasks the library never saw: made on the server by someone else (another app, another machine)
    for prompt in ("a map", "a key", "a door"):
        sim._store.speed = 0.05
        await sim_submit(sim, prompt)
    window.show_server_history()
    dialog = window.dialog
    assert isinstance(dialog, ServerHistoryDialog)
    await until(lambda: dialog.history.rowCount() == 5, what="the server's tasks")
    prompts = [dialog.history.item(r, 4).text() for r in range(5)]
    assert prompts[0] == "a door" and prompts[-1] == "a moth"  # newest first
    assert dialog.position.text() == "Page 1 of 1" and not dialog.next.isEnabled()
    assert dialog.queue.isEnabled()  # midjourney-proxy shows its queue
    before = window.backend.library.count_jobs()
    dialog.import_button.click()
    await until(lambda: "Imported" in dialog.history_note.text(), what="import")
    assert dialog.history_note.text() == "Imported 3 new jobs. 2 were already in the library."
    assert window.backend.library.count_jobs() == before + 3
    await until(lambda: len([j for j in window.backend.jobs if j.record and j.record.prompt == "a key"]) == 1)
    dialog.import_button.click()
    await until(lambda: "Imported 0 new jobs. 5 were" in dialog.history_note.text(), what="second import")
    assert window.backend.library.count_jobs() == before + 3
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData("FAILURE"))
    await until(lambda: dialog.history.rowCount() == 0, what="filtered page")
    assert PAGE_SIZE >= 5


async def sim_submit(sim: Simulator, prompt: str) -> str:
    import httpx

    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        answer = await http.post(
            "/mj/submit/imagine", json={"prompt": prompt}, headers={"mj-api-secret": sim.config.api_key}
        )
    task_id = str(answer.json()["result"])
    for _ in range(200):
        if sim.tasks[task_id].status == "SUCCESS":
            return task_id
        await asyncio.sleep(0.05)
    raise AssertionError("the task did not finish")


@pytest.mark.parametrize("sim", ["new-api"], indirect=True)
async def test_new_api_says_what_it_lacks_and_shows_the_quota(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    sim.config.quota = 100
    await window.backend.check_connection()
    await until(lambda: window.quota_label.isVisibleTo(window), what="quota in the status bar")
    assert window.quota_label.text() == "Quota: 5,000,000 left of 5,000,000"
    await _finished(window, ["a kite"])
    await window.backend.refresh_account()
    assert window.quota_label.text() == "Quota: 4,950,000 left of 5,000,000"
    window.show_server_history()
    dialog = window.dialog
    await until(lambda: dialog.quota.isVisible(), what="quota in the dialog")
    assert not dialog.import_button.isEnabled() and "no task list" in dialog.history_note.text()
    assert not dialog.queue.isEnabled() and "does not show its queue" in dialog.queue_note.text()


@pytest.mark.parametrize(("sim", "cancels"), [("trueai", True), ("midjourney-proxy", False)], indirect=["sim"])
async def test_cancel_or_stop_tracking_from_the_detail(live_window: MainWindow, sim: Simulator, cancels: bool) -> None:
    window = live_window
    window.show()
    sim._store.speed = 60
    job = await window.backend.service.submit(window.backend.profile.name, ImagineRequest("a slow tide"), queued=False)
    detail = window.detail
    detail.show_job(window.backend.library.job(job.id))
    assert detail.stop_button.isVisible()
    assert detail.stop_button.text() == ("Cancel on the server" if cancels else "Stop tracking")
    detail.stop_button.click()
    done = await window.backend.service.wait(job.id, timeout=10)
    assert done.status == ("FAILURE" if cancels else "CANCEL")
    detail.show_job(done)
    assert not detail.stop_button.isVisible()


@pytest.mark.parametrize("sim", ["new-api"], indirect=True)
async def test_the_server_says_what_it_offers(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show_server_history()
    dialog = window.dialog
    dialog.probe_button.click()
    await until(lambda: "lacks" in dialog.offers.text(), what="probe answer")
    assert "Task list" in dialog.offers.text() and "Task queue" in dialog.offers.text()
    assert "Imagine" not in dialog.offers.text()
    profile = window.backend.profile
    assert profile.probed_at > 0 and profile.probed
    assert sim.tasks == {}  # asking created nothing


@pytest.mark.parametrize("sim", ["trueai"], indirect=True)
async def test_the_detail_names_the_account_instance_that_ran_a_job(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    (job_id,) = await _finished(window, ["a lantern"])
    window.detail.show_job(window.backend.library.job(job_id))
    assert "account instance" in window.detail.server.text()


@pytest.mark.parametrize("sim", ["trueai"], indirect=True)
async def test_the_history_speaks_the_users_language(live_window: MainWindow, sim: Simulator) -> None:
    await _finished(live_window, ["a kite"])
    live_window.show_server_history()
    dialog = live_window.dialog
    await until(lambda: dialog.history.rowCount() == 1, what="the server's task")
    assert dialog.history.item(0, 1).text() == "Imagine" and dialog.history.item(0, 2).text() == "Done"
    assert [dialog.status_filter.itemText(i) for i in range(3)] == ["Every state", "Done", "Failed"]
