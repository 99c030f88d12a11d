"""UI tests: one QApplication, the qasync loop for async tests, a window over a real library."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import keyring
import pytest
import qasync
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication

from mjdesk.core.api.dialects import Dialect
from mjdesk.core.api.profile import ServerProfile
from mjdesk.core.imaging import ImagingPool
from mjdesk.core.jobs import PollPolicy
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from mjdesk.sim import SimConfig, Simulator
from mjdesk.ui import asyncutil
from mjdesk.ui.backend import Backend
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.services import Services

SIM_KEY = "sk-sim-test"
FAST_POLL = PollPolicy(running_interval=0.1, waiting_interval=0.1, download_backoff=0.1)


class _WaitingTimer(qasync._SimpleTimer):  # type: ignore[misc]
    """qasync's callback timer, holding callbacks back while its loop is not running.

    Between a test and its fixtures' teardown the loop is stopped, but pytest-qt and widget
    cleanup still process Qt events: qasync would then step tasks with no running loop (httpx
    and asyncio raise "no running event loop", and a download dies with an ERROR log). A skipped
    timer fires again, so the callback runs once the loop runs again (teardown), as in the app,
    whose loop never stops while anything is alive."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._loop = loop

    def timerEvent(self, event: object) -> None:
        if not self._loop.is_running() and not self._stopped:
            return
        super().timerEvent(event)


class _TestLoop(qasync.QEventLoop):
    """A qasync loop that leaves no live Qt timer behind when a test closes it.

    qasync's close() only flags its timer object as stopped: its Qt timers stay registered, and
    callbacks queued from worker threads still arrive and start new ones. When Python later
    collects that object on a worker thread (a GC pass can run on any thread), Qt cannot
    unregister them, and a later test's event processing fires a timer at freed memory
    (intermittent segfaults in QTimerInfoList::activateTimers). So: kill the timers here, on the
    GUI thread, drop late callbacks, and keep the object alive so it is never collected elsewhere.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._timer = _WaitingTimer(self)

    def close(self) -> None:
        if self.is_closed():
            return
        timer = self._timer
        super().close()
        callbacks = timer._SimpleTimer__callbacks  # type: ignore[attr-defined]
        for timer_id in list(callbacks):
            timer.killTimer(timer_id)
        callbacks.clear()
        timer.add_callback = lambda handle, delay=0: handle  # the loop is closed: nothing runs
        _closed_loop_timers.append(timer)


_closed_loop_timers: list[object] = []


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    # As in the app: closing the last dialog must not stop the loop under a running test.
    app.setQuitOnLastWindowClosed(False)
    return _TestLoop(app)


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, object]:
    # Async UI tests run on qasync's loop, so Qt events and coroutines interleave as in the app.
    return {"qasync": _qasync_loop}


class MemoryKeyring(KeyringBackend):
    """An in-memory keychain, so tests can see exactly what was stored."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def pool() -> Iterator[ImagingPool]:
    p = ImagingPool(max_workers=2)
    yield p
    p.shutdown(wait=True)


@pytest.fixture
def library() -> Iterator[Library]:
    lib = Library.open(app_paths().ensure())
    yield lib
    lib.close()


@pytest.fixture
def backend(library: Library, pool: ImagingPool) -> Backend:
    return Backend(library, pool, poll=FAST_POLL)


def fake_profile(dialect: Dialect = Dialect.TRUEAI) -> ServerProfile:
    """A server nobody listens at: for tests that never send anything."""
    return ServerProfile(name="t", base_url="http://127.0.0.1:9", dialect=dialect)


@pytest.fixture
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    """The simulator, trueai's dialect unless a test names another (``indirect`` parametrization)."""
    dialect = getattr(request, "param", "trueai")
    s = Simulator(SimConfig(dialect=dialect, api_key=SIM_KEY, speed=0.15))
    await s.start()
    yield s
    await s.stop()


def sim_profile(sim: Simulator, name: str = "sim") -> ServerProfile:
    return ServerProfile(name=name, base_url=sim.base_url, dialect=Dialect(sim.config.dialect))


@pytest.fixture
def make_window(qtbot: object, pool: ImagingPool, backend: Backend) -> Callable[..., MainWindow]:
    windows: list[MainWindow] = []  # strong references: qtbot only keeps weak ones

    def make(profile: ServerProfile | None = None, key: str = "k") -> MainWindow:
        if profile is not None:
            backend.use_profile(profile, key)
        services = Services(backend=backend, pool=pool, paths=app_paths().ensure())
        window = MainWindow(services)
        # A laptop's window, whatever the offscreen screen (800x600) would give: on a narrower one
        # the side panel makes room for the gallery (MainWindow._fit_panes; tests/ui/test_layout.py).
        window.resize(1280, 800)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    return make


@pytest.fixture
async def live_window(
    make_window: Callable[..., MainWindow], backend: Backend, sim: Simulator
) -> AsyncIterator[MainWindow]:
    """A window whose backend is started and connected to the simulator over loopback HTTP."""
    window = make_window(sim_profile(sim), SIM_KEY)
    await backend.start()
    yield window
    await asyncutil.cancel_all()  # the app's shutdown order: tasks first, then the service
    await backend.aclose()


async def until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Wait on the running (qasync) loop; never qtbot.waitSignal inside an async test."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
