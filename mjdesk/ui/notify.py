"""A desktop notification when a job finishes while the designer is in another window.

The tray's balloon where the platform has a tray; else a status-bar message that waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from mjdesk.core.text import clip

if TYPE_CHECKING:
    from .backend import Backend
    from .job_model import Job

NOTIFY_MS = 6000


class Notifier(QObject):
    def __init__(self, window: QMainWindow, backend: Backend) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(window.windowIcon(), self)
            self.tray.setToolTip("mjdesk")
            self.tray.messageClicked.connect(self._raise)
        self._announced: set[int] = set()
        self.sent: list[tuple[str, str]] = []  # what was shown, newest last (tests, the log)
        backend.job_changed.connect(self._changed)

    def _changed(self, job: Job) -> None:
        record = job.record
        if record is None or not record.is_finished or record.id in self._announced:
            return
        self._announced.add(record.id)
        if self.window.isActiveWindow():
            return
        title = self.tr("Job finished") if record.status == "SUCCESS" else self.tr("Job failed")
        from .gallery.states import caption

        self.notify(title, clip(caption(record), 81))  # "U2 · a fox": what made it, in the user's language

    def notify(self, title: str, text: str) -> None:
        self.sent.append((title, text))
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFY_MS)
        else:
            message = self.tr("{title}: {text}").format(title=title, text=text)  # "：" in Chinese
            self.window.statusBar().showMessage(message, NOTIFY_MS * 2)

    def _raise(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
