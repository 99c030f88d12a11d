"""Where the app's log goes: a file under the home (rotating once the window is up), warnings on
stderr, Qt's own messages through ``logging``, and uncaught exceptions shown without blocking."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from mjdesk.core.paths import AppPaths

log = logging.getLogger("mjdesk")

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
