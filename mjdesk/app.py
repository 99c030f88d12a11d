"""The GUI entry point and composition root: arguments, logging, Qt + qasync, services, shutdown.

One asyncio loop (qasync's) drives both Qt and every coroutine; nothing here calls a nested
``exec()``. The window closing ends ``_run``; the ``finally`` there cancels tasks, closes the HTTP
client, stops the imaging pool and the in-process simulator, in that order.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import logging.handlers
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mjdesk import __version__
from mjdesk.core.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtWidgets import QApplication

    from mjdesk.core.api.profile import ServerProfile
    from mjdesk.core.library import Library
    from mjdesk.core.settings import Settings
    from mjdesk.sim import Simulator
    from mjdesk.ui.main_window import MainWindow

log = logging.getLogger("mjdesk")

LANGUAGES = ("en", "zh_CN")
DEMO_KEY = "sk-demo"
DEMO_PROFILE = "Demo"
PACKAGE_QM_DIR = Path(__file__).resolve().parent / "resources"
SOURCE_TS_DIR = Path(__file__).resolve().parent.parent / "resources"
SELFTEST_PROMPT = "a lighthouse on a cliff at dusk, watercolor --ar 3:2 --v 7"
SELFTEST_TIMEOUT = 60.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="mjdesk", description="Desktop client for Midjourney-compatible servers."
    )
    p.add_argument(
        "--demo", action="store_true", help="start the built-in simulator and use it as the server"
    )
    p.add_argument("--home", metavar="DIR", help="keep library, settings, cache and logs under DIR")
    p.add_argument("--lang", choices=LANGUAGES, help="user interface language (default: the system's)")
    p.add_argument("--version", action="version", version=f"mjdesk {__version__}")
    p.add_argument(
        "--selftest",
        action="store_true",
        help="offscreen: build the window, run one imagine on the simulator, exit 0 on success",
    )
    return p.parse_args(argv)


# -- logging ----------------------------------------------------------------------------------------


def setup_logging(paths: AppPaths, *, verbose: bool = False) -> Path:
    path = paths.logs / "mjdesk.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2 * 1024 * 1024, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("mjdesk: %(levelname)s %(name)s: %(message)s"))
    # Qt's platform chatter (e.g. offscreen "does not support propagateSizeHints") belongs in the file.
    console.addFilter(lambda record: record.name != "qt" or record.levelno >= logging.ERROR)
    root.addHandler(console)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll would drown the log
    return path


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    where = f" ({context.file}:{context.line})" if context.file else ""
    logging.getLogger("qt").log(level, "%s%s", message, where)


class ExceptionReporter:
    """sys.excepthook: log the traceback, then show it without blocking the loop (open(), not exec())."""

    def __init__(self, *, show: bool) -> None:
        self.show = show
        self.count = 0
        self._box: Any = None

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.count += 1
        log.error("unexpected error", exc_info=(kind, exc, tb))
        if not self.show:
            return
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None or (self._box is not None and self._box.isVisible()):
            return  # one dialog at a time; the rest is in the log
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("app", "mjdesk — unexpected error"),
            QCoreApplication.translate(
                "app",
                "Something went wrong: {error}\n\nThe details are in the log file. You can keep working.",
            ).format(error=exc or kind.__name__),
        )
        box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
        box.open()
        self._box = box


# -- translations -----------------------------------------------------------------------------------


def system_language() -> str:
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def qm_path(lang: str, cache: Path) -> Path | None:
    """The compiled translation: shipped in the package, else compiled now from resources/*.ts."""
    shipped = PACKAGE_QM_DIR / f"mjdesk_{lang}.qm"
    ts = SOURCE_TS_DIR / f"mjdesk_{lang}.ts"
    # In a source checkout a .qm left from an earlier build must not hide newer translations.
    if shipped.exists() and not (ts.exists() and ts.stat().st_mtime > shipped.stat().st_mtime):
        return shipped
    if not ts.exists():
        return None
    out = cache / "i18n" / f"mjdesk_{lang}.qm"
    if out.exists() and out.stat().st_mtime >= ts.stat().st_mtime:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    compile_ts(ts, out)
    return out


def compile_ts(ts: Path, qm: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    cmd = [str(lrelease) if lrelease.exists() else "pyside6-lrelease", "-silent", str(ts), "-qm", str(qm)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def install_translators(app: QApplication, lang: str, paths: AppPaths) -> list[Any]:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if lang == "en":
        return []
    installed = []
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    try:
        path = qm_path(lang, paths.cache)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile the %s translation: %s", lang, exc)
        path = None
    ours = QTranslator(app)
    if path is not None and ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no %s translation found; the interface stays in English", lang)
    return installed


# -- services ---------------------------------------------------------------------------------------


class DemoServer:
    """The built-in simulator, started on demand (``--demo``, ``--selftest``, "Try the demo")."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.sim: Simulator | None = None

    async def start(self) -> tuple[ServerProfile, str]:
        from mjdesk.core.api.dialects import Dialect
        from mjdesk.core.api.profile import ServerProfile
        from mjdesk.sim import SimConfig, Simulator

        if self.sim is None:
            self.sim = Simulator(SimConfig(dialect="trueai", api_key=DEMO_KEY, speed=self.speed))
            await self.sim.start()
            log.info("demo simulator at %s", self.sim.base_url)
        return ServerProfile(name=DEMO_PROFILE, base_url=self.sim.base_url, dialect=Dialect.TRUEAI), DEMO_KEY

    async def stop(self) -> None:
        if self.sim is not None:
            await self.sim.stop()
            self.sim = None


async def run_selftest(window: MainWindow) -> int:
    """Submit an imagine through the job service and wait until its images are in the library."""
    from mjdesk.ui.backend import JobState

    started = time.monotonic()
    window.imagine.set_prompt(SELFTEST_PROMPT)
    window.imagine.refresh()
    if not window.imagine.submit_button.isEnabled():
        print(f"selftest FAILED: submit disabled: {window.imagine.reason.text()}", flush=True)
        return 1
    window.imagine.submit_button.click()
    job = window.backend.jobs[-1]
    try:
        await asyncio.wait_for(window.backend.wait(job), SELFTEST_TIMEOUT)
        if job.state is not JobState.SUCCESS or job.id is None:
            print(f"selftest FAILED: imagine {job.state.value}: {job.error or job.record}", flush=True)
            return 1
        record = await window.backend.service.wait(job.id, timeout=SELFTEST_TIMEOUT)
    except TimeoutError:
        print(f"selftest FAILED: imagine still {job.state.value} after {SELFTEST_TIMEOUT:.0f} s", flush=True)
        return 1
    files = [im.path for im in record.images if im.path.is_file()]
    if record.downloaded_at is None or not files:
        print(f"selftest FAILED: no result images in the library ({record.download_error})", flush=True)
        return 1
    print(
        f"selftest ok: imagine {job.task_id} finished in {time.monotonic() - started:.1f} s, "
        f"{len(files)} images in the library",
        flush=True,
    )
    return 0


def _open_library(paths: AppPaths) -> Library:
    from mjdesk.core.library import Library

    return Library.open(paths)


async def _run(app: QApplication, args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.ui import asyncutil
    from mjdesk.ui.backend import Backend
    from mjdesk.ui.main_window import MainWindow
    from mjdesk.ui.services import Services

    demo = DemoServer(speed=0.3 if args.selftest else 6.0)
    pool = ImagingPool()
    library: Library | None = None
    backend: Backend | None = None
    try:
        # The window first, with submitting disabled ("Starting…"); then the library, the job
        # service and the HTTP stack, whose imports and set-up would otherwise delay the window.
        backend = Backend(None, pool, poll=settings.poll_policy(), demo=demo.start)
        window = MainWindow(Services(backend=backend, pool=pool, paths=paths, settings=settings))
        closed = asyncio.Event()  # connected before anything awaits: the user may close at once
        app.lastWindowClosed.connect(closed.set)
        window.show()
        # Paint now, synchronously: left to the event loop, the first paint would wait behind the
        # library thread below (its imports hold the GIL) and the loop's own start, ~40 ms.
        window.repaint()
        library = await asyncio.to_thread(_open_library, paths)
        await backend.start(library)  # resumes unfinished jobs, loads the recent ones
        if args.demo or args.selftest:
            await backend.start_demo()
        asyncutil.spawn(backend.check_connection(), name="connection-check")
        if args.selftest:
            from mjdesk.selftest import run_checks  # what a frozen build can lose (packaging)

            return await run_selftest(window) or await run_checks(pool)
        if backend.profile is None and window.isVisible():
            window.show_first_run()
        await closed.wait()
        return 0
    finally:
        # Order matters: no new work (tasks), then the service (trackers, clients), the imaging
        # workers, the simulator the clients talked to, and last the library they wrote to.
        await asyncutil.cancel_all()
        if backend is not None:
            await backend.aclose()
        pool.shutdown(wait=False)
        await demo.stop()
        if library is not None:
            library.close()
        log.info("shut down")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.selftest:
        # Packaging runs this on build machines without a display or a user profile.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not args.home and not os.environ.get("MJDESK_HOME"):
            args.home = tempfile.mkdtemp(prefix="mjdesk-selftest-")
    paths = app_paths(args.home).ensure()
    if args.home:
        os.environ["MJDESK_HOME"] = str(Path(args.home).resolve())  # thumbnails etc. resolve paths lazily
    log_file = setup_logging(paths)
    log.info("mjdesk %s starting; log at %s", __version__, log_file)

    import qasync
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(qt_message_handler)
    reporter = ExceptionReporter(show=not args.selftest)
    sys.excepthook = reporter
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("mjdesk")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # _run decides when to stop, after the async cleanup
    from mjdesk.core import settings as settings_store

    settings = settings_store.load(paths)
    install_translators(app, args.lang or settings.language or system_language(), paths)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            code = loop.run_until_complete(_run(app, args, paths, settings))
    except Exception:
        log.exception("fatal error")
        if args.selftest:
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


if __name__ == "__main__":
    sys.exit(main())
