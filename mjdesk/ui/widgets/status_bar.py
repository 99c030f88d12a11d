"""A status bar whose temporary message is never drawn over its normal widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QStatusBar, QWidget


class StatusBar(QStatusBar):
    """QStatusBar hides its normal widgets while a message shows, but when it rebuilds its layout
    (a permanent widget grew taller: the update offer's Chinese text) QLayout queues a show of every
    widget hidden that way, and the labels came back under the message. A normal widget shown while
    a message is up is hidden again."""

    def addWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addWidget(widget, stretch or 0)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.currentMessage():
            QTimer.singleShot(0, self, self.hideOrShow)
        return super().eventFilter(watched, event)
