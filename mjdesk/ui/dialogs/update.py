"""The offer of a new version: a quiet status-bar button, and a dialog with its notes and where to
get it (Download, Skip this version, Later)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.updates import Release

from ..asyncutil import spawn
from ..icons import glyph_icon
from ..updates import UpdateChecker


class UpdateDialog(QDialog):
    skip_requested = Signal(str)  # the version not to be told about again

    def __init__(self, release: Release, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.release = release
        self.setWindowTitle(self.tr("A new version of mjdesk"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        headline = QLabel(
            self.tr("<b>mjdesk {new}</b> is available. You have {current}.").format(
                new=escape(release.version), current=escape(current)
            ),
            self,
        )
        headline.setWordWrap(True)
        layout.addWidget(headline)
        if release.date:
            layout.addWidget(QLabel(self.tr("Released on {date}").format(date=release.date), self))
        self.notes = QTextBrowser(self)
        self.notes.setAccessibleName(self.tr("What is new"))
        self.notes.setOpenLinks(False)  # notes are the feed's text, shown as text: no links followed
        items = "".join(f"<li>{escape(note)}</li>" for note in release.notes)
        self.notes.setHtml(f"<ul>{items}</ul>" if items else f"<p>{escape(self.tr('No release notes.'))}</p>")
        layout.addWidget(self.notes, 1)
        buttons = QDialogButtonBox(self)
        self.download = buttons.addButton(self.tr("&Download…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.download.setToolTip(release.url)
        self.skip = buttons.addButton(self.tr("&Skip this version"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later = buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.download, self.skip, self.later):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.download.setDefault(True)
        self.download.clicked.connect(self._download)
        self.skip.clicked.connect(self._skip)
        self.later.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _download(self) -> None:
        # The release page: the browser downloads the installer for this system from there.
        QDesktopServices.openUrl(QUrl(self.release.url))
        self.accept()

    def _skip(self) -> None:
        self.skip_requested.emit(self.release.version)
        self.reject()


class UpdateButton(QToolButton):
    """The status bar's quiet "update available" link; hidden until a check finds a release."""

    def __init__(self, checker: UpdateChecker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checker = checker
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIcon(glyph_icon("download", self))
        self.setAccessibleName(self.tr("A new version of mjdesk"))
        self.hide()
        checker.available.connect(self._offer)
        checker.dismissed.connect(self.hide)
        self.clicked.connect(self.open_dialog)
        self.dialog: QWidget | None = None

    def _offer(self, release: Release) -> None:
        self.setText(self.tr("mjdesk {version} is available").format(version=release.version))
        self.setAccessibleName(self.text())
        self.setToolTip(self.tr("See what is new and download it"))
        self.show()

    def open_dialog(self) -> None:
        release = self.checker.release
        if release is None:
            return
        dialog = UpdateDialog(release, self.checker.current, self.window())
        dialog.skip_requested.connect(lambda v: spawn(self.checker.skip(v), name="update-skip"))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
