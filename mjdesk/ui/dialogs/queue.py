"""The user's own queue of one server: what waits to be sent, in order, and the say over it —
reorder (buttons, keys or drag), hold and release, cancel before sending, pause the whole queue,
and how many jobs the server may run at once."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.text import clip, plural

from ..asyncutil import spawn
from ..job_texts import caption

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from ..backend import Backend

_JOB_ID = Qt.ItemDataRole.UserRole
MAX_AT_ONCE = 50


class QueueDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(self.tr("Queue"))
        self.resize(640, 480)
        self.jobs: list[JobRecord] = []
        self.paused = False
        self.running = 0
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.server = QComboBox(self)
        self.server.setAccessibleName(self.tr("Server"))
        top.addWidget(QLabel(self.tr("Server"), self))
        top.addWidget(self.server, 1)
        self.at_once = QSpinBox(self)
        self.at_once.setRange(0, MAX_AT_ONCE)
        self.at_once.setSpecialValueText(self.tr("no limit"))
        self.at_once.setAccessibleName(self.tr("Jobs at once on this server"))
        self.at_once.setToolTip(
            self.tr(
                "More jobs than this wait here and are sent as running ones finish. Midjourney runs "
                "3 fast jobs at once on most plans, 12 on Pro and Mega."
            )
        )
        label = QLabel(self.tr("At &once"), self)
        label.setBuddy(self.at_once)
        top.addWidget(label)
        top.addWidget(self.at_once)
        self.pause_button = QPushButton(self.tr("Pause queue"), self)
        self.pause_button.setAccessibleName(self.tr("Pause or resume this server's queue"))
        top.addWidget(self.pause_button)
        layout.addLayout(top)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Queue summary"))
        layout.addWidget(self.summary)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Jobs waiting to be sent"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 5px 4px; }")
        self.list.model().rowsMoved.connect(self._dropped)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.installEventFilter(self)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(
            self.tr(
                "Nothing waits here. When this server already runs as many jobs as you allow, new ones "
                "wait in this queue and go out in this order."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        layout.addWidget(self.empty, 1)

        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, name in (
            ("top", self.tr("Send &first"), self.tr("Move the selected jobs to the front of the queue")),
            ("up", self.tr("&Up"), self.tr("Move the selected jobs up")),
            ("down", self.tr("&Down"), self.tr("Move the selected jobs down")),
            ("bottom", self.tr("Send &last"), self.tr("Move the selected jobs to the end of the queue")),
            ("hold", self.tr("&Hold"), self.tr("Hold the selected jobs: they are not sent until released")),
            ("release", self.tr("&Release"), self.tr("Release the selected jobs")),
            ("cancel", self.tr("&Cancel jobs"), self.tr("Cancel the selected jobs: they are never sent")),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.setToolTip(name)
            self.buttons[key] = button
            row.addWidget(button)
            if key in ("bottom", "release"):
                row.addSpacing(12)
        row.addStretch(1)
        layout.addLayout(row)
        for where in ("top", "up", "down", "bottom"):
            self.buttons[where].clicked.connect(getattr(self, f"_move_{where}"))
        self.buttons["hold"].clicked.connect(self.hold_selected)
        self.buttons["release"].clicked.connect(self.release_selected)
        self.buttons["cancel"].clicked.connect(self.cancel_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        QShortcut(QKeySequence("Ctrl+Up"), self, self._move_up)
        QShortcut(QKeySequence("Ctrl+Down"), self, self._move_down)

        self.pause_button.clicked.connect(self.toggle_pause)
        self.at_once.editingFinished.connect(self._cap_edited)
        self.server.currentIndexChanged.connect(self._server_changed)
        # A burst of job changes (a matrix, a poll of many jobs) refreshes the list once.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        backend.job_added.connect(self._jobs_changed)
        backend.job_changed.connect(self._jobs_changed)
        self._fill_servers()
        self.refresh()

    # -- reading ----------------------------------------------------------------------------------

    @property
    def profile_name(self) -> str:
        return str(self.server.currentData() or "")

    def _fill_servers(self) -> None:
        active = self.backend.profile
        self.server.blockSignals(True)
        for profile in self.backend.saved_profiles():
            self.server.addItem(profile.name, profile.name)
        if active is not None and self.server.findData(active.name) < 0:
            self.server.addItem(active.name, active.name)  # the demo
        self.server.setCurrentIndex(max(0, self.server.findData(active.name if active else "")))
        self.server.blockSignals(False)
        self._show_cap()

    def _show_cap(self) -> None:
        profile = next((p for p in self.backend.saved_profiles() if p.name == self.profile_name), None)
        if profile is None and self.backend.profile is not None and self.backend.profile.name == self.profile_name:
            profile = self.backend.profile
        self.at_once.setValue(profile.max_running if profile is not None else 0)

    def _server_changed(self) -> None:
        self._show_cap()
        self.refresh()

    def _jobs_changed(self, _job: object) -> None:
        if isValid(self._refresh_timer) and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        if self.backend.started and self.profile_name:
            spawn(self._refresh(self.profile_name), name="queue-refresh")

    async def _refresh(self, name: str) -> None:
        service = self.backend.service
        library = self.backend.library
        jobs = await service.queued(name)
        paused = await service.queue_paused(name)
        running = await asyncio.to_thread(library.in_flight, name)
        if not isValid(self) or name != self.profile_name:
            return
        self.show_queue(jobs, paused, running)

    def show_queue(self, jobs: list[JobRecord], paused: bool, running: int) -> None:
        selected = set(self.selected_ids())
        self.jobs, self.paused, self.running = jobs, paused, running
        self.list.blockSignals(True)
        self.list.clear()
        for place, job in enumerate(jobs, start=1):
            item = QListWidgetItem(self._line(place, job))
            item.setData(_JOB_ID, job.id)
            item.setToolTip(job.prompt)
            if job.held:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            item.setSelected(job.id in selected)
        self.list.blockSignals(False)
        self.list.setVisible(bool(jobs))
        self.empty.setVisible(not jobs)
        self.pause_button.setText(self.tr("Resume queue") if paused else self.tr("Pause queue"))
        self.summary.setText(self._summary(jobs, paused, running))
        self._update_buttons()

    def _line(self, place: int, job: JobRecord) -> str:
        line = f"{place}.  {clip(caption(job), 160)}"
        if job.held:
            line += "  —  " + self.tr("on hold")
        elif job.retry_at is not None:
            line += "  —  " + self.tr("the server's queue was full; tried again soon")
        return line

    def _summary(self, jobs: list[JobRecord], paused: bool, running: int) -> str:
        cap = self.at_once.value()
        held = sum(j.held for j in jobs)
        parts = [
            plural(len(jobs), self.tr("1 job waits"), self.tr("{n} jobs wait")).format(n=len(jobs)),
            self.tr("{running} running of at most {cap}").format(running=running, cap=cap)
            if cap
            else self.tr("{running} running, no limit of yours").format(running=running),
        ]
        if held:
            parts.append(plural(held, self.tr("1 on hold"), self.tr("{n} on hold")).format(n=held))
        text = " · ".join(parts)
        if paused:
            text = self.tr("Paused: nothing more is sent from this queue until you resume it.") + "\n" + text
        return text

    def selected_ids(self) -> list[int]:
        """The selected jobs' ids, in queue order."""
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        return [int(self.list.item(r).data(_JOB_ID)) for r in rows]

    def _update_buttons(self) -> None:
        chosen = set(self.selected_ids())
        held = {j.id for j in self.jobs if j.held}
        for key in ("top", "up", "down", "bottom", "cancel"):
            self.buttons[key].setEnabled(bool(chosen))
        self.buttons["hold"].setEnabled(bool(chosen - held))
        self.buttons["release"].setEnabled(bool(chosen & held))

    # -- the user's say ---------------------------------------------------------------------------

    def _move_top(self) -> None:
        self._move("top")

    def _move_up(self) -> None:
        self._move("up")

    def _move_down(self) -> None:
        self._move("down")

    def _move_bottom(self) -> None:
        self._move("bottom")

    def _move(self, where: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        order = [j.id for j in self.jobs]
        chosen = set(ids)
        rest = [i for i in order if i not in chosen]
        if where == "top":
            order = ids + rest
        elif where == "bottom":
            order = rest + ids
        else:
            step = -1 if where == "up" else 1
            # Each selected job swaps with its neighbour unless that one is selected too or the
            # block already touches the end: a selection moves together, keeping its shape.
            scan = order if step < 0 else list(reversed(order))
            for n, job_id in enumerate(scan):
                if job_id in chosen and n > 0 and scan[n - 1] not in chosen:
                    scan[n - 1], scan[n] = scan[n], scan[n - 1]
            order = scan if step < 0 else list(reversed(scan))
        self._reorder(order)

    def _dropped(self, *_: object) -> None:
        order = [int(self.list.item(r).data(_JOB_ID)) for r in range(self.list.count())]
        self._reorder(order)

    def _reorder(self, order: list[int]) -> None:
        by_id = {j.id: j for j in self.jobs}
        self.show_queue([by_id[i] for i in order if i in by_id], self.paused, self.running)
        spawn(self.backend.service.reorder_queue(self.profile_name, order), name="queue-reorder")

    def hold_selected(self) -> None:
        if ids := self.selected_ids():
            spawn(self.backend.service.hold(ids, True), name="queue-hold")

    def release_selected(self) -> None:
        if ids := self.selected_ids():
            spawn(self.backend.service.hold(ids, False), name="queue-release")

    def cancel_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            spawn(self._cancel(ids), name="queue-cancel")

    async def _cancel(self, ids: list[int]) -> None:
        from mjdesk.core.library import InvalidTransitionError

        for job_id in ids:
            try:
                await self.backend.service.withdraw(job_id, "Cancelled in the queue before it was sent.")
            except InvalidTransitionError:
                pass  # it was sent meanwhile: it runs like any job

    def toggle_pause(self) -> None:
        spawn(self._set_paused(not self.paused), name="queue-pause")

    async def _set_paused(self, paused: bool) -> None:
        await self.backend.service.pause_queue(self.profile_name, paused)
        if isValid(self):
            self.refresh()

    def _cap_edited(self) -> None:
        spawn(self._save_cap(self.profile_name, self.at_once.value()), name="queue-cap")

    async def _save_cap(self, name: str, count: int) -> None:
        await self.backend.set_max_running(name, count)
        if isValid(self):
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.cancel_selected()
                return True
        return super().eventFilter(watched, event)
