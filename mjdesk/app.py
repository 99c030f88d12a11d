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
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from mjdesk import __version__
from mjdesk.core.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtWidgets import QApplication, QWidget

    from mjdesk.core.api.profile import ServerProfile
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.library import Library
    from mjdesk.core.settings import Settings
    from mjdesk.sim import Simulator
    from mjdesk.ui.backend import Backend
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
    return p.parse_args(argv)


# -- logging ----------------------------------------------------------------------------------------


LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 3
_LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(paths: AppPaths, *, verbose: bool = False) -> Path:
    """Log to the file (and warnings to stderr). A plain file handler until the window is up:
    logging.handlers (socket, pickle, queue behind it) costs ~7 ms of start-up; rotating_logs()
    switches to the rotating handler afterwards, on the same file."""
    path = paths.logs / "mjdesk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
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


def rotating_logs(path: Path) -> None:
    """Replace the start-up file handler of ``path`` by one that rotates (LOG_BYTES x LOG_BACKUPS)."""
    import logging.handlers

    root = logging.getLogger()
    for old in list(root.handlers):
        if type(old) is logging.FileHandler and Path(old.baseFilename) == path.resolve():
            try:
                rotating = logging.handlers.RotatingFileHandler(
                    path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            except OSError as exc:  # the plain handler keeps logging; not a reason to stop the app
                log.warning("log rotation is off: %s", exc)
                return
            rotating.setFormatter(old.formatter)
            rotating.setLevel(old.level)
            root.addHandler(rotating)
            root.removeHandler(old)
            old.close()


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
        import traceback

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
    import subprocess

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    cmd = [str(lrelease) if lrelease.exists() else "pyside6-lrelease", "-silent", str(ts), "-qm", str(qm)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def install_translators(app: QApplication, lang: str, paths: AppPaths) -> list[Any]:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if lang == "en":
        return []
    import subprocess

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
    import asyncio

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


def _home_problem(paths: AppPaths, exc: OSError) -> str:
    from PySide6.QtCore import QCoreApplication

    blocker = next((p for p in paths.data.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return QCoreApplication.translate("app", "{path} is a file, not a folder: choose another --home.").format(
            path=blocker
        )
    return QCoreApplication.translate("app", "Cannot create the folder {path}: {error}. Choose another --home.").format(
        path=exc.filename or paths.data, error=exc.strerror or exc
    )


def _open_library(paths: AppPaths) -> Library:
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
            library = await asyncio.to_thread(_open_library, paths)
        except LibraryError as exc:
            # Shown once the loop is over (a modal box may block there); not the excepthook dialog.
            started.problem = library_problem(exc)
            window.hide()
            return EXIT_STARTUP
        await backend.start(library)  # resumes unfinished jobs, loads the recent ones
        if args.demo or args.selftest:
            await backend.start_demo()
        asyncutil.spawn(backend.check_connection(), name="connection-check")
        if args.selftest:
            from mjdesk.selftest import run_checks  # what a frozen build can lose (packaging)

            return await run_selftest(window) or await run_checks(started.pool)
        if backend.profile is None and window.isVisible():
            window.show_first_run()
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
        return startup_problem(_home_problem(paths, exc), interactive=not args.selftest)
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


if __name__ == "__main__":
    sys.exit(main())
