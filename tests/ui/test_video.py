"""Videos play in the app: a finished video job from the simulator (a real MP4) plays in the viewer
at once and loops; K pauses; the slider scrubs; closing the viewer stops it; the side panel shows
the poster and waits for Play; the grid marks the tile; Extend and Animate continue in the
composer's Video action."""

from __future__ import annotations

import asyncio
import base64
import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mjdesk.core.api import ImagineRequest, VideoRequest
from mjdesk.core.library import ImageKind, JobRecord
from mjdesk.sim.images import VIDEO_FRAMES, VIDEO_SIZE
from mjdesk.ui.detail.video_player import quiet_ffmpeg
from mjdesk.ui.main_window import MainWindow

from .conftest import until

# Offscreen there is no GPU: Qt converts video frames on the CPU and says so once (default category).
pytestmark = pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")


def data_url() -> str:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), "teal").save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


async def finished(window: MainWindow, request: object) -> JobRecord:
    service = window.backend.service
    job = await service.wait((await service.submit("sim", request)).id, timeout=20)  # type: ignore[arg-type]
    library = window.backend.library
    await until(lambda: library.job(job.id).downloaded_at is not None, timeout=20, what="the download")
    await until(lambda: window.gallery.model.row_of(job.id) is not None, what="the tile")
    return library.job(job.id)


async def test_a_video_plays_loops_pauses_scrubs_and_stops(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    video = await finished(window, VideoRequest(prompt="waves", image=data_url()))
    files = [im for im in video.images if im.kind is ImageKind.VIDEO]
    assert files and files[0].path.read_bytes()[4:8] == b"ftyp"

    # The side panel: the poster, the bar, no playback until Play.
    await until(lambda: window.gallery.select_job(video.id), what="selected")
    detail = window.detail
    await until(lambda: detail.job is not None and detail.job.id == video.id, what="the detail")
    await until(lambda: detail.view.has_image(), what="the poster")
    assert detail.video.isVisibleTo(window) and not detail.video.playing

    # As a reference (a tile's hover button, the menu) a video gives its poster frame, not the MP4.
    handed: list[object] = []
    window.gallery.job_actions.use_reference.connect(lambda _tab, path: handed.append(path))
    window.gallery.job_actions.use_as_reference(video)
    assert handed and handed[0].suffix != ".mp4" and handed[0].read_bytes()[4:8] != b"ftyp"

    # The viewer plays at once, frames of the video's size into the zoomable view.
    viewer = window.viewer
    viewer.open_job(window.gallery.current_job())
    bar = viewer.panel.video
    await until(lambda: bar.frames >= 3, timeout=10, what="frames playing")
    assert bar.playing
    shown = viewer.panel.view._item.pixmap()
    assert (shown.width(), shown.height()) == VIDEO_SIZE
    assert bar.slider.maximum() > 1500  # two seconds
    await until(lambda: bar.time.text().endswith("/ 0:02"), what="the duration, to the nearest second")
    assert quiet_ffmpeg()  # FFmpeg's stderr chatter is off (the packaging smoke test fails on it)
    # The server's final prompt starts with the start image's link: shortened so it wraps, whole
    # in the tooltip.
    final = viewer.panel.final_prompt
    assert "http" in (video.final_prompt or "") and final.toolTip() == video.final_prompt
    assert all(len(word) <= 40 for word in final.text().split())
    # Looping: more frames than the video has.
    await until(lambda: bar.frames > VIDEO_FRAMES + 4, timeout=10, what="the loop")

    # K pauses; nothing more is drawn; K again plays on.
    QTest.keyClick(viewer, Qt.Key.Key_K)
    await until(lambda: not bar.playing, what="paused")
    count = bar.frames
    await asyncio.sleep(0.4)
    assert bar.frames == count
    # Scrubbing while paused shows the frame there.
    bar.seek(1000)
    await until(lambda: abs(bar._player.position() - 1000) < 200, what="the seek")
    QTest.keyClick(viewer, Qt.Key.Key_K)
    await until(lambda: bar.playing, what="playing again")

    # Closing the lightbox stops the decoding; reopening plays again.
    QTest.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible() and not bar.playing
    viewer.open_job(video)
    await until(lambda: bar.playing, what="playing after reopening")

    # Extend: the Video action, set to extend this task, the composer shown.
    assert viewer.extend_button.isVisibleTo(viewer) and not viewer.animate_button.isVisibleTo(viewer)
    window.show_composer(False)
    viewer.extend_button.click()
    assert not viewer.isVisible() and not bar.playing
    assert window.tabs.currentWidget() is window._pages["video"] and window.composer.isVisible()
    assert window.video.video_task_id() == video.remote_id


async def test_animate_an_image_from_the_viewer(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    grid = await finished(window, ImagineRequest("a paper boat"))
    window.viewer.open_job(grid)
    viewer = window.viewer
    assert viewer.animate_button.isVisibleTo(viewer) and not viewer.extend_button.isVisibleTo(viewer)
    assert not viewer.panel.video.isVisibleTo(viewer)  # no video bar under an image
    viewer.animate_button.click()
    assert window.tabs.currentWidget() is window._pages["video"]
    await until(lambda: len(window.video.start.images()) == 1, what="the start image prepared")
