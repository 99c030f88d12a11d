"""The GUI entry point and composition root: arguments, logging, Qt + qasync, services, shutdown.

One asyncio loop (qasync's) drives both Qt and every coroutine; nothing here calls a nested
``exec()``. The window closing ends ``_run``; the ``finally`` there cancels tasks, closes the HTTP
client, stops the imaging pool and the in-process simulator, in that order.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mjdesk import __version__
from mjdesk.app.demo import run_selftest
from mjdesk.app.i18n import LANGUAGES, install_translators, system_language
from mjdesk.app.logs import ExceptionReporter, qt_message_handler, rotating_logs, setup_logging
from mjdesk.app.startup import (
    EXIT_STARTUP,
    Started,
    home_problem,
    library_problem,
    open_library,
    show_window,
    skip_pyside_source_scan,
    startup_problem,
)
from mjdesk.core.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from mjdesk.core.library import Library
    from mjdesk.ui.main_window import MainWindow

log = logging.getLogger("mjdesk")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="mjdesk", description="Desktop client for Midjourney-compatible servers.")
    p.add_argument("--demo", action="store_true", help="start the built-in simulator and use it as the server")
    p.add_argument("--home", metavar="DIR", help="keep library, settings, cache and logs under DIR")
    p.add_argument("--lang", choices=LANGUAGES, help="user interface language (default: the system's)")
    p.add_argument("--version", action="version", version=f"mjdesk {__version__}")
    p.add_argument(
        "--selftest",
        action="store_true",
        help="offscreen: build the window, run one imagine on the simulator, exit 0 on success",
    )
    # "Open with mjdesk" from a file manager (the .desktop file's MimeType): the images become
    # Imagine's image prompts.
    p.add_argument("images", nargs="*", metavar="IMAGE", help="images to use as image prompts in Imagine")
    return p.parse_args(argv)


def start_update_checks(window: MainWindow, args: argparse.Namespace) -> None:
    """The daily release check, once the window is up; never in the demo (nothing to update there
    is the designer's, and a demo must work offline)."""
    if not args.demo and not args.selftest:
        window.updates.start()


async def _run(app: QApplication, args: argparse.Namespace, paths: AppPaths, started: Started) -> int:
    import asyncio

    from mjdesk.core.library import LibraryError
    from mjdesk.ui import asyncutil

    window, backend = started.window, started.backend
    library: Library | None = None
    try:
        closed = asyncio.Event()  # connected before anything awaits: the user may close at once
        app.lastWindowClosed.connect(closed.set)
        if not window.isVisible():
            closed.set()  # closed while the loop was being set up
        try:
            library = await asyncio.to_thread(open_library, paths)
        except LibraryError as exc:
            # Shown once the loop is over (a modal box may block there); not the excepthook dialog.
            started.problem = library_problem(exc)
            window.hide()
            return EXIT_STARTUP
        await backend.start(library)  # resumes unfinished jobs, loads the recent ones
        if args.images:
            window.open_images([str(Path(name).resolve()) for name in args.images])
        if args.demo or args.selftest:
            await backend.start_demo()
        asyncutil.spawn(backend.check_connection(), name="connection-check")
        if args.selftest:
            from mjdesk.app.selftest import run_checks  # what a frozen build can lose (packaging)

            return await run_selftest(window) or await run_checks(started.pool)
        if backend.profile is None and window.isVisible():
            window.show_first_run()
        start_update_checks(window, args)
        await closed.wait()
        return 0
    finally:
        # Order matters: no new work (tasks), then the service (trackers, clients), the imaging
        # workers, the simulator the clients talked to, and last the library they wrote to.
        await asyncutil.cancel_all()
        await backend.aclose()
        started.pool.shutdown(wait=False)
        await started.demo.stop()
        if library is not None:
            library.close()
        log.info("shut down")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.selftest:
        # Packaging runs this on build machines without a display or a user profile.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not args.home and not os.environ.get("MJDESK_HOME"):
            import tempfile

            args.home = tempfile.mkdtemp(prefix="mjdesk-selftest-")
    paths = app_paths(args.home)
    try:
        paths.ensure()
    except OSError as exc:  # --home names a file, or a folder that cannot be created
        return startup_problem(home_problem(paths, exc), interactive=not args.selftest)
    if args.home:
        os.environ["MJDESK_HOME"] = str(Path(args.home).resolve())  # thumbnails etc. resolve paths lazily
    log_file = setup_logging(paths)
    log.info("mjdesk %s starting; log at %s", __version__, log_file)

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    skip_pyside_source_scan()

    qInstallMessageHandler(qt_message_handler)
    reporter = ExceptionReporter(show=not args.selftest)
    sys.excepthook = reporter
    # instance() is typed as QCoreApplication; only a QApplication is ever created here
    app = cast(QApplication, QApplication.instance()) or QApplication([sys.argv[0]])
    app.setApplicationName("mjdesk")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # _run decides when to stop, after the async cleanup
    from mjdesk.core import settings as settings_store

    settings = settings_store.load(paths)
    install_translators(app, args.lang or settings.language or system_language(), paths)

    try:
        started = show_window(args, paths, settings)
        rotating_logs(log_file)
        # Only now asyncio (with ssl) and qasync: ~30 ms that no longer delay the first paint.
        import asyncio

        import qasync

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            code = loop.run_until_complete(_run(app, args, paths, started))
        if started.problem is not None:
            return startup_problem(started.problem, interactive=not args.selftest)
    except Exception:
        log.exception("fatal error")
        if args.selftest:
            import traceback

            print(f"selftest FAILED: {traceback.format_exc(limit=3).strip().splitlines()[-1]}", flush=True)
        return 1
    finally:
        sys.excepthook = sys.__excepthook__
        with contextlib.suppress(Exception):
            qInstallMessageHandler(None)
    if args.selftest and reporter.count:
        print(f"selftest FAILED: {reporter.count} unexpected error(s), see {log_file}", flush=True)
        return 1
    return code
