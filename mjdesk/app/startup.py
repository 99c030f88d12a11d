"""Getting the window on screen: problems that stop start-up (told in the user's language), the
first paint before asyncio and the library exist, and what start-up hands to the event loop."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mjdesk.app.demo import DemoServer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.library import Library
    from mjdesk.core.paths import AppPaths
    from mjdesk.core.settings import Settings
    from mjdesk.ui.backend import Backend
    from mjdesk.ui.main_window import MainWindow

log = logging.getLogger("mjdesk")


def skip_pyside_source_scan() -> None:
    """Stop PySide6 from reading the source of every module imported after it.

    To support ``from __feature__ import ...`` (which mjdesk never uses), PySide6 runs
    ``inspect.getsource`` on each newly imported module to see whether it mentions PySide6
    (PYSIDE-2029): ~20 ms of start-up for our ~150 modules. The answer only matters to modules that
    select features; ours say "uses Qt, no features" (0) and every other module "ignore" (-1),
    which is what the scan finds for them anyway. A PySide6 without this hook is left alone.
    """
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return
    # a private hook: set by name, PySide6 ships no stub for it
    setattr(feature, "_mod_uses_pyside", lambda module: getattr(module, "__name__", "").startswith("mjdesk"))  # noqa: B010


# The exit code when start-up stops on a problem the user has to fix (bad --home, unusable library).
EXIT_STARTUP = 2


def startup_problem(text: str, *, interactive: bool) -> int:
    """Tell why the app cannot start: in a message box (before or after the event loop, so a modal
    ``exec()`` blocks nothing), on stderr and in the log. Returns the exit code."""
    print(f"mjdesk: {' '.join(text.split())}", file=sys.stderr, flush=True)
    log.info("cannot start: %s", text)  # info: a configured stderr handler would say it twice
    if interactive:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication, QMessageBox

        _app = QApplication.instance() or QApplication([sys.argv[0]])
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("app", "mjdesk cannot start"), text)
        box.exec()
    return EXIT_STARTUP


def library_problem(exc: Exception) -> str:
    """The user's-language text for a library that cannot be opened."""
    from PySide6.QtCore import QCoreApplication

    from mjdesk.core.library import LibraryUnusableError
    from mjdesk.ui.texts import translate

    if isinstance(exc, LibraryUnusableError):
        return translate("LibraryUnusableError", exc.template, exc.params)
    return QCoreApplication.translate("app", "The library cannot be opened: {error}").format(error=exc)


def home_problem(paths: AppPaths, exc: OSError) -> str:
    from PySide6.QtCore import QCoreApplication

    blocker = next((p for p in paths.data.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return QCoreApplication.translate("app", "{path} is a file, not a folder: choose another --home.").format(
            path=blocker
        )
    return QCoreApplication.translate("app", "Cannot create the folder {path}: {error}. Choose another --home.").format(
        path=exc.filename or paths.data, error=exc.strerror or exc
    )


def open_library(paths: AppPaths) -> Library:
    from mjdesk.core.library import Library

    return Library.open(paths)


@dataclass
class Started:
    """What exists once the window is on screen, before the event loop and the library."""

    window: MainWindow
    backend: Backend
    pool: ImagingPool
    demo: DemoServer
    problem: str | None = None  # what stopped start-up, told to the user once the loop is over


def paint_now(window: QWidget, patience: float = 0.25) -> None:
    """Get the shown window on screen before the rest of start-up: it is painted once the platform
    has exposed it (at once offscreen; after a round trip to the X server or compositor on a
    desktop), so wait for that briefly, then let it paint."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    # No user input yet: a click would reach code that needs the event loop, which comes next.
    flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    handle = window.windowHandle()
    deadline = time.monotonic() + patience
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        QApplication.processEvents(flags, 5)
        time.sleep(0.001)
    QApplication.processEvents(flags)  # exposed: the pending update request paints it


def show_window(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> Started:
    """Build the window and paint it, before asyncio, the library, the job service and the HTTP
    stack are even imported: they follow while the designer is already looking at the form."""
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.ui.backend import Backend
    from mjdesk.ui.main_window import MainWindow
    from mjdesk.ui.services import Services

    demo = DemoServer(speed=0.3 if args.selftest else 6.0)
    pool = ImagingPool()
    try:
        backend = Backend(None, pool, poll=settings.poll_policy(), demo=demo.start)  # "Starting…"
        window = MainWindow(Services(backend=backend, pool=pool, paths=paths, settings=settings), panels=False)
        window.show()
        paint_now(window)  # the event loop does not exist yet
        window.build_panels()  # the gallery and the detail, right after that first paint
    except BaseException:
        pool.shutdown(wait=False)
        raise
    return Started(window, backend, pool, demo)
