"""The lineage window: a job's whole family as a tree (root = its oldest ancestor), live.

Click a step to show it in the detail panel, double-click or Enter to open it in the viewer; the
arrow keys walk the tree (← parent, → child, ↑/↓ siblings and cousins), the wheel zooms, "Fit"
shows it all. "Restore into the composer" puts the step's prompt, parameters included, into
Imagine; "Run this chain again…" runs root → step again (core/jobs/replay.py), maybe with another
model or on another server, and draws the new chain below as it grows, saying where and why it
stopped if it could not finish.
"""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.lineage_layout import neighbour
from mjdesk.core.text import clip

from ..asyncutil import spawn
from ..job_texts import caption, follow_up_name, state_label
from ..theme import tone
from .rerun import RunAgainDialog, model_name
from .scene import LineageScene, NodeItem

if TYPE_CHECKING:
    from mjdesk.core.jobs.replay import Replay, StopReason
    from mjdesk.core.library import JobRecord, LineageNode

    from ..backend import Backend
    from ..gallery.thumbnails import ThumbnailLoader
    from ..job_model import Job

DEBOUNCE_MS = 150  # a burst of progress events redraws the tree once
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
_KEYS = {
    Qt.Key.Key_Left: "parent",
    Qt.Key.Key_Right: "child",
    Qt.Key.Key_Up: "previous",
    Qt.Key.Key_Down: "next",
}


class LineageView(QGraphicsView):
    """The tree's canvas: drag to pan, wheel to zoom, arrows to walk, Enter to open."""

    clicked = Signal(int)  # job id
    activated = Signal(int)
    walked = Signal(str)  # "parent", "child", "previous", "next"

    def __init__(self, scene: LineageScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _node_at(self, event: QMouseEvent) -> NodeItem | None:
        for item in self.items(event.position().toPoint()):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        node = self._node_at(event)
        if node is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(node.job_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self._node_at(event)
        if node is not None:
            self.activated.emit(node.job_id)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.walked.emit(_KEYS[key])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(-1)  # the current job
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
            return
        if key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        wanted = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        self.scale(wanted / self.zoom(), wanted / self.zoom())

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:  # a small family at its natural size, not blown up
            self.resetTransform()
            self.centerOn(rect.center())


class LineageWindow(QDialog):
    job_selected = Signal(object)  # JobRecord: show it in the detail panel
    open_job = Signal(object)  # JobRecord: open it in the viewer
    use_prompt = Signal(str)  # for the Imagine composer

    def __init__(self, backend: Backend, loader: ThumbnailLoader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.loader = loader
        self.setWindowTitle(self.tr("Lineage"))
        self.setModal(False)
        self.resize(1100, 640)
        self.origin: int | None = None  # the job the window was opened for
        self.current: int | None = None
        self.families: list[int] = []  # root ids: the original family, then chains run again
        self._headings: dict[int, str] = {}
        self.runs: list[Replay] = []
        self._pending: set[int] = set()
        self._loading: asyncio.Task[None] | None = None
        self._fitted = False
        self.dialog: QWidget | None = None  # the run-again question while it is open

        self.scene = LineageScene(self._pixmap, self)
        self.view = LineageView(self.scene, self)
        self.view.setAccessibleName(self.tr("Lineage tree (arrows to walk, Enter to open)"))
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._activated)
        self.view.walked.connect(self.walk)

        tools = QHBoxLayout()
        self.fit_button = self._button(self.tr("Fit"), self.tr("Show the whole tree"), self.fit)
        self.restore_button = self._button(
            self.tr("Restore into the composer"),
            self.tr("Put this step's prompt and parameters into Imagine"),
            self.restore,
        )
        self.run_button = self._button(
            self.tr("Run this chain again…"),
            self.tr("Run the steps from the first imagine to this one again, maybe with another model or server"),
            self.ask_run_again,
        )
        self.open_button = self._button(self.tr("Open"), self.tr("Open this step in the viewer (Enter)"), self._open)
        for button in (self.fit_button, self.open_button, self.restore_button, self.run_button):
            tools.addWidget(button)
        tools.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("The chosen step"))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Chain run"))
        self.status.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        fit = QShortcut(QKeySequence("Ctrl+0"), self)
        fit.activated.connect(self.fit)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply_changes)
        # Bound slots (not lambdas): Qt drops them with the window, the backend lives on.
        backend.job_added.connect(self._job_event)
        backend.job_changed.connect(self._job_event)
        if loader is not None:
            loader.ready.connect(self._thumbnail_ready)
        self._update_buttons()

    def _button(self, text: str, tip: str, handler: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(handler)
        button.setAutoDefault(False)
        return button

    # -- what is shown --------------------------------------------------------------------------

    def show_job(self, job_id: int) -> None:
        """Show the family of ``job_id`` with it chosen (runs made here stay listed below it)."""
        self.origin = self.current = job_id
        self._fitted = False
        spawn(self._show_family(job_id), name="lineage-open")

    async def _show_family(self, job_id: int) -> None:
        ancestors = await asyncio.to_thread(self.backend.library.ancestors, job_id)
        if not isValid(self):
            return
        root = ancestors[0].id
        self.families = [root, *(r for r in self.families if r != root and r in self._headings)]
        await self.reload()

    async def reload(self) -> None:
        """Read every family shown from the library (in a worker) and draw them again."""
        library = self.backend.library
        roots = list(self.families)

        def read() -> list[LineageNode]:
            return [library.lineage(root) for root in roots]

        trees = await asyncio.to_thread(read)
        if not isValid(self):
            return
        center = self.view.mapToScene(self.view.viewport().rect().center())
        self.scene.show_families([(tree, self._headings.get(tree.job.id, "")) for tree in trees])
        if self.current not in self.scene.nodes:
            self.current = self.origin if self.origin in self.scene.nodes else next(iter(self.scene.nodes), None)
        self._mark_current()
        if not self._fitted:
            self._fitted = True
            self.fit()
        else:
            self.view.centerOn(center)
        self._update_buttons()

    def _pixmap(self, record: JobRecord) -> QPixmap | None:
        cover = record.cover
        if cover is None or self.loader is None:
            return None
        return self.loader.pixmap(cover.path)

    def _thumbnail_ready(self, _path: str) -> None:
        if isValid(self):
            self.view.viewport().update()

    def fit(self) -> None:
        self.view.fit()

    def current_record(self) -> JobRecord | None:
        node = self.scene.nodes.get(self.current) if self.current is not None else None
        return node.record if node is not None else None

    # -- choosing, walking, opening --------------------------------------------------------------

    def select(self, job_id: int) -> None:
        if job_id not in self.scene.nodes:
            return
        self.current = job_id
        self._mark_current()
        node = self.scene.nodes[job_id]
        self.view.ensureVisible(node.sceneBoundingRect(), 40, 40)
        self.job_selected.emit(node.record)

    def _clicked(self, job_id: int) -> None:
        self.select(job_id)

    def walk(self, direction: str) -> None:
        if self.current is None:
            return
        placed = self.scene.layout_of(self.current)
        found = neighbour(placed, self.current, direction) if placed is not None else None
        if found is None and direction in ("previous", "next"):
            found = self._other_family(direction)
        if found is not None:
            self.select(found)

    def _other_family(self, direction: str) -> int | None:
        """↑/↓ past a family's edge: the root of the family above or below (a chain run again)."""
        roots = [r for r in self.families if r in self.scene.nodes]
        placed = self.scene.layout_of(self.current) if self.current is not None else None
        mine = next((r for r in roots if placed is not None and r in placed.slots), None)
        if mine is None:
            return None
        at = roots.index(mine) + (1 if direction == "next" else -1)
        return roots[at] if 0 <= at < len(roots) else None

    def _activated(self, job_id: int) -> None:
        if job_id >= 0:
            self.select(job_id)
        self._open()

    def _open(self) -> None:
        record = self.current_record()
        if record is not None:
            self.open_job.emit(record)

    def _mark_current(self) -> None:
        for job_id, node in self.scene.nodes.items():
            if node.current != (job_id == self.current):
                node.current = job_id == self.current
                node.update()
        record = self.current_record()
        if record is None:
            self.summary.setText("")
            return
        from ..gallery.states import as_job

        self.summary.setText(
            self.tr("Job {id}: {caption} — {state}").format(
                id=record.id, caption=clip(caption(record), 160), state=state_label(as_job(record))
            )
        )

    def _update_buttons(self) -> None:
        record = self.current_record()
        self.open_button.setEnabled(record is not None)
        self.restore_button.setEnabled(record is not None)
        self.run_button.setEnabled(record is not None and self.backend.started)

    # -- live -----------------------------------------------------------------------------------

    def _job_event(self, job: Job) -> None:
        record = job.record
        if record is None or not isValid(self):
            return
        known = record.id in self.scene.nodes or (record.parent_job_id in self.scene.nodes)
        if known or record.request_summary.get("replay_of") is not None:
            self._pending.add(record.id)
            if not self._timer.isActive():
                self._timer.start()

    def _apply_changes(self) -> None:
        ids, self._pending = self._pending, set()
        records = {j.record.id: j.record for j in self.backend.jobs if j.record is not None and j.record.id in ids}
        if all(i in self.scene.nodes for i in ids) and records.keys() == ids:
            for job_id, record in records.items():  # states changed: repaint those nodes only
                self.scene.nodes[job_id].set_record(record)
            self._mark_current()
            return
        if self._loading is None or self._loading.done():
            self._loading = spawn(self.reload(), name="lineage-reload")
        else:
            self._pending |= ids  # a reload is under way: look again after it
            self._timer.start()

    # -- restore, run again ---------------------------------------------------------------------

    def restore(self) -> None:
        record = self.current_record()
        if record is not None:
            spawn(self._restore(record), name="lineage-restore")

    async def _restore(self, record: JobRecord) -> None:
        prompt = await self.backend.service.lineage_prompt(record.id)
        if not isValid(self):
            return
        if not prompt.strip():
            self._say(self.tr("Job {id} has no prompt to restore.").format(id=record.id))
            return
        self.use_prompt.emit(prompt)
        self._say(self.tr("The prompt of job {id} is in the composer.").format(id=record.id))

    def ask_run_again(self) -> None:
        record = self.current_record()
        if record is None:
            return
        spawn(self._ask_run_again(record), name="lineage-ask-run")

    async def _ask_run_again(self, record: JobRecord) -> None:
        ancestors = await asyncio.to_thread(self.backend.library.ancestors, record.id)
        if not isValid(self):
            return
        root = ancestors[0]
        current = self.backend.profile.name if self.backend.profile is not None else root.profile
        dialog = RunAgainDialog(root.prompt, len(ancestors), self.backend.known_profiles(), current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda profile, model: self.run_again(record.id, profile, model))
        self.dialog = dialog
        dialog.open()  # never exec() in a coroutine

    def run_again(self, job_id: int, profile: str | None, model: tuple[str, str] | None) -> None:
        """Run root → ``job_id`` again; the new chain is drawn below as it grows."""
        from mjdesk.core.jobs.replay import ChainReplayer

        where = profile or self.tr("the same server")
        what = model_name(*model) if model and model[0] else (self.tr("account default") if model else "")
        heading = (
            self.tr("Run again of job {id} on {server} with {model}").format(id=job_id, server=where, model=what)
            if what
            else self.tr("Run again of job {id} on {server}").format(id=job_id, server=where)
        )
        replayer = ChainReplayer(
            self.backend.service,
            job_id,
            profile=profile or None,
            model=model,
            on_progress=functools.partial(self._progress, heading),
        )
        self.status.show()
        self._say(self.tr("Running the chain again…"))
        spawn(replayer.run(), name=f"lineage-replay-{job_id}")

    def _progress(self, heading: str, state: Replay) -> None:
        if not isValid(self):
            return
        if state not in self.runs:
            self.runs.append(state)
        root = state.root
        if root is not None and root.id not in self._headings:
            self._headings[root.id] = heading
            self.families.append(root.id)
            spawn(self.reload(), name="lineage-reload")
        self._say(self.run_text(state))

    def run_text(self, state: Replay) -> str:
        """Where a chain run stands, in words: the step, or where and why it stopped."""
        total = len(state.steps)
        if state.finished:
            return self.tr("The chain ran again: all {count} steps are done.").format(count=total)
        if state.stop is not None:
            at = state.stopped_at or 0
            step = state.steps[at]
            name = follow_up_name(step.custom_id) if step.custom_id else self.tr("the first imagine")
            why = self._stop_text(state.stop)
            text = self.tr("Stopped at step {n} of {count} ({step}): {why}").format(
                n=at + 1, count=total, step=name, why=why
            )
            return f"{text} {state.detail}".strip() if state.detail else text
        n = max(1, len(state.new_jobs))
        step = state.steps[n - 1]
        name = follow_up_name(step.custom_id) if step.custom_id else self.tr("the first imagine")
        return self.tr("Running the chain again: step {n} of {count} ({step})…").format(n=n, count=total, step=name)

    def _stop_text(self, reason: StopReason) -> str:
        from mjdesk.core.jobs.replay import StopReason

        texts = {
            StopReason.NOT_AN_IMAGINE: self.tr("this family does not start with an imagine of a prompt."),
            StopReason.IMAGES_NOT_KEPT: self.tr("the first imagine sent images the library did not keep."),
            StopReason.NOT_A_PRESS: self.tr("this step was not made by a button that can be pressed again."),
            StopReason.SUBMIT_FAILED: self.tr("the server did not take it."),
            StopReason.STEP_FAILED: self.tr("the job did not succeed."),
            StopReason.NO_BUTTON: self.tr("the new image has no such button (another model offers others)."),
            StopReason.NEEDS_MASK: self.tr("the painted area of this Vary (Region) was not kept; paint it again."),
            StopReason.NEEDS_ANSWER: self.tr("this press asks a question only you can answer."),
            StopReason.TIMEOUT: self.tr("the job took too long."),
            StopReason.CANCELLED: self.tr("the run was stopped."),
        }
        return texts[reason]

    def _say(self, text: str) -> None:
        self.status.show()
        self.status.setText(text)
        stopped = any(r.stop is not None for r in self.runs[-1:])
        self.status.setStyleSheet(f"color: {tone('warning', self.palette())};" if stopped else "")
