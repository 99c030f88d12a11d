"""The window's layout (issue 12): the gallery is the main area; the composer beside it holds a
wrapping row of actions (no tab bar to overflow) and folds away with Ctrl+B; no pane squeezes
another, and the Imagine form fits the composer without scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from mjdesk.core.library import Library
from mjdesk.ui.main_window import COMPOSER_MIN, SIDE_MAX, MainWindow
from tests.support.gallery_library import finished_job

from .conftest import fake_profile, until


async def shown(make_window, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    window: MainWindow = make_window(fake_profile())
    window.resize(*size)
    window.show()
    window.activateWindow()  # shortcuts (Alt+letter, Ctrl+B) reach the active window only
    await until(window.isActiveWindow, what="the active window")
    return window


async def test_actions_are_one_row_of_icons_not_a_tab_bar(make_window, qtbot) -> None:
    window = await shown(make_window, (1024, 700))
    assert not window.tabs.tabBar().isVisible()
    buttons = window.mode_buttons.buttons()
    assert [b.accessibleName() for b in buttons] == [
        "Imagine", "Blend", "Describe", "Shorten", "Swap Face", "Video", "Edit", "Upload"
    ]  # fmt: skip
    assert all(b.isVisible() and b.geometry().right() <= window.modes.width() for b in buttons)
    assert len({b.geometry().top() for b in buttons}) == 1  # one row, each its icon over its name
    assert all(not b.icon().isNull() and "&" not in b.text() for b in buttons)
    assert window.modes.minimumSizeHint().width() <= COMPOSER_MIN  # eight fit the narrowest composer
    qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window._pages["blend"] and buttons[1].isChecked()
    window.tabs.setCurrentIndex(2)
    assert buttons[2].isChecked() and not buttons[1].isChecked()  # the row follows the form
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Alt+letter as the tabs had
    await until(lambda: window.tabs.currentWidget() is window._pages["blend"], what="Alt+B to choose Blend")


async def test_the_imagine_form_fits_the_composer(make_window) -> None:
    window = await shown(make_window)
    scroll = window.imagine.findChild(QScrollArea)
    assert scroll is not None
    await until(lambda: window.composer.width() >= COMPOSER_MIN, what="the composer's width")
    assert not scroll.horizontalScrollBar().isVisible()
    assert window.imagine.parameters_section.expanded is False  # folded: the prompt shows them
    window.imagine.parameters_section.header.click()
    assert window.imagine.parameters_section.body.isVisible()
    assert "expanded" in window.imagine.parameters_section.header.accessibleName()
    await until(lambda: not scroll.horizontalScrollBar().isVisible(), what="no sideways scrolling")


async def test_ctrl_b_folds_the_composer_and_choosing_an_action_brings_it_back(make_window, qtbot) -> None:
    window = await shown(make_window)
    gallery_before = window.gallery_area.width()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not window.composer.isVisible() and not window.composer_action.isChecked()
    await until(lambda: window.gallery_area.width() > gallery_before + 300, what="a wider gallery")
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.composer.isVisible()
    window.show_composer(False)
    window.tabs.setCurrentIndex(1)  # e.g. "Use as reference" from the gallery
    assert window.composer.isVisible() and window.composer_action.isChecked()


async def test_a_long_title_never_widens_the_side_panel(make_window, library: Library) -> None:
    job = finished_job(library, "a very long prompt " * 40)
    window = await shown(make_window)
    composer, gallery = window.composer.width(), window.gallery_area.width()
    await until(lambda: window.gallery.select_job(job.id), what="the tile")
    await until(lambda: window.detail.job is not None, what="the detail")
    assert window.side.width() <= SIDE_MAX
    assert (window.composer.width(), window.gallery_area.width()) == (composer, gallery)  # nothing jumped
    assert window.detail.title.wordWrap()


async def test_a_narrow_window_makes_room_for_the_gallery_and_gets_its_panes_back(make_window) -> None:
    from mjdesk.ui.main_window import GALLERY_MIN

    window = await shown(make_window)
    assert window.side.isVisible() and window.composer.isVisible()
    window.resize(900, 700)  # the side panel goes first: the viewer shows a job's detail
    await until(lambda: not window.side.isVisible(), what="the side panel to make room")
    assert window.composer.isVisible() and window.gallery_area.width() >= GALLERY_MIN
    window.resize(640, 600)  # then the composer folds (Ctrl+B brings it back)
    await until(lambda: not window.composer.isVisible(), what="the composer to fold")
    assert window.gallery_area.width() >= GALLERY_MIN
    window.resize(1400, 850)
    await until(lambda: window.side.isVisible() and window.composer.isVisible(), what="both panes back")
    window.show_composer(False)  # folded by the user: stays folded when the window grows
    window.resize(1500, 900)
    await until(lambda: window.width() == 1500, what="the resize")
    assert not window.composer.isVisible()


def test_action_buttons_are_named_without_their_mnemonic() -> None:
    from mjdesk.ui.main_window import without_mnemonic

    assert without_mnemonic("S&wap Face") == "Swap Face"
    assert without_mnemonic("绘图(&I)") == "绘图"  # the Chinese form keeps the letter in brackets
