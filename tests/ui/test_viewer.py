"""The viewer (ui/viewer.py): Space, Enter or a double-click on a tile shows the job large; arrows
browse the gallery, 0-4 pick the grid or a candidate, Z/F zoom, P puts the parent beside it, and
the follow-ups pressed there reach the server like the detail panel's."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from mjdesk.core.library import ImageKind, JobRecord, Library
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import png

from .conftest import fake_profile, until

BUTTONS = [{"customId": f"MJ::JOB::upsample::{i}::f00d", "label": f"U{i}", "type": 2} for i in range(1, 5)]


def _quadrant(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


def finished(library: Library, prompt: str, *, parent: int | None = None, candidates: bool = False) -> JobRecord:
    job = library.add_job(profile="t", action="IMAGINE", prompt=prompt, parent_job_id=parent)
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True, buttons=BUTTONS)
    library.add_image(job.id, ImageKind.GRID, png(job.id))
    if candidates:
        for i, colour in enumerate(("red", "green", "blue", "yellow"), 1):
            library.add_image(job.id, ImageKind.CANDIDATE, _quadrant(colour), index=i)
    return library.job(job.id)


async def gallery_window(make_window, library: Library) -> tuple[MainWindow, list[JobRecord]]:
    first = finished(library, "a paper boat", candidates=True)
    second = finished(library, "a paper boat, at night", parent=first.id)
    third = finished(library, "a lighthouse")
    window: MainWindow = make_window(fake_profile())
    window.resize(1280, 800)
    window.show()
    await until(lambda: window.gallery.select_job(second.id), what="the tiles")
    return window, [third, second, first]  # the gallery's order: newest first


def key(window: MainWindow, k: Qt.Key) -> None:
    from pytestqt.qtbot import QtBot

    target = QApplication.focusWidget() or window
    QtBot.keyClick(target, k)


async def test_space_opens_the_selected_job_and_esc_goes_back(make_window, library: Library) -> None:
    window, (_third, second, _first) = await gallery_window(make_window, library)
    window.gallery.view.setFocus()
    key(window, Qt.Key.Key_Space)
    viewer = window.viewer
    assert viewer.isVisible() and viewer.job is not None and viewer.job.id == second.id
    assert viewer.geometry() == window.rect()  # over the whole window
    assert viewer.position.text() == "2 / 3"
    await until(viewer.panel.view.has_image, what="the image")
    key(window, Qt.Key.Key_Escape)
    assert not viewer.isVisible() and window.gallery.view.hasFocus()
    # Enter opens it too, and Space closes it again
    key(window, Qt.Key.Key_Return)
    assert viewer.isVisible()
    key(window, Qt.Key.Key_Space)
    assert not viewer.isVisible()


async def test_arrows_browse_the_gallery_and_the_gallery_follows(make_window, library: Library) -> None:
    window, (third, second, first) = await gallery_window(make_window, library)
    viewer = window.viewer
    viewer.open_job(second)
    key(window, Qt.Key.Key_Right)
    assert viewer.job is not None and viewer.job.id == first.id and viewer.position.text() == "3 / 3"
    assert not viewer.next_button.isEnabled()
    key(window, Qt.Key.Key_Right)  # the end: stays
    assert viewer.job.id == first.id
    key(window, Qt.Key.Key_Left)
    key(window, Qt.Key.Key_Left)
    assert viewer.job.id == third.id and not viewer.previous_button.isEnabled()
    assert window.gallery.current_job() is not None and window.gallery.current_job().id == third.id
    assert window.detail.job is not None and window.detail.job.id == third.id


async def test_number_keys_pick_candidates_and_z_f_zoom(make_window, library: Library) -> None:
    window, (_third, _second, first) = await gallery_window(make_window, library)
    viewer = window.viewer
    viewer.open_job(first)
    await until(viewer.panel.view.has_image, what="the grid")
    grid = viewer.panel.image_path()
    key(window, Qt.Key.Key_3)
    assert viewer.panel.candidate == 3
    assert viewer.panel.image_path() == first.image(ImageKind.CANDIDATE, 3).path != grid
    key(window, Qt.Key.Key_0)
    assert viewer.panel.candidate == 0 and viewer.panel.image_path() == grid
    await until(viewer.panel.view.has_image, what="the grid again")
    key(window, Qt.Key.Key_Z)
    assert viewer.panel.view.zoom == pytest.approx(1.0) and not viewer.panel.view.fitting
    key(window, Qt.Key.Key_F)
    assert viewer.panel.view.fitting


async def test_p_puts_the_parent_beside_the_job(make_window, library: Library) -> None:
    window, (third, second, first) = await gallery_window(make_window, library)
    viewer = window.viewer
    viewer.open_job(third)
    assert not viewer.compare_button.isEnabled()  # no parent
    viewer.open_job(second)
    assert viewer.compare_button.isEnabled() and not viewer.parent_box.isVisible()
    key(window, Qt.Key.Key_P)
    assert viewer.parent_box.isVisible()
    await until(lambda: viewer.parent_view.has_image(), what="the parent's image")
    assert viewer.parent_job is not None and viewer.parent_job.id == first.id
    assert "a paper boat" in viewer.parent_caption.text()
    key(window, Qt.Key.Key_P)
    assert not viewer.parent_box.isVisible()


async def test_the_viewer_follows_the_window_size_and_names_its_controls(make_window, library: Library) -> None:
    window, (_third, second, _first) = await gallery_window(make_window, library)
    window.viewer.open_job(second)
    window.resize(1500, 900)
    await until(lambda: window.viewer.geometry() == window.rect(), what="the viewer to follow the window")
    unnamed = [w.text() for w in window.viewer.findChildren(QPushButton) if w.isVisible() and not w.accessibleName()]
    assert all(b.accessibleName() for b in (window.viewer.previous_button, window.viewer.next_button))
    assert window.viewer.close_button.accessibleName() and window.viewer.compare_button.accessibleName()
    assert len(unnamed) <= 8  # the follow-up buttons are named by their label text (U1-U4 …)


async def test_a_follow_up_pressed_in_the_viewer_reaches_the_server(live_window: MainWindow, sim) -> None:
    from mjdesk.core.api.buttons import ButtonKind, parse_custom_id

    from .detail.test_flows import child_of, imagine, select

    window = live_window
    window.resize(1280, 800)
    window.show()
    job = await imagine(window, "a red kite over dunes")
    await select(window, job.id)
    window.gallery.view.setFocus()
    key(window, Qt.Key.Key_Space)
    viewer = window.viewer
    assert viewer.isVisible()
    await until(lambda: bool(viewer.panel.action_buttons()), what="the follow-ups in the viewer")
    u2 = next(
        b for b in viewer.panel.action_buttons() if parse_custom_id(b.property("custom_id")) == (ButtonKind.UPSCALE, 2)
    )
    await until(u2.isVisible, what="U2 shown under the image")
    assert u2.accessibleName() == "U2"
    # Under the image, each group on one line: U1-U4 side by side, below the picture.
    ups = [
        b for b in viewer.panel.action_buttons() if parse_custom_id(b.property("custom_id"))[0] is ButtonKind.UPSCALE
    ]
    await until(lambda: len({b.mapTo(viewer, b.rect().topLeft()).y() for b in ups}) == 1, what="one line of U1-U4")
    image_bottom = viewer.panel.view.mapTo(viewer, viewer.panel.view.rect().bottomLeft()).y()
    assert all(b.mapTo(viewer, b.rect().topLeft()).y() > image_bottom for b in ups)
    u2.click()
    child = await child_of(window, job.id)
    assert child.parent_job_id == job.id and child.action == "UPSCALE"
    # written to the library first, then sent
    await until(lambda: any(r.path.endswith("/submit/action") for r in sim.requests), what="the submit")


async def test_the_viewer_is_readable_under_the_light_theme(make_window, library: Library) -> None:
    from PySide6.QtGui import QPalette

    from mjdesk.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    try:
        window, (_third, second, _first) = await gallery_window(make_window, library)
        viewer = window.viewer
        viewer.open_job(second)
        await until(lambda: bool(viewer.panel.action_buttons()), what="the follow-ups")

        def contrast(palette: QPalette, fg: QPalette.ColorRole, bg: QPalette.ColorRole) -> int:
            return abs(palette.color(fg).lightness() - palette.color(bg).lightness())

        for button in (viewer.close_button, *viewer.panel.action_buttons()):
            # light text on light buttons was what a light-theme user got
            assert contrast(button.palette(), QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button) > 100
        group_title = next(w for w in viewer.panel.actions_box.findChildren(QLabel) if w.text() == "Upscale")
        shade = group_title.palette().color(group_title.foregroundRole()).lightness()
        assert abs(shade - viewer.palette().color(QPalette.ColorRole.Window).lightness()) > 80
    finally:
        apply_theme(app, "system")
