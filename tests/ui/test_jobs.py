"""Every tab submits through the job service to the simulator (loopback HTTP) and its job ends in
the library; refusals and unknown outcomes are shown as the designer needs to see them."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QGuiApplication

from mjdesk.core.library import ImageKind, SubmitState
from mjdesk.sim import Simulator
from mjdesk.ui.job_model import Job, JobState
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.tabs.base import ActionTab
from mjdesk.ui.widgets.image_input import ImageInput

from .conftest import fake_profile, until


def photo(tmp_path: Path, name: str, color: str, size: tuple[int, int] = (320, 240)) -> Path:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


async def add_images(widget: ImageInput, *paths: Path) -> None:
    widget.add_sources([str(p) for p in paths])
    await until(lambda: not widget.busy and len(widget.images()) == len(paths), what="images ready")


async def submit(window: MainWindow, tab: ActionTab) -> Job:
    tab.refresh()
    assert tab.submit_button.isEnabled(), tab.reason.text()
    count = len(window.backend.jobs)
    tab.submit_button.click()
    job = window.backend.jobs[-1]
    assert len(window.backend.jobs) == count + 1
    # The row is there at once, before the service has even written the job.
    row = window.job_list.row(job)
    assert row is not None and window.job_list.rows()[0] is row
    assert "Submitting" in row.text()
    await until(lambda: job.state.finished, timeout=15, what=f"{tab.endpoint.value} finished")
    assert job.state is JobState.SUCCESS, (job.state, job.error, job.record)
    return job


async def test_imagine_lands_in_the_library_with_its_images(live_window: MainWindow) -> None:
    window = live_window
    window.imagine.set_prompt("a fox in snow --ar 3:2 --v 7")
    job = await submit(window, window.imagine)
    assert job.id is not None and job.task_id
    record = await window.backend.service.wait(job.id, timeout=15)
    assert record.submit_state is SubmitState.ACCEPTED and record.prompt == "a fox in snow --ar 3:2 --v 7"
    assert record.image(ImageKind.GRID) is not None
    assert all(im.path.is_file() for im in record.images)
    await until(lambda: "Done" in window.job_list.row(job).text() and "saving" not in window.job_list.row(job).text())
    assert window.imagine.history.items[0] == "a fox in snow --ar 3:2 --v 7"


async def test_blend_two_images(live_window: MainWindow, tmp_path: Path) -> None:
    tab = live_window.blend
    await add_images(tab.images, photo(tmp_path, "a.png", "red"), photo(tmp_path, "b.png", "blue"))
    job = await submit(live_window, tab)
    assert job.record is not None and job.record.action == "BLEND"
    assert job.record.request_summary["title"].startswith("2 images")


async def test_describe_gives_four_prompts_to_use_in_imagine(live_window: MainWindow, tmp_path: Path) -> None:
    tab = live_window.describe
    await add_images(tab.image, photo(tmp_path, "look.png", "green"))
    await submit(live_window, tab)
    await until(lambda: len(tab.results.rows) == 4, what="four prompts")
    button = tab.results.rows[2].findChildren(type(tab.submit_button))[0]
    assert button.text() == "Use in Imagine"
    button.click()
    assert live_window.tabs.currentWidget() is live_window.imagine
    assert live_window.imagine.editor.toPlainText().strip()


async def test_shorten_gives_candidates_to_use(live_window: MainWindow) -> None:
    tab = live_window.shorten
    tab.editor.setPlainText("a very long and winding prompt about a castle on a hill at sunset, dramatic light")
    await submit(live_window, tab)
    await until(lambda: len(tab.results.rows) >= 1, what="candidates")
    tab.results.rows[0].findChildren(type(tab.submit_button))[0].click()
    assert live_window.tabs.currentWidget() is live_window.imagine


async def test_swap_face(live_window: MainWindow, tmp_path: Path) -> None:
    tab = live_window.swap_face
    await add_images(tab.face, photo(tmp_path, "face.png", "pink"))
    await add_images(tab.target, photo(tmp_path, "target.png", "navy"))
    await submit(live_window, tab)


async def test_video_from_a_start_image_then_extend_it_from_the_gallery(
    live_window: MainWindow, sim: Simulator, tmp_path: Path
) -> None:
    tab = live_window.video
    tab.prompt.setPlainText("slow push-in, leaves drifting")
    await add_images(tab.start, photo(tmp_path, "start.png", "olive"))
    video = await submit(live_window, tab)

    # The finished video is offered for extending, by its prompt, without typing its task id.
    tab.mode.setCurrentIndex(tab.mode.findData("extend"))
    assert tab.task_id.findData(video.task_id) >= 0
    assert "slow push-in" in tab.task_id.itemText(tab.task_id.findData(video.task_id))
    tab.task_id.setEditText("")
    assert not tab.submit_button.isEnabled() and "Pick the video to extend" in tab.reason.text()

    # The gallery's "Extend this video…" opens the Video tab on it.
    await until(lambda: video.downloaded and live_window.gallery.select_job(video.id), what="its tile")
    live_window.tabs.setCurrentIndex(0)
    actions = live_window.gallery.job_actions
    actions.update_enabled()
    assert actions.extend.isEnabled()
    actions.extend.trigger()
    assert live_window.tabs.currentWidget().built is tab and tab.video_task_id() == video.task_id
    tab.index.setValue(2)
    tab.prompt.setPlainText("keep drifting, the camera rises")
    await submit(live_window, tab)
    body = [r.json for r in sim.requests if r.path.endswith("/submit/video")][-1]
    assert body["action"] == "extend" and body["taskId"] == video.task_id and body["index"] == 1


async def test_upload_gives_links_with_copy_buttons(live_window: MainWindow, tmp_path: Path) -> None:
    tab = live_window.upload
    await add_images(tab.images, photo(tmp_path, "u1.png", "red"), photo(tmp_path, "u2.png", "teal"))
    job = await submit(live_window, tab)
    assert len(job.urls) == 2
    await until(lambda: len(tab._rows) == 2, what="link rows")
    copy = next(b for b in tab._rows[0].findChildren(type(tab.submit_button)) if b.text() == "Copy")
    copy.click()
    assert QGuiApplication.clipboard().text() == job.urls[0]
    oref = next(b for b in tab._rows[1].findChildren(type(tab.submit_button)) if b.text() == "Use as --oref")
    oref.click()
    assert live_window.tabs.currentWidget() is live_window.imagine
    assert f"--oref {job.urls[1]}" in live_window.imagine.editor.toPlainText()


async def test_queue_full_is_deferred_and_can_be_cancelled(live_window: MainWindow, sim: Simulator) -> None:
    sim.force_next_submit("queue_full")
    live_window.imagine.set_prompt("a quiet harbour")
    live_window.imagine.submit_button.click()
    job = live_window.backend.jobs[-1]
    await until(lambda: job.state is JobState.DEFERRED, what="deferred")
    row = live_window.job_list.row(job)
    assert "Queue full — will submit when it frees" in row.text()
    assert "try again by itself" in row.text()
    assert row.cancel_button.isVisibleTo(row) and not row.resubmit_button.isVisibleTo(row)
    row.cancel_button.click()
    await until(lambda: job.state is JobState.WITHDRAWN, what="withdrawn")
    record = live_window.backend.library.job(job.id)
    assert record.submit_state is SubmitState.CANCELLED


async def test_banned_word_is_explained_with_the_servers_words(live_window: MainWindow) -> None:
    live_window.imagine.set_prompt("a forbiddenword in the garden")
    live_window.imagine.submit_button.click()
    job = live_window.backend.jobs[-1]
    await until(lambda: job.state.finished, what="failed")
    assert job.state is JobState.FAILED
    text = live_window.job_list.row(job).text()
    assert "a word the server does not allow" in text
    assert "The server said: 可能包含敏感词" in text  # the server's own text, untranslated


async def test_unknown_outcome_resubmits_only_on_click(live_window: MainWindow, sim: Simulator) -> None:
    sim.faults.drop_after_processing_rate = 1.0  # the server takes it, the answer never comes back
    live_window.imagine.set_prompt("a lantern in fog")
    live_window.imagine.submit_button.click()
    job = live_window.backend.jobs[-1]
    await until(lambda: job.state is JobState.UNKNOWN, timeout=20, what="unknown")
    sim.faults.drop_after_processing_rate = 0.0
    row = live_window.job_list.row(job)
    assert "May not have reached the server" in row.text()
    assert row.resubmit_button.isVisibleTo(row) and row.dismiss_button.isVisibleTo(row)
    submits = len(live_window.backend.jobs)
    row.resubmit_button.click()
    await until(lambda: len(live_window.backend.jobs) == submits + 1, what="the new job")
    again = live_window.backend.jobs[-1]
    await until(lambda: again.state is JobState.SUCCESS, timeout=15, what="resubmitted job done")
    assert again.record is not None and again.record.parent_job_id == job.id
    await until(lambda: job.state is JobState.WITHDRAWN, what="old job withdrawn")


async def test_jobs_of_an_earlier_session_are_listed_newest_first(live_window: MainWindow) -> None:
    for prompt in ("first", "second"):
        live_window.imagine.set_prompt(prompt)
        job = await submit(live_window, live_window.imagine)
        await live_window.backend.service.wait(job.id, timeout=15)  # downloaded: nothing to resume
    # A second window over the same library, as after a restart.
    from mjdesk.ui.backend import Backend

    fresh = Backend(live_window.backend.library, live_window.services.pool)
    await fresh.start()
    try:
        window = MainWindow(
            type(live_window.services)(backend=fresh, pool=live_window.services.pool, paths=live_window.services.paths)
        )
        titles = [row.job.title for row in window.job_list.rows()]
        assert titles[:2] == ["second", "first"]
        window.deleteLater()
    finally:
        await fresh.aclose()


async def test_the_job_list_keeps_the_newest_rows_and_every_decision(make_window, library, backend) -> None:
    """A library resuming hundreds of downloads made a row (a frame, three labels, three buttons)
    per job: over 200 MB with 10,000 jobs. The list keeps the newest MAX_ROWS and every job that
    waits on the user's decision, however old."""
    from mjdesk.ui.widgets.job_list import MAX_ROWS, needs_decision
    from tests.support.gallery_library import fill

    ids = fill(library, MAX_ROWS + 250, running_every=10_000)
    question = library.add_job(profile="t", action="IMAGINE", prompt="did it arrive?")
    library.mark_submit_unknown(question.id, "the connection dropped after sending")
    window = make_window(fake_profile())
    await backend.start()
    await until(lambda: len(backend.jobs) >= MAX_ROWS + 100, what="the resumed jobs")
    rows = window.job_list.rows()
    decisions = [j for j in backend.jobs if needs_decision(j)]
    assert any(j.id == question.id for j in decisions)
    assert MAX_ROWS <= len(rows) <= MAX_ROWS + len(decisions) < len(backend.jobs)
    assert all(window.job_list.row(j) is not None for j in decisions)
    newest = max(backend.jobs, key=lambda j: j.id or 0)
    assert window.job_list.row(newest) is not None and len(ids) > MAX_ROWS
