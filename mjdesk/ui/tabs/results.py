"""A list of text results (Describe's prompts, Shorten's candidates), each with a "use" button."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..asyncutil import spawn
from ..job_texts import problem_text

if TYPE_CHECKING:
    from mjdesk.core.api import Task

    from ..backend import Backend
    from ..job_model import Job


class ResultList(QFrame):
    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button_text = button_text
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self.rows: list[QWidget] = []

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def follow(
        self,
        backend: Backend,
        job: Job,
        *,
        busy: str,
        empty: str,
        items_of: Callable[[Task], list[str]],
        use: Callable[[str], None],
    ) -> None:
        """Clear the list, say ``busy``, then show the finished job's candidates (or why none)."""
        self.show_items([], use)
        self.show_status(busy)
        spawn(self._fill(backend, job, empty, items_of, use))

    async def _fill(
        self, backend: Backend, job: Job, empty: str, items_of: Callable[[Task], list[str]], use: Callable[[str], None]
    ) -> None:
        await backend.wait(job)
        problem = problem_text(job)
        if problem is not None:
            self.show_status(problem)
            return
        items = items_of(job.task) if job.task else []
        self.show_status("" if items else empty)
        self.show_items(items, use)

    def show_items(self, items: list[str], use: Callable[[str], None]) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows.clear()
        for i, item in enumerate(items, 1):
            row = QFrame(self)
            row.setFrameShape(QFrame.Shape.StyledPanel)
            line = QHBoxLayout(row)
            label = QLabel(f"{i}. {item}", row)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            line.addWidget(label, 1)
            button = QPushButton(self.button_text, row)
            button.setAccessibleName(f"{self.button_text} {i}")
            button.clicked.connect(lambda _=False, text=item: use(text))
            line.addWidget(button)
            self.layout_.addWidget(row)
            self.rows.append(row)
