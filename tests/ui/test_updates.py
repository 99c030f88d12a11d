"""The update check in the window: the status-bar offer, the dialog, skip, Settings, Help, demo."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, QSize, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from mjdesk.app.main import start_update_checks
from mjdesk.core import updates
from mjdesk.ui import asyncutil
from mjdesk.ui.main_window import MainWindow
from tests.support.hostile import HostileServer, json_answer, raw
from tests.ui.conftest import until

FEED = {
    "schema": 1,
    "name": "mjdesk",
    "version": "9.0.0",
    "date": "2026-12-04",
    "notes": ["A <b>bold</b> claim", "Faster gallery"],
    "url": "https://github.com/mjdesk/mjdesk/releases/tag/v9.0.0",
}


class UrlCatcher(QObject):
    """Qt's own hook for QDesktopServices.openUrl: records instead of starting a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls() -> object:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("https")


@pytest.fixture
async def window(make_window: Callable[..., MainWindow], backend: object, hostile: HostileServer) -> MainWindow:
    w = make_window()
    await backend.start()  # type: ignore[attr-defined]
    w.services.settings.update_feed = f"{hostile.base_url}/feed.json"
    yield w
    await asyncutil.cancel_all()
    await backend.aclose()  # type: ignore[attr-defined]


async def test_a_newer_version_is_offered_after_start_and_downloads_from_its_page(
    window: MainWindow, hostile: HostileServer, opened_urls: UrlCatcher
) -> None:
    hostile.route("GET", "/feed.json", json_answer(FEED))
    window.updates.start(delay=0)
    await until(lambda: window.update_button.isVisibleTo(window), what="offer")
    assert window.update_button.text() == "mjdesk 9.0.0 is available"
    window.update_button.click()
    dialog = window.update_button.dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.notes.toPlainText()
    assert "A <b>bold</b> claim" in text and "Faster gallery" in text  # the feed's text, shown as text
    dialog.download.click()
    assert opened_urls.urls == [FEED["url"]]
    assert not updates.load_state(window.services.paths.config).due()  # checked: not again today


async def test_skip_this_version_is_remembered(window: MainWindow, hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", json_answer(FEED))
    outcome = await window.updates.check()
    assert outcome.release is not None and window.update_button.isVisibleTo(window)
    window.update_button.click()
    window.update_button.dialog.skip.click()
    await until(lambda: not window.update_button.isVisibleTo(window), what="offer withdrawn")
    assert updates.load_state(window.services.paths.config).skipped == "9.0.0"
    assert (await window.updates.check()).release is None  # the daily check stays quiet about it
    assert (await window.updates.check(forced=True)).release is not None  # asking by hand shows it


@pytest.mark.parametrize(
    "answer",
    [raw(200, b"<html>captive portal</html>", "text/html"), raw(500, b"oops", "text/plain"), None],
    ids=["malformed", "server error", "unreachable"],
)
async def test_a_broken_feed_disturbs_nothing(window: MainWindow, hostile: HostileServer, answer: object) -> None:
    if answer is None:
        window.services.settings.update_feed = "http://127.0.0.1:9/feed.json"
    else:
        hostile.route("GET", "/feed.json", answer)  # type: ignore[arg-type]
    outcome = await window.updates.check()
    assert outcome.release is None and outcome.problem
    assert not window.update_button.isVisibleTo(window)
    assert window.dialog is None  # no dialog, no error box: only a line in the log
    assert updates.load_state(window.services.paths.config).due()  # try again next start


async def test_at_most_daily_and_never_when_switched_off(window: MainWindow, hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", json_answer(FEED))
    import time

    updates.save_state(window.services.paths.config, updates.CheckState(checked_at=time.time() - 60))
    window.updates.start(delay=0)
    await until(lambda: window.updates._task is not None, what="scheduled")
    import asyncio

    await asyncio.sleep(0.3)
    assert hostile.seen("/feed.json") == []  # checked a minute ago
    window.updates.stop()
    updates.save_state(window.services.paths.config, updates.CheckState())
    window.services.settings.check_updates = False
    window.updates.start(delay=0)
    await asyncio.sleep(0.3)
    assert hostile.seen("/feed.json") == []


def test_the_demo_and_the_selftest_never_check(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    start_update_checks(window, argparse.Namespace(demo=True, selftest=False))
    start_update_checks(window, argparse.Namespace(demo=False, selftest=True))
    assert window.updates._task is None


async def test_help_and_settings_check_now(window: MainWindow, hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", json_answer({**FEED, "version": window.updates.current}))
    await window.check_for_updates()
    assert window.statusBar().currentMessage() == f"mjdesk {window.updates.current} is the newest version."
    window.show_settings()
    dialog = window.dialog
    assert dialog.check_updates.isChecked()
    hostile.route("GET", "/feed.json", json_answer(FEED))
    dialog.check_now.click()
    await until(lambda: "9.0.0" in dialog.update_status.text(), what="check now")
    assert window.update_button.isVisibleTo(window)
    dialog.check_updates.setChecked(False)
    assert dialog.values().check_updates is False
    dialog.reject()


async def test_the_offer_does_not_uncover_the_status_bar_under_a_message(window: MainWindow) -> None:
    window.show()
    window.statusBar().showMessage("Job finished: a lighthouse", 5000)
    assert not window.server_label.isVisible()
    window.updates.available.emit(updates.Release("9.0.0", "", (), FEED["url"]))
    window.update_button.setIconSize(QSize(40, 40))  # taller, as its Chinese text made it: a new layout
    await asyncio.sleep(0.2)  # the status bar lays itself out again
    assert window.update_button.isVisible()
    assert not window.server_label.isVisible() and not window.connection_label.isVisible()  # drawn over before
    window.statusBar().clearMessage()
    assert window.server_label.isVisible()
