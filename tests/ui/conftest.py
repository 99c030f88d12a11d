"""UI tests: one QApplication, the qasync loop for async tests, a window on a given backend."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from mjdesk.core.imaging import ImagingPool
from mjdesk.core.paths import app_paths
from mjdesk.ui.backend import Backend, DirectBackend
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.services import Services


def _qasync_loop() -> asyncio.AbstractEventLoop:
    return qasync.QEventLoop(QApplication.instance() or QApplication([]))


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, object]:
    # Async UI tests run on qasync's loop, so Qt events and coroutines interleave as in the app.
    return {"qasync": _qasync_loop}


@pytest.fixture
def pool() -> Iterator[ImagingPool]:
    p = ImagingPool(max_workers=2)
    yield p
    p.shutdown(wait=True)


@pytest.fixture
def make_window(qtbot: object, pool: ImagingPool) -> Callable[..., MainWindow]:
    windows: list[MainWindow] = []  # strong references: qtbot only keeps weak ones

    def make(backend: Backend | None = None) -> MainWindow:
        services = Services(backend=backend or DirectBackend(None), pool=pool, paths=app_paths().ensure())
        window = MainWindow(services)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    return make


async def until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Wait on the running (qasync) loop; never qtbot.waitSignal inside an async test."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
