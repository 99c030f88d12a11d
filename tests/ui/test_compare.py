"""The compare window (issue 15) on jobs made against the simulator: C opens 2-4 selected jobs side
by side (two in a row, four in a 2×2 grid); a wheel or a pan in one pane moves the others to the
same zoom and place; flicker swaps A and B in one place (Space, Tab, automatically); the diff names
the changed words and parameters; each pane is rated and rejected with the gallery's keys."""

from __future__ import annotations

import asyncio
import time

from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mjdesk.core.library import Library
from mjdesk.ui.compare.views import CompareView
from mjdesk.ui.compare.window import CompareWindow
from mjdesk.ui.main_window import MainWindow

from .conftest import until
from .gallery.test_culling import made


def wheel(view: CompareView, steps: int) -> None:
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def same_place(a: CompareView, b: CompareView) -> bool:
    ca, cb = a.centre(), b.centre()
    return abs(a.zoom - b.zoom) < 1e-6 and abs(ca.x() - cb.x()) < 0.01 and abs(ca.y() - cb.y()) < 0.01


async def open_compare(window: MainWindow, ids: list[int]) -> CompareWindow:
    gallery = window.gallery
    gallery.select_job(ids[0])
    for job_id in ids[1:]:
        index = gallery.model.index(gallery.model.row_of(job_id))
        gallery.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select)
    gallery.view.setFocus()
    window.activateWindow()
    QTest.keyClick(gallery.view, Qt.Key.Key_C)
    await until(lambda: isinstance(window.compare_window, CompareWindow), what="the compare window")
    compare = window.compare_window
    assert isinstance(compare, CompareWindow)
    assert compare.loading is not None
    await until(compare.loading.done, timeout=10, what="the images loaded")
    assert all(p.view.has_image() for p in compare.panes)
    compare.activateWindow()  # its keys are window shortcuts: they reach the active window only
    await until(lambda: QApplication.activeWindow() is compare, what="the compare window active")
    return compare


async def test_two_jobs_synced_flicker_diff_and_rating(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    library: Library = window.backend.library
    fox, silver = await made(
        window, ["a red fox in the snow at dawn --ar 3:2 --s 100", "a silver fox in deep snow at dawn --ar 3:2 --s 250"]
    )
    compare = await open_compare(window, [fox.id, silver.id])
    order = [j.id for j in compare.jobs]
    assert sorted(order) == sorted([fox.id, silver.id])
    a, b = compare.panes
    assert a.isVisible() and b.isVisible() and a.y() == b.y() and a.x() < b.x()  # one row

    # Wheel in A: B zooms with it; a pan in B: A follows.
    wheel(a.view, 3)
    assert not a.view.fitting and a.view.zoom > 0
    assert same_place(a.view, b.view)
    b.view.horizontalScrollBar().setValue(b.view.horizontalScrollBar().maximum())
    b.view.verticalScrollBar().setValue(b.view.verticalScrollBar().minimum())
    assert a.view.centre().x() > 0.6 and same_place(a.view, b.view)
    # 100 %: a pixel of the images per screen pixel; Fit: both whole again.
    QTest.keyClick(a.view, Qt.Key.Key_Z)
    assert compare.zoom_label.text() == "100 %" and same_place(a.view, b.view)
    QTest.keyClick(a.view, Qt.Key.Key_F)
    assert a.view.fitting and b.view.fitting

    # The diff names the words and the parameter that changed.
    first = compare.jobs[0]
    added = "silver" if first.id == fox.id else "red"
    text = compare.prompt_diff.toPlainText()
    assert added in text and "deep" in text
    assert compare.params.differing == ["--stylize"]

    # Flicker: one place, Space and Tab swap at the same zoom, the caption says which.
    wheel(a.view, 6)  # zoomed in well past the flicker view's width, so every place can be shown
    a.view.horizontalScrollBar().setValue(a.view.horizontalScrollBar().maximum() // 3)
    zoom, centre = a.view.zoom, a.view.centre()
    compare.flicker_button.click()
    assert compare.flickering and compare.flicker.isVisible() and not a.isVisible()
    view = compare.flicker.view
    assert view.horizontalScrollBar().maximum() > 0 and view.verticalScrollBar().maximum() > 0
    assert view.shown == 0 and compare.flicker.caption.text().startswith("A")
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.shown == 1 and compare.flicker.caption.text().startswith("B")
    assert abs(view.zoom - zoom) < 1e-6
    assert abs(view.centre().x() - centre.x()) < 0.02 and abs(view.centre().y() - centre.y()) < 0.02
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.shown == 0
    # Rated and rejected by the gallery's keys: B shown, 4 stars, then X.
    QTest.keyClick(view, Qt.Key.Key_Space)
    QTest.keyClick(view, Qt.Key.Key_4)
    await until(lambda: library.job(order[1]).rating == 4, what="B rated")
    await until(lambda: "★★★★☆" in compare.flicker.caption.text(), what="the caption's stars")
    assert library.job(order[0]).rating == 0
    QTest.keyClick(view, Qt.Key.Key_X)
    await until(lambda: library.job(order[1]).rejected, what="B rejected")
    await until(lambda: order[1] not in [j.id for j in window.gallery.model.jobs()], what="hidden in the gallery")
    # Auto-flicker swaps by itself.
    seen = {view.shown}
    compare.auto.setChecked(True)
    deadline = time.monotonic() + 3
    while len(seen) < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        seen.add(view.shown)
    assert seen == {0, 1}
    compare.side_button.click()
    assert not compare.flickering and not compare._timer.isActive()
    compare.close()


async def test_four_jobs_in_a_grid_all_follow_one(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    jobs = await made(window, [f"a lantern in fog --v 7 --chaos {n * 10}" for n in range(4)])
    compare = await open_compare(window, [j.id for j in jobs])
    a, b, c, d = compare.panes
    assert (a.y(), b.y()) == (a.y(), a.y()) and c.y() == d.y() > a.y() and a.x() == c.x() < b.x() == d.x()
    assert not compare.flicker_button.isEnabled()
    wheel(c.view, 4)
    c.view.verticalScrollBar().setValue(c.view.verticalScrollBar().minimum())  # panned to the top
    assert c.view.centre().y() < 0.4
    assert all(same_place(c.view, p.view) for p in (a, b, d))
    assert compare.params.differing == ["--chaos"]
    # X on the current pane rejects it and moves to the next pane.
    c.view.setFocus()
    await until(lambda: compare.current == 2, what="C current")
    QTest.keyClick(c.view, Qt.Key.Key_X)
    assert compare.current == 3
    await until(lambda: window.backend.library.job(compare.jobs[2].id).rejected, what="C rejected")
    await until(lambda: "rejected" in c.caption.text(), what="C's caption")
    compare.close()


async def test_a_job_without_an_image_says_so(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    [done] = await made(window, ["a kite over dunes"])
    library: Library = window.backend.library
    refused = library.add_job(profile="sim", action="IMAGINE", prompt="a kite over dunes --no string")
    library.mark_refused(refused.id, "no")
    compare = CompareWindow(window.backend, [done, library.job(refused.id)], window.gallery.job_actions.culling)
    compare.show()
    assert compare.loading is not None
    await until(compare.loading.done, what="loaded")
    assert compare.panes[0].view.has_image() and not compare.panes[1].view.has_image()
    assert compare.params.differing == ["--no"]
    compare.close()


async def test_a_big_upscale_loads_scaled_without_stalling_the_loop(make_window, library: Library) -> None:
    """A 6000-pixel upscale beside a small grid: decoded in a worker at most MAX_SIDE a side; the
    loop keeps turning meanwhile; "100 %" still means the upscale's own pixels."""
    import io

    from PIL import Image

    from mjdesk.core.library import ImageKind
    from mjdesk.ui.compare.views import SCENE_WIDTH
    from mjdesk.ui.compare.window import MAX_SIDE, PREVIEW_SIDE

    jobs = []
    for side in (6000, 512):
        job = library.add_job(profile="t", action="IMAGINE", prompt=f"a dune at {side} px")
        buf = io.BytesIO()
        Image.radial_gradient("L").resize((side, side)).convert("RGB").save(buf, "PNG", compress_level=1)
        library.add_image(job.id, ImageKind.UPSCALE, buf.getvalue())
        jobs.append(library.job(job.id))
    window = make_window()
    gaps: list[float] = []
    compare = CompareWindow(window.backend, jobs, window.gallery.job_actions.culling)
    compare.show()
    assert compare.loading is not None
    last = time.perf_counter()
    while not compare.loading.done():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    print(f"compare load: {len(gaps)} loop turns, longest gap {max(gaps) * 1000:.0f} ms")
    big = compare.panes[0].view
    assert big.natural_widths == [6000]
    assert big.painted_width() == PREVIEW_SIDE  # fitted: the small copy is painted
    assert len(gaps) > 3  # the loop turned while the worker decoded
    compare.sync.actual_size(big)
    assert abs(big.zoom - 6000 / SCENE_WIDTH) < 1e-9 and compare.zoom_label.text() == "100 %"
    assert big.painted_width() == MAX_SIDE  # zoomed in: the full image
    started = time.perf_counter()
    big.viewport().grab()
    print(f"a paint at 100 %: {(time.perf_counter() - started) * 1000:.0f} ms")
    compare.close()
